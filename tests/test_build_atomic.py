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

from factory import differs_from_full_build, site_build, tree, write_corpus


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
        assert differs_from_full_build(corpus, out, tmp_path / "full", search=True) == []
    # The next build clears what the killed one left and completes.
    proc = _cli(corpus, out)
    assert proc.wait(timeout=300) == 0, proc.stderr.read().decode()
    assert differs_from_full_build(corpus, out, tmp_path / "full2", search=True) == []
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


def _same_inodes(a, b) -> list[str]:
    """Files of tree ``a`` that are not the very file (inode) of tree ``b`` at the same path."""
    odd = []
    for rel in tree(a):
        sa, sb = (a / rel).stat(), (b / rel).stat() if (b / rel).exists() else None
        if sb is None or (sa.st_dev, sa.st_ino) != (sb.st_dev, sb.st_ino):
            odd.append(rel)
    return odd


def _staging_is_twin_of(out) -> bool:
    """The staging tree beside ``out`` holds exactly the live files, as hard links to them."""
    staging = out.parent / f".{out.name}.staging"
    return set(tree(staging)) == set(tree(out)) and _same_inodes(staging, out) == []


def _after_the_swap(monkeypatch) -> list:
    """Calls of the twin made after the swap (the way of a first build whose twin was given up)."""
    from readout_site.write import Staging

    calls, made = [], Staging._make_twin
    monkeypatch.setattr(Staging, "_make_twin", lambda self: (calls.append(self.out), made(self)))
    return calls


def test_first_build_on_two_cores_leaves_its_twin_and_its_records(tmp_path, monkeypatch):
    from readout_site.build import build
    from readout_site.config import Config
    from readout_site.parallel import MIN_PARALLEL

    config = Config(search=False, source_date_epoch=1_700_000_000)
    corpus = write_corpus(tmp_path / "corpus", range(MIN_PARALLEL + 20))
    out = tmp_path / "site"
    afterwards = _after_the_swap(monkeypatch)
    first = build(config, corpus, out, jobs=2)  # pages rendered, records saved, by forked processes
    assert first.pages_written > MIN_PARALLEL
    assert afterwards == []  # the twin was linked as files were written
    assert _staging_is_twin_of(out)
    assert not (tmp_path / ".site.twin").exists()
    touched = corpus / "readout-007.txt"
    os.utime(touched, ns=(time.time_ns(), time.time_ns()))  # a new stamp, the same bytes
    write_corpus(corpus, [MIN_PARALLEL + 30])
    second = build(config, corpus, out, jobs=2)
    assert second.cached == MIN_PARALLEL + 20  # every record saved by the first build was found
    assert differs_from_full_build(corpus, out, tmp_path / "full") == []


def test_a_twin_that_cannot_be_linked_is_given_up(tmp_path, monkeypatch):
    real_link = os.link

    def link(src, dst, *args, **kwargs):
        if "/.site.twin/years/" in str(dst):
            raise OSError(31, "Too many links")
        return real_link(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "link", link)
    corpus = write_corpus(tmp_path / "corpus", range(6))
    out = tmp_path / "site"
    site_build(corpus, out)
    assert not (tmp_path / ".site.twin").exists()
    assert _staging_is_twin_of(out)  # made after the swap
    write_corpus(corpus, [9])
    site_build(corpus, out)
    assert differs_from_full_build(corpus, out, tmp_path / "full") == []


def test_a_link_failing_in_a_worker_gives_the_twin_up_even_unmarked(tmp_path, monkeypatch):
    """A worker that cannot link a file into the twin (nor leave its mark there, as on a full
    disk) says so with what it wrote; the twin is then made after the swap."""
    from readout_site.build import build
    from readout_site.config import Config
    from readout_site.parallel import MIN_PARALLEL

    real_link, real_open = os.link, os.open

    def link(src, dst, *args, **kwargs):
        if "/.site.twin/years/" in str(dst):  # year pages: rendered by the workers
            raise OSError(28, "No space left on device")
        return real_link(src, dst, *args, **kwargs)

    def open_(path, *args, **kwargs):
        if str(path).endswith(".twin-incomplete"):
            raise OSError(28, "No space left on device")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "link", link)  # forked workers inherit both
    monkeypatch.setattr(os, "open", open_)
    afterwards = _after_the_swap(monkeypatch)
    config = Config(search=False, source_date_epoch=1_700_000_000)
    corpus = write_corpus(tmp_path / "corpus", range(MIN_PARALLEL + 20))
    out = tmp_path / "site"
    build(config, corpus, out, jobs=2)
    assert afterwards == [out]
    assert not (tmp_path / ".site.twin").exists()
    assert _staging_is_twin_of(out)
    write_corpus(corpus, [MIN_PARALLEL + 30])
    build(config, corpus, out, jobs=2)
    assert differs_from_full_build(corpus, out, tmp_path / "full") == []


def test_kill_9_during_a_first_build_then_the_next_build_completes(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(120))
    out = tmp_path / "site"
    proc = _cli(corpus, out, "--jobs", "2")
    time.sleep(1.0)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    proc = _cli(corpus, out, "--jobs", "2")
    assert proc.wait(timeout=300) == 0, proc.stderr.read().decode()
    assert differs_from_full_build(corpus, out, tmp_path / "full", search=True) == []  # the command line's default
    assert not (tmp_path / ".site.twin").exists()
    # Whatever the killed build left as the staging tree (a twin, the site before, nothing), the
    # next change is built right.
    write_corpus(corpus, [130])
    proc = _cli(corpus, out, "--jobs", "2")
    assert proc.wait(timeout=300) == 0, proc.stderr.read().decode()
    assert differs_from_full_build(corpus, out, tmp_path / "full", search=True) == []
