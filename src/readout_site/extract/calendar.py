"""Date expressions as readouts write them, found in text and parsed, no resolving.

``find_dates`` lists every date expression in a sentence: absolute ("On September
13, 2020", "On 26 May", "20.08.2020", "2020-08-20", "January 6-7", "in March
2019") and relative ("today", "yesterday", "on Wednesday", "on the eve of").
``parse_date_line`` reads a line that is nothing but a date (a dateline or a
metadata value). Turning mentions into the event's date is ``extract.dates``.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

log = logging.getLogger(__name__)

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _month_alternation() -> str:
    forms = []
    for name in sorted(MONTHS, key=len, reverse=True):
        dot = r"\.?" if len(name) <= 4 and name != "may" and name != "june" and name != "july" else ""
        forms.append(name.capitalize() + dot)
        forms.append(name.upper() + dot)
    return "(?:" + "|".join(forms) + ")"


_M = _month_alternation()
_WD = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_ORD = r"(?:st|nd|rd|th)?"
_SEP = r"\s*(?:-|–|—|to|and)\s*"

_MONTH_FIRST = re.compile(
    rf"\b(?:{_WD},?\s+)?(?P<m>{_M})\s+(?P<d>\d{{1,2}}){_ORD}"
    rf"(?:{_SEP}(?:(?P<m2>{_M})\s+)?(?P<d2>\d{{1,2}}){_ORD})?(?![\d:])(?:,?\s+(?P<y>\d{{4}})\b)?"
)
_DAY_FIRST = re.compile(
    rf"\b(?P<d>\d{{1,2}}){_ORD}(?:\s+(?P<m1>{_M}))?(?:{_SEP}(?P<d2>\d{{1,2}}){_ORD})?\s+(?:of\s+)?(?P<m>{_M})"
    rf"(?:,?\s+(?P<y>\d{{4}})\b)?"
)
_NUMERIC = re.compile(r"\b(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})\b")
_ISO = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\b")
_MONTH_YEAR = re.compile(rf"\b(?P<m>{_M})\s+(?P<y>\d{{4}})\b")
_RELATIVE = re.compile(
    r"\b(?P<rel>the day before yesterday|yesterday|today|tonight|earlier today|this (?:morning|afternoon|evening)|"
    r"last night)\b"
    rf"|\b(?:on|last|this)\s+(?P<wd>{_WD})\b|\b(?P<wd2>{_WD})\s+(?:morning|afternoon|evening|night)\b"
    r"|\b(?P<eve>on the eve of)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMention:
    """One date expression in a sentence."""

    text: str  # the expression as written
    start: int  # offset in the sentence
    year: int | None = None  # absolute parts (None where not written)
    month: int | None = None
    day: int | None = None
    end_day: int | None = None  # last day of a range ("January 6-7")
    end_month: int | None = None  # month of the last day when it differs
    relative: str | None = None  # "today", "yesterday", "weekday:2", "eve"

    @property
    def absolute(self) -> bool:
        return self.relative is None


def _valid(year: int | None, month: int, day: int | None) -> bool:
    try:
        dt.date(year or 2000, month, day or 1)
        return True
    except ValueError:
        return False


def find_dates(sentence: str) -> list[DateMention]:
    """Every date expression in ``sentence``, in order of appearance, without overlaps."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match, mention: DateMention) -> None:
        span = m.span()
        if any(s < span[1] and span[0] < e for s, e in taken):
            return
        taken.append(span)
        found.append(mention)

    if _DIGIT.search(sentence) is not None:  # every written-out date has a digit
        _absolute(sentence, add)
    low = sentence.lower()
    if any(hint in low for hint in _RELATIVE_HINTS):
        _relative(sentence, add)
    found.sort(key=lambda x: x.start)
    return found


_DIGIT = re.compile(r"\d")
_RELATIVE_HINTS = ("day", "night", "this ", "eve")


def _absolute(sentence: str, add) -> None:
    """Written-out dates: ISO, numeric, month-first, day-first, month and year."""
    for regex in (_ISO, _NUMERIC):
        for m in regex.finditer(sentence):
            y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
            if _valid(y, mo, d):
                add(m, DateMention(m.group(0), m.start(), y, mo, d))
    for regex in (_MONTH_FIRST, _DAY_FIRST):
        for m in regex.finditer(sentence):
            mo = MONTHS[m["m"].rstrip(".").lower()]
            d = int(m["d"])
            y = int(m["y"]) if m["y"] else None
            d2 = int(m["d2"]) if m["d2"] else None
            m2 = None
            if regex is _MONTH_FIRST and m["m2"]:
                m2 = MONTHS[m["m2"].rstrip(".").lower()]
            if regex is _DAY_FIRST and m["m1"]:
                m2, mo = mo, MONTHS[m["m1"].rstrip(".").lower()]
            if not _valid(y, mo, d) or (d2 and not _valid(y, m2 or mo, d2)):
                continue
            add(m, DateMention(m.group(0).strip(), m.start(), y, mo, d, d2, m2))
    for m in _MONTH_YEAR.finditer(sentence):
        add(m, DateMention(m.group(0), m.start(), int(m["y"]), MONTHS[m["m"].rstrip(".").lower()]))


def impossible_dates(sentence: str) -> list[str]:
    """Dates written with a month name that are no day of the calendar ("February 30, 2021"), as
    written; ``find_dates`` passes over them."""
    found = []
    for regex in (_MONTH_FIRST, _DAY_FIRST):
        for m in regex.finditer(sentence):
            first = m["m1"] if regex is _DAY_FIRST and m["m1"] else m["m"]
            if not _valid(int(m["y"]) if m["y"] else None, MONTHS[first.rstrip(".").lower()], int(m["d"])):
                found.append(m.group(0).strip())
    return found


def _relative(sentence: str, add) -> None:
    """Relative dates: "today", "yesterday", "on Wednesday", "on the eve of"."""
    for m in _RELATIVE.finditer(sentence):
        if m["rel"]:
            rel = m["rel"].lower()
            rel = {"tonight": "today", "earlier today": "today", "last night": "yesterday"}.get(rel, rel)
            if rel.startswith("this "):
                rel = "today"
            if rel == "the day before yesterday":
                rel = "before-yesterday"
        elif m["wd"] or m["wd2"]:
            rel = "weekday:%d" % WEEKDAYS.index((m["wd"] or m["wd2"]).lower())
        else:
            rel = "eve"
        add(m, DateMention(m.group(0), m.start(), relative=rel))


# A time of day on a date line: "14:05", "6:20 p.m. (GMT)", "9:12 AM GMT+1", "2:47 PM GMT+02:00".
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s*\(?[A-Z]{2,5}(?:\s*[+−-]\s*\d{1,2}(?::?\d{2})?)?\)?)?"
_LINE_PREFIX = re.compile(
    r"^\s*(?:[^|\d]{2,60}\|\s*)?"  # "Secretaría de Relaciones Exteriores | October 05, 2023"
    r"(?:(?:(?-i:[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}),\s+){1,2}(?=\d))?"  # "Doha, 11 October 2023"
    rf"(?:(?:updated|published|publication date|posted|date|released)\s*:?\s*)?(?:{_TIME},?\s+)?(?:{_WD},?\s*)?",
    re.IGNORECASE,
)
# What may follow the date on a date line: a time (then perhaps "Updated") or a label ("– Press release").
_LINE_SUFFIX = re.compile(
    rf"(?:(?:,?\s*(?:at\s+)?|\s+[–—|-]\s+){_TIME}(?:\s+(?:last\s+)?updated|\s+(?-i:[A-Z][\w'’-]+)(?:\s+city)?)?"
    r"(?:\s+(?:last\s+)?updated\b[^|]{0,40})?"  # "June 7, 2023 3:12 AM GMT+2 Updated June 7, 2023"
    r"|\s+[–—|-]\s+(?:update[sd]?|modified)\b[^|]{0,40}"  # "12.01.2024 - Update : 12.01.2024"
    r"|\s+[–—|-]\s+[A-Za-z][A-Za-z ]{2,30}(?:\s+\d{1,7})?)\s*$",  # "2025-01-28 | Hit 2841"
    re.IGNORECASE,
)
_YMD = re.compile(r"(?P<y>\d{4})[/.](?P<m>\d{1,2})[/.](?P<d>\d{1,2})")
_SLASHED = re.compile(r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})")
_DASHED = re.compile(r"(?P<d>\d{1,2})-(?P<m>[A-Za-z]{3,9})-(?P<y>\d{4})")


def parse_date_line(text: str) -> dt.date | None:
    """The date of a line that is only a date, or None.

    Accepts "20.08.2020", "2020/08/20", ISO dates and timestamps, "MARCH 3, 2022",
    "1 November 2023, 15:40", "Saturday, 25 February 2023", "Updated: January 06, 2023
    23:10" and "12 OCT 2022, 14:05"; the line may end with a time or a short label.
    """
    text = text.strip().rstrip(".")
    if not text or len(text) > 60 or _DIGIT.search(text) is None:
        return None
    text = _LINE_PREFIX.sub("", text, count=1)
    m = _ISO.fullmatch(text)
    if m is None:
        text = _LINE_SUFFIX.sub("", text, count=1).strip().rstrip(".")
        m = _ISO.fullmatch(text) or _YMD.fullmatch(text) or _NUMERIC.fullmatch(text)
    if m is None and (dashed := _DASHED.fullmatch(text)):  # "24-Jan-2024"
        try:
            return dt.date(int(dashed["y"]), MONTHS[dashed["m"].lower()], int(dashed["d"]))
        except (ValueError, KeyError):
            return None
    if m is not None:
        try:
            return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            return None
    if (slashed := _SLASHED.fullmatch(text)) and int(slashed["d"]) > 12:
        try:  # "24/09/2024" (day first); "11/10/2023" could be either way round: not read
            return dt.date(int(slashed["y"]), int(slashed["m"]), int(slashed["d"]))
        except ValueError:
            return None
    for regex in (_MONTH_FIRST, _DAY_FIRST):
        m = regex.fullmatch(text)
        if m and m["y"] and not m["d2"]:
            try:
                return dt.date(int(m["y"]), MONTHS[m["m"].rstrip(".").lower()], int(m["d"]))
            except ValueError:
                return None
    if (foreign := _FOREIGN_DATE.fullmatch(text)) and foreign["m"].lower() in _FOREIGN_MONTHS:
        try:  # "Miércoles 21 de febrero de 2024", "17 de janeiro de 2024", "Kamis, 22 Februari 2024"
            return dt.date(int(foreign["y"]), _FOREIGN_MONTHS[foreign["m"].lower()], int(foreign["d"]))
        except ValueError:
            return None
    return None


# Date lines of Spanish, Portuguese, Indonesian and French pages: read on a line of their own only (in
# running English text "Mei" or "Marzo" may be names).
_FOREIGN_MONTHS = {
    name: i + 1
    for names in ("enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
                  "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
                  "januari februari maret april mei juni juli agustus september oktober november desember",
                  "janvier février mars avril mai juin juillet août septembre octobre novembre décembre")
    for i, name in enumerate(names.split())
}
_FOREIGN_DATE = re.compile(
    r"(?:(?:fecha|data|tanggal|date|publicado(?:\s+(?:em|el))?|publié\s+le)\s*:?\s*)?"
    r"(?:[^\W\d_]+,?\s+)?(?P<d>\d{1,2})(?:\s+de)?\s+(?P<m>[^\W\d_]+)(?:\s+de)?,?\s+(?P<y>\d{4})",
    re.IGNORECASE,
)
