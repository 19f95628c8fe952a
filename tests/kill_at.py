"""Run the ``readout-site`` command line and kill it at its Nth change to the file system.

    python kill_at.py N LOG_FILE ARGS...

Every rename, replace, exchange, link, unlink, mkdir and rmdir the process makes is
counted and logged to LOG_FILE (a line each: the change and its paths, tab-separated)
as it goes; at the Nth, before it happens, the whole process group gets SIGKILL.
N = 0 never kills: the log then tells which changes a build makes. A test starts
this in a session of its own.
"""

from __future__ import annotations

import os
import signal
import sys


def main() -> None:
    limit, log_file, args = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    fd = os.open(log_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o644)
    count = 0

    def counted(change):
        def wrapper(*a, **k):
            nonlocal count
            count += 1
            paths = "\t".join(os.fsdecode(x) for x in a if isinstance(x, (str, bytes, os.PathLike)))
            os.write(fd, f"{change.__name__}\t{paths}\n".encode("utf-8", "surrogateescape"))
            if count == limit:
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
