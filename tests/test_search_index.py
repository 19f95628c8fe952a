"""The search stage (``readout_site.search``): Pagefind's indexer run over the new site.

Most tests run the real Pagefind binary. Two put a small stand-in indexer in its
place (a Python script) to pin down what only a misbehaving or slow indexer shows:
the build waits for the indexer's own exit before it takes the bundle, and a
failing indexer fails the build with the indexer's message.
"""

from __future__ import annotations

import sys
import textwrap

import pagefind_bin
import pytest

from factory import differs_from_full_build, site_build, tree, write_corpus
from readout_site.errors import BuildError


def _stand_in(tmp_path, monkeypatch, body: str):
    """Run ``body`` (Python, with ``out``: the bundle directory) as the indexer."""
    script = tmp_path / "indexer.py"
    script.write_text(f"#!{sys.executable}\n" + textwrap.dedent("""\
        import os, sys, time
        out = sys.argv[sys.argv.index("--output-path") + 1]
        """) + textwrap.dedent(body))
    script.chmod(0o755)
    monkeypatch.setattr(pagefind_bin, "get_executable", lambda: script)


def test_the_bundle_is_taken_only_when_the_indexer_has_exited(tmp_path, monkeypatch):
    # An indexer whose last file is still being written well after it could have answered "done".
    _stand_in(tmp_path, monkeypatch, """\
        os.makedirs(out)
        with open(os.path.join(out, "pagefind-ui.css"), "wb") as fh:
            for _ in range(4):
                fh.write(b"x" * 4096)
                fh.flush()
                time.sleep(0.15)
        """)
    corpus = write_corpus(tmp_path / "corpus", range(3))
    out = tmp_path / "site"
    result = site_build(corpus, out, search=True)
    assert (out / "pagefind" / "pagefind-ui.css").read_bytes() == b"x" * 16384
    assert result.pages_written == len(tree(out))


def test_a_failing_indexer_fails_the_build_with_its_message_and_keeps_the_site(tmp_path, monkeypatch):
    corpus = write_corpus(tmp_path / "corpus", range(3))
    out = tmp_path / "site"
    site_build(corpus, out, search=True)
    before = tree(out)
    _stand_in(tmp_path, monkeypatch, """\
        print("Error: the disk said no", file=sys.stderr)
        sys.exit(3)
        """)
    write_corpus(corpus, [5])
    with pytest.raises(BuildError) as info:
        site_build(corpus, out, search=True)
    assert "search index" in str(info.value) and "exited with 3" in str(info.value)
    assert "the disk said no" in str(info.value)
    assert tree(out) == before


def test_an_archive_without_readouts_has_a_search_page_and_no_index(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    out = tmp_path / "site"
    site_build(corpus, out, search=True)
    assert not (out / "pagefind").exists()
    page = (out / "search" / "index.html").read_text()
    assert "nothing to search" in page and "pagefind-ui.js" not in page
    write_corpus(corpus, range(2))  # the first readouts: the index and the search box appear
    site_build(corpus, out, search=True)
    assert (out / "pagefind" / "pagefind-ui.js").is_file()
    assert "pagefind-ui.js" in (out / "search" / "index.html").read_text()
    assert differs_from_full_build(corpus, out, tmp_path / "full", search=True) == []


def test_pagefind_settings_outside_the_build_are_ignored(tmp_path, monkeypatch):
    # Pagefind reads PAGEFIND_* variables and a pagefind.yml in its working directory.
    monkeypatch.setenv("PAGEFIND_WRITE_PLAYGROUND", "true")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pagefind.yml").write_text("force_language: de\n")
    corpus = write_corpus(tmp_path / "corpus", range(3))
    out = tmp_path / "site"
    site_build(corpus, out, search=True)
    bundle = sorted(p.name for p in (out / "pagefind").iterdir())
    assert "wasm.en.pagefind" in bundle
    assert "playground" not in bundle and not any(".de" in name for name in bundle)
