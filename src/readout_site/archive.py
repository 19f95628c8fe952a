"""Stage three: the records as an archive, indexed by year, country, person and topic.

The archive makes ids unique (a colliding slug gets ``-2``, ``-3``... in order of
source path, and a warning), orders readouts in time, and builds the indexes the
pages need. Entries refer to readouts by id only.
"""

from __future__ import annotations

import bisect
import collections
import functools
import itertools
import logging
import operator
from dataclasses import dataclass, field

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
        self._columns: tuple | None = None  # update_archive's (ids, paths, years, countries), in archive order


_by_path = operator.attrgetter("source_path")


def sort_key(record: Record) -> tuple:
    return (record.date is None or record.year is None, record.date or "", record.source_path)


def build_archive(records: list[Record], topic_labels: dict[str, str], home_country: str | None) -> Archive:
    """Index ``records`` (any order) into an archive.

    One pass over the records gathers what every index needs (a large archive's records
    lie all over the heap: each pass over them costs more in memory reads than in work).
    """
    if len({r.id for r in records}) == len(records):
        records = list(records)  # no id to make unique; sort_key alone orders them (it ends with the path)
    else:
        records = list(_unique_ids(records).values())
    records.sort(key=sort_key)
    archive = Archive(records=records)
    by_id = archive.by_id
    people, topics = _PeopleIndex(), collections.defaultdict(list)
    sides = []  # (id, countries, participants) of each readout, for the country index
    for r in records:
        rid = r.id
        by_id[rid] = r
        people.add_record(r)
        for t in r.topics:
            topics[t].append(rid)
        sides.append((rid, r.countries, r.participants))
    _index_time(archive, ((r.id, r.year) for r in records))
    archive.home_country = home_country or _commonest_country(sides)
    archive.countries = _countries(sides, archive.home_country)
    archive.people = people.infos()
    archive.topics = {
        slug: TopicInfo(slug=slug, label=topic_labels.get(slug, slug), readouts=tuple(ids))
        for slug, ids in sorted(topics.items())
    }
    return archive


def _index_time(archive: Archive, readouts) -> None:
    """The archive's years, undated readouts and time order, from ``(id, year)`` of each readout
    in archive order."""
    years, undated, dated = archive.years, archive.undated, archive._dated
    for rid, year in readouts:
        if year is None:
            undated.append(rid)
        else:
            years.setdefault(year, []).append(rid)
            dated.append(rid)
    archive._order = dict(zip(dated, range(len(dated))))


def _unique_ids(records) -> dict[str, Record]:
    """``records`` by id, in order of path: a readout whose id one earlier in that order took is
    numbered (``-2``, ``-3``...), with a warning naming the file that has the id. Of readouts that
    share an id, one whose metadata gives that id (``id:``, to keep an address) keeps it."""
    shared = collections.Counter(r.id for r in records)
    given = {r.source_path for r in records if shared[r.id] > 1 and r.id != _made_id(r)}
    by_id: dict[str, Record] = {}
    ordered = sorted(records, key=lambda r: (r.source_path not in given, r.source_path)) if given else \
        sorted(records, key=_by_path)  # (a key made in C: ten thousand calls of a lambda took longer)
    for r in ordered:
        rid, n = r.id, 1
        while rid in by_id:
            n += 1
            rid = f"{r.id}-{n}"
        if rid != r.id:
            taken = by_id[r.id].source_path
            r = r.with_changes(
                id=rid,
                warnings=r.warnings + (f"its slug {r.id!r} is already used by {taken}; this readout is {rid!r}",),
            )
        by_id[rid] = r
    return by_id


def _made_id(r: Record) -> str:
    """The id the loader makes of a readout's date and headline (``records.parse_record``)."""
    return slugify(f"{r.date or 'undated'} {r.title}", max_length=90)


def _commonest_country(sides: list[tuple]) -> str | None:
    return _most_named(collections.Counter(c for _, countries, _ in sides for c in countries))


def _most_named(counts: collections.Counter) -> str | None:
    """The country named by the most readouts (the first in sort order among equals), or None."""
    return min(counts, key=lambda c: (-counts[c], c)) if counts else None


def _countries(sides: list[tuple], home: str | None) -> dict[str, CountryInfo]:
    """One entry per country slug: spellings that slug alike ("Ruritania", "RURITANIA") are one
    country, shown under its commonest spelling, with the readouts of all of them.
    ``sides``: each readout's id, countries and participants, in archive order."""
    readouts: dict[str, list[str]] = {}
    spellings: list[tuple[str, str]] = []  # (slug, spelling), once per readout naming it
    people: list[tuple[str, str]] = []  # (country slug, person slug), once per participation
    for rid, countries, participants in sides:
        for c in countries:
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
        for p in participants:
            if p.country and p.country != home:
                people.append((_name_slug(p.country), _name_slug(p.name)))
    names = _commonest(collections.Counter(spellings))
    met = _by_frequency(collections.Counter(people))
    return {
        slug: CountryInfo(slug=slug, name=names[slug], readouts=tuple(readouts[slug]), people=met.get(slug, ()))
        for slug in sorted(readouts)
    }


class _PeopleIndex:
    """The people of the archive, gathered readout by readout (``add_record``, in archive order),
    then summed up (``infos``). With ``only``, one person's entry: what others' would need is
    not gathered (the minister of a large archive has met thousands of people)."""

    def __init__(self, only: str | None = None):
        self.only = only
        self.named: list[tuple[str, str]] = []  # (slug, name as printed), once per participation or mention
        self.placed: list[tuple[str, str]] = []  # (slug, country given), likewise
        self.pairs: list[tuple[str, str]] = []  # (slug, slug of another participant of the same readout)
        self.spans: dict[tuple[str, str], list[str | None]] = {}  # (slug, role) -> [first date, last date]
        self.took_part: dict[str, list[str]] = {}  # slug -> ids
        self.mentioned: dict[str, list[str]] = {}  # slug -> ids

    def add_record(self, r: Record) -> None:
        """A readout's participants and people mentioned, dated when its year is known."""
        rid, dated, participants, mentioned = r.id, r.date if r.year is not None else None, r.participants, r.mentioned
        named, placed, spans, took_part = self.named, self.placed, self.spans, self.took_part
        slugs = [_name_slug(p.name) for p in participants]
        only = self.only
        for p, slug in zip(participants, slugs):
            if only is not None and slug != only:
                continue
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
            self.pairs += [(a, b) for a in slugs for b in slugs if a != b and (only is None or a == only)]
        for p in mentioned:
            slug = _name_slug(p.name)
            if only is not None and slug != only:
                continue
            named.append((slug, p.name))
            if p.country:
                placed.append((slug, p.country))
            if slug in slugs:
                continue  # takes part in it: not only mentioned (a sidecar may name someone twice)
            ids = self.mentioned.get(slug)
            if ids is None:
                self.mentioned[slug] = [rid]
            elif ids[-1] != rid:
                ids.append(rid)  # once per readout, whatever the spellings

    def infos(self) -> dict[str, PersonInfo]:
        """One entry per person slug, in slug order."""
        names = _commonest(collections.Counter(self.named))
        countries = _commonest(collections.Counter(self.placed))
        met = _by_frequency(collections.Counter(self.pairs))
        roles: dict[str, list[tuple[str, str | None, str | None]]] = {}
        for (slug, role), (first, last) in self.spans.items():
            roles.setdefault(slug, []).append((role, first, last))
        return {
            slug: PersonInfo(
                slug=slug,
                name=names[slug],
                country=countries.get(slug),
                roles=tuple(sorted(roles.get(slug, ()), key=lambda x: (x[1] or "", x[0]))),
                readouts=tuple(self.took_part.get(slug, ())),
                mentioned_in=tuple(self.mentioned.get(slug, ())),
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


# ------------------------------------------------------------------ the next build's archive, from this one


@dataclass(frozen=True)
class ArchiveState:
    """What a build keeps of its archive so that the next one can update it (``update_archive``)
    instead of indexing every readout again. The tuples run in archive order, one item a readout."""

    terms: tuple  # (topic labels, home country) the archive was made with (build_archive's arguments)
    ids: tuple[str, ...]  # the readouts' ids
    paths: tuple[str, ...]  # their source paths
    years: tuple[int | None, ...]  # their years
    sides: tuple[tuple[str, ...], ...]  # their countries (Record.countries)
    countries: dict[str, CountryInfo]  # as Archive.countries
    people: dict[str, PersonInfo]  # as Archive.people
    topics: dict[str, TopicInfo]  # as Archive.topics
    home_country: str | None  # as Archive.home_country


def archive_state(archive: Archive, topic_labels: dict[str, str], home_country: str | None) -> ArchiveState:
    """The state of an archive made by ``build_archive(records, topic_labels, home_country)``."""
    columns = archive._columns or tuple(zip(*((r.id, r.source_path, r.year, r.countries)
                                              for r in archive.records)))  # update_archive keeps them
    ids, paths, years, sides = columns or ((), (), (), ())
    return ArchiveState((topic_labels, home_country), tuple(ids), tuple(paths), tuple(years), tuple(sides),
                        archive.countries, archive.people, archive.topics, archive.home_country)


def update_archive(state: ArchiveState | None, records: list[Record], changed: set[str],
                   topic_labels: dict[str, str], home_country: str | None) -> Archive | None:
    """``build_archive(records, topic_labels, home_country)``, made from the last build's ``state``
    when few readouts changed; None when it cannot be (then build the archive anew).

    ``changed``: source paths of the records read anew (added or edited). Readouts no longer
    in ``records``, or changed, or under another id (ids that collide are numbered in order
    of path, so one readout may shift another's number), leave; changed and new ones enter.
    Only the countries, people and topics they name are indexed again, each from its own
    readouts: an entry depends on nothing else, and an unchanged readout keeps its place
    relative to the others. Each pass over the records costs milliseconds in memory reads
    alone at 10,000 readouts: the unchanged ones are looked at once.
    """
    if state is None or state.terms != (topic_labels, home_country) or not state.ids:
        return None
    by_id = {r.id: r for r in records}  # the one pass over every record
    if len(by_id) != len(records):  # colliding ids, numbered as build_archive numbers them
        by_id = _unique_ids(records)
    ordered = list(map(by_id.get, state.ids))  # each readout of the last build, by its id (None: gone)
    if changed.isdisjoint(state.paths) and _same_paths(ordered, state.paths):  # all there, as they were
        columns = (list(state.ids), list(state.paths), list(state.years), list(state.sides))
        ids, paths, years, sides = columns
    else:
        columns = ([], [], [], [])
        ids, paths, years, sides = columns
        for rid, path, year, countries in zip(state.ids, state.paths, state.years, state.sides):
            r = by_id.get(rid)
            if r is not None and r.source_path == path and path not in changed:  # the same readout, same id
                ids.append(rid), paths.append(path), years.append(year), sides.append(countries)
        ordered = [by_id[rid] for rid in ids]
    kept = set(ids)
    added = sorted((by_id[rid] for rid in by_id.keys() - kept), key=sort_key)
    removed = set(state.ids) - kept if len(kept) != len(state.ids) else set()  # ids: some of state.ids
    if (len(added) + len(removed)) * 8 > max(len(records), 1):
        return None  # a large change: as cheap to index everything
    for r in added:
        at = bisect.bisect_right(ordered, sort_key(r), key=sort_key)
        ordered.insert(at, r)
        for column, value in zip(columns, (r.id, r.source_path, r.year, r.countries)):
            column.insert(at, value)
    home = home_country or _most_named(collections.Counter(itertools.chain.from_iterable(sides)))
    if home != state.home_country:
        return None  # the home country changed: every country's entry may change
    archive = Archive(records=ordered, by_id=dict(zip(ids, ordered)), home_country=home)
    archive._columns = columns
    _index_time(archive, zip(ids, years))
    place = dict(zip(ids, range(len(ids))))
    log.debug("archive updated: %d readout(s) in, %d out, %d kept", len(added), len(removed), len(ids) - len(added))
    archive.countries = _updated(state.countries, removed, added, place, archive,
                                 lambda r: {_name_slug(c) for c in r.countries if c != home} - {""},
                                 lambda slug, rs: _countries([(r.id, r.countries, r.participants) for r in rs], home).get(slug),
                                 lambda info: info.readouts)
    archive.people = _updated(state.people, removed, added, place, archive,
                              lambda r: {_name_slug(p.name) for p in (*r.participants, *r.mentioned)} - {""},
                              lambda slug, rs: _people_of(rs, slug).get(slug),
                              lambda info: info.readouts + info.mentioned_in)
    archive.topics = _updated(state.topics, removed, added, place, archive, lambda r: set(r.topics),
                              lambda slug, rs: TopicInfo(slug, topic_labels.get(slug, slug), tuple(r.id for r in rs))
                              if rs else None,
                              lambda info: info.readouts)
    return archive


def _same_paths(records: list, paths: tuple[str, ...]) -> bool:
    """True when ``records`` (None for one that is gone) have the source paths ``paths``, in order."""
    try:
        return tuple(map(_by_path, records)) == paths
    except AttributeError:  # None has no path
        return False


def _updated(entries: dict, removed: set[str], added: list[Record], place: dict[str, int], archive: Archive,
             names, make, listed) -> dict:
    """``entries`` (slug -> info) with those naming a removed or added readout made again: ``make(slug,
    its records in archive order)``, or gone when that gives None; ``names(record)``: the slugs a
    record belongs to; ``listed(info)``: the ids an entry was made from."""
    touched: dict[str, set[str]] = {}
    for slug, info in entries.items() if removed else ():
        ids = listed(info)
        if not removed.isdisjoint(ids):
            touched[slug] = set(ids) - removed
    for r in added:
        for slug in names(r):
            if slug not in touched:
                info = entries.get(slug)
                touched[slug] = set(listed(info)) - removed if info is not None else set()
            touched[slug].add(r.id)
    out = dict(entries)
    for slug, ids in touched.items():
        info = make(slug, [archive.by_id[rid] for rid in sorted(ids, key=place.__getitem__)])
        if info is None:
            out.pop(slug, None)
        else:
            out[slug] = info
    return dict(sorted(out.items()))


def _people_of(records: list[Record], only: str | None = None) -> dict[str, PersonInfo]:
    """The people index of ``records`` (in archive order), as build_archive makes it; with ``only``,
    the entry of that person alone."""
    people = _PeopleIndex(only)
    for r in records:
        people.add_record(r)
    return people.infos()
