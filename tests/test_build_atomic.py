"""Atomic builds: a failed or killed build leaves the previous site; two builds do not collide."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from readout_site.errors import BuildError
from readout_site.write import OutputLock

from factory import same_tree, site_build, tree, write_corpus


def _cli(corpus, out, *extra, env=None):
    return subprocess.Popen(
        [sys.executable, "-m", "readout_site", "build", "--corpus", str(corpus), "--out", str(out), "--quiet", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000", **(env or {})},
    )


def test_template_error_keeps_previous_site(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(4))
    out = tmp_path / "site"
    site_build(corpus, out)
    before = tree(out)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "year.html").write_text("{% extends 'default:year.html' %}{% block content %}{{ no_such_thing.x }}{% endblock %}")
    write_corpus(corpus, [7])
    with pytest.raises(BuildError) as info:
        site_build(corpus, out, templates=templates)
    assert "year.html" in str(info.value)
    assert tree(out) == before
    assert not list(tmp_path.glob(".site.staging/**/*.tmp~"))
    site_build(corpus, out)  # with the template fixed, the next build completes
    assert len(tree(out)) > len(before)


@pytest.mark.parametrize("delay", [0.4, 1.3])
def test_kill_9_at_any_moment_leaves_a_complete_site(tmp_path, delay):
    corpus = write_corpus(tmp_path / "corpus", range(40))
    out = tmp_path / "site"
    site_build(corpus, out, search=True)
    before = tree(out)
    write_corpus(corpus, range(40, 100))
    proc = _cli(corpus, out)
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    after = tree(out)
    if after != before:
        # The build finished before the kill: then the site must be the complete new one.
        full = tmp_path / "full"
        site_build(corpus, full, full=True, search=True)
        assert same_tree(out, full, ignore_unstable_search=True) == []
    # The next build clears what the killed one left and completes.
    proc = _cli(corpus, out)
    assert proc.wait(timeout=300) == 0, proc.stderr.read().decode()
    full = tmp_path / "full2"
    site_build(corpus, full, full=True, search=True)
    assert same_tree(out, full, ignore_unstable_search=True) == []
    assert not (tmp_path / ".site.old").exists()
    assert not list(tmp_path.glob(".site.staging/**/*.tmp~"))


def test_second_build_on_same_output_is_refused_with_a_clear_message(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(3))
    out = tmp_path / "site"
    with OutputLock(out.resolve()):
        proc = _cli(corpus, out)
        code = proc.wait(timeout=120)
        err = proc.stderr.read().decode()
    assert code == 3
    assert "another build is writing" in err
    assert not out.exists()
    proc = _cli(corpus, out)
    assert proc.wait(timeout=120) == 0
    assert (out / "index.html").is_file()
