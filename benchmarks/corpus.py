"""Deterministic synthetic corpora of diplomatic readouts, for benchmarking.

One seeded list of *records* (who met whom, when, where, about what, and the
paragraphs of the readout) is rendered three ways, so that every generator
builds the same archive:

* ``raw/<year>/<nnnnnn>_<hash>.txt`` -- the raw readouts that readout-site reads,
  in four house styles of our own invention modelled on real forms: a foreign
  ministry (MFA), a presidency (Kremlin-like), a White-House-like "Readout of ..."
  and a news-agency copy with a dateline.  Each carries page chrome
  (breadcrumbs, share widgets, footers) as scraped pages do.
* ``hugo/`` -- a complete Hugo site (config, our own layouts showing what
  readout-site's pages show, one ``content/readouts/<slug>.md`` per record with
  taxonomy front matter and the readout's other fields); ``hugo-bare/``, the same
  content (read from ``hugo/content``) with minimal layouts, as the benchmark had
  before its Hugo pages were made equivalent.
* ``pelican/`` -- a complete Pelican site (``pelicanconf.py``, our own minimal
  theme, one ``content/readouts/<slug>.md`` per record).

The page set is the same in both comparison sites and follows readout-site's:
a home page listing the latest 10 readouts, one page per readout, an index page
and one page per term for each of years, countries (interlocutor country),
people (participants) and topics; an Atom/RSS feed of the whole site and one per
country, person and topic, 50 entries each.

The raw corpus also carries what a readout-site user would add for such an
archive: ``raw/_lexicon/benchmark-people.yaml`` (the invented office holders,
with their countries and terms, so the loader can recognise them) and
``readout-site.yaml`` beside ``raw/`` (the build's config when run from the
corpus folder: search index off, as Hugo and Pelican build none).

Record *i* depends only on ``(seed, i)``, so a benchmark can render "one more
readout" (record ``n``) or an edited readout without regenerating anything.

Usage::

    python benchmarks/corpus.py --n 1000 --out benchmarks/work/1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import logging
import random
import re
import shutil
import sys
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sites  # noqa: E402  (sibling modules)
from corpus_data import (  # noqa: E402
    ALL_HOUSES, COUNTRIES, GENERIC_SENTENCES, MONTHS_AP, NAME_POOLS, PRINCIPALS, REAL_HOLDERS,
    SPEECH_VERBS, TOPICS,
)

log = logging.getLogger("corpus")

DEFAULT_SEED = 20240917
FIRST_DAY = dt.date(2012, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)
FORMATS = ("raw", "hugo", "pelican")

# --------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Person:
    """A participant: name, office and the country the person represents."""

    name: str
    role: str
    country: str

    @property
    def surname(self) -> str:
        """The family name: first in Chinese names, last otherwise."""
        parts = self.name.split()
        return parts[0] if self.country == "China" else parts[-1]


@dataclass(frozen=True)
class Record:
    """One synthetic readout, before rendering."""

    index: int
    slug: str
    raw_name: str  # file name of the raw readout
    house: str  # mfa | kremlin | whitehouse | xinhua
    kind: str  # meeting | talks | phone_call | video_call
    date: dt.date
    host: Person  # the publishing side's principal
    guest: Person  # the interlocutor
    venue: str | None  # city, None for calls
    title: str
    topics: tuple[str, ...]  # topic slugs
    paragraphs: tuple[str, ...]  # body text, first paragraph is the lead

    @property
    def country(self) -> str:
        """The interlocutor country (the one taxonomy term per readout)."""
        return self.guest.country

    @property
    def people(self) -> tuple[str, ...]:
        return (self.host.name, self.guest.name)

    @property
    def topic_labels(self) -> tuple[str, ...]:
        return tuple(TOPICS[t][0] for t in self.topics)


def _parse_day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _holder(terms, day: dt.date):
    """The (role, name) of the term in ``terms`` covering ``day``."""
    for role, name, start, end in terms:
        if _parse_day(start) <= day < _parse_day(end):
            return role, name
    role, name, _, _ = terms[-1]
    return role, name


def _split_period(rng: random.Random, pieces: int) -> list[tuple[dt.date, dt.date]]:
    """Split 2012-2025 into ``pieces`` consecutive terms at random boundaries."""
    span = (LAST_DAY - FIRST_DAY).days + 1
    cuts = sorted(rng.sample(range(365, span - 365), pieces - 1))
    edges = [0, *cuts, span]
    return [(FIRST_DAY + dt.timedelta(days=a), FIRST_DAY + dt.timedelta(days=b)) for a, b in zip(edges, edges[1:])]


def build_office_holders(seed: int = 1) -> dict[tuple[str, str], list[tuple[str, str, str, str]]]:
    """Map (country, "head"|"fm") to the terms of its office holders, 2012-2025.

    Real holders from ``REAL_HOLDERS`` are used where listed; the rest are
    invented from the regional name pools, every name unique.
    """
    rng = random.Random(seed)
    real = {}
    for country, role, name, start, end in REAL_HOLDERS:
        office = "fm" if role == "Foreign Minister" else "head"
        real.setdefault((country, office), []).append((role, name, start, end))
    used = {name for *_x, name, _s, _e in REAL_HOLDERS}
    holders = {}
    for country, _adj, _capital, pool, head_role in COUNTRIES:
        given, surnames = (words.split() for words in NAME_POOLS[pool])
        for office, role in (("head", head_role), ("fm", "Foreign Minister")):
            terms = list(real.get((country, office), []))
            periods = _split_period(rng, rng.randint(1, 3))
            if terms:  # fill the gap before the first real term, if any
                periods = [(FIRST_DAY, _parse_day(terms[0][2]))] if terms[0][2] > FIRST_DAY.isoformat() else []
            for start, end in periods:
                name = _unique_name(rng, given, surnames, used)
                terms.append((role, name, start.isoformat(), end.isoformat()))
            holders[(country, office)] = sorted(terms, key=lambda term: term[2])
    return holders


def _unique_name(rng: random.Random, given: list[str], surnames: list[str], used: set[str]) -> str:
    while True:
        name = f"{rng.choice(given)} {rng.choice(surnames)}"
        if name not in used:
            used.add(name)
            return name


_HOLDERS = build_office_holders()
_COUNTRY = {row[0]: row for row in COUNTRIES}


def slugify(text: str) -> str:
    """Lowercase ASCII slug, words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _record_rng(seed: int, index: int) -> random.Random:
    digest = hashlib.sha256(f"{seed}:{index}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _pick_date(rng: random.Random) -> dt.date:
    return FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))


def _pick_people(rng: random.Random, house: str, day: dt.date, country: str):
    """The host principal, the guest and whether the host is a foreign minister."""
    if house == "kremlin":
        office = "head"
        role, name = _holder(PRINCIPALS["russia_head"], day)
        host = Person(name, role, "Russia")
    elif house == "whitehouse":
        office = "head"
        role, name = _holder(PRINCIPALS["us_head"], day)
        host = Person(name, role, "United States")
    else:
        office = "fm" if rng.random() < 0.7 else "head"
        role, name = _holder(PRINCIPALS[f"china_{office}"], day)
        host = Person(name, role, "China")
    guest_office = office
    if office == "fm" and rng.random() < 0.2:
        guest_office = "head"  # a foreign minister received by a head of state
    role, name = _holder(_HOLDERS[(country, guest_office)], day)
    return host, Person(name, role, country)


def _pick_kind(rng: random.Random, day: dt.date) -> str:
    kinds = ["meeting", "talks", "phone_call"] + (["video_call"] if day.year >= 2020 else [])
    weights = [4, 2, 4] + ([2] if day.year >= 2020 else [])
    return rng.choices(kinds, weights)[0]


def _pick_topics(rng: random.Random, house: str, day: dt.date) -> tuple[str, ...]:
    fitting = [slug for slug, (_l, year, houses, _s) in TOPICS.items() if day.year >= year and house in houses]
    if day.year in (2020, 2021, 2022) and rng.random() < 0.7:
        chosen = {"covid-19"} | ({"vaccines"} if day.year > 2020 or rng.random() < 0.5 else set())
    else:
        chosen = set()
    target = rng.randint(2, 5)
    while len(chosen) < target:
        chosen.add(rng.choice(fitting))
    return tuple(sorted(chosen))


def _pick_venue(rng: random.Random, house: str, kind: str, country: str) -> str | None:
    if kind in ("phone_call", "video_call"):
        return None
    home = {"kremlin": "Moscow", "whitehouse": "Washington"}.get(house, "Beijing")
    if rng.random() < 0.1:
        return _COUNTRY[rng.choice(COUNTRIES)[0]][2]  # sidelines of a summit elsewhere
    return home if rng.random() < 0.6 else _COUNTRY[country][2]


def make_record(seed: int, index: int) -> Record:
    """Record number ``index`` of the corpus with ``seed`` (pure function)."""
    rng = _record_rng(seed, index)
    house = rng.choices(ALL_HOUSES, [4, 3, 2, 3])[0]
    day = _pick_date(rng)
    if house == "whitehouse" and day < dt.date(2012, 1, 2):
        day = dt.date(2012, 1, 2)
    country = rng.choice(COUNTRIES)[0]
    host, guest = _pick_people(rng, house, day, country)
    kind = _pick_kind(rng, day)
    venue = _pick_venue(rng, house, kind, country)
    topics = _pick_topics(rng, house, day)
    title = _title(rng, house, kind, host, guest)
    lead = _lead(rng, house, kind, day, host, guest, venue)
    paragraphs = (lead, *_body(rng, host, guest, topics))
    digest = hashlib.sha1(f"{seed}:{index}".encode()).hexdigest()[:16]
    slug = f"{day.isoformat()}-{slugify(title)[:50].rstrip('-')}-{index}"
    return Record(index, slug, f"{index:06d}_{digest}.txt", house, kind, day, host, guest,
                  venue, title, topics, paragraphs)


def edited(record: Record) -> Record:
    """The same readout with one sentence added to its last paragraph."""
    extra = f" The two sides also agreed to keep in close touch (revision {record.index})."
    return replace(record, paragraphs=(*record.paragraphs[:-1], record.paragraphs[-1] + extra))


# --------------------------------------------------------------------------
# Readout text
# --------------------------------------------------------------------------

def _title(rng: random.Random, house: str, kind: str, host: Person, guest: Person) -> str:
    adj = _COUNTRY[guest.country][1]
    if house == "mfa":
        return _mfa_title(rng, kind, host, guest, adj)
    if house == "kremlin":
        noun = {"phone_call": "Telephone conversation", "video_call": "Videoconference",
                "talks": "Talks", "meeting": "Meeting"}[kind]
        return f"{noun} with {guest.role} of {guest.country} {guest.name}"
    if house == "whitehouse":
        noun = {"phone_call": "Call", "video_call": "Virtual Meeting", "talks": "Bilateral Meeting",
                "meeting": "Meeting"}[kind]
        return f"Readout of President {host.surname}'s {noun} with {guest.role} {guest.name} of {guest.country}"
    verb = {"phone_call": "holds phone talks with", "video_call": "holds video call with",
            "talks": "holds talks with", "meeting": "meets"}[kind]
    short = "Xi" if host.name == "Xi Jinping" else f"Chinese {'FM' if 'Foreign' in host.role else host.role}"
    title = f"{short} {verb} {adj} {guest.role.lower()}"
    if rng.random() < 0.3:
        title = f"China, {guest.country} pledge to deepen cooperation"
    return title.upper() if rng.random() < 0.3 else title


def _mfa_title(rng: random.Random, kind: str, host: Person, guest: Person, adj: str) -> str:
    guest_full = f"{adj} {guest.role} {guest.name}"
    if kind == "phone_call":
        return f"{host.name} Speaks with {guest_full} on the Phone"
    if kind == "video_call":
        return f"{host.name} Holds Video Call with {guest_full}"
    if kind == "talks":
        return f"{host.name} Holds Talks with {guest_full}"
    if rng.random() < 0.5:
        return f"{guest_full} Meets with {host.name}"
    return f"{host.name} Meets with {guest_full}"


def _long_date(day: dt.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _lead(rng, house, kind, day, host, guest, venue) -> str:
    """The first paragraph: who, when, where, how."""
    adj = _COUNTRY[guest.country][1]
    if house == "mfa":
        guest_full = f"{adj} {guest.role} {guest.name}"
        host_full = f"{host.role} {host.name}"
        if kind == "phone_call":
            return f"On {_long_date(day)}, {host_full} had a phone conversation with {guest_full} at the latter's request."
        if kind == "video_call":
            return f"On {_long_date(day)}, {host_full} held a video call with {guest_full}."
        verb = "held talks with" if kind == "talks" else "met with"
        return f"On {_long_date(day)} local time, {guest_full} {verb} {host_full} in {venue}."
    if house == "kremlin":
        guest_full = f"{guest.role} of {guest.country} {guest.name}"
        if kind == "phone_call":
            return f"{host.name} had a telephone conversation with {guest_full}."
        if kind == "video_call":
            return f"{host.name} held talks with {guest_full} via videoconference."
        return f"{host.name} met with {guest_full} in {venue}."
    if house == "whitehouse":
        guest_full = f"{guest.role} {guest.name} of {guest.country}"
        if kind == "phone_call":
            return f"President {host.surname} spoke today with {guest_full}."
        if kind == "video_call":
            return f"President {host.surname} met virtually today with {guest_full}."
        return f"President {host.surname} met today with {guest_full} in {venue}."
    city = (venue or "Beijing").upper()
    weekday = f"{day:%A}"
    what = {"phone_call": "held phone talks with", "video_call": "held talks via video link with",
            "talks": "held talks with", "meeting": "met with"}[kind]
    return (f"{city}, {MONTHS_AP[day.month - 1]} {day.day} (Xinhua) -- Chinese {host.role} {host.name} "
            f"on {weekday} {what} {adj} {guest.role} {guest.name}.")


def _in_text(country: str) -> str:
    """A country's name as it reads inside a sentence."""
    return "the United States" if country == "United States" else country


def _sentence(template: str, host: Person, guest: Person) -> str:
    text = template.format(A=guest.country, Aa=_COUNTRY[guest.country][1], H=_in_text(host.country))
    return text[0].upper() + text[1:] + "."


def _reported(template: str, host: Person, guest: Person) -> str:
    """The sentence as it follows "X said that": lowercase unless it opens with a name."""
    text = _sentence(template, host, guest)
    opens_with_name = template.startswith("{") and not text.startswith("The ")
    return text if opens_with_name else text[0].lower() + text[1:]


def _body(rng: random.Random, host: Person, guest: Person, topics: tuple[str, ...]) -> list[str]:
    """2-5 paragraphs, alternating speakers, every topic mentioned at least once."""
    count = rng.randint(2, 5)
    per_paragraph = [[] for _ in range(count)]
    for position, topic in enumerate(rng.sample(topics, len(topics))):
        per_paragraph[position % count].append(rng.choice(TOPICS[topic][3]))
    generic = rng.sample(GENERIC_SENTENCES, len(GENERIC_SENTENCES))
    paragraphs = []
    for number, templates in enumerate(per_paragraph):
        speaker = host if number % 2 == 0 else guest
        templates = templates + [generic.pop() for _ in range(min(len(generic), rng.randint(1, 3)))]
        rng.shuffle(templates)
        first = _reported(templates[0], host, guest)
        rest = [_sentence(t, host, guest) for t in templates[1:]]
        name = speaker.name if number < 2 else speaker.surname
        opening = f"{name} {rng.choice(SPEECH_VERBS)} that {first}"
        paragraphs.append(" ".join([opening, *rest]))
    return paragraphs


def render_raw(record: Record) -> str:
    """The raw readout as scraped from the house's web page."""
    renderer = {"mfa": _raw_mfa, "kremlin": _raw_kremlin, "whitehouse": _raw_whitehouse,
                "xinhua": _raw_xinhua}[record.house]
    return renderer(record)


def _choice(record: Record, options: list[str]) -> str:
    """A fixed pseudo-random pick of page chrome for this record."""
    return options[record.index % len(options)]


def _raw_mfa(record: Record) -> str:
    crumbs = _choice(record, ["Home > News & Events", "Home > Headlines", "Home > Important News of China",
                              "Home > Foreign Minister's Activities"])
    footer = _choice(record, ["<Suggest To A Friend>", "Suggest to a friend:", "Suggest To A Friend:\nPrint"])
    return "\n\n".join([crumbs + "\n" + record.title, *record.paragraphs, footer]) + "\n"


def _raw_kremlin(record: Record) -> str:
    stamp = f"{_long_date(record.date)}, {9 + record.index % 10}:{record.index % 6}0"
    place = "The Kremlin, Moscow" if record.venue == "Moscow" else (record.venue or "")
    header = ["President of Russia > Events > News", record.title, stamp] + ([place] if place else [])
    widgets = [f"Published in sections: News, {_choice(record, ['Transcripts', 'Telephone conversations'])}",
               f"Publication date: {stamp}",
               f"Direct link: http://en.kremlin.ru/events/president/news/{40000 + record.index}",
               "Text version", "Print version", "Share: VK Telegram Email"]
    return "\n".join(header) + "\n\n" + "\n\n".join(record.paragraphs) + "\n\n" + "\n".join(widgets) + "\n"


def _raw_whitehouse(record: Record) -> str:
    header = ["Home > Briefing Room > Statements and Releases", record.title, _long_date(record.date)]
    share = "Share this:\nFacebook\nTwitter\nEmail"
    return "\n".join(header) + "\n\n" + "\n\n".join(record.paragraphs) + "\n\n###\n\n" + share + "\n"


def _raw_xinhua(record: Record) -> str:
    published = f"{record.date.isoformat()} {12 + record.index % 11}:{record.index % 60:02d}:{record.index % 53:02d}"
    editor = _choice(record, ["Liu Wei", "Zhang Lei", "Huaxia", "Xue Lei", "Zhu Zhe"])
    url = f"http://www.xinhuanet.com/english/{record.date:%Y-%m/%d}/c_{139000000 + record.index}.htm"
    header = [record.title, f"Source: Xinhua | {published}"]
    footer = [f"Editor: {editor}", url, "Share: Facebook Twitter Linkedin",
              "Copyright \u00a9 2000-2025 XINHUANET.com All rights reserved."]
    return "\n".join(header) + "\n\n" + "\n\n".join(record.paragraphs) + "\n\n" + "\n".join(footer) + "\n"


def display_title(record: Record) -> str:
    """The headline in title case when printed in capitals (as readout-site shows it)."""
    return record.title.title() if record.title.isupper() else record.title


# --------------------------------------------------------------------------
# Hugo and Pelican content
# --------------------------------------------------------------------------

def _yaml_list(values) -> str:
    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


# How each house's readouts name their source, and the label of each kind, as the Hugo pages show them.
OUTLETS = {"mfa": "Ministry of Foreign Affairs", "kremlin": "President of Russia",
           "whitehouse": "The White House", "xinhua": "Xinhua"}
KIND_LABELS = {"meeting": "Meeting", "talks": "Talks", "phone_call": "Phone call", "video_call": "Video call"}


def render_hugo(record: Record) -> str:
    """A Hugo content file: YAML front matter with the four taxonomies, and what a readout page
    shows besides (kind, place, participants with role and country, source)."""
    participants = [{"name": p.name, "role": p.role, "country": p.country} for p in (record.host, record.guest)]
    front = [
        "---",
        f"title: {json.dumps(display_title(record))}",
        f"date: {record.date.isoformat()}",
        f"slug: {json.dumps(record.slug)}",
        f"years: [\"{record.date.year}\"]",
        f"countries: {_yaml_list([record.country])}",
        f"people: {_yaml_list(record.people)}",
        f"topics: {_yaml_list(record.topic_labels)}",
        f"kind: {json.dumps(KIND_LABELS[record.kind])}",
        *([f"place: {json.dumps(record.venue)}"] if record.venue else []),
        f"participants: {json.dumps(participants)}",
        f"outlet: {json.dumps(OUTLETS[record.house])}",
        f"source_file: {json.dumps(record.raw_name)}",
        "---",
    ]
    return "\n".join(front) + "\n\n" + "\n\n".join(record.paragraphs) + "\n"


def render_pelican(record: Record) -> str:
    """A Pelican Markdown file: country as category, people as authors, topics as tags."""
    meta = [
        f"Title: {display_title(record)}",
        f"Date: {record.date.isoformat()}",
        f"Slug: {record.slug}",
        f"Category: {record.country}",
        f"Authors: {', '.join(record.people)}",
        f"Tags: {', '.join(record.topic_labels)}",
    ]
    return "\n".join(meta) + "\n\n" + "\n\n".join(record.paragraphs) + "\n"


def content_path(root: Path, fmt: str, record: Record) -> Path:
    """Where ``record`` lives in the site of format ``fmt`` under corpus ``root``."""
    if fmt == "raw":
        return root / "raw" / str(record.date.year) / record.raw_name
    return root / fmt / "content" / "readouts" / f"{record.slug}.md"


RENDERERS = {"raw": render_raw, "hugo": render_hugo, "pelican": render_pelican}


def write_record(root: Path, fmt: str, record: Record) -> Path:
    """Write one record in one format; returns the file written."""
    path = content_path(root, fmt, record)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(RENDERERS[fmt](record), encoding="utf-8")
    return path


# --------------------------------------------------------------------------
# readout-site's corpus lexicon
# --------------------------------------------------------------------------

def lexicon_people() -> list[dict]:
    """The invented office holders in readout-site's people-lexicon format."""
    real = {name for _c, _r, name, _s, _e in REAL_HOLDERS}
    people = {}
    for (country, _office), terms in sorted(_HOLDERS.items()):
        for role, name, start, end in terms:
            if name in real:
                continue  # real people are the packaged lexicon's business
            last = _parse_day(end) - dt.timedelta(days=1)
            tenure = {"title": role, "from": start}
            if last < LAST_DAY:
                tenure["to"] = last.isoformat()
            people.setdefault(name, {"name": name, "country": country, "roles": []})["roles"].append(tenure)
    return list(people.values())


# --------------------------------------------------------------------------
# Whole corpora
# --------------------------------------------------------------------------

def expected_pages(records) -> dict[str, int]:
    """The HTML pages (and feeds) every generator should produce for ``records``."""
    years = {r.date.year for r in records}
    countries = {slugify(r.country) for r in records}
    people = {slugify(p) for r in records for p in r.people}
    topics = {t for r in records for t in r.topics}
    html = 1 + len(records) + sum(1 + len(terms) for terms in (years, countries, people, topics))
    feeds = 1 + len(countries) + len(people) + len(topics)
    return {"html": html, "feeds": feeds, "readouts": len(records), "years": len(years),
            "countries": len(countries), "people": len(people), "topics": len(topics)}


def generate(n: int, root: Path, seed: int = DEFAULT_SEED, formats=FORMATS) -> dict:
    """Write corpus ``root`` with records 0..n-1 in ``formats``; returns its manifest.

    An existing corpus with the same manifest is kept as it is.
    """
    manifest_path = root / "manifest.json"
    wanted = {"n": n, "seed": seed, "formats": sorted(formats), "generator_version": 3}
    if manifest_path.exists():
        old = json.loads(manifest_path.read_text(encoding="utf-8"))
        if all(old.get(k) == v for k, v in wanted.items()):
            log.info("corpus %s is up to date (%d readouts)", root, n)
            return old
    for fmt in (*FORMATS, "hugo-bare"):
        shutil.rmtree(root / fmt, ignore_errors=True)
    root.mkdir(parents=True, exist_ok=True)
    if "raw" in formats:
        sites.write_readout_site_scaffold(root, lexicon_people())
    if "hugo" in formats:
        sites.write_hugo_scaffold(root / "hugo")
        sites.write_hugo_scaffold(root / "hugo-bare", bare=True)  # the same content, minimal layouts
    if "pelican" in formats:
        sites.write_pelican_scaffold(root / "pelican")
    log.info("writing %d readouts to %s (%s)", n, root, ", ".join(formats))
    records = []
    for index in range(n):
        record = make_record(seed, index)
        records.append(record)
        for fmt in formats:
            write_record(root, fmt, record)
    manifest = {**wanted, "expected_pages": expected_pages(records),
                "expected_pages_after_add": expected_pages([*records, make_record(seed, n)])}
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="number of readouts")
    parser.add_argument("--out", type=Path, required=True, help="corpus directory")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    manifest = generate(args.n, args.out, args.seed, args.formats)
    print(json.dumps(manifest["expected_pages"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

