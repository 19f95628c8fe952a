"""The search index: Pagefind's indexer, run over the new site at build time.

Pagefind indexes the readout pages of the new site (``readouts/*/index.html``),
reading only each page's ``data-pagefind-body`` (the readout's title and text,
not navigation or listing pages) and the hidden filter, metadata and sort fields
of ``partials/search_fields.html``: year, country, person, topic and kind, the
date and the participants. The bundle is written to ``pagefind/`` in the site and
served from the site itself. When no readout page changed since the last build,
the previous bundle is kept as it is; an archive without readouts has no bundle
(its search page says so).

The indexer is Pagefind's command-line program (from the ``pagefind_bin``
package), run to its end: its exit is the only sign that every file of the bundle
is whole. (Pagefind's service mode, behind its Python API, answers "written"
while its writes may still be under way, and is then stopped by a signal: a file
of the bundle could be cut short.)

Pagefind numbers the pages in the order the file system lists their directories
(which differs between file systems, and on tmpfs follows the order they were made
in), and writes its filter indexes, and the list of them in its metadata file, in
the order of a hash map seeded at random (Pagefind issue #638). ``settle_order``
renumbers the pages in the order of their fragments' names, rewrites every list of
page numbers to match, sorts the filters and their values, and names the files it
rewrites by their content: the same pages give the same bundle, byte for byte.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import itertools
import json
import logging
import os
import shutil
import subprocess
import tempfile
import zlib
from pathlib import Path

import cbor2

from readout_site import parallel
from readout_site.errors import BuildError
from readout_site.write import Staging

log = logging.getLogger(__name__)

BUNDLE = "pagefind"
PAGES_GLOB = "readouts/*/index.html"


def index_site(staging: Staging, cache, fingerprints: dict[str, str], jobs: int | None = None) -> None:
    """Write the Pagefind bundle for the readout pages in the staging site."""
    digest = _pages_digest(cache.pages_key, fingerprints)
    old = staging.out / BUNDLE
    if cache.pages.get(f"{BUNDLE}/") == digest and old.is_dir():  # kept before stale files go: it is not stale
        for path in sorted(old.rglob("*")):
            if path.is_file():
                staging.keep(path.relative_to(staging.out).as_posix())
        cache.search_digest = digest
        return
    staging.remove_stale()  # the indexer reads every readout page in the staging tree: none of a removed one
    staging.clear(BUNDLE)  # Pagefind writes files in place: never into links to the live site
    pages = sum(1 for rel in fingerprints if rel.startswith("readouts/"))
    if pages:  # Pagefind refuses a site with no page to index
        _index(staging.dir, staging.dir / BUNDLE)
        settle_order(staging.dir / BUNDLE, jobs)
        staging.adopt(BUNDLE)
    log.debug("search index: %s pages", pages)
    cache.search_digest = digest


def _indexer() -> str:
    """The Pagefind program of the pagefind-bin package."""
    try:
        from pagefind_bin import get_executable

        return str(get_executable())
    except (ImportError, OSError) as exc:
        raise BuildError(f"the search index needs Pagefind (the pagefind-bin package): {exc}") from exc


def _pages_digest(pages_key: str, fingerprints: dict[str, str]) -> str:
    """A digest of every readout page's inputs (templates and config are in ``pages_key``)."""
    h = hashlib.sha256(pages_key.encode())
    for rel in sorted(r for r in fingerprints if r.startswith("readouts/")):
        h.update(f"{rel}\0{fingerprints[rel]}\0".encode())
    return h.hexdigest()


def _index(site: Path, bundle: Path) -> None:
    """Index the readout pages of ``site`` into ``bundle``; returns when the indexer has exited."""
    command = [_indexer(), "--site", str(site), "--glob", PAGES_GLOB,
               "--output-path", str(bundle), "--force-language", "en", "--silent"]
    setpriv = shutil.which("setpriv")  # util-linux: the indexer dies with the build (kill -9 included)
    if setpriv:
        command = [setpriv, "--pdeathsig", "KILL", "--", *command]
    env = {key: value for key, value in os.environ.items() if not key.startswith("PAGEFIND_")}
    # Pagefind also reads pagefind.yml (and .json, .toml) from its working directory: give it an empty one.
    with tempfile.TemporaryDirectory(prefix="readout-site-search-") as cwd:
        try:
            done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, errors="replace")
        except OSError as exc:
            raise BuildError(f"the search index could not be built: {exc}") from exc
    if done.returncode != 0:
        said = (done.stderr.strip() or done.stdout.strip() or "no message").splitlines()
        raise BuildError(f"the search index could not be built (Pagefind exited with {done.returncode}): "
                         + " ".join(said[-3:]))


# ------------------------------------------------------------------ one order for the bundle
#
# Pagefind's index files are gzip streams of b"pagefind_dcd" followed by CBOR. The metadata
# file (``pagefind.<lang>_<hash>.pf_meta``) is a CBOR array: its second item lists the pages
# as ``[fragment hash, word count]`` (a page's number is its place there), its third the word
# index files as ``[first word, last word, file hash]``, its fourth the filters as ``[name, file
# hash]`` and its fifth the sort orders as ``[name, [page numbers]]``. A word index file
# (``index/<lang>_<hash>.pf_index``) is ``[[[word, [[page, locations, meta locations], ...],
# [[variant, [pages as before]], ...]], ...]]``, each word's page numbers in increasing order and
# written as the difference from the one before; a filter file (``filter/<lang>_<hash>.pf_filter``)
# is ``[name, [[value, [page numbers]], ...]]``; a fragment (``fragment/<lang>_<hash>.pf_fragment``)
# is one page's JSON, named by its SHA-1; ``pagefind-entry.json`` names the metadata file.

_MAGIC = b"pagefind_dcd"
_PAGES, _CHUNKS, _FILTERS, _SORTS = 1, 2, 3, 4  # places in the metadata array
_SHORT = 7  # hex digits in the name Pagefind gives a file, unless two files' names would clash


def settle_order(bundle: Path, jobs: int | None = None) -> None:
    """Rewrite ``bundle`` so that it depends on the pages alone, not on the order Pagefind met them.

    Pagefind numbers the pages in the order the file system lists their directories,
    which differs between file systems (and on tmpfs follows creation order), and lists
    filters in hash-map order. Here the pages are numbered in the order of their fragments'
    names (hashes of their content), every list of page numbers follows that numbering,
    filters are sorted, and each rewritten file is named by its content; fragments whose
    short names clashed are named in the order of their full hashes.
    """
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        languages = sorted(entry["languages"].items())
        metas = {language: info["hash"] for language, info in languages}
    except (OSError, ValueError, LookupError, TypeError, AttributeError) as exc:
        raise BuildError(f"{entry_path}: not a Pagefind entry file this version can read: {exc}") from exc
    for language, info in languages:
        meta_path = bundle / f"pagefind.{metas[language]}.pf_meta"
        meta = _read_index(meta_path)
        if not _has_filter_list(meta):
            log.warning("%s: not the metadata layout this version expects; its filters keep Pagefind's order",
                        meta_path)
            continue
        read = {name: (bundle / "filter" / f"{old}.pf_filter") for name, old in sorted(meta[_FILTERS])}
        read = {name: (path, _read_index(path, pair=True)) for name, path in read.items()}
        count = len(meta[_PAGES]) if isinstance(meta[_PAGES], list) else 0
        numbered = all(isinstance(v, list) and len(v) == 2 and isinstance(v[1], list) and
                       all(type(p) is int and 0 <= p < count for p in v[1]) for _, (_, values) in read.values()
                       for v in values)
        new_number = _renumber_pages(bundle, meta, language, jobs) if numbered else None
        if new_number is None:
            log.warning("%s: not the page layout this version expects; pages keep Pagefind's numbers", meta_path)
        filters = {}
        for name, (path, (filter_name, values)) in read.items():
            if new_number is not None:
                values = [[value, sorted(new_number[p] for p in pages)] for value, pages in values]
            filters[name] = [filter_name, sorted(values)]
            path.unlink()
        taken: set[str] = set()
        meta[_FILTERS] = [[name, _write_index(bundle / "filter", "{}.pf_filter", data, language, _SHORT, taken)]
                          for name, data in filters.items()]
        if isinstance(meta[_SORTS] if len(meta) > _SORTS else None, list):
            meta[_SORTS] = sorted(meta[_SORTS], key=lambda sort: str(sort[0]) if isinstance(sort, list) and sort else "")
        meta_path.unlink()
        info["hash"] = _write_index(bundle, "pagefind.{}.pf_meta", meta, language, 10, set())
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _renumber_pages(bundle: Path, meta: list, language: str, jobs: int | None = None) -> list[int] | None:
    """Number the pages of ``meta`` in the order of their fragments' names, and rewrite the word
    indexes and sort orders to match; ``[new number of each old number]``, or None (and nothing
    changed) when the bundle is not laid out as expected. Filters are left to the caller."""
    pages, chunks = meta[_PAGES], meta[_CHUNKS]
    if not (isinstance(pages, list) and all(isinstance(p, list) and p and isinstance(p[0], str) for p in pages)
            and isinstance(chunks, list) and all(isinstance(c, list) and len(c) == 3 for c in chunks)):
        return None
    names = _settled_fragment_names(bundle, [p[0] for p in pages], language)
    order = sorted(range(len(pages)), key=names.__getitem__)
    new_number = [0] * len(pages)
    for new, old in enumerate(order):
        new_number[old] = new
    paths = [bundle / "index" / f"{chunk[2]}.pf_index" for chunk in chunks]
    rewritten = parallel.each_in_parallel(paths, functools.partial(_renumbered_index, new_number=new_number), jobs,
                                          at_least=4)  # a small site's one or two files: no processes to start
    if None in rewritten:
        return None
    sorts = meta[_SORTS] if len(meta) > _SORTS else []
    if not (isinstance(sorts, list) and all(isinstance(s, list) and len(s) == 2 and isinstance(s[1], list) and
                                            all(type(p) is int and 0 <= p < len(pages) for p in s[1]) for s in sorts)):
        return None
    _rename_fragments(bundle, [p[0] for p in pages], names)  # from here on, the bundle changes
    meta[_PAGES] = [[names[old], *pages[old][1:]] for old in order]
    for sort in sorts:
        sort[1] = [new_number[p] for p in sort[1]]  # in the order of the sort's values, as Pagefind made it
    for path in paths:  # all gone before any is written: a new name may be an old one
        path.unlink()
    taken: set[str] = set()
    for chunk, (digest, packed) in zip(chunks, rewritten):
        chunk[2] = _place_index(bundle / "index", "{}.pf_index", digest, packed, language, _SHORT, taken)
    return new_number


def _renumbered_index(path: Path, new_number: list[int]) -> tuple[str, bytes] | None:
    """A word index file with its pages renumbered, encoded (see ``_encoded``); None when it is not
    laid out as expected. Runs on every core: a word index holds most of a bundle's bytes."""
    try:
        (entries,) = _read_index(path)
        return _encoded([[_renumbered_word(word, new_number) for word in entries]])
    except (TypeError, ValueError, IndexError):
        return None


def _renumbered_word(word: list, new_number: list[int]) -> list:
    """A word index entry with its page numbers (and its variants') renumbered."""
    text, pages, *rest = word
    if not isinstance(text, str) or len(rest) > 1:
        raise ValueError("not a word entry")
    variants = rest[0] if rest else []
    return [text, _renumbered_pages(pages, new_number),
            *([[[form, _renumbered_pages(found, new_number)] for form, found in variants]] if rest else [])]


def _renumbered_pages(pages: list, new_number: list[int]) -> list:
    """``[[page, ...], ...]`` with pages written as differences: renumbered, in the new order, written
    again as differences (the entries are changed in place; a word lists thousands of pages)."""
    old = list(itertools.accumulate(page[0] for page in pages))
    if old and (min(old) < 0 or old[-1] >= len(new_number)):
        raise ValueError("a page number is not in the index")
    new = list(map(new_number.__getitem__, old))
    order = sorted(range(len(pages)), key=new.__getitem__)
    numbers = [new[i] for i in order]
    out = [pages[i] for i in order]
    for page, number, before in zip(out, numbers, [0, *numbers]):
        page[0] = number - before
    return out


def _settled_fragment_names(bundle: Path, names: list[str], language: str) -> list[str]:
    """The pages' fragment names, those Pagefind lengthened to keep them apart given again in the
    order of the fragments' full hashes (Pagefind lengthens the one it met second)."""
    short = len(language) + 1 + _SHORT
    clashed = {name[:short] for name in names if len(name) > short}
    if not clashed:
        return list(names)
    settled, taken, group = list(names), {n for n in names if n[:short] not in clashed}, []
    for i, name in enumerate(names):
        if name[:short] in clashed:
            raw = gzip.decompress((bundle / "fragment" / f"{name}.pf_fragment").read_bytes())
            group.append((f"{language}_" + "".join(f"{b:x}" for b in hashlib.sha1(raw[len(_MAGIC):]).digest()), i))
    for full, i in sorted(group):
        settled[i] = _first_free(full, short, taken)
    return settled


def _rename_fragments(bundle: Path, old: list[str], new: list[str]) -> None:
    """Give fragments their settled names (through temporary ones: two may swap names)."""
    moved = [(a, b) for a, b in zip(old, new) if a != b]
    directory = bundle / "fragment"
    for a, _ in moved:
        os.replace(directory / f"{a}.pf_fragment", directory / f"{a}.pf_fragment.moving")
    for a, b in moved:
        os.replace(directory / f"{a}.pf_fragment.moving", directory / f"{b}.pf_fragment")


def _has_filter_list(meta) -> bool:
    return (isinstance(meta, list) and len(meta) > _FILTERS and isinstance(meta[_FILTERS], list)
            and all(isinstance(f, list) and len(f) == 2 and all(isinstance(x, str) for x in f)
                    for f in meta[_FILTERS]))


def _read_index(path: Path, pair: bool = False):
    """The CBOR data of one of Pagefind's index files (``pair``: a two-item array)."""
    try:
        raw = gzip.decompress(path.read_bytes())
        if not raw.startswith(_MAGIC):
            raise ValueError("it does not start as Pagefind's index files do")
        data = cbor2.loads(raw[len(_MAGIC):])
        if pair and not (isinstance(data, list) and len(data) == 2 and isinstance(data[1], list)):
            raise ValueError("not a filter index")
        return data
    except (OSError, EOFError, ValueError, zlib.error, cbor2.CBORDecodeError) as exc:
        raise BuildError(f"{path}: a search index file Pagefind wrote could not be read: {exc}") from exc


def _write_index(directory: Path, pattern: str, data, language: str, length: int, taken: set[str]) -> str:
    """Write ``data`` as an index file named by its content's hash (``pattern`` takes ``<lang>_<hash>``),
    longer than ``length`` digits where a name in ``taken`` has it; the name, now taken."""
    return _place_index(directory, pattern, *_encoded(data), language, length, taken)


def _encoded(data) -> tuple[str, bytes]:
    """``(digest of the CBOR, the file's bytes)`` of an index file holding ``data``."""
    body = cbor2.dumps(data)
    return hashlib.sha256(body).hexdigest(), gzip.compress(_MAGIC + body, mtime=0, compresslevel=6)


def _place_index(directory: Path, pattern: str, digest: str, packed: bytes, language: str, length: int,
                 taken: set[str]) -> str:
    """Write an encoded index file under the name its digest gives (see ``_write_index``); the name."""
    name = _first_free(f"{language}_{digest}", len(language) + 1 + length, taken)
    (directory / pattern.format(name)).write_bytes(packed)
    return name


def _first_free(full: str, length: int, taken: set[str]) -> str:
    """The shortest start of ``full``, of ``length`` characters or more, not in ``taken`` (as Pagefind
    lengthens a clashing name), now taken."""
    while full[:length] in taken and length < len(full):
        length += 1
    taken.add(full[:length])
    return full[:length]
