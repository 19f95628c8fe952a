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
    """A new site being written beside ``out``; ``publish`` swaps it in.

    Where the platform can exchange two directories atomically, the staging
    directory left by the last build holds the site before last; it is brought
    up to date file by file (a file still the same as the live one is the same
    inode, a hard link, and is left alone), so a build costs what changed, not the
    size of the site. Files in staging are never written in place, since they may
    be hard links to files of the live site: new content goes to a temporary file
    that replaces the link.
    """

    def __init__(self, out: Path):
        self.out = out
        self.dir = out.parent / f".{out.name}.staging"
        self.old = out.parent / f".{out.name}.old"
        self.written = 0  # files rendered and written
        self.kept = 0  # files unchanged, the same inode as the live site's
        self.removed = 0  # files of the live site this build no longer has
        self._dirs: set[Path] = set()  # directories known to exist in staging
        self._existing: set[str] = set()  # files in staging before this build
        self._wanted: set[str] = set()  # files this build produces

    def prepare(self) -> None:
        """Clear what a killed build left behind; reuse or create the staging directory."""
        if not self.out.exists() and self.old.exists():
            os.rename(self.old, self.out)  # a build died between the two renames: restore the old site
        if self.old.exists():
            shutil.rmtree(self.old)
        if self.dir.is_dir() and self.out.is_dir() and _exchange_supported(self.out.parent):
            self._existing = set(_files(self.dir))
            return
        if self.dir.exists():
            shutil.rmtree(self.dir)
        self.dir.mkdir(parents=True)

    def target(self, rel: str) -> Path:
        """The staging path for site-relative file ``rel``; refuses paths that leave the site."""
        clean = posixpath.normpath(rel)
        if rel.startswith("/") or clean == ".." or clean.startswith("../") or "\0" in rel:
            raise BuildError(f"refusing to write outside the output directory: {rel!r}")
        path = self.dir / clean
        parent = path.parent
        if parent not in self._dirs:
            if parent.is_file() or parent.is_symlink():
                parent.unlink()
            parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(parent)
        self._wanted.add(clean)
        return path

    def want(self, rel: str) -> None:
        """Record that this build produces ``rel`` (for files written by worker processes)."""
        self._wanted.add(posixpath.normpath(rel))

    def old_file(self, rel: str) -> Path | None:
        path = self.out / rel
        return path if path.is_file() and not path.is_symlink() else None

    def write(self, rel: str, data: bytes) -> None:
        """Write ``data`` as ``rel``, keeping the live file instead when its bytes are the same."""
        old = self.old_file(rel)
        if old is not None and old.stat().st_size == len(data) and old.read_bytes() == data:
            self.keep(rel)
            return
        target = self.target(rel)
        tmp = target.with_name(target.name + ".tmp~")
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
        self.written += 1

    def keep(self, rel: str) -> bool:
        """Reuse the live site's ``rel`` unchanged; False when there is none."""
        old = self.old_file(rel)
        if old is None:
            return False
        target = self.target(rel)
        if rel in self._existing:
            try:
                a, b = os.stat(target), os.stat(old)
                if (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino):
                    self.kept += 1
                    return True
            except OSError:
                pass
        tmp = target.with_name(target.name + ".tmp~")
        try:
            os.link(old, tmp)
        except OSError:
            shutil.copy2(old, tmp)
        os.replace(tmp, target)
        self.kept += 1
        return True

    def clear(self, rel_dir: str) -> None:
        """Empty a directory of the staging site before a tool writes into it (never in place)."""
        path = self.dir / rel_dir
        if path.is_dir():
            shutil.rmtree(path)
        self._existing = {f for f in self._existing if not f.startswith(rel_dir.rstrip("/") + "/")}

    def adopt(self, rel_dir: str) -> None:
        """Count the files a tool wrote under ``rel_dir`` as part of this build."""
        for rel in _files(self.dir / rel_dir):
            self._wanted.add(posixpath.join(rel_dir, rel))
            self.written += 1

    def publish(self) -> None:
        """Remove stale files, then swap the staging directory in as the output, all at once."""
        for rel in sorted(self._existing - self._wanted):
            try:
                (self.dir / rel).unlink()
            except OSError:
                pass
        _prune_empty_dirs(self.dir)
        live = set(_files(self.out)) if self.out.is_dir() else set()
        self.removed = len(live - self._wanted)
        if self.out.exists():
            if not _exchange(self.dir, self.out):
                os.rename(self.out, self.old)
                os.rename(self.dir, self.out)
                shutil.rmtree(self.old)
        else:
            os.rename(self.dir, self.out)

    def abandon(self) -> None:
        """After a failed build: the live site stays; the staging tree is left to be reused or cleared."""
        for tmp in self.dir.rglob("*.tmp~") if self.dir.is_dir() else ():
            try:
                tmp.unlink()
            except OSError:
                pass


def _files(root: Path) -> list[str]:
    """Site-relative paths of every file under ``root``."""
    out = []
    for dirpath, _, files in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        for name in files:
            out.append(name if rel == "." else f"{rel}/{name}")
    return out


def _prune_empty_dirs(root: Path) -> None:
    for dirpath, dirnames, files in os.walk(root, topdown=False):
        if dirpath != str(root) and not dirnames and not files:
            try:
                os.rmdir(dirpath)
            except OSError:
                pass


def _exchange_supported(where: Path) -> bool:
    """True when ``renameat2(RENAME_EXCHANGE)`` works in ``where``."""
    a, b = where / ".readout-exchange-a", where / ".readout-exchange-b"
    try:
        a.mkdir(exist_ok=True)
        b.mkdir(exist_ok=True)
        return _exchange(a, b)
    finally:
        for p in (a, b):
            try:
                p.rmdir()
            except OSError:
                pass


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
