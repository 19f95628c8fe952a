"""Stage one of the pipeline: find the files of a corpus.

Every file under the corpus ends up in exactly one list: readouts to load,
sidecars and lexicon files (read with their readout or with the lexicon), or
skipped with a reason (hidden and editor backup files, symlinks that lead out of
the corpus, files of other types). Nothing is dropped without a word.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path


log = logging.getLogger(__name__)

LEXICON_DIR = "_lexicon"
READOUT_SUFFIXES = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}
SIDECAR_SUFFIXES = (".yaml", ".yml")
_BACKUP_SUFFIXES = (".bak", ".swp", ".swo", ".tmp", ".orig", ".rej", ".part", ".crdownload")


@dataclass(frozen=True)
class SourceFile:
    """A readout file in the corpus."""

    path: Path  # absolute path
    rel: str  # path relative to the corpus, "/" separators
    size: int  # bytes
    mtime_ns: int  # modification time
    sidecar: Path | None = None  # NAME.yaml beside it, if any


@dataclass
class Corpus:
    """What a corpus directory holds."""

    root: Path  # the corpus directory (absolute)
    readouts: list[SourceFile] = field(default_factory=list)  # sorted by rel
    sidecars: list[str] = field(default_factory=list)  # rel paths of NAME.yaml beside a readout
    lexicon_files: list[Path] = field(default_factory=list)  # _lexicon/*.yaml
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (rel, reason)


def scan(root: Path, paths: list[Path] | None = None) -> Corpus:
    """Scan ``root`` (or only ``paths`` inside it: files or directories)."""
    root = root.resolve()
    corpus = Corpus(root=root)
    files: list[tuple[Path, str]] = []
    for start in paths or [root]:
        start = start if start.is_absolute() else Path.cwd() / start
        if start.is_file() or start.is_symlink() and not start.is_dir():
            files.append((start, _rel(start, root)))
        else:
            files.extend(_walk(start, root, corpus))
    stems = {}
    for path, rel in files:
        if path.suffix.lower() in READOUT_SUFFIXES:
            stems.setdefault(str(path.with_suffix("")), []).append(rel)
    for path, rel in sorted(files, key=lambda x: x[1]):
        _classify(path, rel, root, corpus, stems)
    sidecars = {str(corpus.root / rel) for rel in corpus.sidecars}
    for i, source in enumerate(corpus.readouts):
        for suffix in SIDECAR_SUFFIXES:
            candidate = str(source.path.with_suffix(suffix))
            if candidate in sidecars:
                corpus.readouts[i] = SourceFile(source.path, source.rel, source.size, source.mtime_ns, Path(candidate))
                break
    corpus.readouts.sort(key=lambda s: s.rel)
    return corpus


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _walk(start: Path, root: Path, corpus: Corpus):
    for dirpath, dirnames, filenames in os.walk(start, followlinks=False):
        here = Path(dirpath)
        kept = []
        for d in sorted(dirnames):
            rel = _rel(here / d, root)
            if d.startswith("."):
                corpus.skipped.append((rel + "/", "hidden directory"))
            elif (here / d).is_symlink():
                corpus.skipped.append((rel + "/", "symbolic link to a directory (not followed)"))
            else:
                kept.append(d)
        dirnames[:] = kept
        for name in sorted(filenames):
            yield here / name, _rel(here / name, root)


def _classify(path: Path, rel: str, root: Path, corpus: Corpus, stems: dict) -> None:
    name = path.name
    parts = rel.split("/")
    if name.startswith(".") or any(p.startswith(".") for p in parts[:-1]):
        corpus.skipped.append((rel, "hidden file"))
        return
    if name.endswith("~") or name.lower().endswith(_BACKUP_SUFFIXES) or (name.startswith("#") and name.endswith("#")):
        corpus.skipped.append((rel, "editor backup or temporary file"))
        return
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(root):
            corpus.skipped.append((rel, "symbolic link that leads out of the corpus (not followed)"))
            return
        if not target.is_file():
            corpus.skipped.append((rel, "broken symbolic link"))
            return
    if not path.is_file():
        corpus.skipped.append((rel, "not a regular file"))
        return
    suffix = path.suffix.lower()
    if parts[0] == LEXICON_DIR:
        if suffix in SIDECAR_SUFFIXES:
            corpus.lexicon_files.append(path)
        else:
            corpus.skipped.append((rel, "not a YAML lexicon file"))
        return
    if suffix in READOUT_SUFFIXES:
        stat = path.stat()
        corpus.readouts.append(SourceFile(path=path, rel=rel, size=stat.st_size, mtime_ns=stat.st_mtime_ns))
        return
    if suffix in SIDECAR_SUFFIXES and str(path.with_suffix("")) in stems:
        corpus.sidecars.append(rel)
        return
    if suffix in SIDECAR_SUFFIXES:
        corpus.skipped.append((rel, "YAML file with no readout of the same name beside it (not a sidecar)"))
        return
    corpus.skipped.append((rel, f"not a readout ({path.suffix or 'no extension'}; readouts are "
                                f"{', '.join(sorted(READOUT_SUFFIXES))})"))
