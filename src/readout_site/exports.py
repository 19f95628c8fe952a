"""Data exports: ``data/readouts.json``, ``data/readouts.csv``, ``data/participants.csv``.

CSV cells that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return) are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import json

from readout_site.archive import Archive
from readout_site.urls import Urls

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A CSV cell that no spreadsheet evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def readouts_json(archive: Archive, urls: Urls) -> bytes:
    items = []
    for r in archive.records:
        data = r.to_dict()
        data.pop("text")
        data["url"] = urls.absolute(urls.readout(r.id))
        items.append(data)
    return (json.dumps(items, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def readouts_csv(archive: Archive, urls: Urls) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "date", "date_precision", "kind", "title", "venue_city", "venue_country",
                     "participants", "countries", "mentioned", "topics", "published", "source_outlet",
                     "source_url", "source_path", "page_url", "warnings"])
    for r in archive.records:
        writer.writerow([safe_cell(v) for v in (
            r.id, r.date, r.date_precision, r.kind, r.title_display,
            r.venue.city if r.venue else "", r.venue.country if r.venue else "",
            "; ".join(p.name for p in r.participants), "; ".join(r.countries),
            "; ".join(p.name for p in r.mentioned), "; ".join(r.topics), r.published,
            r.source.outlet, r.source.url, r.source_path, urls.absolute(urls.readout(r.id)), len(r.warnings),
        )])
    return out.getvalue().encode("utf-8")


def participants_csv(archive: Archive) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["readout_id", "date", "name", "role", "country", "kind", "venue_city"])
    for r in archive.records:
        for p in r.participants:
            writer.writerow([safe_cell(v) for v in (
                r.id, r.date, p.name, p.role, p.country, r.kind, r.venue.city if r.venue else "")])
    return out.getvalue().encode("utf-8")
