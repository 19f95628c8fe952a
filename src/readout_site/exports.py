"""Data exports: ``data/readouts.json``, ``data/readouts.csv``, ``data/participants.csv``.

CSV cells that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return) are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io

from readout_site import jsontext
from readout_site.archive import Archive
from readout_site.model import Record
from readout_site.urls import Urls

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A CSV cell that no spreadsheet evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _no_memo(kind, record, make):
    return make()


# ------------------------------------------------------------------ one readout's part of each file


def json_fragment(r: Record, urls: Urls) -> str:
    """The readout's object in ``readouts.json`` (without the raw text), indented as in the list."""
    data = r.to_dict()
    data.pop("text")
    data["url"] = urls.absolute(urls.readout(r.id))
    return jsontext.dumps(data, margin=" ")


def csv_fragment(r: Record, urls: Urls) -> str:
    """The readout's line in ``readouts.csv``."""
    return _csv_line((
        r.id, r.date, r.date_precision, r.kind, r.title_display,
        r.venue.city if r.venue else "", r.venue.country if r.venue else "",
        "; ".join(p.name for p in r.participants), "; ".join(r.countries),
        "; ".join(p.name for p in r.mentioned), "; ".join(r.topics), r.published,
        r.source.outlet, r.source.url, r.source_path, urls.absolute(urls.readout(r.id)), len(r.warnings),
    ))


def participants_fragment(r: Record, urls: Urls) -> str:
    """The readout's lines in ``participants.csv``, one per participant."""
    return "".join(
        _csv_line((r.id, r.date, p.name, p.role, p.country, r.kind, r.venue.city if r.venue else ""))
        for p in r.participants)


FRAGMENTS = {"json": json_fragment, "csv": csv_fragment, "participants": participants_fragment}
"""Each file's per-readout part, by the name the build cache keeps it under."""


# ------------------------------------------------------------------ the files


def readouts_json(archive: Archive, urls: Urls, memo=_no_memo) -> bytes:
    """All records (without the raw text) as a JSON list, one indented object per readout."""
    parts = [memo("json", r, lambda r=r: json_fragment(r, urls)) for r in archive.records]
    body = ",\n".join(parts)
    return (f"[\n{body}\n]\n" if parts else "[]\n").encode("utf-8")


def _csv_line(values) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([safe_cell(v) for v in values])
    return out.getvalue()


def readouts_csv(archive: Archive, urls: Urls, memo=_no_memo) -> bytes:
    """One row per readout."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "date", "date_precision", "kind", "title", "venue_city", "venue_country",
                     "participants", "countries", "mentioned", "topics", "published", "source_outlet",
                     "source_url", "source_path", "page_url", "warnings"])
    for r in archive.records:
        out.write(memo("csv", r, lambda r=r: csv_fragment(r, urls)))
    return out.getvalue().encode("utf-8")


def participants_csv(archive: Archive, urls: Urls, memo=_no_memo) -> bytes:
    """One row per participant of each readout."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["readout_id", "date", "name", "role", "country", "kind", "venue_city"])
    for r in archive.records:
        out.write(memo("participants", r, lambda r=r: participants_fragment(r, urls)))
    return out.getvalue().encode("utf-8")
