"""From a file's text to a document: title, paragraphs and what the page says about itself.

Three readers, one per format, give the same :class:`Document`:

* ``.txt``: text as a scraper saved it, read as a head, a body and a tail. The head
  (site name, menus, breadcrumb, headline, date, time and place lines) runs to the
  first line of prose; the headline is the head line that names an event ("holds
  talks", "Telephone conversation", "Readout of ..."), else the longest. The body
  runs to the first tail line ("Share", "Tags", "Related news", "Read also", "###",
  "[Editor: ...]", "Suggest To A Friend"), after which only the URL and dates are
  read. Date lines may carry a time or a label ("1 November 2023, 15:40", "Updated:
  January 06, 2023 23:10"); "Key: value" lines (``Source: Xinhua | 2024-03-26``,
  ``Editor:``, ``Views:``) are furniture; a leading metadata block (``URL:``,
  ``Headline:``, ``Published:``, ``Location:``) is read into fields. A news-agency
  dateline opening the text ("MOSCOW, October 12. /TASS/.", "BEIJING, Jan. 5
  (Xinhua) --") gives the filing city, a day without a year and the agency.
* ``.html``: a saved page. The title comes from the article's heading or the
  page's metadata, the publication date from meta tags or a ``<time>``, bylines
  from author tags, "From:" metadata or a footer's "Authorised by" line; the text
  from the article, without navigation, scripts, related-news lists, cookie banners
  or footers, then read like text.
* ``.md``: Markdown with optional YAML front matter; the front matter is kept for
  the record to apply, the body is rendered (sanitised) and read as paragraphs; its
  HTML keeps only the blocks the text reader took as the body.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
from dataclasses import dataclass, field

import yaml

from readout_site.yamltext import load_yaml_noting_repeats

from readout_site.extract.calendar import find_dates, parse_date_line

log = logging.getLogger(__name__)


@dataclass
class Document:
    """What a file says, before the extraction rules look at its sentences."""

    title: str = ""  # the headline as printed ("" when none was found)
    paragraphs: list[str] = field(default_factory=list)  # body paragraphs, chrome removed
    published: dt.date | None = None  # publication date the page states
    published_evidence: str | None = None  # the line the publication date came from
    url: str | None = None  # original URL
    outlet: str | None = None  # "Xinhua", site name...
    dateline_city: str | None = None  # city the story was filed from (or the place line's city)
    place_line: str | None = None  # a head line naming only a place ("The Kremlin, Moscow")
    dateline: str | None = None  # a news-agency dateline opening the text ("MOSCOW, October 12. /TASS/.")
    dateline_day: tuple[int, int] | None = None  # (month, day) the dateline gives, without a year
    authors: list[str] = field(default_factory=list)  # bylines and authorisation lines
    front: dict = field(default_factory=dict)  # front matter (Markdown) to apply as overrides
    body_html: str | None = None  # sanitised HTML of a Markdown body
    warnings: list[str] = field(default_factory=list)  # what the reader noticed


# ------------------------------------------------------------------ plain text

_BREADCRUMB = re.compile(
    r"^\s*(?:home|homepage|home page|main|main page|start)\s*(?:[>›»/|]\s*[^>›»|]+)+$", re.IGNORECASE
)
_CRUMB_SEPARATED = re.compile(r"^[^.!?]{1,60}(?:\s*[>›»]\s*[^.!?>›»]{1,120}){1,6}$")
_MENU = re.compile(r"^(?:[^|]{1,40}\|){2,}[^|]{0,40}$|^\S+(?:\s\S+)?(?:\s{3,}\S+(?:\s\S+)?){2,}$")
_WIDGET = re.compile(
    r"^\s*<?\s*(?:suggest to a friend|print(?: version| this page)?|text version|"
    r"share(?: this(?: page)?)?(?: on \w+)?|e-?mail(?: this)?|"
    r"tweet|facebook|twitter|linkedin|whatsapp|telegram|back to top|top of page|page top|font size|"
    r"\[?\s*(?:large|medium|small)\s*\]?(?:\s*\[?\s*(?:large|medium|small)\s*\]?)*|a\s*a\s*a|close|hide|menu|"
    r"search|skip to (?:main )?content|sign up|subscribe(?: to [\w ]+)?|stay connected|"
    r"related (?:news|articles|links|stories|content)|more news|other news|read also|see also|view more|"
    r"read more|copyright.*|all rights reserved.*|©.*|"
    r"statements and releases|briefing room|press releases?|news (?:&|and) events|media centre|"
    r"kaynak\s*/\s*source|source|###|-{1,3}|—|–|\*+|·|•|<\s*…\s*>|<\s*\.\.\.\s*>|…)\s*[:>]?\s*$",
    re.IGNORECASE,
)
# Lines after which the rest of the page is furniture (share widgets, tags, related news).
_TAIL = re.compile(
    r"^\s*<?\s*(?:suggest to a friend|share(?: this(?: page)?)?|share\s*:.*|tags|related(?: news| articles| links|"
    r" stories| content)?|related(?: news| articles| links| stories| content)?\s*:.*|read also|also read|read more|"
    r"you may also like|most (?:read|viewed|popular)|see also|other news|more news|latest news|###|"
    r"\[?\s*editor\s*:.*|copyright.*|©.*|"
    r"print(?: version| this page)?|page top|back to top)\s*[:>]?\s*$",
    re.IGNORECASE,
)
_URL_LINE = re.compile(r"^\s*(?:[A-Za-z][A-Za-z ]{0,24}:\s*)?(https?://\S+)\s*$")
_META_LINE = re.compile(
    r"^\s*(url|link|headline|title|published|publication date|date|posted|updated|location|dateline|"
    r"source|outlet|author|by|section|category)\s*:\s*(.*?)\s*$",
    re.IGNORECASE,
)
# "Key: value" lines of page furniture: the value is read where it means something, the line dropped.
_LABEL_LINE = re.compile(
    r"^\s*(source|editor|views|persons|geography|topics|tags|kaynak\s*/\s*source|photo|author|by|from|"
    r"updated|published|publication date|posted|date|location|dateline|enquiries|inquiries|media enquiries|"
    r"media inquiries|contact|contacts|issued by)\s*:\s*(.*?)\s*$",
    re.IGNORECASE,
)
_OUTLET_DATE = re.compile(r"^\s*([A-Z][\w.&' -]{1,40}?)\s*\(([^()]{6,30})\)\s*$")
_TIME_LINE = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?$", re.IGNORECASE)
_EVENT_WORD = re.compile(
    r"\b(?:met|meets?|meeting|talks?|call|calls|conversation|visit|visits|summit|readout|received|receives|"
    r"dinner|lunch|holds|held|spoke|speaks|discuss|discussed|phone|telephone|video|audience|hosts|hosted)\b",
    re.IGNORECASE,
)
# A dateline opening the first paragraph: "MOSCOW, October 12. /TASS/." or "BEIJING, Jan. 5 (Xinhua) --".
_DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Z .'’-]{1,30}[A-Z]),\s+(?:[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2},\s+)?"  # "..., Uzbekistan,"
    r"(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})"
    r"(?:,\s*\d{4})?\.?\s*(?:\((?P<agency1>[A-Za-z][\w ]{1,20})\)|/(?P<agency2>[A-Za-z][\w ]{1,20})/\.?)?"
    r"\s*(?:--|—|–|-)?\s*"
)


@dataclass
class _Line:
    """One line of a text page and what it is."""

    text: str
    kind: str  # blank, chrome, tail, date, place, text
    date: dt.date | None = None


def read_text(text: str, lexicon=None, title: str | None = None) -> Document:
    """Read a plain-text page: split chrome from title and body.

    The page is read as a head (site name, menus, breadcrumb, headline, date and place
    lines), a body (from the first line of prose) and a tail (from a share widget,
    tags or related-news heading on), which is furniture except for the URL and
    publication date it may give. ``title``, when the caller knows it, is the headline.
    """
    doc = Document()
    lines = _read_meta_block([line.strip() for line in text.split("\n")], doc)
    if title:
        doc.title = title
    marked = [_mark(line, doc, lexicon) for line in lines]
    start = _body_start(marked)
    if not doc.title:
        doc.title = _choose_title(marked[:start])
        log.debug("headline %r chosen from %d head lines", doc.title, start)
    _read_head(marked[:start], doc)
    _read_body(_text_under_title(marked[:start], doc.title) + marked[start:], doc)
    if not doc.title and len(doc.paragraphs) > 1 and _looks_like_title(doc.paragraphs[0], loose=True):
        doc.title = doc.paragraphs.pop(0)
    _read_dateline(doc, lexicon)
    return doc


def _read_meta_block(lines: list[str], doc: Document) -> list[str]:
    """Consume a ``Key: value`` block at the top of the file into ``doc``."""
    i = 0
    seen = 0
    while i < len(lines):
        line = lines[i]
        if not line:
            i += 1
            continue
        m = _META_LINE.match(line)
        if not m or (m.group(1).lower() in {"source", "by", "date"} and seen == 0 and not m.group(2)):
            break
        key, value = m.group(1).lower(), m.group(2)
        seen += 1
        if key in {"url", "link"} and value.startswith("http"):
            doc.url = value
        elif key in {"headline", "title"} and value:
            doc.title = value
        elif key in {"published", "publication date", "date", "posted", "updated"} and value:
            day = parse_date_line(value)
            if day and key != "updated":
                doc.published, doc.published_evidence = day, line
        elif key in {"location", "dateline"} and value:
            doc.dateline_city = value.split(",")[0].strip()
        elif key in {"source", "outlet"} and value:
            if value.startswith("http"):
                doc.url = doc.url or value
            else:
                doc.outlet = value
        elif key in {"author", "by"} and value:
            doc.authors.append(value)
        i += 1
    return lines[i:] if seen >= 2 else lines


def _mark(line: str, doc: Document, lexicon) -> _Line:
    """Classify one line; URL and outlet lines are noted on ``doc`` as they are met."""
    if not line:
        return _Line(line, "blank")
    size = len(line)
    if size > 300:
        return _Line(line, "text")  # furniture is short; long lines are text
    if size <= 160 and (m := _LABEL_LINE.match(line)):  # "From: Prime Minister's Office, ... and The Rt Hon ..."
        return _label_line(line, m.group(1).lower(), m.group(2), doc)
    if size <= 80:
        if _TAIL.match(line):
            return _Line(line, "tail")
        if _WIDGET.match(line) or _BREADCRUMB.match(line) or _TIME_LINE.match(line):
            return _Line(line, "chrome")
    if size <= 200 and ("|" in line or "   " in line):
        if _MENU.match(line):
            return _Line(line, "chrome")
    if ("›" in line or "»" in line or " > " in line) and (_BREADCRUMB.match(line) or _CRUMB_SEPARATED.match(line)):
        return _Line(line, "chrome")
    if "http" in line and (m := _URL_LINE.match(line)):
        doc.url = doc.url or m.group(1)
        return _Line(line, "chrome")
    if size <= 60:
        day = parse_date_line(line)
        if day:
            return _Line(line, "date", day)
        m = _OUTLET_DATE.match(line)
        if m and not _EVENT_WORD.search(m.group(1)) and (day := parse_date_line(m.group(2))):  # not a headline
            doc.outlet = doc.outlet or m.group(1).strip()
            return _Line(line, "date", day)
        if lexicon is not None and _place_line(line, lexicon):
            return _Line(line, "place")
    return _Line(line, "text")


def _label_line(line: str, key: str, value: str, doc: Document) -> _Line:
    """A ``Key: value`` furniture line: dates and outlets are kept, the line is not text.

    A value may hold several fields separated by "|" ("Source: Xinhua | 2024-03-26 17:05").
    """
    parts = [part.strip() for part in value.split("|")] if "|" in value else [value]
    day = next((d for part in parts if (d := parse_date_line(part))), None)
    value = next((part for part in parts if not parse_date_line(part)), "")
    if key in {"updated", "published", "publication date", "posted", "date"} or day:
        if key not in {"updated", "published", "publication date", "posted", "date"} and value:
            _label_value(key, value, doc)
        return _Line(line, "date", day) if day else _Line(line, "chrome")
    _label_value(key, value, doc)
    return _Line(line, "chrome")


def _label_value(key: str, value: str, doc: Document) -> None:
    """Note what a furniture line's value says: the outlet, the URL, an author, a place."""
    if key in {"source", "kaynak / source", "kaynak/source"} and value and not value.endswith("."):
        if value.startswith("http"):
            doc.url = doc.url or value
        else:
            doc.outlet = doc.outlet or value
    elif key in {"author", "by", "from"} and value:
        doc.authors.append(value)
    elif key in {"location", "dateline"} and value:
        doc.dateline_city = doc.dateline_city or value.split(",")[0].strip()


def _place_line(line: str, lexicon) -> str | None:
    """The city of a line that only names a place ("Beijing", "The Kremlin, Moscow"), or None."""
    if not _LONE_PLACE.match(line):
        return None
    for part in line.split(","):
        place = lexicon.place(part.strip())
        if place is not None:
            return place.city or part.strip()
    return None


_LONE_PLACE = re.compile(r"^[A-ZÀ-Þ][\w .'’-]{1,40}(?:,\s*[A-ZÀ-Þ][\w .'’-]{1,40}){0,2}$")


def _text_under_title(head: list[_Line], title: str) -> list[_Line]:
    """Lines of text of some length between the headline and the first line of prose: a lead that
    does not end a sentence ("... met with Sergey Lavrov in Moscow", a caption-like lead), kept as
    paragraphs of the body rather than dropped with the page's furniture."""
    after = next((i + 1 for i, line in enumerate(head) if line.text == title), 0) if title else 0
    kept: list[_Line] = []
    for line in head[after:]:
        if line.kind == "text" and line.text != title and _reads_as_prose(line.text):
            kept += [line, _Line("", "blank")]
    return kept


def _reads_as_prose(line: str) -> bool:
    """Eight words or more, few of them numbers, and some of the small words of running text (not a
    date line such as "14 Nov. 2024 - Last updated: 14 Nov. 2024 15:20", nor a menu)."""
    words = line.split()
    if len(words) < 8 or _menu_like(line):
        return False
    numbers = sum(any(c.isdigit() for c in w) for w in words)
    return numbers * 4 <= len(words) and any(w in _SMALL_WORDS for w in words)


_SMALL_WORDS = frozenset("the and of to with in on for at a an met said held discussed".split())


def _is_prose(line: str) -> bool:
    """A line of running text: a sentence of some length."""
    words = line.count(" ") + 1
    if words < 6:
        return False
    if line[-1] == ")" and len(line) < 160:  # a sentence, or a headline ending "(September 10, 2020)"
        before = line[:line.rfind("(")].rstrip()
        return before[-1:] in ".!?" or ". " in before
    # A long line that ends no sentence and holds none is a long headline (MID: "Foreign Minister Sergey
    # Lavrov's talks with Member of the Political Bureau ..., Minister of Foreign Affairs of ... Wang Yi").
    return line[-1] in ".!?:\"”’" or len(line) >= 300 or (len(line) >= 160 and ". " in line)


def _body_start(marked: list[_Line]) -> int:
    """Index of the first line of prose (the end of the page head)."""
    for i, line in enumerate(marked):
        if line.kind == "text" and _is_prose(line.text):
            return i
    return next((i for i, line in enumerate(marked) if line.kind == "text"), len(marked))


def _choose_title(head: list[_Line]) -> str:
    """The headline among the head's text lines: one naming an event, else the longest."""
    candidates = [
        (i, line.text) for i, line in enumerate(head)
        if line.kind == "text" and " " in line.text and _looks_like_title(line.text)
    ]
    if not candidates:
        return ""
    named = [c for c in candidates if _EVENT_WORD.search(c[1])]
    if named:  # a menu ("World China Business Opinion Video") only when nothing else names the event, and a
        # lead that ends no sentence ("On May 5, 2021, Wang Yi met ... in Moscow") only when no headline does
        return min(named, key=lambda c: (_lead_like(c[1]), _menu_like(c[1])))[1]
    return max(candidates, key=lambda c: (len(c[1].split()), c[0]))[1]


def _lead_like(line: str) -> bool:
    """A line that opens a story rather than heads it: dated at its start ("On May 5, 2021, ..."),
    or as long as a sentence."""
    return line.count(" ") >= 20 or bool(_DATED_START.match(line))


_DATED_START = re.compile(r"^(?:On|In)\s+(?:\d|[A-Z][a-z]+\s+\d)")


def _menu_like(line: str) -> bool:
    """A line of a few capitalised words with no small word between them: a site's menu, not a headline."""
    words = line.split()
    return len(words) <= 7 and all(w[:1].isupper() or not w[:1].isalpha() for w in words)


def _read_head(head: list[_Line], doc: Document) -> None:
    """Publication date and place lines of the page head, and the name of a minister's release
    ("Senator the Hon Penny Wong" over "Minister for Foreign Affairs") as its byline."""
    seen_title = False
    for i, line in enumerate(head):
        if line.text == doc.title:
            seen_title = True
        elif line.kind == "text" and not seen_title and _STYLED_NAME.match(line.text):
            office = next((n.text for n in head[i + 1:i + 2] + head[max(0, i - 1):i]  # the line after, or before
                           if n.kind == "text" and n.text != doc.title and _OFFICE_LINE.match(n.text)), None)
            doc.authors.append(f"{line.text}, {office}" if office else line.text)
        elif line.kind == "date" and not doc.published:
            doc.published, doc.published_evidence = line.date, line.text
        elif line.kind == "date" and seen_title and not doc.dateline_day and (m := _PLACED.match(line.text)):
            # "New York, 23 September 2024" under the headline, the page dated the day after: where and
            # when the release was written, which dates an event the text gives no day of
            doc.dateline, doc.dateline_day = line.text, (line.date.month, line.date.day)
            doc.dateline_city = doc.dateline_city or m.group(1)
        elif line.kind == "place" and (seen_title or not doc.title) and not doc.dateline_city:
            doc.dateline_city = line.text.split(",")[0].strip()
            doc.place_line = line.text


_OFFICE_LINE = re.compile(r"^(?:[A-Z][\w'’-]*\s+){0,4}(?:Minister|Secretary|President|Chancellor|Premier|Ambassador)"
                          r"\b[\w ,'’&-]{0,70}$")
# A name printed with its style on a line of its own: a member of a government signing a release.
_STYLED_NAME = re.compile(
    r"^(?:Senator the Hon(?:ourable|\.)?|The Rt\.? Hon(?:ourable|\.)?|The Hon(?:ourable|\.)?|Hon\.|H\.\s?E\.?)"
    r"\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,4}(?:\s+(?:MP|AO|KC|QC|CMG))*$"
)


_PLACED = re.compile(r"^([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}),\s+(?:[A-Z][a-z]+,\s+)?\d")


def _read_body(body: list[_Line], doc: Document) -> None:
    """Paragraphs up to the tail; dates (and the URL) from anywhere after the head."""
    pending: list[str] = []
    in_tail = None  # the line that began the page's tail
    left_out: list[str] = []  # lines of prose after it
    for line in body:
        if line.kind == "tail" and (doc.paragraphs or pending) and in_tail is None:
            in_tail = line.text
        if line.kind == "date" and not doc.published:
            doc.published, doc.published_evidence = line.date, line.text
        if in_tail is not None and line.kind == "text" and line.text.endswith((".", "”", '"')) \
                and _reads_as_prose(line.text):
            left_out.append(line.text)
        if in_tail is not None or line.kind != "text":
            if pending:
                doc.paragraphs.append(" ".join(pending))
                pending = []
            continue
        pending.append(line.text)
    if pending:
        doc.paragraphs.append(" ".join(pending))
    if left_out:
        doc.warnings.append(f"{len(left_out)} line(s) of text after \"{in_tail.strip()[:40]}\" were left out as page "
                            f"furniture (the first: \"{left_out[0][:80]}\"); if they belong to the readout, take "
                            "that line out of the file")


def _read_dateline(doc: Document, lexicon=None) -> None:
    """Read a dateline at the head of the first paragraph (or the second, after a standfirst) into
    ``doc``: a news agency's ("BEIJING, Sept. 16 (Xinhua) --"), another agency's ("Paris (AFP) –"), or
    a ministry's ("Beijing, 9 November 2024 –", "Geneva –": a place the lexicon knows, then a dash)."""
    m = next((m for p in doc.paragraphs[:2] if (m := _DATELINE.match(p)) and m.end() < len(p)), None)
    mention = _day_of(m["date"]) if m is not None else None
    if m is not None and mention is None:
        return  # a news agency's dateline is read with its day only
    city = m["city"].strip() if m is not None else ""
    if m is None:
        m = next((m for p in doc.paragraphs[:2] if (m := _AGENCY_LINE.match(p))), None)
        if m is None or not (m["agency1"] or m["agency2"] or lexicon is not None and lexicon.place(m["city"])):
            return
        mention, city = _day_of(m["date"]), doc.dateline_city or m["city"].strip()  # (a Location: line comes first)
    doc.outlet = doc.outlet or m["agency1"] or m["agency2"]
    doc.dateline_city = " ".join(w.capitalize() for w in city.split()) if city.isupper() else city
    if mention is not None:
        doc.dateline, doc.dateline_day = m.group(0).strip(), (mention.month, mention.day)
        if mention.year and not doc.published:  # "ABU DHABI, 8th August, 2024 (WAM)": the day it was written
            try:
                doc.published, doc.published_evidence = dt.date(mention.year, mention.month, mention.day), doc.dateline
            except ValueError:
                pass


def _day_of(text: str | None):
    """The date a dateline writes ("Sept. 16", "8th August, 2024"), when it names a day; else None."""
    mention = next(iter(find_dates(re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", text))), None) if text else None
    return mention if mention is not None and mention.day is not None else None


# "Paris (AFP) –", "Doha, October 11 (QNA) -", "Riyadh, October 13, 2024, SPA --", "ABU DHABI, 8th August, 2024
# (WAM) --", "WOODSIDE, Calif. (AP) —": where an agency's copy was written, and by which agency.
_AGENCY_LINE = re.compile(
    r"^(?P<city>[A-Z][A-Za-z'’-]+(?:\s[A-Z][A-Za-z'’-]+){0,2})(?:,\s+[A-Z][a-z]{1,5}\.)?"
    r"(?:,\s+(?P<date>(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}\.?|[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?)"
    r"(?:,?\s+\d{4})?))?"
    r"(?:\s*\((?P<agency1>[A-Z][A-Za-z]{1,9})\)|,\s+(?P<agency2>[A-Z]{2,6}))?\s*(?:--|—|–|-)\s"
)


def _looks_like_title(line: str, loose: bool = False) -> bool:
    """A headline: short, no sentence-final period (unless ``loose``), has letters."""
    if len(line) > 300 or not re.search(r"[A-Za-z]", line):
        return False
    if loose:
        return len(line) < 200 and not line.endswith(".")
    return not re.search(r"[.;:]\s*$", line) or line.endswith("...")


# ------------------------------------------------------------------ HTML

_DROP_TAGS = "script, style, noscript, template, nav, header, footer, aside, form, iframe, svg, button, select, dialog"
_OTHER_STORIES = re.compile(
    r"(?:most (?:viewed|read|popular|shared)|popular|trending|related(?: \w+)?|latest(?: \w+)?|top stories|"
    r"more (?:news|stories|from \w+)|read more|see also|recommended|you may (?:also )?like)\s*:?$",
    re.IGNORECASE,
)
_DROP_CLASSES = re.compile(
    r"(?:^|[\s_-])(?:nav|menu|breadcrumbs?|share|sharing|social|related|cookie|consent|banner|footer|header|"
    r"sidebar|widget|print|tags?|pager|pagination|skip|subscribe|newsletter|comments?|toolbar|masthead)(?:$|[\s_-])",
    re.IGNORECASE,
)
_CONTAINERS = (
    "[itemprop=articleBody]",
    "article",
    "[role=main]",
    "main",
    ".article-body",
    ".article",
    ".content",
    "#content",
    ".post",
    "body",
)


def read_html(text: str, lexicon=None) -> Document:
    """Read a saved web page: the article's own title and paragraphs."""
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(text)
    doc = Document()
    meta = _head_meta(tree)
    doc.title = _html_title(tree, meta)
    doc.url = meta.get("canonical") or meta.get("og:url")
    doc.outlet = meta.get("og:site_name")
    time_node = tree.css_first("time[datetime]")
    if time_node is not None and (value := (time_node.attributes.get("datetime") or "").strip()):
        meta.setdefault("time", value)
    for key in ("article:published_time", "date", "dc.date", "dcterms.date", "time"):
        value = meta.get(key)
        day = parse_date_line(value) if value else None
        if day:
            doc.published, doc.published_evidence = day, f"{key} {value}"
            break
    doc.authors = _html_authors(tree, meta)
    for node in tree.css(_DROP_TAGS):
        node.decompose()
    for node in tree.css("[class], [id]"):
        marker = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if node.tag not in {"body", "html", "main", "article"} and _DROP_CLASSES.search(marker):
            node.decompose()
    for heading in tree.css("h2, h3, h4, h5, h6"):  # "Most Viewed", "Related news": a list of other stories
        if _OTHER_STORIES.match(" ".join(heading.text().split())) and heading.parent is not None \
                and heading.parent.tag not in {"body", "html", "main", "article"}:
            heading.parent.decompose()
    container = next((n for s in _CONTAINERS for n in tree.css(s)[:1]), None)
    if container is None:
        return doc
    blocks = container.css("p, li, blockquote, pre, h2, h3, h4, div.date, span.date, time")
    lines = []
    for block in blocks:
        if block.tag != "p" and any(parent.tag == "p" for parent in _parents(block)):
            continue
        chunk = _node_text(block)
        if chunk and chunk != doc.title:
            lines.append(chunk)
    if not lines:
        lines = [" ".join(t.split()) for t in container.text(separator="\n").split("\n") if t.strip()]
    inner = read_text("\n\n".join(lines), lexicon, title=doc.title or None)
    doc.paragraphs = [p for p in inner.paragraphs if p != doc.title]
    doc.title = doc.title or inner.title
    doc.dateline, doc.dateline_day, doc.place_line = inner.dateline, inner.dateline_day, inner.place_line
    doc.authors.extend(a for a in inner.authors if a not in doc.authors)
    doc.published = doc.published or inner.published
    doc.published_evidence = doc.published_evidence or inner.published_evidence
    doc.url = doc.url or inner.url
    doc.outlet = doc.outlet or inner.outlet
    doc.dateline_city = inner.dateline_city
    return doc


_AUTHORISED = re.compile(r"\bAuthori[sz]ed by\s+(?P<who>[^.]{3,160})", re.IGNORECASE)


def _head_meta(tree) -> dict[str, str]:
    """The page's ``<meta>`` values by name or property (lower case), and its canonical link."""
    found: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name")
        value = (attrs.get("content") or "").strip()
        if key and value:
            found.setdefault(key.lower(), value)
    link = tree.css_first('link[rel="canonical"]')
    href = (link.attributes.get("href") or "").strip() if link is not None else ""
    if href:
        found["canonical"] = href
    return found


def _html_authors(tree, meta: dict[str, str]) -> list[str]:
    """Bylines: author meta tags and fields, "From:" metadata, a footer's "Authorised by" line."""
    found: list[str] = []
    for key in ("author", "article:author"):
        value = meta.get(key)
        if value and not value.startswith("http"):
            found.append(value)
    for node in tree.css('[rel="author"], .byline, [class*="field-author"], [class*="article-author"]'):
        text = _node_text(node)
        if text and len(text) < 160:
            found.append(text)
    for term in tree.css("dt"):
        if term.text(strip=True).rstrip(":").lower() in {"from", "by", "author"}:
            nxt = term.next
            while nxt is not None and nxt.tag != "dd":
                nxt = nxt.next
            if nxt is not None:
                found.append(_node_text(nxt))
    for node in tree.css("footer, #footer, .footer"):
        m = _AUTHORISED.search(_node_text(node))
        if m:
            found.append(m["who"].strip())
    return list(dict.fromkeys(found))


def _parents(node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _html_title(tree, meta: dict[str, str]) -> str:
    """The article's heading, else og:title, else the <title> without the site's name."""
    for selector in ("article h1", "main h1", "[itemprop=headline]", "h1"):
        node = tree.css_first(selector)
        if node is not None and node.text(strip=True):
            return " ".join(node.text().split())
    og = meta.get("og:title")
    if og:
        return og
    node = tree.css_first("title")
    if node is not None:
        title = " ".join(node.text().split())
        return re.split(r"\s+[|–—-]\s+[^|–—-]+$", title)[0]
    return ""


# ------------------------------------------------------------------ Markdown


_HEADING = re.compile(r"^#{1,3}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_OPENED = re.compile(r"\A---[ \t]*\n")  # a fence that _FRONT found no end for


def read_markdown(text: str, lexicon=None) -> Document:
    """Read Markdown with optional front matter; invalid front matter becomes a warning."""
    front: dict = {}
    warnings = []
    body = text
    m = _FRONT.match(text)
    if m:
        body = text[m.end():]
        try:
            loaded, repeats = load_yaml_noting_repeats(m.group(1) or "", plain=True)
            loaded = loaded or {}
            warnings += [repeated_field("the front matter", r, 1) for r in repeats]  # after the '---' line
        except (yaml.YAMLError, ValueError) as exc:  # ValueError: impossible dates such as 2020-02-30
            mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
            where = f" (line {mark.line + 2})" if mark is not None else ""
            warnings.append(f"the front matter is not valid YAML{where}; it was ignored: {_first_line(exc)}")
            loaded = {}
        if isinstance(loaded, dict):
            front = loaded
        else:  # text between two rules ("---"), not fields: kept as text
            body = text
            warnings.append("the block between the first two '---' lines is not a mapping of fields; it was read "
                            "as text, not as front matter")
    elif _FRONT_OPENED.match(text):
        warnings.append("the file opens front matter with '---' but no line '---' closes it; "
                        "it was read as text, not as fields")
    elif text.startswith("+++"):
        warnings.append("the file opens with TOML front matter ('+++'), which is not read: write it as YAML between "
                        "'---' lines; it was read as text")
    html = render_markdown(body)
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(html)
    plain = _html_to_lines(tree)
    heading = _HEADING.search(body)
    title = _inline_text(heading.group(1)) if heading else None
    if not title and isinstance(front.get("title"), str):  # the headline is the front matter's: no line of
        title = front["title"].strip()  # the text is taken for it (and dropped from the text)
    doc = read_text("\n\n".join(plain), lexicon, title=title or None)
    doc.paragraphs = [p for p in doc.paragraphs if p != doc.title]
    doc.front = front
    doc.body_html = _body_html(tree, doc.paragraphs) or _drop_first_heading(html, doc.title)
    doc.warnings.extend(warnings)
    return doc


def repeated_field(label: str, repeat, offset: int) -> str:
    """The warning for a key that front matter or a sidecar gives twice (``yamltext.RepeatedKey``),
    its lines moved by ``offset`` to count from the top of the file."""
    return (f"{label} gives `{repeat.key}` twice (lines {repeat.first + offset} and {repeat.again + offset}); "
            "the later value is used")


_INLINE_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`]+|<[^>]+>")


def _inline_text(markdown_text: str) -> str:
    """The plain text of one line of Markdown: links, emphasis and tags removed."""
    return " ".join(_INLINE_MARKUP.sub(lambda m: m.group(1) or "", markdown_text).split())


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


_ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code",
    "em", "strong", "b", "i", "a", "abbr", "sup", "sub", "table", "thead", "tbody", "tr", "th", "td",
    "figure", "figcaption", "img", "dl", "dt", "dd", "h1",
}


def render_markdown(body: str) -> str:
    """Markdown to HTML, with raw HTML sanitised (no scripts, handlers or javascript: URLs)."""
    import nh3

    html = _converter().reset().convert(body)
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "img": {"src", "alt", "title"}, "abbr": {"title"}, "th": {"scope"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


_LOCAL = threading.local()


def _converter():
    """This thread's Markdown converter, reused (making one costs more than converting a readout)."""
    converter = getattr(_LOCAL, "converter", None)
    if converter is None:
        import markdown

        converter = _LOCAL.converter = markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")
    return converter


def _node_text(node) -> str:
    """An HTML node's text, whitespace collapsed, its pieces joined by a space (not glued: "a<br>b")
    but none before closing punctuation or after an opening one ("<b>trade</b>, energy")."""
    text = " ".join(node.text(separator=" ").split())
    return _SPACE_AFTER.sub(r"\1", _SPACE_BEFORE.sub(r"\1", text)) if " " in text else text


_SPACE_BEFORE = re.compile(r" ([,.;:!?)\]’”](?:\s|$))")
_SPACE_AFTER = re.compile(r"((?:^|\s)[(\[‘“]) ")


def _html_to_lines(tree) -> list[str]:
    """The text of each block of a parsed HTML fragment, whitespace collapsed."""
    lines = []
    for block in tree.css("h1, h2, h3, h4, h5, h6, p, li, blockquote > p, pre"):
        chunk = _node_text(block)
        if chunk:
            lines.append(chunk)
    return lines


def _body_html(tree, paragraphs: list[str]) -> str | None:
    """The top-level blocks of the rendered body from its first paragraph to its last, or None.

    What the text reader left out before the body (breadcrumb, the title heading) and
    after it (share widgets, "Suggest To A Friend") is left out of the HTML too.
    """
    if not paragraphs:
        return None
    body = tree.body
    if body is None:
        return None
    blocks = [node for node in body.iter(include_text=False)]
    texts = [_node_text(node) for node in blocks]
    first = next((i for i, text in enumerate(texts) if paragraphs[0] in text), None)
    last = next((i for i in range(len(texts) - 1, -1, -1) if paragraphs[-1] in texts[i]), None)
    if first is None or last is None or last < first:
        return None
    return "\n".join(node.html for node in blocks[first:last + 1])


def _drop_first_heading(html: str, title: str) -> str:
    """Remove a leading ``<h1>`` equal to the title: the page prints the title itself."""
    m = re.match(r"\s*<h1>(.*?)</h1>\s*", html, re.DOTALL)
    if m and " ".join(re.sub(r"<[^>]+>", "", m.group(1)).split()) == title:
        return html[m.end():]
    return html
