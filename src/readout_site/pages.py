"""Stage four: the list of pages and files the site consists of.

Each :class:`Page` names its path, its template, its context and its *inputs*: the
data that fully determines its output. Two builds whose page has the same
inputs (and the same templates and config) write the same bytes, so an
incremental build reuses the old file instead of rendering it again.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from readout_site.archive import Archive, sort_key
from readout_site.model import Record
from readout_site.urls import Urls

RELATED_LIMIT = 8
FEED_LIMIT = 50


class Page(NamedTuple):
    """One output file made from a template.

    A named tuple rather than a frozen dataclass: a build plans one per readout, and
    a frozen dataclass took four times as long to make.
    """

    path: str  # site-relative path (see urls.py)
    template: str  # template name
    context: dict  # variables for the template
    inputs: tuple  # what the output depends on besides templates and config; () = render always
    sitemap: bool = True  # listed in sitemap.xml
    reused: bool = False  # a readout page whose inputs are known unchanged: the last build's file stands


@dataclass(frozen=True)
class Later:
    """A context value made only when its page is rendered (a small rebuild renders few of the
    pages it plans): ``make(*args)``."""

    make: Callable
    args: tuple


def context_of(page: Page) -> dict:
    """The page's context with its ``Later`` values made."""
    return {k: v.make(*v.args) if type(v) is Later else v for k, v in page.context.items()}


def input_tokens(placements: dict) -> "_Tokens":
    """How each record id enters a fingerprint: its token in ``placements`` (see ``_token``)."""
    return _Tokens({rid: place[3] for rid, place in placements["readouts"].items()})


def _token(record_id: str, key: str) -> str:
    """A short digest of a record id and its key. A key is a hundred characters or more, and the
    pages of 10,000 readouts name about 110,000 records: joined at full length they cost more
    to hash than their digests cost to make. Hex digits never collide with the "s"-prefixed
    plain strings of ``fingerprint``."""
    return hashlib.blake2b(f"{record_id}\1{key}".encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


class _Tokens(dict):
    """Record id -> token; any other input, looked up, gives how it enters a fingerprint: a plain
    string ``s`` + itself + ``\1``, anything else its ``repr``. A page's inputs are then mapped
    in one pass in C (``map(tokens.__getitem__, ...)``), where testing each one's type took
    most of the time of fingerprinting the 1,000-odd list pages of 10,000 readouts."""

    def __missing__(self, item) -> str:
        return f"s{item}\1" if type(item) is str else repr(item)


def site_facts(archive: Archive, whole: str = "") -> str:
    """What every page shows of the archive as a whole (the menu links "Undated" when there are
    undated readouts); part of every fingerprint.

    ``whole``: a digest of the whole archive when the site's templates read more of it than
    page inputs follow (``render.templates_beyond_inputs``): then any change renders every page.
    """
    return repr((bool(archive.undated), archive.home_country, whole))


def fingerprint(page: Page, tokens: dict[str, str], facts: str) -> str | None:
    """A digest of the page's inputs, or None when it must always be rendered.

    ``tokens``: ``input_tokens(placements)``; a record id stands for the record's content.
    ``facts``: ``site_facts(archive)``.
    """
    if not page.inputs:
        return None
    try:
        parts = [facts, page.template, *map(tokens.__getitem__, page.inputs)]
    except TypeError:  # an input that cannot be a key (a list): each looked at alone
        parts = [facts, page.template, *(tokens.__missing__(item) if type(item) is not str else tokens[item]
                                          for item in page.inputs)]
    return hashlib.sha1("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def plan(archive: Archive, urls: Urls, feeds: bool, search: bool, rejected: list[dict], latest: int = 10,
         readouts: set[str] | None = None, list_limit: int = 500) -> list[Page]:
    """Every page of the site, in a fixed order.

    With ``readouts``, only the pages of those readouts are planned in full; the
    others are ``reused`` stand-ins (see ``readouts_to_plan``). A country, person or
    topic with more than ``list_limit`` readouts lists them on one page per year.
    """
    pages: list[Page] = []
    pages.append(_home(archive, latest, list_limit))
    if readouts is None:
        pages.extend(_readout(archive, r) for r in archive.records)
    else:
        pages.extend(_readout(archive, r) if r.id in readouts else _reused(r) for r in archive.records)
    pages.append(Page(urls.years_index, "years.html", {"years": _year_counts(archive)}, ()))
    years = sorted(archive.years)
    for i, year in enumerate(years):
        ids = archive.years[year]
        context = {
            "year": year,
            "months": Later(_by_month, (archive, ids)),
            "count": len(ids),
            "previous_year": years[i - 1] if i > 0 else None,
            "next_year": years[i + 1] if i + 1 < len(years) else None,
        }
        pages.append(Page(urls.year(year), "year.html", context, ("year", year, *ids, context["previous_year"], context["next_year"])))
    if archive.undated:
        pages.append(Page(urls.undated, "undated.html", {"readouts": [archive.by_id[i] for i in archive.undated]},
                          ("undated", *archive.undated)))
    pages.append(Page(urls.countries_index, "countries.html", {"countries": list(archive.countries.values())}, ()))
    for info in archive.countries.values():
        listed, shown, by_year = _listing(archive, urls, urls.country(info.slug), info.readouts, list_limit,
                                          (info.name, urls.countries_index, "Countries"))
        context = {"country": info, **listed,
                   "people": [archive.people[s] for s in info.people if s in archive.people]}
        shown_people = tuple((p.slug, p.name, len(p.readouts)) for p in context["people"])
        pages.append(Page(urls.country(info.slug), "country.html", context,
                          ("country", _besides(info, "readouts"), *shown, shown_people)))
        pages.extend(by_year)
    pages.append(Page(urls.people_index, "people.html", {"people": _people_index(archive)}, ()))
    for info in archive.people.values():
        names = (info.name, urls.people_index, "People")
        listed, shown, by_year = _listing(archive, urls, urls.person(info.slug), info.readouts, list_limit, names)
        mentions, shown_mentions, mention_years = _listing(
            archive, urls, urls.person(info.slug), info.mentioned_in, list_limit, names,
            years_at=urls.mentions(info.slug), heading=f"Readouts mentioning {info.name}")
        context = {
            "person": info,
            **listed,
            "mentioned_in": [] if mentions["years"] else [archive.by_id[i] for i in info.mentioned_in],
            "mentioned_years": mentions["years"],
            "met": [archive.people[s] for s in info.met if s in archive.people],
        }
        shown_met = tuple((p.slug, p.name, p.country) for p in context["met"])
        shown_met += (bool(info.country) and archive.country_slug(info.country) in archive.countries,)
        pages.append(Page(urls.person(info.slug), "person.html", context,
                          ("person", _besides(info, "readouts", "mentioned_in"), *shown, "mentioned",
                           *shown_mentions, shown_met)))
        pages.extend(by_year)
        if mention_years:  # the year pages' parent: which years mention the person, how often
            pages.append(Page(urls.mentions(info.slug), "mentions.html",
                              {"person": info, "years": mentions["years"], "count": len(info.mentioned_in)},
                              ("mentions", info.slug, info.name, len(info.mentioned_in), *shown_mentions)))
        pages.extend(mention_years)
    pages.append(Page(urls.topics_index, "topics.html", {"topics": list(archive.topics.values())}, ()))
    for info in archive.topics.values():
        listed, shown, by_year = _listing(archive, urls, urls.topic(info.slug), info.readouts, list_limit,
                                          (info.label, urls.topics_index, "Topics"))
        context = {"topic": info, **listed, "per_year": Later(_per_year, (archive, info.readouts))}
        pages.append(Page(urls.topic(info.slug), "topic.html", context,
                          ("topic", _besides(info, "readouts"), *shown)))
        pages.extend(by_year)
    if search:
        empty = not archive.records  # then there is no index to search (search.index_site)
        pages.append(Page(urls.search, "search.html", {"empty": empty}, ("search", empty)))
    pages.append(Page(urls.not_found, "404.html", {}, ("404",), sitemap=False))
    pages.append(Page(urls.maintenance, "maintenance.html", {"rejected": rejected}, (), sitemap=False))
    if feeds:
        pages.extend(_feeds(archive, urls))
    return pages


def _besides(info, *listed: str) -> tuple:
    """An index entry's fields, with only the length of those ``listed``: those are readout ids,
    which enter a page's inputs one by one (with their keys), not again in the entry's repr."""
    return tuple(len(getattr(info, name)) if name in listed else getattr(info, name) for name in info.__dataclass_fields__)


def _home(archive: Archive, latest: int, list_limit: int = 500) -> Page:
    dated = archive.records[:len(archive.records) - len(archive.undated)]  # the archive's order: dated first
    years = sorted(archive.years)
    matrix = []
    for info in archive.countries.values():
        per_year = dict(_per_year(archive, info.readouts))
        matrix.append((info, [per_year.get(y, 0) for y in years]))
    context = {
        "count": len(archive.records),
        "first": dated[0] if dated else None,
        "last": dated[-1] if dated else None,
        "latest": dated[:-latest - 1:-1] if latest > 0 else [],
        "years": _year_counts(archive),
        "countries": list(archive.countries.values()),
        "matrix_years": years,
        "matrix": matrix,
        "split_countries": tuple(sorted(info.slug for info in archive.countries.values()
                                        if _split(info.readouts, list_limit))),
        "undated": len(archive.undated),
    }
    return Page("", "home.html", context, ())


def _readout(archive: Archive, record: Record) -> Page:
    prev_id, next_id = archive.neighbours(record.id)
    interlocutors = archive.interlocutors(record)
    related = [archive.by_id[i] for i in _nearest_with(archive, record, interlocutors)]
    related.sort(key=lambda r: (r.date or "", r.id), reverse=True)
    context = {
        "record": record,
        "previous": archive.by_id.get(prev_id) if prev_id else None,
        "next": archive.by_id.get(next_id) if next_id else None,
        "related": related,
        "interlocutors": interlocutors,
    }
    inputs = ("readout", record.id, prev_id, next_id, *(r.id for r in related), archive.home_country,
              _linked_countries(archive, record))
    return Page(Urls.readout(record.id), "readout.html", context, inputs)


def _linked_countries(archive: Archive, record: Record) -> tuple[bool, ...]:
    """Which countries a readout page names (venue, participants) have a page, and so a link."""
    named = [record.venue.country] if record.venue and record.venue.country else []
    named += [p.country for p in record.participants if p.country]
    return tuple(archive.country_slug(c) in archive.countries for c in named)


def _nearest_with(archive: Archive, record: Record, countries: list[str]) -> list[str]:
    """Ids of up to ``RELATED_LIMIT`` other readouts with the same countries, nearest in time first.

    Nearest rather than newest: a new readout then changes the related lists of
    only its few neighbours in each country, not of every readout of the country.
    """
    chosen: list[str] = []
    seen = {record.id}
    for country in countries:
        info = archive.countries.get(archive.country_slug(country))
        if info is None:
            continue
        ids = info.readouts
        here = archive.position_in(info.slug, record.id)
        if here is None:
            continue
        before, after = here - 1, here + 1
        while len(chosen) < RELATED_LIMIT and (before >= 0 or after < len(ids)):
            for i in (before, after):
                if 0 <= i < len(ids) and ids[i] not in seen and len(chosen) < RELATED_LIMIT:
                    chosen.append(ids[i])
                    seen.add(ids[i])
            before, after = before - 1, after + 1
        if len(chosen) >= RELATED_LIMIT:
            break
    return chosen


def readout_page(archive: Archive, record: Record) -> Page:
    """The full plan of one readout's page (for a ``reused`` stand-in the last build cannot give)."""
    return _readout(archive, record)


def _reused(record: Record) -> Page:
    # Made as a tuple: the named tuple's own constructor (Python code, for the defaults) took
    # as long as the rest of planning a small change to 10,000 readouts.
    return tuple.__new__(Page, (Urls.readout(record.id), "readout.html", {"record": record}, (), True, True))


# ------------------------------------------------------------------ which readout pages can have changed

NEIGHBOURHOOD = RELATED_LIMIT + 1  # a readout page looks at most this far along a country's list (and 1 in time)


def placements(archive: Archive, record_keys: dict[str, str], facts: str, before: dict | None = None) -> dict:
    """What places each readout page in the archive: its content key, its place in time, its countries,
    and the token it enters fingerprints by (``input_tokens``).

    A readout page's inputs are its record, its neighbours in time and the readouts
    nearest it in its countries' lists; kept by the cache, the placements of the last
    build tell which pages a change can reach. Each follows from the record's content
    (its key) and the home country (in ``facts``): where ``before``, the last build's, has
    the same, a readout's placement is taken from it.
    """
    home, slugs = archive.home_country, {}  # a few dozen countries, each slugged once
    kept = before.get("readouts") if before and before.get("facts") == facts else None
    kept = kept if isinstance(kept, dict) else {}
    readouts = {}
    for r in archive.records:
        rid = r.id
        key, place = record_keys[rid], kept.get(rid)
        if place is None or place[0] != key or len(place) != 4:
            for c in r.countries:
                if c not in slugs:
                    slugs[c] = archive.country_slug(c)
            place = (key, sort_key(r), tuple([slugs[c] for c in r.countries if c != home]), _token(rid, key))
        readouts[rid] = place
    return {
        "facts": facts,  # site_facts()
        "countries": sorted(archive.countries),  # which countries have a page (readout pages link them)
        "readouts": readouts,  # id -> (key, sort key, country slugs, token)
    }


def readouts_to_plan(archive: Archive, now: dict, before: dict | None) -> set[str] | None:
    """Ids of the readouts whose pages may differ from the last build's; None: plan them all.

    A readout changed when its placement did (added, edited, removed, renamed, moved
    in time or between countries). Its page and every page within ``NEIGHBOURHOOD``
    of where it stood, or stands, in a list it belongs to (all readouts in time, each
    of its countries) are planned again; a page further away has the same neighbours,
    related readouts and keys as before, so its old file and fingerprint stand. A
    change to what every page shows (``site_facts``) or to which countries have a
    page (readout pages link those) reaches every readout page.
    """
    if not before or any(before.get(k) != now[k] for k in ("facts", "countries")) or \
            not isinstance(before.get("readouts"), dict):
        return None
    old, new = before["readouts"], now["readouts"]
    changed = [i for i, place in new.items() if old.get(i) != place]
    changed += [i for i in old if i not in new]
    if len(changed) * 8 > len(new):  # a large change: planning everything costs less than this
        return None
    marked = {i for i in changed if i in new}
    lists = _SortedLists(archive, new)
    for i in changed:
        for place in (old.get(i), new.get(i)):
            if place is None:
                continue
            _, key, countries, _ = place
            marked.update(lists.around(None, key, 2))
            for country in countries:
                marked.update(lists.around(country, key, NEIGHBOURHOOD))
    return marked


class _SortedLists:
    """The archive's readout lists (all, and per country) with their sort keys, for finding a place."""

    def __init__(self, archive: Archive, places: dict):
        self.archive, self.places, self._made = archive, places, {}

    def around(self, country: str | None, key: tuple, reach: int) -> list[str]:
        """Ids within ``reach`` places of where ``key`` falls in the list (of ``country``, or of all)."""
        made = self._made.get(country)
        if made is None:
            if country is None:
                ids = [r.id for r in self.archive.records]
            else:
                info = self.archive.countries.get(country)
                ids = list(info.readouts) if info else []
            made = self._made[country] = (ids, [self.places[i][1] for i in ids])
        ids, keys = made
        lo, hi = bisect.bisect_left(keys, key), bisect.bisect_right(keys, key)
        return ids[max(0, lo - reach):hi + reach]


def _listing(archive: Archive, urls: Urls, owner: str, ids: tuple[str, ...], limit: int,
             names: tuple[str, str, str], years_at: str | None = None,
             heading: str | None = None) -> tuple[dict, tuple, list[Page]]:
    """How the page at ``owner`` (a country, person or topic) lists its readouts ``ids``.

    Up to ``limit``: all of them on the page, grouped by year (context ``by_year``).
    Beyond: the page links one page per year (context ``years``: ``(year, count, path)``,
    newest first, undated last), each listing that year's readouts by month; a change
    then renders the page (its counts) and one year's page, not a list of thousands.
    ``names``: the owner's name, and the path and label of the index it belongs to.
    ``years_at``: where the year pages go (default: under ``owner``); ``heading``: what
    they are headed (default: the owner's name).
    Returns the context, what the page shows of the readouts (its inputs), and the year pages.
    """
    if not _split(ids, limit):
        return {"by_year": Later(_by_year, (archive, ids)), "years": []}, tuple(ids), []
    years_at = years_at or owner
    groups = _year_runs(archive, ids)
    dated = [y for y in groups if y is not None]
    neighbours = {year: (dated[i - 1] if i else None, dated[i + 1] if i + 1 < len(dated) else None)
                  for i, year in enumerate(dated)}
    order = dated[::-1] + ([None] if None in groups else [])
    years = [(year, len(groups[year]), urls.year_of(years_at, year)) for year in order]
    name, index_path, index_label = names
    heading = heading or name
    pages = []
    for year in order:
        earlier, later = neighbours.get(year, (None, None))
        context = {
            "owner_name": name, "owner_path": owner, "index_path": index_path, "index_label": index_label,
            "heading": heading, "years_path": years_at,
            "year": year, "count": len(groups[year]), "months": Later(_by_month, (archive, groups[year])),
            "previous_year": earlier, "next_year": later,
        }
        pages.append(Page(urls.year_of(years_at, year), "listing_year.html", context,
                          ("listing-year", owner, name, index_label, heading, year, earlier, later, *groups[year])))
    return {"by_year": [], "years": years}, (("years", tuple(years)),), pages


def _year_runs(archive: Archive, ids) -> dict[int | None, list[str]]:
    """``ids`` (in archive order) grouped by year, oldest first, undated last.

    The archive orders readouts by date, undated last, so each year is one run of
    ``ids``: its end is found by bisection, not by looking up every readout (a person
    of 10,000 readouts has a dozen years).
    """
    record = archive.by_id.__getitem__

    def place(rid: str) -> tuple[bool, int]:
        year = record(rid).year
        return (year is None, year or 0)

    groups: dict[int | None, list[str]] = {}
    start, end = 0, len(ids)
    while start < end:
        year = record(ids[start]).year
        stop = bisect.bisect_right(ids, (year is None, year or 0), start, end, key=place)
        groups[year] = list(ids[start:stop])
        start = stop
    return groups


def _split(ids, limit: int) -> bool:
    """Whether a country, person or topic with readouts ``ids`` lists them on one page per year."""
    return len(ids) > limit


def _year_counts(archive: Archive) -> list[tuple[int, int]]:
    return [(y, len(archive.years[y])) for y in sorted(archive.years, reverse=True)]


def _by_month(archive: Archive, ids) -> list[tuple[int | None, list[Record]]]:
    groups: dict[int | None, list[Record]] = {}
    for rid in ids:
        r = archive.by_id[rid]
        month = int(r.date[5:7]) if r.date and len(r.date) >= 7 else None
        groups.setdefault(month, []).append(r)
    return sorted(groups.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))


def _per_year(archive: Archive, ids) -> list[tuple[int | None, int]]:
    """How many of the readouts (``ids`` in archive order) fall in each year, oldest first (undated last)."""
    return [(year, len(run)) for year, run in _year_runs(archive, ids).items()]


def _by_year(archive: Archive, ids) -> list[tuple[int | None, list[Record]]]:
    """Readouts grouped by year, newest year first and newest first within a year."""
    groups: dict[int | None, list[Record]] = {}
    for rid in reversed(ids):
        r = archive.by_id[rid]
        groups.setdefault(r.year, []).append(r)
    return sorted(groups.items(), key=lambda kv: (kv[0] is None, -(kv[0] or 0)))


def _people_index(archive: Archive) -> list:
    return sorted(
        (p for p in archive.people.values() if p.readouts),
        key=lambda p: (p.name.split()[-1].lower() if p.name.split() else "", p.name),
    ) + sorted((p for p in archive.people.values() if not p.readouts), key=lambda p: p.name)


def _newest_dated(archive: Archive, ids, limit: int) -> list[str]:
    """The last ``limit`` of ``ids`` (oldest first) that have a date, newest first. Every feed leaves
    undated readouts out, as the archive's own feed does: an entry must say when it was updated."""
    chosen = []
    for rid in reversed(ids):
        if archive.by_id[rid].date:
            chosen.append(rid)
            if len(chosen) == limit:
                break
    return chosen


def _feeds(archive: Archive, urls: Urls) -> list[Page]:
    def feed(path: str, title: str, ids, page_path: str) -> Page:
        chosen = _newest_dated(archive, ids, FEED_LIMIT)
        records = [archive.by_id[i] for i in chosen]
        context = {"feed_title": title, "feed_path": path, "alternate": page_path, "entries": records}
        return Page(path, "feed.xml", context, ("feed", path, title, *chosen), sitemap=False)

    dated = [i for y in sorted(archive.years) for i in archive.years[y]]
    out = [feed(urls.feed_all, "All readouts", dated, urls.home)]
    for info in archive.countries.values():
        out.append(feed(urls.feed("countries", info.slug), f"Readouts: {info.name}", info.readouts, urls.country(info.slug)))
    for info in archive.people.values():
        if info.readouts:
            out.append(feed(urls.feed("people", info.slug), f"Readouts: {info.name}", info.readouts, urls.person(info.slug)))
    for info in archive.topics.values():
        out.append(feed(urls.feed("topics", info.slug), f"Readouts: {info.label}", info.readouts, urls.topic(info.slug)))
    return out
