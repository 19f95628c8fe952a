"""Stage six: write the site atomically.

A build writes a complete new site into a staging directory beside the output,
then swaps it in at once (``renameat2(RENAME_EXCHANGE)`` on Linux; two renames
elsewhere) and removes the old one. A build that fails or is killed leaves the
previous site as it was; the next build clears what the dead one left. A file
whose bytes did not change is hard-linked from the old site, so its mtime stays
and rsync or git see no change. A lock file stops two builds writing the same
output at once.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import logging
import os
import posixpath
import shutil
from pathlib import Path

from readout_site.errors import BuildError

log = logging.getLogger(__name__)

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class OutputLock:
    """An exclusive lock on an output directory (``OUT.lock`` beside it)."""

    def __init__(self, out: Path):
        self.path = out.parent / f".{out.name}.lock"
        self._fd = None

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(self._fd)
            self._fd = None
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                err = BuildError(f"another build is writing to {self.path.parent / self.path.name[1:-5]} "
                                 f"(lock file {self.path}); wait for it to finish")
                err.exit_code = 3
                raise err from None
            raise
        return self

    def __exit__(self, *exc):
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


class Staging:
    """A new site being written beside ``out``; ``publish`` swaps it in."""

    def __init__(self, out: Path):
        self.out = out
        self.dir = out.parent / f".{out.name}.staging"
        self.old = out.parent / f".{out.name}.old"
        self.written = 0  # files rendered and written
        self.kept = 0  # files unchanged, linked from the old site
        self._dirs: set[Path] = set()  # directories already created in staging

    def prepare(self) -> None:
        """Clear what a killed build left behind, then make an empty staging directory."""
        if not self.out.exists() and self.old.exists():
            os.rename(self.old, self.out)  # a build died between the two renames: restore the old site
        for leftover in (self.dir, self.old):
            if leftover.exists():
                shutil.rmtree(leftover)
        self.dir.mkdir(parents=True)

    def target(self, rel: str) -> Path:
        """The staging path for site-relative file ``rel``; refuses paths that leave the site."""
        clean = posixpath.normpath(rel)
        if rel.startswith("/") or clean == ".." or clean.startswith("../") or "\0" in rel:
            raise BuildError(f"refusing to write outside the output directory: {rel!r}")
        path = self.dir / clean
        parent = path.parent
        if parent not in self._dirs:
            parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(parent)
        return path

    def old_file(self, rel: str) -> Path | None:
        path = self.out / rel
        return path if path.is_file() and not path.is_symlink() else None

    def write(self, rel: str, data: bytes) -> None:
        """Write ``data`` as ``rel``, linking the old file instead when its bytes are the same.

        No temporary file is needed: the staging directory is not served until it is
        complete and swapped in.
        """
        target = self.target(rel)
        old = self.old_file(rel)
        if old is not None and old.stat().st_size == len(data) and old.read_bytes() == data:
            self.keep(rel)
            return
        with open(target, "wb") as fh:
            fh.write(data)
        self.written += 1

    def keep(self, rel: str) -> bool:
        """Reuse the old site's ``rel`` unchanged; False when there is none."""
        old = self.old_file(rel)
        if old is None:
            return False
        target = self.target(rel)
        try:
            os.link(old, target)
        except OSError:
            shutil.copy2(old, target)
        self.kept += 1
        return True

    def publish(self) -> None:
        """Swap the staging directory in as the output, all at once."""
        for path in (self.dir, *self.dir.rglob("*")):
            try:
                os.chmod(path, 0o755 if path.is_dir() else 0o644)
            except OSError:
                pass
        if self.out.exists():
            if not _exchange(self.dir, self.out):
                os.rename(self.out, self.old)
                os.rename(self.dir, self.out)
                shutil.rmtree(self.old)
                return
            shutil.rmtree(self.dir)
        else:
            os.rename(self.dir, self.out)

    def abandon(self) -> None:
        """Remove the staging directory after a failed build (the old site stays)."""
        shutil.rmtree(self.dir, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False when not supported."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    libc = ctypes.CDLL(name, use_errno=True)
    func = getattr(libc, "renameat2", None)
    if func is None:
        return False
    result = func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0
