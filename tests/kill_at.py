"""Run the ``readout-site`` command line and kill it at its Nth change to the file system.

    python kill_at.py N LOG_FILE [--min-parallel K] ARGS...

Every rename, replace, exchange, link, unlink, mkdir and rmdir the build makes, in this
process and in every process it forks, is counted and logged to LOG_FILE (a line each:
``change@pid`` and the paths, tab-separated) as it goes; at the Nth, before it happens, the
whole process group gets SIGKILL. N = 0 never kills: the log then tells which changes a
build makes. With processes at work side by side, which change is the Nth may differ
from one run to the next; each is a moment a build can be killed at all the same.
``--min-parallel K`` hands work to forked processes from K tasks on, one task at a time
(the build's own threshold is hundreds, in runs of 64), so that a small corpus runs
every multi-process path. A test starts this in a session of its own.
"""

from __future__ import annotations

import fcntl
import os
import signal
import sys


def main() -> None:
    limit, log_file, args = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    if args[:1] == ["--min-parallel"]:
        from readout_site import parallel

        parallel.MIN_PARALLEL, parallel.CHUNK, args = int(args[1]), 1, args[2:]  # tasks one by one
    fd = os.open(log_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o644)
    counter = os.open(log_file + ".count", os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)

    def logged(line: str) -> int:
        """Log a change and return its number among all the processes' (a counter in a file, under
        a POSIX lock, which, unlike flock, processes sharing the descriptor do not share; the
        line is written under the lock too, so that line N of the log is change N)."""
        fcntl.lockf(counter, fcntl.LOCK_EX)
        try:
            n = int.from_bytes(os.pread(counter, 8, 0), "little") + 1
            os.pwrite(counter, n.to_bytes(8, "little"), 0)
            os.write(fd, line.encode("utf-8", "surrogateescape"))
        finally:
            fcntl.lockf(counter, fcntl.LOCK_UN)
        return n

    def counted(change):
        def wrapper(*a, **k):
            paths = "\t".join(os.fsdecode(x) for x in a if isinstance(x, (str, bytes, os.PathLike)))
            if logged(f"{change.__name__}@{os.getpid()}\t{paths}\n") == limit:
                os.killpg(os.getpgrp(), signal.SIGKILL)
            return change(*a, **k)
        return wrapper

    for name in ("replace", "rename", "unlink", "link", "mkdir", "rmdir"):
        setattr(os, name, counted(getattr(os, name)))
    from readout_site import write

    write._exchange = counted(write._exchange)
    from readout_site.cli import run

    sys.argv = ["readout-site", *args]
    run()


if __name__ == "__main__":
    main()
