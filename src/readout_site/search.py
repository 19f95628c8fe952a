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
names them by their content, as Pagefind does: the same pages give the same bundle.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import subprocess
import tempfile
from pathlib import Path

import cbor2

from readout_site import linux
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
        try:
            settle_order(staging.dir / BUNDLE)
        except (OSError, ValueError, LookupError, TypeError, EOFError, cbor2.CBORDecodeError) as exc:
            raise BuildError(f"the search index Pagefind wrote could not be read: {exc}") from exc
        staging.adopt(BUNDLE)
    log.debug("search index: %s pages", pages)
    cache.search_digest = digest


def _pages_digest(pages_key: str, fingerprints: dict[str, str]) -> str:
    """A digest of every readout page's inputs (templates and config are in ``pages_key``)."""
    h = hashlib.sha256(pages_key.encode())
    for rel in sorted(r for r in fingerprints if r.startswith("readouts/")):
        h.update(f"{rel}\0{fingerprints[rel]}\0".encode())
    return h.hexdigest()


def _index(site: Path, bundle: Path) -> None:
    """Index the readout pages of ``site`` into ``bundle``; returns when the indexer has exited."""
    from pagefind_bin import get_executable

    command = [str(get_executable()), "--site", str(site), "--glob", PAGES_GLOB,
               "--output-path", str(bundle), "--force-language", "en", "--silent"]
    env = {key: value for key, value in os.environ.items() if not key.startswith("PAGEFIND_")}
    # Pagefind also reads pagefind.yml (and .json, .toml) from its working directory: give it an empty one.
    with tempfile.TemporaryDirectory(prefix="readout-site-search-") as cwd:
        try:
            done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                                  errors="replace", preexec_fn=linux.death_signal_setter())
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
# as ``[name, file hash]``; a filter file (``filter/<lang>_<hash>.pf_filter``) is
# ``[name, [[value, [page numbers]], ...]]``; ``pagefind-entry.json`` names the metadata file.

_MAGIC = b"pagefind_dcd"
_FILTERS = 3  # the filters' place in the metadata array


def settle_order(bundle: Path) -> None:
    """Rewrite the filter indexes of ``bundle``, and the files that name them, in sorted order."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in sorted(entry.get("languages", {}).items()):
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read_index(meta_path)
        if not _has_filter_list(meta):
            log.warning("%s: not the metadata layout this version expects; its filters keep Pagefind's order",
                        meta_path)
            continue
        filters = []
        for name, old in meta[_FILTERS]:
            filters.append([name, _sorted_filter(bundle / "filter", old, language)])
        meta[_FILTERS] = sorted(filters)
        info["hash"] = _write_index(bundle, "pagefind.{}.pf_meta", meta, language, 10, meta_path)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _has_filter_list(meta) -> bool:
    return (isinstance(meta, list) and len(meta) > _FILTERS and isinstance(meta[_FILTERS], list)
            and all(isinstance(f, list) and len(f) == 2 and all(isinstance(x, str) for x in f)
                    for f in meta[_FILTERS]))


def _sorted_filter(directory: Path, old_hash: str, language: str) -> str:
    """Rewrite one filter index with its values in sorted order; its new hash."""
    path = directory / f"{old_hash}.pf_filter"
    name, values = _read_index(path)
    return _write_index(directory, "{}.pf_filter", [name, sorted(values)], language, 7, path)


def _read_index(path: Path):
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_MAGIC):
        raise BuildError(f"{path}: not a Pagefind index file")
    return cbor2.loads(raw[len(_MAGIC):])


def _write_index(directory: Path, pattern: str, data, language: str, length: int, old: Path) -> str:
    """Write ``data`` as an index file named by its content's hash (``pattern`` takes ``<lang>_<hash>``)
    in place of ``old``; the new hash."""
    body = cbor2.dumps(data)
    digest = hashlib.sha256(body).hexdigest()
    while True:  # a longer hash where another file of the bundle already has this name
        name = f"{language}_{digest[:length]}"
        path = directory / pattern.format(name)
        if path == old or not path.exists():
            break
        length += 1
    old.unlink()
    path.write_bytes(gzip.compress(_MAGIC + body, compresslevel=9, mtime=0))
    return name
