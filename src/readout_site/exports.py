"""Data exports: ``data/readouts.json``, ``data/readouts.csv``, ``data/participants.csv``.

CSV cells that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return) are prefixed with an apostrophe.

Each file is a head, every readout's part and a tail (:class:`Shape`). A build that
changes a few readouts of a large archive splices the new file from the previous
one (``splice``): the unchanged runs of parts are copied from the old file, which
the cache describes (:class:`Layout`), and only the changed parts are new.
"""

from __future__ import annotations

import csv
import functools
import io
from array import array
from dataclasses import dataclass

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
        r.id, r.date, r.date_end, r.date_precision, r.date_note, r.kind, r.title_display,
        r.venue.city if r.venue else "", r.venue.country if r.venue else "",
        "; ".join(p.name for p in r.participants), "; ".join(r.countries),
        "; ".join(p.name for p in r.mentioned), "; ".join(r.topics), r.published,
        r.source.outlet, r.source.url, r.source_path, urls.absolute(urls.readout(r.id)), len(r.warnings),
    ))


def participants_fragment(r: Record, urls: Urls) -> bytes:
    """The readout's lines in ``participants.csv``, one per participant."""
    return b"".join(
        _csv_line((r.id, r.date, p.name, p.role, p.country, r.kind, r.venue.city if r.venue else "",
                   r.venue.country if r.venue else ""))
        for p in r.participants)


FRAGMENTS = {"json": json_fragment, "csv": csv_fragment, "participants": participants_fragment}
"""Each file's per-readout part, by the name the build cache keeps it under."""


# ------------------------------------------------------------------ the files


def _csv_line(values) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([safe_cell(v) for v in values])
    return out.getvalue().encode("utf-8")


@dataclass(frozen=True)
class Shape:
    """How a data file is put together: ``head``, every readout's part joined by ``sep``, ``tail``."""

    kind: str  # the name of its per-readout part (FRAGMENTS)
    head: bytes
    sep: bytes
    tail: bytes
    empty: bytes  # the whole file when there is no readout

    def whole(self, parts: list[bytes]) -> bytes:
        return self.head + self.sep.join(parts) + self.tail if parts else self.empty

    def spans(self, lengths) -> array:
        """Where parts of these ``lengths`` lie in the file: the start and end offset of each, in turn."""
        out, pos, sep = array("Q"), len(self.head) - len(self.sep), len(self.sep)
        for n in lengths:
            pos += sep
            out.append(pos)
            pos += n
            out.append(pos)
        return out


# The columns, as README.md ("Data exports") documents them.
_READOUT_COLUMNS = ["id", "date", "date_end", "date_precision", "date_note", "kind", "title", "venue_city",
                    "venue_country", "participants", "countries", "mentioned", "topics", "published",
                    "source_outlet", "source_url", "source_path", "page_url", "warning_count"]
_PARTICIPANT_COLUMNS = ["readout_id", "date", "name", "role", "country", "kind", "venue_city", "venue_country"]

SHAPES = {  # Urls attribute of the file -> its shape
    "data_json": Shape("json", b"[\n", b",\n", b"\n]\n", b"[]\n"),  # a JSON list, one readout's object per line
    "data_csv": Shape("csv", _csv_line(_READOUT_COLUMNS), b"", b"", _csv_line(_READOUT_COLUMNS)),
    "participants_csv": Shape("participants", _csv_line(_PARTICIPANT_COLUMNS), b"", b"",
                              _csv_line(_PARTICIPANT_COLUMNS)),
}


def whole_file(name: str, archive: Archive, urls: Urls, parts=None) -> bytes:
    """The data file ``name`` (a key of ``SHAPES``) made whole. ``parts(kind, make)``, when given,
    gives every readout's part in archive order (``BuildCache.parts``); else each is made now."""
    shape = SHAPES[name]
    make = functools.partial(FRAGMENTS[shape.kind], urls=urls)
    return shape.whole((parts or _made_now(archive.records))(shape.kind, make))


# ------------------------------------------------------------------ splicing from the last build's file


@dataclass(frozen=True)
class Layout:
    """Where each readout's part lies in a data file as a build wrote it (kept by the build cache)."""

    ids: tuple[str, ...]  # the readouts, in file order
    spans: array  # start and end offset of each one's part, in turn (Shape.spans)
    stamp: tuple | None = None  # write.file_stamp of the file once written; None: unknown


def splice(shape: Shape, parts: list, before: Layout) -> list:
    """The new file as pieces: bytes, or ``(start, end)`` ranges of the file ``before`` describes.

    ``parts``: each readout's part in the new order, as bytes when new, or as the number of
    its part in the old file when unchanged. Old parts that follow each other in both
    files are copied as one range, separators included.
    """
    if not parts:
        return [shape.empty]
    spans, sep = before.spans, shape.sep
    pieces: list = [shape.head]
    start = end = None  # the range of the old file being extended
    for k, part in enumerate(parts):
        if type(part) is int:
            s, e = spans[2 * part], spans[2 * part + 1]
            if end is not None and s == end + len(sep):
                end = e  # the old separator between the two is the new one
                continue
            if end is not None:
                pieces.append((start, end))
            if k:
                pieces.append(sep)
            start, end = s, e
            continue
        if end is not None:
            pieces.append((start, end))
            start = end = None
        pieces.append(sep + part if k else part)
    if end is not None:
        pieces.append((start, end))
    pieces.append(shape.tail)
    merged: list = []
    for piece in pieces:
        if type(piece) is bytes and merged and type(merged[-1]) is bytes:
            merged[-1] += piece
        elif piece != b"":
            merged.append(piece)
    return merged
