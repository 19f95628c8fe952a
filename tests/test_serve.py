"""`readout-site serve`: builds, serves, rebuilds on change and reloads the open page in Chromium."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import pytest

from factory import readout_text, write_corpus

pytestmark = pytest.mark.browser


def _start(tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "readout_site", "serve", "--corpus", "corpus", "--out", "site", "--port", "0",
         "--base-url", "/archive/"],
        cwd=tmp_path, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    for line in proc.stderr:
        m = re.search(r"Serving .* at (http://\S+)", line)
        if m:
            return proc, m.group(1)
        if time.monotonic() > deadline:
            break
    os.killpg(proc.pid, signal.SIGKILL)
    raise AssertionError("serve did not start")


def test_serve_rebuilds_and_reloads_the_page(tmp_path, chromium):
    corpus = write_corpus(tmp_path / "corpus", range(3))
    proc, root = _start(tmp_path)
    try:
        assert root.endswith("/archive/")
        page = chromium.new_page()
        page.goto(root)
        assert page.locator("h1").first.is_visible()
        page.get_by_role("link", name=re.compile("Ruslan Kazakbaev Meets")).first.click()
        page.wait_for_load_state("load")
        url = page.url
        (corpus / "readout-000.txt").write_text(
            readout_text(0, extra="A sentence added while serving about the Caspian pipeline."), encoding="utf-8")
        page.wait_for_function("document.body.innerText.includes('Caspian pipeline')", timeout=30000)
        assert page.url == url
        missing = page.goto(root + "no/such/page/")
        assert missing.status == 404
        page.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)


def test_a_rebuild_is_given_the_build_options_serve_was_given_but_full_and_strict():
    from readout_site.cli import _parser
    from readout_site.serve import _build_arguments

    serve = _parser().parse_args(["serve", "--corpus", "c", "--out", "o", "--config", "x.yaml", "--base-url", "/a/",
                                  "--jobs", "2", "--report", "r.json", "--quiet", "--full", "--strict", "--port", "0"])
    build = _parser().parse_args(["build", *_build_arguments(serve)])
    for option in ("corpus", "out", "config", "base_url", "jobs", "report", "quiet"):
        assert getattr(build, option) == getattr(serve, option), option
    assert (build.full, build.strict) == (False, False)
    plain = _parser().parse_args(["build", *_build_arguments(_parser().parse_args(["serve"]))])
    assert (plain.corpus, plain.out, plain.config, plain.jobs, plain.quiet) == (None, None, None, None, False)
