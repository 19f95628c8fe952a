"""The search index: Pagefind, through its Python API, at build time.

Each readout becomes one record: its title and text (not navigation or listing
pages), with filters for year, country, person, topic and kind, a date sort key,
and the date and participants as metadata for the result list. The bundle is
written to ``pagefind/`` in the site, served from the site itself. When no
readout changed since the last build, the previous bundle is kept as it is.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging

from readout_site.archive import Archive
from readout_site.errors import BuildError
from readout_site.render import KIND_LABELS, date_display
from readout_site.urls import Urls
from readout_site.write import Staging

log = logging.getLogger(__name__)

BUNDLE = "pagefind"


def index_site(staging: Staging, archive: Archive, urls: Urls, cache) -> None:
    """Write the Pagefind bundle for ``archive`` into the staging site."""
    items = [_item(archive, urls, r) for r in archive.records]
    digest = hashlib.sha256(repr((urls.base_path, items)).encode()).hexdigest()
    old = staging.out / BUNDLE
    if cache.pages.get(f"{BUNDLE}/") == digest and old.is_dir():
        for path in sorted(old.rglob("*")):
            if path.is_file():
                staging.keep(path.relative_to(staging.out).as_posix())
        cache.search_digest = digest
        return
    target = staging.target(BUNDLE)
    try:
        asyncio.run(_write(items, str(target)))
    except Exception as exc:
        raise BuildError(f"the search index could not be built: {exc}") from exc
    cache.search_digest = digest


def _item(archive: Archive, urls: Urls, record) -> dict:
    return {
        "url": urls.href(urls.readout(record.id)),
        "content": "\n".join([record.title_display, *record.body]),
        "meta": {
            "title": record.title_display,
            "date": date_display(record),
            "participants": "; ".join(
                p.name + (f" ({p.country})" if p.country else "") for p in record.participants
            ),
            "kind": KIND_LABELS.get(record.kind, record.kind),
        },
        "filters": {
            "year": [str(record.year)] if record.year else ["Undated"],
            "country": list(archive.interlocutors(record)) or list(record.countries),
            "person": [p.name for p in record.participants],
            "topic": [archive.topics[t].label for t in record.topics if t in archive.topics],
            "kind": [KIND_LABELS.get(record.kind, record.kind)],
        },
        "sort": {"date": record.date or "0000"},
    }


async def _write(items: list[dict], output_path: str) -> None:
    from pagefind.index import PagefindIndex

    async with PagefindIndex(config={"force_language": "en", "output_path": output_path}) as index:
        for item in items:
            await index.add_custom_record(language="en", **item)
