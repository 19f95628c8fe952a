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

Pagefind writes its filter indexes, and the list of them in its metadata file, in
the order of a hash map seeded at random (Pagefind issue #638), so two runs over
the same pages differed in those files and in the names that point to them.
``settle_order`` rewrites them in one order (filters and their values sorted) and
names them by their content, as Pagefind does. Pagefind also numbers the pages in
the order the file system lists them; two sites whose directories list the readouts
alike (the same names on the same file system) get the same bundle, byte for byte.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import shutil
import subprocess
import tempfile
import zlib
from pathlib import Path

import cbor2

from readout_site.errors import BuildError
from readout_site.write import Staging

log = logging.getLogger(__name__)

BUNDLE = "pagefind"
PAGES_GLOB = "readouts/*/index.html"


def index_site(staging: Staging, cache, fingerprints: dict[str, str]) -> None:
    """Write the Pagefind bundle for the readout pages in the staging site."""
    digest = _pages_digest(cache.pages_key, fingerprints)
    old = staging.out / BUNDLE
    if cache.pages.get(f"{BUNDLE}/") == digest and old.is_dir():
        for path in sorted(old.rglob("*")):
            if path.is_file():
                staging.keep(path.relative_to(staging.out).as_posix())
        cache.search_digest = digest
        return
    staging.clear(BUNDLE)  # Pagefind writes files in place: never into links to the live site
    pages = sum(1 for rel in fingerprints if rel.startswith("readouts/"))
    if pages:  # Pagefind refuses a site with no page to index
        _index(staging.dir, staging.dir / BUNDLE)
        settle_order(staging.dir / BUNDLE)
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
# file (``pagefind.<lang>_<hash>.pf_meta``) is a CBOR array whose fourth item lists the filters
# as ``[name, file hash]`` and whose fifth lists the sort orders as ``[name, [page numbers]]``;
# a filter file (``filter/<lang>_<hash>.pf_filter``) is ``[name, [[value, [page numbers]], ...]]``;
# ``pagefind-entry.json`` names the metadata file.

_MAGIC = b"pagefind_dcd"
_FILTERS, _SORTS = 3, 4  # places in the metadata array


def settle_order(bundle: Path) -> None:
    """Rewrite the filter indexes of ``bundle``, and the files that name them, in sorted order.

    Filters are taken by name, and each new file is named among the new ones only, so that
    which name a rare clash of hashes lengthens does not depend on Pagefind's order.
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
        filters = {}
        for name, old in sorted(meta[_FILTERS]):
            path = bundle / "filter" / f"{old}.pf_filter"
            filter_name, values = _read_index(path, pair=True)
            filters[name] = [filter_name, sorted(values)]
            path.unlink()
        taken: set[str] = set()
        meta[_FILTERS] = [[name, _write_index(bundle / "filter", "{}.pf_filter", data, language, 7, taken)]
                          for name, data in filters.items()]
        if isinstance(meta[_SORTS] if len(meta) > _SORTS else None, list):
            meta[_SORTS] = sorted(meta[_SORTS], key=lambda sort: str(sort[0]) if isinstance(sort, list) and sort else "")
        meta_path.unlink()
        info["hash"] = _write_index(bundle, "pagefind.{}.pf_meta", meta, language, 10, set())
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


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
    body = cbor2.dumps(data)
    digest = hashlib.sha256(body).hexdigest()
    name = f"{language}_{digest[:length]}"
    while name in taken and length < len(digest):
        length += 1
        name = f"{language}_{digest[:length]}"
    taken.add(name)
    (directory / pattern.format(name)).write_bytes(gzip.compress(_MAGIC + body, compresslevel=9, mtime=0))
    return name
