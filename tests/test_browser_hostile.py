"""In a real browser, no script from hostile readouts runs on any page built from them."""

from __future__ import annotations

import pytest

from conftest import serve_site
from test_bad_input import evil_site  # noqa: F401  (the site built from hostile readouts, a fixture)

pytestmark = pytest.mark.browser


def test_no_hostile_script_runs(evil_site, chromium):  # noqa: F811
    pages = sorted(p.relative_to(evil_site).parent.as_posix() for p in evil_site.rglob("index.html"))
    dialogs = []
    with serve_site(evil_site) as root:
        page = chromium.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        visited = 0
        for rel in pages:
            page.goto(root + ("" if rel == "." else rel + "/"))
            page.wait_for_load_state("load")
            for element in page.locator("a, b, img").all()[:50]:
                try:
                    element.hover(timeout=200)
                except Exception:  # an element off screen or hidden cannot be hovered; that is fine
                    pass
            assert page.evaluate("typeof window.pwned") == "undefined", rel
            visited += 1
        page.close()
    assert visited == len(pages) > 10
    assert dialogs == []
