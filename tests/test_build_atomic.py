"""Atomic builds: a failed or killed build leaves the previous site; two builds do not collide."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

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


@pytest.mark.parametrize(("name", "source", "said"), [
    ("readout.html", "{% extends 'default:readout.html' %}{% block content %}\n{{ 1 // 0 }}{% endblock %}",
     "readout.html:2 (rendering /readouts/"),
    ("partials/row.html", "{{ r.title }}{{ {}['missing'] + 1 }}", "row.html:1 (for readout-00"),
    ("robots.txt", "{{ undefined_thing.x }}", "robots.txt:1"),
    ("home.html", b"\xff\xfe {{ x }}", "home.html:1: the template is not UTF-8 text (byte 0xff at offset 0)"),
    ("year.html", "{% extends 'default:year.html' %}{% block content %}{% include 'partials/missing.html' %}"
     "{% endblock %}", "no template named 'partials/missing.html' (neither yours nor a default)"),
])
def test_a_template_that_fails_in_any_way_is_named_with_its_line_and_the_site_kept(tmp_path, name, source, said):
    corpus = write_corpus(tmp_path / "corpus", range(4))
    out = tmp_path / "site"
    site_build(corpus, out)
    before = tree(out)
    template = tmp_path / "templates" / name
    template.parent.mkdir(parents=True)
    template.write_bytes(source if isinstance(source, bytes) else source.encode())
    write_corpus(corpus, [7])
    (tmp_path / "readout-site.yaml").write_text("templates: templates\n")
    proc = _cli(corpus, out, "--config", str(tmp_path / "readout-site.yaml"))
    _, err = proc.communicate(timeout=120)
    err = err.decode()
    assert proc.returncode == 1 and "Traceback" not in err, err
    assert "error: template error in " in err and said in err, err
    assert "the previous site is kept" in err
    assert tree(out) == before


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


KILL_AT = Path(__file__).with_name("kill_at.py")


def _killed_at(change: int, corpus, out, config, log_file, jobs: int = 1) -> int:
    """Build with the command line on ``jobs`` cores, killed at its ``change``-th change to the file
    system (0: not killed; ``kill_at.py`` logs the changes); the return code. With more than one,
    even a few readouts are read, rendered and written by forked processes."""
    several = ["--min-parallel", "2"] if jobs > 1 else []
    proc = subprocess.run(
        [sys.executable, str(KILL_AT), str(change), str(log_file), *several, "build", "--corpus", str(corpus),
         "--out", str(out), "--config", str(config), "--jobs", str(jobs), "--quiet"],
        capture_output=True, start_new_session=True, timeout=300,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},
    )
    assert proc.returncode in (0, -signal.SIGKILL), proc.stderr.decode()
    return proc.returncode


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_killed_at_any_change_it_makes_leaves_the_old_site_or_the_new(tmp_path, jobs):
    """Kill points: the build is stopped (kill -9) just before one of its renames, links,
    unlinks, mkdirs..., in turn: before every change that reaches beyond the staging tree
    (the swap, the old site, the cache) and a sample of the others. The live site is then
    exactly the old one or exactly the new one, and the next build completes it. On one
    core the points are exact; with forked processes writing pages, fragments and cache
    shards beside this one, the Nth change of a run may be another than in the logged
    run, and is a moment to be killed at all the same."""
    config = tmp_path / "readout-site.yaml"
    config.write_text("search: false\n", encoding="utf-8")
    corpus = write_corpus(tmp_path / "corpus", range(10))
    work, pristine, log_file = tmp_path / "work", tmp_path / "pristine", tmp_path / "changes.log"
    out = work / "site"
    work.mkdir()
    assert _killed_at(0, corpus, out, config, log_file, jobs) == 0
    old = tree(out)
    subprocess.run(["cp", "-a", str(work), str(pristine)], check=True)  # keeps the staging twin's hard links
    write_corpus(corpus, range(10, 13))
    write_corpus(corpus, [2], extras={2: "They also discussed energy."})
    (corpus / "readout-005.txt").unlink()

    def from_the_old_site() -> None:
        shutil.rmtree(work)
        subprocess.run(["cp", "-a", str(pristine), str(work)], check=True)

    from_the_old_site()
    assert _killed_at(0, corpus, out, config, log_file, jobs) == 0
    new = tree(out)
    assert differs_from_full_build(corpus, out, tmp_path / "full") == []
    assert new != old
    changes = log_file.read_text(encoding="utf-8").splitlines()
    staging = str(work / ".site.staging")
    inside = str(work) + "/"  # not the interpreter's own files elsewhere (shared memory in /dev/shm)
    beyond = [n for n, line in enumerate(changes, 1)
              if any(p.startswith(inside) and p != staging and not p.startswith(staging + "/")
                     for p in line.split("\t")[1:])]
    made = [(*line.split("\t")[0].split("@"), inside in line) for line in changes]  # (change, pid, in work)
    assert any(change in ("_exchange", "rename") for change, _, _ in made)  # the swap is among them
    pids = {pid for _, pid, here in made if here}
    assert (len(pids) == 1) if jobs == 1 else (len(pids) >= 2), pids  # with jobs, forked processes change files too
    points = sorted(set(beyond) | set(range(1, len(changes) + 1, 10)))
    for point in points:
        from_the_old_site()
        killed = _killed_at(point, corpus, out, config, log_file, jobs)
        # Side by side, processes may make a few more or fewer changes (each makes the directories
        # it has not seen yet): a point at the very end may then not be reached.
        assert killed == -signal.SIGKILL or (jobs > 1 and point > len(changes) - 5), killed
        left = tree(out)
        assert left == old or left == new, f"killed before change {point} ({changes[point - 1]}): the site is neither"
        assert _killed_at(0, corpus, out, config, log_file, jobs) == 0
        assert tree(out) == new, f"after a kill before change {point} ({changes[point - 1]}), the next build differs"
    assert len(beyond) >= 5


def test_a_forked_worker_dies_with_the_build_it_works_for():
    """A worker whose build is killed (kill -9 of the build alone) does not run on by itself."""
    code = ("import os, time\nfrom readout_site.parallel import die_with_parent\nparent = os.getpid()\n"
            "pid = os.fork()\nif pid == 0:\n    die_with_parent(parent)\n    time.sleep(60)\n    os._exit(0)\n"
            "print(pid, flush=True)\ntime.sleep(60)\n")
    build = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    worker = int(build.stdout.readline())
    build.kill()
    build.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _running(worker):
        time.sleep(0.05)
    assert not _running(worker)


def _running(pid: int) -> bool:
    """True while ``pid`` is a live process (a zombie, dead but not yet reaped, is not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status
