"""Run one command and measure its wall time and peak memory.

Each measured command runs under a fresh wrapper process (this file run as a
script), so that ``resource.getrusage(RUSAGE_CHILDREN)`` in the wrapper sees
that command's process tree and nothing else.  Two memory figures come out:

* ``peak_rss_mb`` -- the largest *sum* of RSS over the command's whole process
  tree, sampled with psutil every ``POLL_SECONDS`` by the parent, and never
  less than ``maxrss_mb``.  This is the figure to compare: it counts every
  worker of a multi-process build at once (shared pages of forked workers are
  counted once per process, so it is an upper bound).
* ``maxrss_mb`` -- ``ru_maxrss`` of the largest single process in the tree,
  from the kernel (exact, never misses a short spike, but blind to parallel
  workers).

Wall time is taken inside the wrapper around the command alone (the wrapper's
own start-up is not counted); CPU time is user + system of the whole tree
(``cpu_s``), and the system part alone (``sys_s``).

Script use (internal)::

    python measure.py RESULT.json TIMEOUT_SECONDS -- command args...
"""

from __future__ import annotations

import json
import logging
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

log = logging.getLogger("measure")

POLL_SECONDS = 0.025
# PSS is read on every tenth poll, and whenever RSS has grown by a tenth since the last reading:
# reading it walks the page tables of every process in the tree (15 ms for a 600 MB process,
# holding that process's memory map lock), which at every poll took a third of a core from the
# 2-core build being timed. RSS is read on every poll (cheap).
PSS_EVERY = 10
PSS_GROWTH = 1.1
_MB = 1024 * 1024


def _tree_memory(process, pss_too: bool = True) -> tuple[int, int]:
    """Sums of RSS and of PSS (bytes) over every descendant of psutil ``process`` (not the process itself);
    without ``pss_too`` the PSS sum is 0 and the reading costs next to nothing.

    RSS counts a page shared by several processes (a forked worker's copy-on-write
    view of its parent) once in each of them; PSS divides it among them, so its sum
    is the memory the tree really holds.
    """
    import psutil  # the parent's only; the wrapper stays small (see _wrap)

    rss = pss = 0
    try:
        children = process.children(recursive=True)
    except psutil.Error:
        return 0, 0
    for child in children:
        try:
            info = child.memory_full_info() if pss_too else child.memory_info()
        except psutil.Error:
            continue  # exited between listing and reading
        rss += info.rss
        pss += getattr(info, "pss", info.rss) if pss_too else 0
    return rss, pss


def run_measured(cmd: list[str], *, cwd: Path | None = None, env: dict | None = None,
                 timeout: float = 3600.0, log_path: Path | None = None) -> dict:
    """Run ``cmd`` under a wrapper and return its measurement.

    The result has ``returncode``, ``timed_out``, ``wall_s``, ``cpu_s``, ``sys_s``,
    ``peak_rss_mb`` and ``maxrss_mb``.  The command's output goes to
    ``log_path`` (or is discarded).
    """
    import psutil

    with tempfile.TemporaryDirectory(prefix="measure-") as tmp:
        result_path = Path(tmp) / "result.json"
        wrapper = [sys.executable, str(Path(__file__).resolve()), str(result_path), str(timeout), "--", *cmd]
        sink = open(log_path, "wb") if log_path else subprocess.DEVNULL
        try:
            peak, peak_pss = _poll_until_done(psutil.Popen(wrapper, cwd=cwd, env=env, stdout=sink,
                                                           stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL),
                                              timeout + 60)
        finally:
            if log_path:
                sink.close()
        if not result_path.exists():
            return {"returncode": -1, "timed_out": False, "wall_s": None, "cpu_s": None, "sys_s": None,
                    "peak_rss_mb": round(peak / _MB, 1), "peak_pss_mb": round(peak_pss / _MB, 1),
                    "maxrss_mb": None, "error": "measurement wrapper died"}
        result = json.loads(result_path.read_text())
    result["peak_rss_mb"] = round(max(peak, result.pop("maxrss_bytes")) / _MB, 1)
    result["peak_pss_mb"] = round(peak_pss / _MB, 1)
    return result


def _poll_until_done(wrapper, limit: float) -> tuple[int, int]:
    """Sample the wrapper's descendants until it exits; return the peak RSS and PSS sums (bytes)."""
    peak = peak_pss = polls = rss_at_pss = 0
    deadline = time.monotonic() + limit
    while wrapper.poll() is None:
        rss, pss = _tree_memory(wrapper, pss_too=False)
        if rss and (polls % PSS_EVERY == 0 or rss > rss_at_pss * PSS_GROWTH):
            rss, pss = _tree_memory(wrapper)
            rss_at_pss = rss
        polls += 1
        peak, peak_pss = max(peak, rss), max(peak_pss, pss)
        if time.monotonic() > deadline:
            log.error("wrapper overran its time limit; killing it")
            wrapper.kill()
            wrapper.wait()
            break
        time.sleep(POLL_SECONDS)
    return peak, peak_pss


def _wrap(result_path: Path, timeout: float, cmd: list[str]) -> int:
    """Wrapper side: run ``cmd`` in its own session, record time and rusage.

    Linux charges the spawning process's resident pages to the child's
    ``ru_maxrss`` up to its exec, so ``maxrss_mb`` never reads below this
    wrapper's own size (about 13 MB; psutil is not imported here to keep it
    so).  Builds are far larger, so this floor does not matter for them.
    """
    start = time.perf_counter()
    try:
        pid = os.posix_spawnp(cmd[0], cmd, dict(os.environ), setsid=True)
    except OSError as exc:
        print(f"measure: cannot start {cmd[0]}: {exc}", file=sys.stderr)
        returncode, timed_out = 127, False
    else:
        returncode, timed_out = _wait(pid, timeout)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {
        "returncode": returncode,
        "timed_out": timed_out,
        "wall_s": round(wall, 4),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
        "sys_s": round(usage.ru_stime, 3),  # of which in the kernel (file system calls, page faults)
        "maxrss_mb": round(usage.ru_maxrss / 1024, 1),  # Linux reports KiB
        "maxrss_bytes": usage.ru_maxrss * 1024,
    }
    result_path.write_text(json.dumps(result))
    return 0


def _wait(pid: int, timeout: float) -> tuple[int, bool]:
    """Wait for ``pid``; past ``timeout`` kill its whole session.  Returns (returncode, timed_out)."""
    expired = threading.Event()

    def kill_group() -> None:
        expired.set()
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    timer = threading.Timer(timeout, kill_group)
    timer.start()
    try:
        _, status = os.waitpid(pid, 0)
    finally:
        timer.cancel()
    return os.waitstatus_to_exitcode(status), expired.is_set()


def main(argv: list[str]) -> int:
    if len(argv) < 4 or argv[2] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    return _wrap(Path(argv[0]), float(argv[1]), argv[3:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
