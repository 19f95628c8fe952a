"""The date of the event, from the date expressions of the lead and what bounds them.

Order of evidence: the sentence naming the event, then the title, then the first
paragraph. A written-out date is taken as is. A relative one ("today", "on
Wednesday", "yesterday") resolves against the publication date or dateline. A
date without a year takes its year from the publication date when the file has
one; otherwise from what bounds it in the text and the lexicon (a participant's
term of office, a dated term such as COVID-19), and only when exactly one year
fits. The result says how it was derived; with no evidence the year stays
unknown and a warning says so. A weekday or "yesterday" counts from the day the
caller gives: a news-agency dateline's day (its year from the page) or the page's
date.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field

from readout_site.extract.calendar import WEEKDAYS, DateMention, find_dates, impossible_dates
from readout_site.extract.sentences import other_events, within
from readout_site.extract.triggers import Finder
from readout_site.lexicon import Lexicon, PersonEntry

log = logging.getLogger(__name__)

EARLIEST_YEAR = 1945


@dataclass
class EventDate:
    """The resolved date of an event."""

    date: str | None = None  # ISO: "2020-09-13", "2019-03" (month precision), "2019" (year)
    date_end: str | None = None  # last day of a range
    precision: str = "unknown"  # day, month, year, unknown
    note: str | None = None  # how it was derived, when not written out in full
    evidence: str | None = None  # the sentence the date came from
    warnings: list[str] = field(default_factory=list)


Span = tuple[dt.date | None, dt.date | None]


@dataclass(frozen=True)
class Bound:
    """Spans of time the event must fall in (any one of them), and why."""

    spans: tuple[Span, ...]
    reason: str  # "Chingiz Aidarbekov's term as Foreign Minister (2018-10-18 to 2020-10-14)"

    def admits(self, day: dt.date) -> bool:
        """True when ``day`` falls in one of the spans."""
        return any((s is None or s <= day) and (e is None or day <= e) for s, e in self.spans)


def resolve(
    sentences: list[str],
    published: dt.date | None,
    published_evidence: str | None,
    full_text: str,
    people: list[tuple[PersonEntry, str | None]],
    lexicon: Lexicon,
    today: dt.date | None = None,
    visit: bool = True,
) -> EventDate:
    """The event's date from candidate ``sentences`` (most telling first).

    ``visit``: the event is the visit itself. When it is not (talks held during a state
    visit), the days of the visit ("on a state visit to France from 5 to 7 November") are
    the event's only when nothing else dates it: another date, or the page's date when it
    falls within the visit.
    """
    visit_days = None
    for sentence in sentences:
        others = other_events(sentence)
        for mention in _dateline_last(sentence, find_dates(sentence)):
            if others and within(others, mention.start):
                continue  # the date of another event the sentence names ("the summit held in Rome on ...")
            if visit_days is not None and (day := _day_of_visit(mention, visit_days)) is not None:
                return EventDate(day.isoformat(), None, "day", f'The text says only "{mention.text}"; the year is '
                                 f"that of the visit during which the event took place ({visit_days.date} to "
                                 f"{visit_days.date_end}).", sentence)
            result = _from_mention(mention, sentence, published, published_evidence, full_text, people, lexicon, today)
            if result is not None and not visit and result.date_end and _VISIT_BEFORE.search(
                    sentence, max(0, mention.start - 60), mention.start):
                visit_days = visit_days or result
                continue
            if result is not None:
                return _over_days(result, sentence)
    if visit_days is not None:
        return _within_visit(visit_days, published, published_evidence)
    impossible = [f'"{d}"' for d in dict.fromkeys(d for s in sentences for d in impossible_dates(s))]
    said = f"the text gives {' and '.join(impossible)}, which is no day of the calendar; " if impossible else ""
    if published:
        taken = EventDate(
            date=published.isoformat(),
            precision="day",
            note=f"The text gives no date of its own; the page's date ({published_evidence or published.isoformat()}) "
            "is taken as the date of the event.",
            evidence=published_evidence,
            warnings=[f"{said}the page's date is taken"] if said else [],
        )
        return _over_days(taken, next((s for s in sentences if "-day" in s), ""))
    if said:
        return EventDate(warnings=[f"{said}the date is unknown"])
    return EventDate(warnings=["no date found in the text or the page; the date is unknown"])


# "CANBERRA 29 February 2024 –", "BEIJING, Sept. 16 (Xinhua) --": the place and day of the writing.
_DATELINE_HEAD = re.compile(
    r"^[A-Z][A-Z .'’-]{1,30}[A-Z],?\s+(?:[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2},\s+)?"
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?)(?:,?\s*\d{4})?\.?\s*(?:\([\w ]{1,20}\)\s*)?"
    r"(?:--|—|–|-)"
)


def _dateline_last(sentence: str, mentions: list[DateMention]) -> list[DateMention]:
    """The sentence's dates, a dateline's last: "CANBERRA 29 February 2024 – ... met on 28 February"
    met on the 28th (the dateline's day dates the writing, and counts for "on Friday" all the same);
    a weekday the full date in brackets after it spells out is left out ("on Thursday (14 November
    2024)")."""
    if len(mentions) < 2:
        return mentions
    starts = {m.start for m in mentions}
    mentions = [m for m in mentions if not (m.relative and (b := _BRACKETED.match(sentence, m.start + len(m.text)))
                                            and b.end() in starts)]
    head = _DATELINE_HEAD.match(sentence) if sentence[:1].isupper() else None
    if head is None:
        return mentions
    return [m for m in mentions if m.start >= head.end()] + [m for m in mentions if m.start < head.end()]


_BRACKETED = re.compile(r"\s*\(")


_VISIT_BEFORE = re.compile(r"\bvisit\b[^.;]*$", re.IGNORECASE)  # "visit to France (on|from)" before a range


_DAYS_ENDED = re.compile(r"\b(?:concluded|ended|wrapped up|completed|finished) (?:a|an|his|her|their|the) "
                         r"(?P<n>two|three|four|five|six|seven|[2-7])-day\b", re.IGNORECASE)
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def _over_days(result: EventDate, sentence: str) -> EventDate:
    """A day that ends an event of several days ("concluded a two-day visit", datelined the 23rd):
    the event spans the days before it too."""
    m = _DAYS_ENDED.search(sentence) if "-day" in sentence and result.precision == "day" and not result.date_end \
        else None
    if m is None:
        return result
    days = _NUMBERS.get(m["n"].lower()) or int(m["n"])
    last = dt.date.fromisoformat(result.date)
    first = last - dt.timedelta(days=days - 1)
    note = f'The text says the {m.group(0).split()[-1]} event ended on {last.isoformat()}; the record spans its days.'
    return EventDate(first.isoformat(), last.isoformat(), "day", note, result.evidence, result.warnings)


def _day_of_visit(mention: DateMention, visit: EventDate) -> dt.date | None:
    """The day a date written without its year ("on 6 November") names within the visit's days, or None."""
    if mention.relative or mention.year or not mention.day or mention.end_day:
        return None
    first, last = dt.date.fromisoformat(visit.date), dt.date.fromisoformat(visit.date_end)
    for year in dict.fromkeys((first.year, last.year)):
        try:
            day = dt.date(year, mention.month, mention.day)
        except ValueError:
            continue
        if first <= day <= last:
            return day
    return None


def _within_visit(visit: EventDate, published: dt.date | None, published_evidence: str | None) -> EventDate:
    """The date of an event held during a visit of ``visit``'s days: the page's date when it is one
    of them, else the visit's days (the event fell within them)."""
    first, last = dt.date.fromisoformat(visit.date), dt.date.fromisoformat(visit.date_end)
    if published is not None and first <= published <= last:
        return EventDate(published.isoformat(), None, "day",
                         f"The text dates only the visit ({visit.date} to {visit.date_end}) during which the event "
                         f"took place; the page's date ({published_evidence or published.isoformat()}) is taken.",
                         visit.evidence)
    note = "The text dates only the visit during which the event took place; the record spans the visit."
    return EventDate(visit.date, visit.date_end, visit.precision, note, visit.evidence, visit.warnings)


def _from_mention(mention: DateMention, sentence, published, published_evidence, full_text, people, lexicon, today):
    if mention.relative:
        return _relative(mention, sentence, published, published_evidence)
    if mention.year and mention.day:
        start = dt.date(mention.year, mention.month, mention.day)
        end = _range_end(mention, start)
        note = (f'The text dates the event only by a range of days ("{mention.text}"); the record spans it.'
                if end else None)
        return EventDate(start.isoformat(), end, "day", note, sentence)
    if mention.year:
        return EventDate(
            f"{mention.year:04d}-{mention.month:02d}",
            None,
            "month",
            f'The text gives only the month ("{mention.text}").',
            sentence,
        )
    return _without_year(mention, sentence, published, published_evidence, full_text, people, lexicon, today)


def _range_end(mention: DateMention, start: dt.date) -> str | None:
    if not mention.end_day:
        return None
    month = mention.end_month or start.month
    year = start.year + (1 if month < start.month else 0)
    try:
        return dt.date(year, month, mention.end_day).isoformat()
    except ValueError:
        return None


def _relative(mention: DateMention, sentence, published, published_evidence) -> EventDate | None:
    if mention.relative == "eve":
        return None
    if published is None:
        return EventDate(
            evidence=sentence,
            warnings=[f'the text dates the event "{mention.text}" but the file gives no publication date '
                      "to count from; the date is unknown"],
        )
    weekday = WEEKDAYS[published.weekday()].capitalize()
    if mention.relative.startswith("weekday:"):
        target = int(mention.relative.split(":")[1])
        back = (published.weekday() - target) % 7
        day = published - dt.timedelta(days=back)
        gap = {0: "the same day", 1: "the day before"}.get(back, f"{back} days before")
    else:
        back = {"today": 0, "yesterday": 1, "before-yesterday": 2}[mention.relative]
        day = published - dt.timedelta(days=back)
        gap = {0: "the same day", 1: "the day before", 2: "two days before"}[back]
    source = published_evidence or published.isoformat()
    if source.startswith("the dateline"):
        note = (f"Counted from {source}: {published.isoformat()}, a {weekday}; the text says "
                f'"{mention.text}": {day.isoformat()}, {gap}.')
    else:
        note = (f"Published {source} (a {weekday}); the text says "
                f'"{mention.text}": {day.isoformat()}, {gap}.')
    return EventDate(day.isoformat(), None, "day", note, sentence)


def _without_year(mention, sentence, published, published_evidence, full_text, people, lexicon, today):
    month, day_of_month = mention.month, mention.day
    if published:
        ahead = bool(AHEAD.search(sentence))  # "will travel to Beijing from January 18 to 20": after the page
        for year in (published.year, published.year + 1) if ahead else (published.year, published.year - 1):
            try:
                day = dt.date(year, month, day_of_month)
            except ValueError:
                continue
            if (day >= published) if ahead else (day <= published):
                note = (
                    f'The text says only "{mention.text}"; the year is taken from the publication date '
                    f"({published_evidence or published.isoformat()})."
                )
                return EventDate(day.isoformat(), _range_end(mention, day), "day", note, sentence)
    bounds = _bounds(full_text, people, lexicon)
    years = _fitting_days(month, day_of_month, bounds, (today or dt.date.today()).year + 1)
    log.debug('"%s": %d years fit %d bounds', mention.text, len(years), len(bounds))
    if len(years) == 1 and bounds:
        day = years[0]
        reasons = "; ".join(b.reason for b in bounds)
        note = f'The text says only "{mention.text}". The year {day.year} follows from: {reasons}.'
        return EventDate(day.isoformat(), _range_end(mention, day), "day", note, sentence)
    why = "nothing in the text or the lexicon bounds it" if not bounds else (
        f"{len(years)} years fit what bounds it ({'; '.join(b.reason for b in bounds)})" if years
        else f"what bounds it is contradictory ({'; '.join(b.reason for b in bounds)})"
    )
    return EventDate(
        precision="unknown",
        note=f'The text says only "{mention.text}"; the year is unknown: {why}.',
        evidence=sentence,
        warnings=[f'the year of "{mention.text}" is unknown: {why}'],
    )


# "will travel", "is scheduled to meet": an event announced, to come after the page's day
AHEAD = re.compile(r"\b(?:will|is to|are to|shall|(?:is|are) scheduled to|(?:is|are) expected to)\s+(?:also\s+)?"
                   r"(?:travel|visit|meet|hold|pay|undertake|attend|host|receive|speak|take part|participate|"
                   r"co-chair|chair|go|arrive|make)\b", re.IGNORECASE)


def _fitting_days(month: int, day_of_month: int, bounds: list[Bound], last_year: int) -> list[dt.date]:
    """Every day with this month and day, from EARLIEST_YEAR to ``last_year``, that all bounds admit.

    Only the years between the latest start and the earliest end of the bounds are tried.
    """
    first, last = EARLIEST_YEAR, last_year
    for bound in bounds:
        starts = [s for s, _ in bound.spans]
        ends = [e for _, e in bound.spans]
        if None not in starts:
            first = max(first, min(starts).year)
        if None not in ends:
            last = min(last, max(ends).year)
    days = []
    for year in range(first, last + 1):
        try:
            day = dt.date(year, month, day_of_month)
        except ValueError:
            continue
        if all(b.admits(day) for b in bounds):
            days.append(day)
    return days


def _bounds(full_text: str, people, lexicon: Lexicon) -> list[Bound]:
    """Spans the event must fall in: dated terms in the text, terms of office of the people."""
    bounds = []
    low = full_text.lower()
    for era in lexicon.eras:
        if _occurs(era.pattern, low):
            bounds.append(Bound(((era.start, era.end),), f"{era.label} ({_span(era.start, era.end)})"))
    for entry, role in people:
        bound = _tenure_bound(entry, role)
        if bound is not None:
            bounds.append(bound)
    return bounds


_FINDERS: dict[str, Finder] = {}


def _occurs(pattern: re.Pattern, low: str) -> bool:
    """True when the (case-insensitive) ``pattern`` occurs in the lower-case text ``low``."""
    finder = _FINDERS.get(pattern.pattern)
    if finder is None:
        finder = _FINDERS[pattern.pattern] = Finder.of(pattern.pattern)
    return finder.search(low)


def _tenure_bound(entry: PersonEntry, role: str | None) -> Bound | None:
    """When ``entry`` held the printed ``role``: every office it names at once, any term of each.

    "State Councilor and Foreign Minister" bounds the date to days on which the person
    was both; a role the lexicon does not list bounds it to any of the person's terms.
    """
    tenures = entry.tenures_for(role)
    if not tenures:
        return None
    by_title: dict[str, list[Span]] = {}
    for tenure in tenures:
        by_title.setdefault(tenure.title, []).append((tenure.start, tenure.end))
    titled = role is not None and any(t.title.lower() in role.lower() for t in tenures)
    if titled:
        spans = _intersect_all(list(by_title.values()))
    else:
        spans = [span for group in by_title.values() for span in group]
    if not spans or all(s is None and e is None for s, e in spans):
        return None
    titles = " and ".join(by_title) if titled else "/".join(by_title)
    terms = "; ".join(_span(s, e) for s, e in sorted(spans, key=lambda x: x[0] or dt.date.min))
    return Bound(tuple(spans), f"{entry.name}'s term as {titles} ({terms})")


def _intersect_all(groups: list[list[Span]]) -> list[Span]:
    """The days covered by one span of every group, as spans."""
    result = groups[0]
    for group in groups[1:]:
        merged = []
        for s1, e1 in result:
            for s2, e2 in group:
                start = max((d for d in (s1, s2) if d is not None), default=None)
                end = min((d for d in (e1, e2) if d is not None), default=None)
                if start is None or end is None or start <= end:
                    merged.append((start, end))
        result = merged
    return result


def _span(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        return f"{start.isoformat()} to {end.isoformat()}"
    if start:
        return f"from {start.isoformat()}"
    return f"until {end.isoformat()}" if end else "any time"
