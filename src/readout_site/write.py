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

import contextlib
import ctypes
import errno
import fcntl
import functools
import logging
import os
import pickle
import posixpath
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from readout_site.errors import BuildError, usage_error

log = logging.getLogger(__name__)

_RENAME_EXCHANGE = 2  # renameat2 flag: swap the two paths
_AT_FDCWD = -100  # paths relative to the working directory
_TWIN_BROKEN = ".twin-incomplete"  # left in a first build's twin by a process that could not link a file


class OutputLock:
    """An exclusive lock on an output directory (``OUT.lock`` beside it)."""

    def __init__(self, out: Path):
        self.path = out.parent / f".{out.name}.lock"
        self._fd = None

    def __enter__(self):
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:  # the output's folder cannot be written: nothing can be built there
            raise usage_error(f"{self.path.parent}: cannot write beside the output there "
                              f"({exc.strerror or exc}); choose another --out") from None
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
    be hard links to files of the live site: a changed file is unlinked first and
    written anew (staging is never served, so nobody sees it half written).

    A small manifest beside the output (``.OUT.trees``) says which files each tree
    holds and which are shared between them, so an incremental build needs no
    walk of either tree and no stat per unchanged page. It is removed before the
    staging tree is touched and written again after the swap: a build killed in
    between leaves none, and the next build checks the trees on disk instead.
    """

    def __init__(self, out: Path, trust_manifest: bool = True):
        self.out = out
        self.trust_manifest = trust_manifest  # False (a --full build): check both trees on disk
        self.dir = out.parent / f".{out.name}.staging"
        self.old = out.parent / f".{out.name}.old"
        self.trees = out.parent / f".{out.name}.trees"
        self.written = 0  # files rendered and written
        self.kept = 0  # files unchanged, the same inode as the live site's
        self.removed = 0  # files of the live site this build no longer has
        self._root = str(self.dir)  # the staging directory, as a string for cheap joins
        self._dirs: set[str] = set()  # directories known to exist in staging
        self._existing: set[str] = set()  # files in staging before this build
        self._live: set[str] | None = None  # files of the live site, when the manifest says; None: ask the disk
        self._shared: set[str] = set()  # files in staging known to be the live file itself (same inode)
        self._wanted: set[str] = set()  # files this build produces
        self._new: set[str] = set()  # files this build wrote anew (a new inode)
        self._touched: set[str] = set()  # files this build put in staging (written or linked)
        self._twin: threading.Thread | None = None  # making the twin of a first build's site
        self.twin = out.parent / f".{out.name}.twin"  # a first build's twin, linked as files are written
        self._twin_root: str | None = None  # str(self.twin) while files are linked into it as written
        self._twin_dirs: set[str] = set()  # directories known to exist in the twin
        self._twinned: set[str] = set()  # files known to be linked into the twin
        self.twin_failed = False  # a file could not be linked into the twin (by this process, or as reported)

    def prepare(self) -> None:
        """Clear what a killed build left behind; reuse or create the staging directory."""
        if not self.out.exists() and self.old.exists():
            os.rename(self.old, self.out)  # a build died between the two renames: restore the old site
        for leftover in (self.old, self.twin):
            if leftover.exists():
                shutil.rmtree(leftover)
        manifest = self._take_manifest()
        if self.dir.is_dir() and self.out.is_dir() and _exchange_supported(self.out.parent):
            if manifest is not None and self.trust_manifest:
                self._existing, self._live = manifest["staging"], manifest["live"]
                self._shared = manifest["shared"]
                self._dirs = {self._root}  # the others are found as files are written (_make_dir)
            else:
                self._existing = set(_files(self.dir))
            return
        if self.dir.exists():
            shutil.rmtree(self.dir)
        self.dir.mkdir(parents=True)
        self._dirs.add(self._root)
        if not self.out.exists():
            self._live = set()
            if _exchange_supported(self.out.parent):
                self._start_twin()

    def _start_twin(self) -> None:
        """A first build: link every file into a twin tree as it is written (by whichever process),
        so that after the swap the next build finds a staging tree identical to the live site.
        Made while pages are rendered on every core, it costs far less than a walk afterwards."""
        try:
            self.twin.mkdir()
        except OSError as exc:
            log.debug("no twin for %s: %s", self.out, exc)
            return
        self._twin_root = str(self.twin)
        self._twin_dirs = {self._twin_root}

    def _take_manifest(self) -> dict | None:
        """The trees manifest of the last build, removed from disk before anything changes."""
        try:
            with open(self.trees, "rb") as fh:
                manifest = pickle.load(fh)
            os.unlink(self.trees)
        except FileNotFoundError:
            return None
        except Exception as exc:  # a damaged manifest only means checking the trees on disk
            log.warning("ignoring an unreadable manifest %s: %s", self.trees, exc)
            with contextlib.suppress(OSError):
                os.unlink(self.trees)
            return None
        ok = isinstance(manifest, dict) and all(isinstance(manifest.get(k), set) for k in ("staging", "live", "shared"))
        return manifest if ok else None

    def target(self, rel: str) -> str:
        """The staging path for site-relative file ``rel``; refuses paths that leave the site."""
        clean = posixpath.normpath(rel)
        if rel.startswith("/") or clean == ".." or clean.startswith("../") or "\0" in rel:
            raise BuildError(f"refusing to write outside the output directory: {rel!r}")
        path = f"{self._root}/{clean}"
        parent = path.rpartition("/")[0]
        if parent not in self._dirs:
            self._make_dir(parent)
        self._wanted.add(clean)
        return path

    def _make_dir(self, directory: str, known: set[str] | None = None) -> None:
        """Make a staging (or twin) directory and its parents, replacing a file or link in the way."""
        known = self._dirs if known is None else known
        try:
            os.mkdir(directory)
        except (FileNotFoundError, NotADirectoryError):  # a parent is missing, or is a file
            self._make_dir(directory.rpartition("/")[0], known)
            self._make_dir(directory, known)  # again, now that the parent is there
            return
        except FileExistsError:  # made by another worker, or a file is in the way
            if os.path.islink(directory) or not os.path.isdir(directory):
                os.unlink(directory)
                self._make_dir(directory, known)
                return
        known.add(directory)

    def _link_twin(self, rel: str, path: str) -> None:
        """Link staging's new ``rel`` (at ``path``) into the twin. A failure is remembered
        (``twin_failed``, which worker processes report with what they wrote) and marked in
        the twin, and ``publish`` then gives the twin up."""
        twin = f"{self._twin_root}/{rel}"
        try:
            parent = twin.rpartition("/")[0]
            if parent not in self._twin_dirs:
                self._make_dir(parent, self._twin_dirs)
            try:
                os.link(path, twin)
            except FileExistsError:  # written again by this build: the twin must hold the new file
                os.unlink(twin)
                os.link(path, twin)
        except OSError as exc:
            log.debug("twin of %s given up at %s: %s", self.out, rel, exc)
            self.twin_failed = True
            with contextlib.suppress(OSError):
                os.close(os.open(f"{self._twin_root}/{_TWIN_BROKEN}", os.O_WRONLY | os.O_CREAT, 0o644))
            return
        self._twinned.add(rel)

    def _clear(self, rel: str, path: str, force: bool = False) -> None:
        """Remove what staging may hold at ``path`` (a file, a link to a live file, or a directory)."""
        if not force and rel not in self._existing and rel not in self._touched:
            return
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        except IsADirectoryError:
            self._remove_dir(path)

    def _remove_dir(self, path: str) -> None:
        """A directory of the old site where this build puts a file."""
        shutil.rmtree(path)
        self._dirs = {d for d in self._dirs if d != path and not d.startswith(path + "/")}

    def want(self, rel: str) -> None:
        """Record that this build produces ``rel`` (for files written by worker processes)."""
        self._wanted.add(posixpath.normpath(rel))

    def wrote(self, rels, twin_failed: bool = False) -> None:
        """Record files that worker processes wrote anew, and linked into the twin if there is one
        (``twin_failed``: not all of them)."""
        rels = [posixpath.normpath(rel) for rel in rels]
        self._new.update(rels)
        self._twinned.update(rels)
        self.twin_failed = self.twin_failed or twin_failed

    def old_file(self, rel: str) -> str | None:
        """The live site's file ``rel``, or None when the live site has none."""
        path = f"{self.out}/{rel}"
        if self._live is not None:
            return path if rel in self._live else None
        return path if os.path.isfile(path) and not os.path.islink(path) else None

    def write(self, rel: str, data) -> None:
        """Write ``data`` as ``rel``, keeping the live file instead when its bytes are the same.

        ``data``: bytes, or :class:`Spliced` pieces of the live file and new bytes.
        """
        old = self.old_file(rel)
        if type(data) is Spliced:
            spliced, data = data, data.usable(old)
        if data is None:  # the live file as it is
            self.keep(rel)
            return
        if type(data) is tuple:
            create = functools.partial(_write_pieces, pieces=data, source=old, whole=spliced.whole)
        elif old is not None and _same_bytes(old, data):
            self.keep(rel)
            return
        else:
            create = functools.partial(_write_new, data=data)
        target = self.target(rel)
        self._place(rel, target, create)
        self._new.add(rel)
        self.written += 1
        if self._twin_root is not None:
            self._link_twin(posixpath.normpath(rel), target)

    def keep(self, rel: str) -> bool:
        """Reuse the live site's ``rel`` unchanged; False when there is none."""
        old = self.old_file(rel)
        if old is None:
            return False
        if rel in self._shared and rel not in self._touched:
            self._wanted.add(rel)
            self.kept += 1
            return True
        target = self.target(rel)
        if rel in self._existing and rel not in self._touched and _same_inode(target, old):
            self.kept += 1
            return True
        self._place(rel, target, lambda path: _link_or_copy(old, path))
        self._new.discard(rel)
        self.kept += 1
        return True

    def keep_all(self, rels: list[str]) -> set[str]:
        """``keep`` each of ``rels``; the set of those kept (the live site had them)."""
        if self._live is None:
            return {rel for rel in rels if self.keep(rel)}
        wanted = set(rels) & self._live
        same = (wanted & self._shared) - self._touched  # staging's file already is the live one
        self._wanted |= same
        self.kept += len(same)
        for rel in wanted - same:
            self.keep(rel)
        return wanted

    def _place(self, rel: str, target: str, create) -> None:
        """Make staging's ``rel`` (at ``target``) anew with ``create(target)``, after clearing what is there.

        Never into an existing file: it may be a hard link to the live site.
        """
        self._clear(rel, target)
        try:
            create(target)
        except FileExistsError:  # a directory of the old site, or a file the manifest did not know of
            self._clear(rel, target, force=True)
            create(target)
        self._touched.add(rel)

    def clear(self, rel_dir: str) -> None:
        """Empty a directory of the staging site before a tool writes into it (never in place)."""
        path = self.dir / rel_dir
        if path.is_dir():
            shutil.rmtree(path)
        prefix = rel_dir.rstrip("/") + "/"
        if self._twin_root is not None:
            shutil.rmtree(f"{self._twin_root}/{rel_dir.rstrip('/')}", ignore_errors=True)
            self._twinned = {f for f in self._twinned if not f.startswith(prefix)}
            self._twin_dirs = {d for d in self._twin_dirs if not (d + "/").startswith(f"{self._twin_root}/{prefix}")}
        self._existing = {f for f in self._existing if not f.startswith(prefix)}
        self._dirs = {d for d in self._dirs if not (d + "/").startswith(f"{self._root}/{prefix}")}

    def adopt(self, rel_dir: str) -> None:
        """Count the files a tool wrote under ``rel_dir`` as part of this build. One whose bytes are
        those of the live site's file is replaced by a link to that file, which so keeps its inode
        and mtime, as an unchanged page does (a search index rebuilt for one readout is mostly
        the same files)."""
        for rel in _files(self.dir / rel_dir):
            full = posixpath.join(rel_dir, rel)
            self._wanted.add(full)
            target, old = f"{self._root}/{full}", self.old_file(full)
            if old is not None and _same_bytes(old, Path(target).read_bytes()):
                os.unlink(target)
                self._place(full, target, functools.partial(_link_or_copy, old))
                self._new.discard(full)
                self.kept += 1
            else:
                self._new.add(full)
                self.written += 1

    def remove_stale(self) -> None:
        """Remove the files of the site before last that this build does not produce (once every
        file is written or kept: a tool that reads the staging tree, the search indexer, must
        not find pages of removed readouts there)."""
        stale = sorted(self._existing - self._wanted)
        for rel in stale:
            with contextlib.suppress(FileNotFoundError, IsADirectoryError, NotADirectoryError):  # path reshaped
                os.unlink(f"{self._root}/{rel}")
        _prune_empty_parents(self._root, stale)
        self._existing = self._existing - set(stale)  # a new set: the manifest may share this one with _live

    def publish(self) -> None:
        """Remove stale files, then swap the staging directory in as the output, all at once."""
        self.remove_stale()
        live = self._live if self._live is not None else (set(_files(self.out)) if self.out.is_dir() else set())
        self.removed = len(live - self._wanted)
        if self.out.exists():
            if not _exchange(self.dir, self.out):
                os.rename(self.out, self.old)
                os.rename(self.dir, self.out)
                shutil.rmtree(self.old)
                return
            self._save_manifest(live)
        else:
            twinned = self._complete_twin()
            os.rename(self.dir, self.out)
            if twinned:
                os.rename(self.twin, self.dir)
                self._new = set()
                self._save_manifest(self._wanted)
            elif _exchange_supported(self.out.parent):  # mostly system calls: overlaps the cache being saved
                self._twin = threading.Thread(target=self._make_twin, name="staging-twin")
                self._twin.start()

    def _complete_twin(self) -> bool:
        """Link into the twin what is not there yet (files a tool wrote); False, and no twin, when
        it cannot be made whole."""
        if self._twin_root is None:
            return False
        for rel in sorted(self._wanted - self._twinned):
            self._link_twin(rel, f"{self._root}/{rel}")
        if self.twin_failed or os.path.exists(f"{self._twin_root}/{_TWIN_BROKEN}"):
            shutil.rmtree(self._twin_root, ignore_errors=True)
            self._twin_root = None
            return False
        return True

    def finish(self) -> None:
        """Wait for the staging twin of a first build, if one is being made."""
        if self._twin is not None:
            self._twin.join()
            self._twin = None

    def _make_twin(self) -> None:
        """After a first build: a staging tree of hard links to the new site, so that the next
        build starts from a twin of the live site and pays only for what it changes."""
        try:
            self.dir.mkdir()
            for directory in sorted(_parent_dirs(self._root, self._wanted) - {self._root}, key=len):
                os.mkdir(directory)  # parents first: sorted by length
            for rel in self._wanted:
                os.link(f"{self.out}/{rel}", f"{self._root}/{rel}")
        except OSError as exc:  # no hard links here: the next build makes its staging tree itself
            log.debug("no staging twin for %s: %s", self.out, exc)
            shutil.rmtree(self.dir, ignore_errors=True)
            return
        self._new = set()
        self._save_manifest(self._wanted)

    def _save_manifest(self, old_live: set[str]) -> None:
        """After the swap: staging holds the old live files; those this build kept are shared with the new."""
        manifest = {"live": self._wanted, "staging": old_live, "shared": (old_live & self._wanted) - self._new}
        tmp = self.trees.with_name(self.trees.name + ".tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(manifest, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.trees)

    def abandon(self) -> None:
        """After a failed build: the live site stays as it was.

        Nothing to clean: the manifest was taken before staging was touched, so the
        next build checks the staging tree on disk file by file.
        """
        self.finish()


@dataclass(frozen=True)
class Spliced:
    """A file made of byte ranges of the live site's file at the same path, and new bytes."""

    pieces: tuple  # bytes, or (start, end) ranges of the live file, in order
    stamp: tuple  # file_stamp the live file must still have for the ranges to hold
    whole: Callable[[], bytes]  # the file's bytes made afresh, when the live file is not as expected
    same: bool = False  # the new file is the live file exactly

    def usable(self, old: str | None) -> tuple | bytes | None:
        """What to write given the live file ``old``: the pieces; None to keep it as it is; the whole
        file's bytes when the live file is not the one the ranges were taken from."""
        if old is None or file_stamp(old) != self.stamp:
            if old is not None:
                log.info("%s is not as the last build left it: written whole", old)
            return self.whole()
        return None if self.same else self.pieces


def file_stamp(path: str) -> tuple | None:
    """What tells a file written by a build from any other: (size, mtime_ns, inode, device); None
    when there is no such file."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev


def _write_pieces(path: str, pieces, source: str, whole: Callable[[], bytes]) -> None:
    """Create ``path`` from ``pieces``: bytes, and ``(start, end)`` ranges copied from ``source``;
    from ``whole()`` instead when ``source`` turns out shorter than the ranges."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        try:
            with open(source, "rb") as src:
                for piece in pieces:
                    if type(piece) is tuple:
                        _copy_range(src.fileno(), fd, *piece)
                    else:
                        _write_all(fd, piece)
        except _ShortSource:
            log.info("%s is shorter than the last build left it: written whole", source)
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            _write_all(fd, whole())
    finally:
        os.close(fd)


class _ShortSource(Exception):
    """The file ranges are copied from ends before the last of them."""


def _copy_range(src: int, dst: int, start: int, end: int) -> None:
    """Append bytes ``start:end`` of the file open as ``src`` to ``dst``: in the kernel where it can,
    else through this process (some file systems copy nothing, or refuse)."""
    in_kernel = True
    while start < end:
        n = 0
        if in_kernel:
            try:
                n = os.copy_file_range(src, dst, end - start, start)
            except (AttributeError, OSError):
                n = 0
            in_kernel = n > 0
        if n == 0:
            n = _write_all(dst, os.pread(src, min(end - start, 1 << 24), start))
            if n == 0:
                raise _ShortSource()
        start += n


def _write_all(fd: int, data: bytes) -> int:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    return len(data)


def _same_bytes(path: str, data: bytes) -> bool:
    """True when the file at ``path`` holds exactly ``data``."""
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as fh:
            return fh.read() == data
    except OSError:
        return False


def _write_new(path: str, data: bytes) -> None:
    """Create ``path`` (it must not exist) holding ``data``."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        _write_all(fd, data)
    finally:
        os.close(fd)


def _link_or_copy(src: str, dst: str) -> None:
    """A hard link ``dst`` to ``src``, or a copy where the file system has no hard links."""
    try:
        os.link(src, dst)
    except FileExistsError:
        raise
    except OSError:
        shutil.copy2(src, dst)


def _same_inode(a: str, b: str) -> bool:
    try:
        sa, sb = os.stat(a), os.stat(b)
    except OSError:
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def _parent_dirs(root: str, files: set[str]) -> set[str]:
    """Every directory that holds one of ``files`` (site-relative) in the tree at ``root``."""
    dirs = {root}
    for rel in files:
        head = rel.rpartition("/")[0]
        while head and f"{root}/{head}" not in dirs:
            dirs.add(f"{root}/{head}")
            head = head.rpartition("/")[0]
    return dirs


def _prune_empty_parents(root: str, removed: list[str]) -> None:
    """Remove the directories that the removal of ``removed`` files left empty."""
    for directory in sorted({rel.rpartition("/")[0] for rel in removed if "/" in rel}, key=len, reverse=True):
        while directory:
            try:
                os.rmdir(f"{root}/{directory}")
            except OSError:
                break
            directory = directory.rpartition("/")[0]


def _files(root: Path) -> list[str]:
    """Site-relative paths of every file under ``root``."""
    out = []
    for dirpath, _, files in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        for name in files:
            out.append(name if rel == "." else f"{rel}/{name}")
    return out


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
    func = getattr(_libc(), "renameat2", None)
    if func is None:
        return False
    return func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


@functools.cache
def _libc() -> ctypes.CDLL | None:
    """The C library already loaded into this process, looked up once (``find_library`` runs
    a program: a few milliseconds per call)."""
    try:
        return ctypes.CDLL(None)
    except OSError:
        return None
