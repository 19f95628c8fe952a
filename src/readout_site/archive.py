"""Stage three: the records as an archive, indexed by year, country, person and topic.

The archive makes ids unique (a colliding slug gets ``-2``, ``-3``... in order of
source path, and a warning), orders readouts in time, and builds the indexes the
pages need. Entries refer to readouts by id only.
"""

from __future__ import annotations

import collections
import functools
import logging
from dataclasses import dataclass, field, replace

from readout_site.model import Record
from readout_site.slugs import slugify

# Names recur in every readout (a few hundred people and countries across thousands of
# readouts): each is slugged once.
_name_slug = functools.lru_cache(maxsize=1 << 16)(slugify)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PersonInfo:
    """A person across the archive."""

    slug: str  # key in URLs
    name: str  # display name
    country: str | None  # the country most often given for the person
    roles: tuple[tuple[str, str | None, str | None], ...]  # (role, first date, last date) as seen in readouts
    readouts: tuple[str, ...]  # ids of readouts the person took part in, in time order
    mentioned_in: tuple[str, ...]  # ids of readouts that only mention the person
    met: tuple[str, ...]  # slugs of the other participants, most frequent first


@dataclass(frozen=True)
class CountryInfo:
    """An interlocutor country across the archive."""

    slug: str
    name: str
    readouts: tuple[str, ...]  # ids, in time order
    people: tuple[str, ...]  # slugs of the country's participants, most frequent first


@dataclass(frozen=True)
class TopicInfo:
    """A topic across the archive."""

    slug: str
    label: str
    readouts: tuple[str, ...]  # ids, in time order


@dataclass
class Archive:
    """All readouts, in time order, with their indexes."""

    records: list[Record]  # dated first (by date, then source path), then undated
    by_id: dict[str, Record] = field(default_factory=dict)
    years: dict[int, list[str]] = field(default_factory=dict)  # year -> ids, in time order
    undated: list[str] = field(default_factory=list)  # ids of readouts with no known year
    countries: dict[str, CountryInfo] = field(default_factory=dict)  # slug -> info (interlocutors only)
    people: dict[str, PersonInfo] = field(default_factory=dict)  # slug -> info
    topics: dict[str, TopicInfo] = field(default_factory=dict)  # slug -> info
    home_country: str | None = None  # the archive's own side
    warnings: dict[str, list[str]] = field(default_factory=dict)  # source path -> archive-level warnings

    def person_slug(self, name: str) -> str:
        return _name_slug(name)

    def country_slug(self, name: str) -> str:
        return _name_slug(name)

    def interlocutors(self, record: Record) -> list[str]:
        """Countries of a readout other than the home country."""
        return [c for c in record.countries if c != self.home_country]

    def neighbours(self, record_id: str) -> tuple[str | None, str | None]:
        """Ids of the previous and next dated readout in time."""
        order = self._order
        i = order.get(record_id)
        if i is None:
            return None, None
        dated = self._dated
        return (dated[i - 1] if i > 0 else None, dated[i + 1] if i + 1 < len(dated) else None)

    def position_in(self, country_slug: str, record_id: str) -> int | None:
        """Where a readout stands in its country's time-ordered list (None if it is not there)."""
        positions = self._positions.get(country_slug)
        if positions is None:
            info = self.countries.get(country_slug)
            positions = self._positions[country_slug] = {rid: i for i, rid in enumerate(info.readouts)} if info else {}
        return positions.get(record_id)

    def __post_init__(self):
        self._dated: list[str] = []
        self._order: dict[str, int] = {}
        self._positions: dict[str, dict[str, int]] = {}  # country slug -> {id: index in its readouts}


def sort_key(record: Record) -> tuple:
    return (record.date is None or record.year is None, record.date or "", record.source_path)


def build_archive(records: list[Record], topic_labels: dict[str, str], home_country: str | None) -> Archive:
    """Index ``records`` (any order) into an archive."""
    records = _unique_ids(sorted(records, key=lambda r: r.source_path))
    records.sort(key=sort_key)
    archive = Archive(records=records)
    archive.by_id = {r.id: r for r in records}
    for r in records:
        if r.year is None:
            archive.undated.append(r.id)
        else:
            archive.years.setdefault(r.year, []).append(r.id)
    archive._dated = [r.id for r in records if r.year is not None]
    archive._order = {rid: i for i, rid in enumerate(archive._dated)}
    archive.home_country = home_country or _commonest_country(records)
    archive.countries = _countries(archive)
    archive.people = _people(records)
    archive.topics = _topics(records, topic_labels)
    return archive


def _unique_ids(records: list[Record]) -> list[Record]:
    seen: dict[str, str] = {}
    out = []
    for r in records:
        rid, n = r.id, 1
        while rid in seen:
            n += 1
            rid = f"{r.id}-{n}"
        if rid != r.id:
            r = replace(
                r,
                id=rid,
                warnings=r.warnings + (f"its slug {r.id!r} is already used by {seen[r.id]}; this readout is {rid!r}",),
            )
        seen[rid] = r.source_path
        out.append(r)
    return out


def _commonest_country(records: list[Record]) -> str | None:
    counts = collections.Counter(c for r in records for c in r.countries)
    if not counts:
        return None
    return min(counts, key=lambda c: (-counts[c], c))


def _countries(archive: Archive) -> dict[str, CountryInfo]:
    """One entry per country slug: spellings that slug alike ("Ruritania", "RURITANIA") are one
    country, shown under its commonest spelling, with the readouts of all of them."""
    home = archive.home_country
    readouts: dict[str, list[str]] = {}
    spellings: list[tuple[str, str]] = []  # (slug, spelling), once per readout naming it
    people: list[tuple[str, str]] = []  # (country slug, person slug), once per participation
    for r in archive.records:
        rid = r.id
        for c in r.countries:
            if c == home:
                continue
            slug = _name_slug(c)
            if not slug:  # no letter or digit ("—"): nothing to name a page by
                continue
            spellings.append((slug, c))
            ids = readouts.get(slug)
            if ids is None:
                readouts[slug] = [rid]
            elif ids[-1] != rid:
                ids.append(rid)
        for p in r.participants:
            if p.country and p.country != home:
                people.append((_name_slug(p.country), _name_slug(p.name)))
    names = _commonest(collections.Counter(spellings))
    met = _by_frequency(collections.Counter(people))
    return {
        slug: CountryInfo(slug=slug, name=names[slug], readouts=tuple(readouts[slug]), people=met.get(slug, ()))
        for slug in sorted(readouts)
    }


def _people(records: list[Record]) -> dict[str, PersonInfo]:
    named: list[tuple[str, str]] = []  # (slug, name as printed), once per participation or mention
    placed: list[tuple[str, str]] = []  # (slug, country given), likewise
    pairs: list[tuple[str, str]] = []  # (slug, slug of another participant of the same readout)
    spans: dict[tuple[str, str], list[str | None]] = {}  # (slug, role) -> [first date, last date]
    took_part: dict[str, list[str]] = {}
    mentioned: dict[str, list[str]] = {}
    for r in records:
        rid = r.id
        dated = r.date if r.year is not None else None
        slugs = [_name_slug(p.name) for p in r.participants]
        for p, slug in zip(r.participants, slugs):
            named.append((slug, p.name))
            if p.country:
                placed.append((slug, p.country))
            ids = took_part.get(slug)
            if ids is None:
                took_part[slug] = [rid]
            elif ids[-1] != rid:
                ids.append(rid)
            if p.role:
                span = spans.get((slug, p.role))
                if span is None:
                    spans[slug, p.role] = [dated, dated]
                elif dated:
                    _widen(span, dated)
        if len(slugs) > 1:
            pairs += [(a, b) for a in slugs for b in slugs if a != b]
        for p in r.mentioned:
            slug = _name_slug(p.name)
            named.append((slug, p.name))
            if p.country:
                placed.append((slug, p.country))
            mentioned.setdefault(slug, []).append(rid)
    names = _commonest(collections.Counter(named))
    countries = _commonest(collections.Counter(placed))
    met = _by_frequency(collections.Counter(pairs))
    roles: dict[str, list[tuple[str, str | None, str | None]]] = {}
    for (slug, role), (first, last) in spans.items():
        roles.setdefault(slug, []).append((role, first, last))
    return {
        slug: PersonInfo(
            slug=slug,
            name=names[slug],
            country=countries.get(slug),
            roles=tuple(sorted(roles.get(slug, ()), key=lambda x: (x[1] or "", x[0]))),
            readouts=tuple(took_part.get(slug, ())),
            mentioned_in=tuple(mentioned.get(slug, ())),
            met=met.get(slug, ()),
        )
        for slug in sorted(names)
        if slug
    }


def _commonest(counts: collections.Counter) -> dict[str, str]:
    """``{key: value}`` from counts of ``(key, value)`` pairs: each key's most frequent value,
    the first in sort order among equals."""
    best: dict[str, tuple[int, str]] = {}
    for (key, value), n in counts.items():
        held = best.get(key)
        if held is None or n > held[0] or (n == held[0] and value < held[1]):
            best[key] = (n, value)
    return {key: value for key, (_, value) in best.items()}


def _by_frequency(counts: collections.Counter) -> dict[str, tuple[str, ...]]:
    """``{key: values}`` from counts of ``(key, value)`` pairs: each key's values, most frequent
    first, then in sort order."""
    grouped: dict[str, list[tuple[int, str]]] = {}
    for (key, value), n in counts.items():
        grouped.setdefault(key, []).append((-n, value))
    return {key: tuple(value for _, value in sorted(pairs)) for key, pairs in grouped.items()}


def _widen(span: list, date: str) -> None:
    """Stretch a [first, last] span of ISO dates (None where unknown) to include ``date``."""
    if span[0] is None or date < span[0]:
        span[0] = date
    if span[1] is None or date > span[1]:
        span[1] = date


def _topics(records: list[Record], labels: dict[str, str]) -> dict[str, TopicInfo]:
    readouts: dict[str, list[str]] = collections.defaultdict(list)
    for r in records:
        rid = r.id
        for t in r.topics:
            readouts[t].append(rid)
    return {
        slug: TopicInfo(slug=slug, label=labels.get(slug, slug), readouts=tuple(ids))
        for slug, ids in sorted(readouts.items())
    }
