"""The search index: Pagefind, through its Python API, at build time.

Pagefind indexes the readout pages of the new site (``readouts/*/index.html``),
reading only each page's ``data-pagefind-body`` (the readout's title and text,
not navigation or listing pages) and the hidden filter, metadata and sort fields
of ``partials/search_fields.html``: year, country, person, topic and kind, the
date and the participants. The bundle is written to ``pagefind/`` in the site and
served from the site itself. When no readout page changed since the last build,
the previous bundle is kept as it is.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import logging

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
    try:
        count = _run(_index(str(staging.dir), str(staging.dir / BUNDLE)))
    except Exception as exc:
        raise BuildError(f"the search index could not be built: {exc}") from exc
    staging.adopt(BUNDLE)
    log.debug("search index: %s pages", count)
    cache.search_digest = digest


def _run(coroutine):
    """Run a coroutine to the end, also when the caller's thread already runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _pages_digest(pages_key: str, fingerprints: dict[str, str]) -> str:
    """A digest of every readout page's inputs (templates and config are in ``pages_key``)."""
    h = hashlib.sha256(pages_key.encode())
    for rel in sorted(r for r in fingerprints if r.startswith("readouts/")):
        h.update(f"{rel}\0{fingerprints[rel]}\0".encode())
    return h.hexdigest()


async def _index(site: str, output_path: str) -> int:
    from pagefind.index import PagefindIndex

    async with PagefindIndex(config={"force_language": "en", "output_path": output_path}) as index:
        result = await index.add_directory(path=site, glob=PAGES_GLOB)
    return int(result.get("page_count", 0))
