"""Data exports: ``data/readouts.json``, ``data/readouts.csv``, ``data/participants.csv``.

CSV cells that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return) are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import functools
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


def _made_now(records):
    """``parts(kind, make)`` without a cache: every readout's part made now."""
    return lambda kind, make: [make(r) for r in records]


# ------------------------------------------------------------------ one readout's part of each file
#
# Parts are UTF-8 bytes, as the files hold them: a file is then their concatenation,
# with nothing to encode again (``readouts.json`` of 10,000 readouts is 26 MB), and the
# build cache keeps them as bytes, which it reads back without decoding.


def json_fragment(r: Record, urls: Urls) -> bytes:
    """The readout's object in ``readouts.json`` (without the raw text), on one line."""
    data = r.to_dict()
    data.pop("text")
    data["url"] = urls.absolute(urls.readout(r.id))
    return jsontext.dumps(data).encode("utf-8")


def csv_fragment(r: Record, urls: Urls) -> bytes:
    """The readout's line in ``readouts.csv``."""
    return _csv_line((
        r.id, r.date, r.date_precision, r.kind, r.title_display,
        r.venue.city if r.venue else "", r.venue.country if r.venue else "",
        "; ".join(p.name for p in r.participants), "; ".join(r.countries),
        "; ".join(p.name for p in r.mentioned), "; ".join(r.topics), r.published,
        r.source.outlet, r.source.url, r.source_path, urls.absolute(urls.readout(r.id)), len(r.warnings),
    ))


def participants_fragment(r: Record, urls: Urls) -> bytes:
    """The readout's lines in ``participants.csv``, one per participant."""
    return b"".join(
        _csv_line((r.id, r.date, p.name, p.role, p.country, r.kind, r.venue.city if r.venue else ""))
        for p in r.participants)


FRAGMENTS = {"json": json_fragment, "csv": csv_fragment, "participants": participants_fragment}
"""Each file's per-readout part, by the name the build cache keeps it under."""


# ------------------------------------------------------------------ the files


def readouts_json(archive: Archive, urls: Urls, parts=None) -> bytes:
    """All records (without the raw text) as a JSON list, one readout's object per line.

    ``parts(kind, make)``: every readout's part of a file, in archive order (see ``FRAGMENTS``).
    """
    parts = (parts or _made_now(archive.records))("json", functools.partial(json_fragment, urls=urls))
    return b"[\n" + b",\n".join(parts) + b"\n]\n" if parts else b"[]\n"


def _csv_line(values) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([safe_cell(v) for v in values])
    return out.getvalue().encode("utf-8")


def readouts_csv(archive: Archive, urls: Urls, parts=None) -> bytes:
    """One row per readout."""
    header = _csv_line(["id", "date", "date_precision", "kind", "title", "venue_city", "venue_country",
                        "participants", "countries", "mentioned", "topics", "published", "source_outlet",
                        "source_url", "source_path", "page_url", "warnings"])
    return header + b"".join((parts or _made_now(archive.records))("csv", functools.partial(csv_fragment, urls=urls)))


def participants_csv(archive: Archive, urls: Urls, parts=None) -> bytes:
    """One row per participant of each readout."""
    header = _csv_line(["readout_id", "date", "name", "role", "country", "kind", "venue_city"])
    return header + b"".join((parts or _made_now(archive.records))(
        "participants", functools.partial(participants_fragment, urls=urls)))
