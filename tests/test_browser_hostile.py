"""In a real browser, no script from hostile readouts runs on any page built from them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import serve_site
from test_bad_input import EVIL_MD, EVIL_TXT, GOOD

pytestmark = pytest.mark.browser


def test_no_hostile_script_runs(tmp_path, chromium):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "evil.md").write_text(EVIL_MD)
    (corpus / "evil.txt").write_text(EVIL_TXT)
    (corpus / "good.txt").write_text(GOOD)
    out = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "readout_site", "build", "--corpus", str(corpus), "--out", str(out),
                    "--quiet"], check=True)
    pages = sorted(p.relative_to(out).parent.as_posix() for p in out.rglob("index.html"))
    dialogs = []
    with serve_site(out) as root:
        page = chromium.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        visited = 0
        for rel in pages:
            page.goto(root + ("" if rel == "." else rel + "/"))
            page.wait_for_load_state("load")
            for link in page.locator("a, b, img").all()[:50]:
                try:
                    link.hover(timeout=200)
                except Exception:
                    pass
            assert page.evaluate("typeof window.pwned") == "undefined", rel
            visited += 1
        page.close()
    assert visited == len(pages) > 10
    assert dialogs == []
