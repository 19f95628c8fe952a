"""The normalised record of one readout, and its parts.

Every record is plain, frozen data. Records refer to each other only by key
(``Record.id``, person and country slugs), never by holding one another.
``Record.to_dict`` gives the JSON shape used by ``readout-site extract`` and the
data exports; the field comments below are the reference for that shape.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field

KINDS = ("meeting", "phone_call", "video_call", "talks", "visit", "other")
"""The kinds of event a readout reports, from most to least specific."""

DATE_PRECISIONS = ("day", "month", "year", "unknown")


@dataclass(frozen=True)
class Person:
    """A person named in a readout."""

    name: str  # the name as the lexicon spells it, or as printed when unknown
    role: str | None  # the office as the text (or lexicon, at the event date) gives it
    country: str | None  # the country the person represents (canonical English name)


@dataclass(frozen=True)
class Venue:
    """Where a meeting took place."""

    city: str | None  # canonical city name, None when only the country is known
    country: str | None  # canonical country name of that city


@dataclass(frozen=True)
class Source:
    """Where the readout was published, as far as the file says."""

    outlet: str | None  # "Xinhua", "Ministry of Foreign Affairs", a domain name...
    url: str | None  # the original URL, when the file gives one


@dataclass(frozen=True)
class Evidence:
    """The sentence each extracted field came from (None where nothing was found)."""

    date: str | None = None  # the phrase or line that gave the date
    kind: str | None = None  # the sentence that names the kind of event
    venue: str | None = None  # the sentence that names the place
    participants: tuple[str, ...] = ()  # one sentence per participant, same order


@dataclass(frozen=True)
class Record:
    """One readout, normalised."""

    id: str  # stable slug, unique in the archive: "2020-09-13-kyrgyz-president-..."
    source_path: str  # the file, relative to the corpus, with "/" separators
    format: str  # "txt", "html" or "md"
    encoding: str  # the encoding the file was decoded with
    title: str  # the headline as printed
    title_display: str  # the headline in title case when printed in capitals, else as printed
    date: str | None  # ISO date of the event (first day of a range); None when unknown
    date_end: str | None  # last day of a multi-day event, else None
    date_precision: str  # one of DATE_PRECISIONS
    date_note: str | None  # how the date was derived when the text does not write it in full
    published: str | None  # ISO publication date, when the file gives one
    kind: str  # one of KINDS
    venue: Venue | None  # None for calls or when no place is stated
    participants: tuple[Person, ...]  # the people who took part
    mentioned: tuple[Person, ...]  # people only named in the text
    countries: tuple[str, ...]  # countries represented by participants, in order of appearance
    topics: tuple[str, ...]  # topic slugs from the vocabulary, sorted
    source: Source  # outlet and original URL
    body: tuple[str, ...]  # the readout's paragraphs as plain text, page chrome removed
    body_html: str | None  # sanitised HTML of a Markdown body (None for text and HTML sources)
    text: str  # the whole file as decoded (normalised newlines), nothing removed
    evidence: Evidence  # sentences supporting date, kind, venue and participants
    warnings: tuple[str, ...] = field(default=())  # what the loader was unsure of

    def __post_init__(self) -> None:
        # ``year``: the event's year, or None when unknown. Not a field (it follows from the date) and
        # not a property: it is read hundreds of thousands of times in a build of a large archive.
        year = int(self.date[:4]) if self.date and self.date_precision != "unknown" else None
        object.__setattr__(self, "year", year)

    # Pickled (the build cache, worker processes), a record keeps the fields most of a build reads
    # as they are, and the rest (``UNREAD``: the text, the body, the evidence...) as one blob of
    # bytes, unpickled on first use (``_Unread``): a rebuild that changes one readout of 10,000
    # shows the text of a few dozen, and unpickling every record whole took a third longer.
    # The fields kept go as one tuple, made a record again by one call (``_unpickled``): as a
    # dataclass's state, a dict pickled key by key, reading 10,000 back took twice as long.

    def __reduce__(self):
        fields = self.__dict__
        blob = fields.get(_BLOB)
        if blob is None:  # made here, not unpickled: every field is in the instance
            blob = pickle.dumps(tuple(fields[name] for name in UNREAD), protocol=pickle.HIGHEST_PROTOCOL)
        return _unpickled, (tuple(fields[name] for name in _KEPT), blob)

    def with_changes(self, **changes) -> "Record":
        """A copy with ``changes`` (fields that are not in ``UNREAD``), the blob left as it is."""
        if not changes.keys().isdisjoint(_UNREAD_SET) or not changes.keys() <= self.__dataclass_fields__.keys():
            raise TypeError(f"with_changes takes fields outside UNREAD, not {sorted(changes)}")
        copy = object.__new__(Record)
        copy.__dict__.update(self.__dict__)
        copy.__dict__.update(changes)
        copy.__post_init__()  # the year, should the date have changed
        return copy

    def to_dict(self) -> dict:
        """The JSON shape of the record: plain dicts and lists, in field order."""
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["venue"] = _plain(self.venue)
        data["participants"] = [_plain(p) for p in self.participants]
        data["mentioned"] = [_plain(p) for p in self.mentioned]
        data["source"] = _plain(self.source)
        data["evidence"] = {**_plain(self.evidence), "participants": list(self.evidence.participants)}
        for name in ("countries", "topics", "body", "warnings"):
            data[name] = list(data[name])
        return data


def _plain(obj) -> dict | None:
    """A flat frozen dataclass as a dict (None stays None)."""
    if obj is None:
        return None
    return {name: getattr(obj, name) for name in obj.__dataclass_fields__}


UNREAD = ("title", "title_display", "text", "body", "body_html", "evidence", "source", "format", "encoding",
          "date_end", "date_note", "published")
"""Fields of a pickled record unpickled on first use (see ``Record.__reduce__``)."""
_UNREAD_SET = frozenset(UNREAD)
_BLOB = "_unread"  # the instance attribute holding them pickled


class _Unread:
    """A field of ``UNREAD`` on the class: found only while the instance does not hold the field
    (an instance attribute comes first), that is while it is still in the pickled blob.

    A descriptor rather than ``__getattr__``: unpickling looks each record up for
    ``__setstate__``, and a ``__getattr__`` would be called, and fail, 10,000 times.
    """

    def __init__(self, name: str):
        self.name = name

    def __get__(self, record, owner=None):
        if record is None:
            return self
        fields = record.__dict__
        blob = fields.get(_BLOB)
        if blob is None:
            raise AttributeError(f"{owner.__name__!r} object has no attribute {self.name!r}")
        fields.update(zip(UNREAD, pickle.loads(blob)))
        return fields[self.name]


_KEPT = (*(name for name in Record.__dataclass_fields__ if name not in _UNREAD_SET), "year")
"""Fields of a record pickled as they are (``Record.__reduce__``), in this order."""


def _unpickled(kept: tuple, blob: bytes) -> Record:
    """The record ``Record.__reduce__`` pickled: the fields of ``_KEPT``, and ``UNREAD``'s in ``blob``."""
    record = object.__new__(Record)
    fields = record.__dict__
    fields.update(zip(_KEPT, kept))
    fields[_BLOB] = blob
    return record


for _name in UNREAD:  # after @dataclass has read the fields (none of these has a default)
    setattr(Record, _name, _Unread(_name))
del _name
