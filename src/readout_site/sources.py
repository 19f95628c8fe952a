"""Stage one of the pipeline: find the files of a corpus.

Every file under the corpus ends up in exactly one list: readouts to load,
sidecars and lexicon files (read with their readout or with the lexicon), or
skipped with a reason (hidden and editor backup files, symlinks that lead out of
the corpus, files of other types). Nothing is dropped without a word.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from readout_site.errors import BuildError


log = logging.getLogger(__name__)

LEXICON_DIR = "_lexicon"
_LEXICON_PREFIX = LEXICON_DIR + "/"
READOUT_SUFFIXES = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}
SIDECAR_SUFFIXES = (".yaml", ".yml")
_BACKUP_SUFFIXES = (".bak", ".swp", ".swo", ".tmp", ".orig", ".rej", ".part", ".crdownload")


class SourceFile(NamedTuple):
    """A readout file in the corpus (a tuple: a scan makes tens of thousands, and a frozen
    dataclass costs several times as much to make)."""

    file: str  # absolute path
    rel: str  # path relative to the corpus, "/" separators
    size: int  # bytes
    mtime_ns: int  # modification time
    ctime_ns: int  # status change time: a chmod, which can make the file unreadable, changes it and no other
    sidecar: Path | None = None  # NAME.yaml beside it, if any

    @property
    def path(self) -> Path:
        """The absolute path (made on demand: a large corpus has many files and few are read)."""
        return Path(self.file)

    def read_bytes(self) -> bytes:
        """The file's bytes, in as few system calls as its size at the scan allows (a cold build
        reads tens of thousands of small files; ``Path.read_bytes`` makes seven calls for each).
        A symbolic link is followed only into the corpus, whatever it was at the scan (a file swapped
        for a link to ``/etc/passwd`` during a build is not read)."""
        try:
            fd = os.open(self.file, os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW)
        except OSError as exc:
            if exc.errno != errno.ELOOP:
                raise
            fd = os.open(self._target_in_corpus(), os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW)
        try:
            data = os.read(fd, self.size + 1)
            if len(data) == self.size:  # asked one byte more, met the end: as large as at the scan
                return data
            parts = [data]  # it changed since the scan, or is too large for one call
            while chunk := os.read(fd, 1 << 20):
                parts.append(chunk)
            return b"".join(parts)
        finally:
            os.close(fd)

    def _target_in_corpus(self) -> str:
        """Where the symbolic link ``file`` leads, when that is inside the corpus (else OSError)."""
        target = os.path.realpath(self.file)
        root = self.file[: len(self.file) - len(self.rel)] if self.file.endswith(self.rel) else None
        if root is None or not target.startswith(os.path.realpath(root).rstrip(os.sep) + os.sep):
            raise OSError(errno.ELOOP, "it is now a symbolic link that leads out of the corpus")
        return target

    def read_sidecar(self) -> bytes | None:
        """The sidecar's bytes; None when the readout has none (or it went since the scan).
        OSError when it is there but cannot be read."""
        if self.sidecar is None:
            return None
        try:
            return self.sidecar.read_bytes()
        except FileNotFoundError:
            return None


@dataclass
class Corpus:
    """What a corpus directory holds."""

    root: Path  # the corpus directory (absolute)
    readouts: list[SourceFile] = field(default_factory=list)  # sorted by rel
    sidecars: list[str] = field(default_factory=list)  # rel paths of NAME.yaml beside a readout
    lexicon_files: list[Path] = field(default_factory=list)  # _lexicon/*.yaml
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (rel, reason)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (rel, message): directories not listed
    # (rel + "/"), files whose status cannot be read
    stamps: str | None = None  # stamps_digest of the readouts, when the scan made it (ScanAhead)

    def packed(self) -> tuple:
        """The corpus as plain tuples, to send to another process (``unpacked`` makes it again):
        pickled as themselves, tens of thousands of ``SourceFile``s took four times as long."""
        return (self.root, [tuple(s) for s in self.readouts], self.sidecars, self.lexicon_files, self.skipped,
                self.unreadable, self.stamps)

    @classmethod
    def unpacked(cls, packed: tuple) -> "Corpus":
        root, readouts, sidecars, lexicon_files, skipped, unreadable, stamps = packed
        return cls(root, list(map(SourceFile._make, readouts)), sidecars, lexicon_files, skipped, unreadable, stamps)


def stamp_of(source: SourceFile) -> tuple:
    """The cheap freshness stamp of a readout: size, mtime and ctime, and its sidecar's."""
    side = ()
    if source.sidecar is not None:
        try:
            st = source.sidecar.stat()
            side = (source.sidecar.suffix, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        except OSError:
            side = ("missing",)
    return (source.size, source.mtime_ns, source.ctime_ns, side)


def stamps_digest(corpus: Corpus) -> str:
    """A digest of every readout's path and stamp (``stamp_of``): made by the process that scans
    the corpus ahead of the build when there is one (``parallel.ScanAhead``), which then need
    not import the cache. One hash over one text: a corpus has tens of thousands of readouts."""
    text = "".join([f"{s.rel}\0{stamp_of(s)!r}\0" if s.sidecar is not None
                    else f"{s.rel}\0{s.size},{s.mtime_ns},{s.ctime_ns}\0" for s in corpus.readouts])
    text += "".join(f"{rel}\0{message}\0" for rel, message in corpus.unreadable)  # reported by every build
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def corpus_dir(given: Path | None) -> Path:
    """The corpus directory of a command: the one given, else ``corpus/`` in the working directory."""
    return given or Path.cwd() / "corpus"


def scan(root: Path, paths: list[Path] | None = None) -> Corpus:
    """Scan ``root`` (or only ``paths`` inside it: files or directories)."""
    root = root.resolve()
    corpus = Corpus(root=root)
    found: list[_Found] = []
    for start in paths or [root]:
        start = start if start.is_absolute() else Path.cwd() / start
        if start.is_file() or start.is_symlink() and not start.is_dir():
            found.append(_Found(str(start), _rel(start, root), start.name, None))
        else:
            _walk(str(start), _rel(start, root) if start != root else "", corpus, found)
    found.sort(key=lambda f: f.rel)
    stems = _Stems(found)
    for f in found:
        _classify(f, root, corpus, stems)
    if corpus.sidecars:
        named = set(corpus.sidecars)
        _attach_sidecars(corpus, {f.path: f.rel for f in found if f.rel in named})
    _skip_same_names(corpus)
    return corpus


def _skip_same_names(corpus: Corpus) -> None:
    """Skip, with a reason, a readout whose name as shown is another's: a name that is not valid
    UTF-8 shown with escapes (``r\\xe9union.txt``) can be the real name of another file."""
    if not any("\\x" in s.rel for s in corpus.readouts):
        return
    seen: set[str] = set()
    kept = []
    for source in corpus.readouts:
        if source.rel in seen:
            corpus.skipped.append((source.rel, "another readout has this name once its bytes that are not UTF-8 "
                                               "are written as escapes; rename one of them"))
        else:
            seen.add(source.rel)
            kept.append(source)
    corpus.readouts[:] = kept


class _Found(NamedTuple):
    """A file met while walking the corpus, before it is classified (a tuple: a corpus has
    tens of thousands, made in one pass)."""

    path: str  # absolute path
    rel: str  # path relative to the corpus, "/" separators
    name: str  # file name
    entry: os.DirEntry | None  # the directory entry (its type and stat are cached), None when given by path


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def stem(path: str) -> str:
    """``path`` without its file name's suffix (``a/h.txt`` -> ``a/h``): readouts and their sidecars
    are matched by it."""
    return path[: len(path) - len(_suffix(path[path.rfind("/") + 1:]))]


def _rel(path: Path, root: Path) -> str:
    try:
        path = path.relative_to(root)
    except ValueError:  # outside the corpus: named in full
        pass
    return shown_path(path.as_posix())


_CONTROL_IN_NAME = re.compile("[\x00-\x1f\x7f]")


def shown_path(rel: str) -> str:
    """A path as the archive (and its reports) names it: as it is, or with control characters (a
    newline, a terminal's escape) and the bytes of a name that is not valid UTF-8 written as
    escapes (``bad\\xff.txt``), which pages, data files, reports and terminals can hold. The file itself is still read by its real name (``SourceFile.file``)."""
    if _CONTROL_IN_NAME.search(rel):  # a newline or a terminal's escape in a name: shown, not obeyed
        rel = _CONTROL_IN_NAME.sub(lambda m: f"\\x{ord(m.group()):02x}", rel)
    if rel.isascii():
        return rel
    try:
        rel.encode("utf-8")
        return rel
    except UnicodeEncodeError:
        return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _walk(directory: str, rel_dir: str, corpus: Corpus, found: list[_Found]) -> None:
    """Every file under ``directory``; hidden directories and directory symlinks are skipped with a reason,
    a directory that cannot be listed is named in ``corpus.unreadable`` (the corpus itself: an error)."""
    try:
        with os.scandir(directory) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        if not rel_dir:
            raise BuildError(f"{directory}: the corpus directory cannot be read ({exc.strerror or exc})") from None
        corpus.unreadable.append((rel_dir + "/", f"the directory cannot be read ({exc.strerror or exc}); "
                                                 "the readouts in it are not in the archive"))
        return
    prefix = f"{rel_dir}/" if rel_dir else ""
    for entry in entries:
        rel = prefix + shown_path(entry.name)
        if entry.is_dir(follow_symlinks=False):
            if entry.name.startswith("."):
                corpus.skipped.append((rel + "/", "hidden directory"))
            else:
                _walk(entry.path, rel, corpus, found)
        elif entry.is_symlink() and _leads_to_directory(entry):
            corpus.skipped.append((rel + "/", "symbolic link to a directory (not followed)"))
        else:
            found.append(_Found(entry.path, rel, entry.name, entry))


def _loops(path: str) -> bool:
    """True when following the symbolic link at ``path`` goes round in a loop."""
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def _leads_to_directory(entry: os.DirEntry) -> bool:
    """True for a symbolic link to a directory; False for one to anything else, or that leads nowhere
    (a loop of links, which the classification then skips)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


class _Stems:
    """Paths of readouts without their suffix (where a NAME.yaml sidecar would belong), made on first use."""

    def __init__(self, found: list[_Found]):
        self._found, self._stems = found, None

    def __contains__(self, stem: str) -> bool:
        if self._stems is None:
            self._stems = {f.path[: -len(_suffix(f.name))] for f in self._found
                           if _suffix(f.name).lower() in READOUT_SUFFIXES}
        return stem in self._stems


def _classify(f: _Found, root: Path, corpus: Corpus, stems: _Stems) -> None:
    name, rel, entry = f.name, f.rel, f.entry
    dot = name.rfind(".")
    if (0 < dot < len(name) - 1 and name[dot:].lower() in READOUT_SUFFIXES and entry is not None
            and not rel.startswith(".") and "/." not in rel and not rel.startswith(_LEXICON_PREFIX)
            and entry.is_file(follow_symlinks=False)):
        # Most files: a regular file, not hidden, named as a readout (such a name is no backup's).
        _add_readout(corpus, f.path, rel, entry.stat)
        return
    if (reason := skip_reason(rel)) is not None:
        corpus.skipped.append((rel, reason))
        return
    symlink = entry.is_symlink() if entry is not None else os.path.islink(f.path)
    if symlink:
        try:
            target = Path(f.path).resolve()
        except (OSError, RuntimeError):  # a loop of links, up to Python 3.12 (3.13 resolves it to a path)
            target = None
        if target is None or _loops(f.path):
            corpus.skipped.append((rel, "symbolic link that leads to itself (a loop of links)"))
            return
        if not target.is_relative_to(root):
            corpus.skipped.append((rel, "symbolic link that leads out of the corpus (not followed)"))
            return
        if not target.is_file():
            corpus.skipped.append((rel, "broken symbolic link"))
            return
    elif not (entry.is_file(follow_symlinks=False) if entry is not None else os.path.isfile(f.path)):
        corpus.skipped.append((rel, "not a regular file"))
        return
    suffix = _suffix(name)
    lower = suffix.lower()
    if rel.startswith(_LEXICON_PREFIX):
        if lower in SIDECAR_SUFFIXES:
            corpus.lexicon_files.append(Path(f.path))
        else:
            corpus.skipped.append((rel, "not a YAML lexicon file"))
        return
    if rel == LEXICON_DIR:  # meant as the lexicon's folder: its entries would be lost without a word
        corpus.skipped.append((rel, f"a file, where the corpus's lexicon is read from a folder of that name: make "
                                    f"{LEXICON_DIR}/ a folder of YAML lexicon files"))
        return
    if lower in READOUT_SUFFIXES:
        _add_readout(corpus, f.path, rel, entry.stat if entry is not None and not symlink else
                     functools.partial(os.stat, f.path))
        return
    if lower in SIDECAR_SUFFIXES and f.path[: -len(suffix)] in stems:
        corpus.sidecars.append(rel)
        return
    if lower in SIDECAR_SUFFIXES:
        corpus.skipped.append((rel, "YAML file with no readout of the same name beside it (not a sidecar)"))
        return
    corpus.skipped.append((rel, f"not a readout ({shown_path(suffix) or 'no extension'}; readouts are "
                                f"{', '.join(sorted(READOUT_SUFFIXES))})"))


def _add_readout(corpus: Corpus, path: str, rel: str, stat_of) -> None:
    """The readout at ``path`` as the scan finds it, or named among the unreadable when its status
    cannot be read (a directory that can be listed but not entered: ``chmod 644``)."""
    try:
        stat = stat_of()
    except OSError as exc:
        corpus.unreadable.append((rel, f"the file cannot be read ({exc.strerror or exc}); it is not in the archive"))
        return
    corpus.readouts.append(SourceFile(path, rel, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns))


def skip_reason(rel: str) -> str | None:
    """Why a file at ``rel`` ("/" separators) is none of a site's own files, or None: it is hidden
    (or in a hidden directory), or an editor's backup or temporary file."""
    if rel.startswith(".") or "/." in rel:
        return "hidden file"
    name = rel.rsplit("/", 1)[-1]
    if name.endswith("~") or name.lower().endswith(_BACKUP_SUFFIXES) or (name.startswith("#") and name.endswith("#")):
        return "editor backup or temporary file"
    return None


def sidecar_beside(path: Path) -> Path | None:
    """The sidecar of the readout at ``path`` as the scan gives it (``_attach_sidecars``), found by
    trying its names (a folder of thousands is not listed for each readout): NAME.yaml, else NAME.yml,
    in lower case, in capitals or capitalised."""
    stem = str(path)[: len(str(path)) - len(path.suffix)]
    return next((Path(stem + suffix) for suffix in _SIDECAR_SPELLINGS if os.path.isfile(stem + suffix)), None)


_SIDECAR_SPELLINGS = tuple(s for base in SIDECAR_SUFFIXES for s in (base, base.upper(), base.capitalize()))


def _sidecar_order(path: str) -> tuple:
    """Which of two sidecars of one name is read: .yaml before .yml (``sidecar_beside`` tries them so)."""
    return _suffix(path).lower() != ".yaml", path


def _attach_sidecars(corpus: Corpus, sidecars: dict[str, str]) -> None:
    """Give each readout its NAME.yaml (or .yml, in any case) sidecar (``sidecars``: real path -> rel).
    Of two sidecars of one name (a.yaml and a.yml), the .yaml is read and the other skipped, said so."""
    by_stem: dict[str, list[str]] = {}
    for path in sorted(sidecars, key=_sidecar_order):
        by_stem.setdefault(stem(path), []).append(path)
    for i, source in enumerate(corpus.readouts):
        found = by_stem.get(stem(source.file))
        if found:
            corpus.readouts[i] = SourceFile(*source[:5], Path(found[0]))
    for paths in by_stem.values():
        for extra in paths[1:]:
            corpus.sidecars.remove(sidecars[extra])
            corpus.skipped.append((sidecars[extra], f"a second sidecar of the same name; {sidecars[paths[0]]} is the "
                                                    "one read"))
