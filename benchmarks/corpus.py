"""Deterministic synthetic corpora of diplomatic readouts, for benchmarking.

One seeded list of *records* (who met whom, when, where, about what, and the
paragraphs of the readout) is rendered three ways, so that every generator
builds the same archive:

* ``raw/<year>/<nnnnnn>_<hash>.txt`` -- the raw readouts that readout-site reads,
  in four house styles of our own invention modelled on real forms: a foreign
  ministry (MFA), a presidency (Kremlin-like), a White-House-like "Readout of ..."
  and a news-agency copy with a dateline.  Each carries page chrome
  (breadcrumbs, share widgets, footers) as scraped pages do.
* ``hugo/`` -- a complete Hugo site (config, our own minimal layouts, one
  ``content/readouts/<slug>.md`` per record with taxonomy front matter).
* ``pelican/`` -- a complete Pelican site (``pelicanconf.py``, our own minimal
  theme, one ``content/readouts/<slug>.md`` per record).

The page set is the same in both comparison sites (and is what readout-site is
expected to produce): a home page listing the latest readouts, one page per
readout, an index page and one page per term for each of years, countries
(interlocutor country), people (participants) and topics, and one site feed.

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

log = logging.getLogger("corpus")

DEFAULT_SEED = 20240917
FIRST_DAY = dt.date(2012, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)
HOME_LATEST = 20  # readouts listed on the home page and in the site feed
SITE_TITLE = "Readouts archive (benchmark)"
SITE_URL = "https://readouts.example"
FORMATS = ("raw", "hugo", "pelican")

# --------------------------------------------------------------------------
# Countries: name, adjective, capital, name pool, title of the head of government
# --------------------------------------------------------------------------

COUNTRIES = [
    ("Kyrgyzstan", "Kyrgyz", "Bishkek", "central_asia", "President"),
    ("Kazakhstan", "Kazakh", "Astana", "central_asia", "President"),
    ("Uzbekistan", "Uzbek", "Tashkent", "central_asia", "President"),
    ("Tajikistan", "Tajik", "Dushanbe", "central_asia", "President"),
    ("Turkmenistan", "Turkmen", "Ashgabat", "central_asia", "President"),
    ("Mongolia", "Mongolian", "Ulaanbaatar", "mongolia", "President"),
    ("Japan", "Japanese", "Tokyo", "japan", "Prime Minister"),
    ("South Korea", "South Korean", "Seoul", "korea", "President"),
    ("Pakistan", "Pakistani", "Islamabad", "south_asia", "Prime Minister"),
    ("India", "Indian", "New Delhi", "south_asia", "Prime Minister"),
    ("Nepal", "Nepali", "Kathmandu", "south_asia", "Prime Minister"),
    ("Sri Lanka", "Sri Lankan", "Colombo", "south_asia", "President"),
    ("Bangladesh", "Bangladeshi", "Dhaka", "south_asia", "Prime Minister"),
    ("Vietnam", "Vietnamese", "Hanoi", "southeast_asia", "Prime Minister"),
    ("Laos", "Lao", "Vientiane", "southeast_asia", "Prime Minister"),
    ("Cambodia", "Cambodian", "Phnom Penh", "southeast_asia", "Prime Minister"),
    ("Thailand", "Thai", "Bangkok", "southeast_asia", "Prime Minister"),
    ("Malaysia", "Malaysian", "Kuala Lumpur", "southeast_asia", "Prime Minister"),
    ("Indonesia", "Indonesian", "Jakarta", "southeast_asia", "President"),
    ("Australia", "Australian", "Canberra", "anglo", "Prime Minister"),
    ("New Zealand", "New Zealand", "Wellington", "anglo", "Prime Minister"),
    ("Finland", "Finnish", "Helsinki", "nordic", "President"),
    ("Sweden", "Swedish", "Stockholm", "nordic", "Prime Minister"),
    ("Norway", "Norwegian", "Oslo", "nordic", "Prime Minister"),
    ("Germany", "German", "Berlin", "europe_west", "Chancellor"),
    ("France", "French", "Paris", "europe_west", "President"),
    ("Italy", "Italian", "Rome", "europe_west", "Prime Minister"),
    ("Spain", "Spanish", "Madrid", "europe_west", "Prime Minister"),
    ("Greece", "Greek", "Athens", "europe_west", "Prime Minister"),
    ("Hungary", "Hungarian", "Budapest", "europe_east", "Prime Minister"),
    ("Serbia", "Serbian", "Belgrade", "europe_east", "President"),
    ("Poland", "Polish", "Warsaw", "europe_east", "President"),
    ("Turkey", "Turkish", "Ankara", "middle_east", "President"),
    ("Iran", "Iranian", "Tehran", "middle_east", "President"),
    ("Saudi Arabia", "Saudi", "Riyadh", "middle_east", "Crown Prince"),
    ("Egypt", "Egyptian", "Cairo", "middle_east", "President"),
    ("Ethiopia", "Ethiopian", "Addis Ababa", "africa", "Prime Minister"),
    ("Kenya", "Kenyan", "Nairobi", "africa", "President"),
    ("Nigeria", "Nigerian", "Abuja", "africa", "President"),
    ("South Africa", "South African", "Pretoria", "africa", "President"),
    ("Brazil", "Brazilian", "Brasilia", "latin_america", "President"),
    ("Argentina", "Argentine", "Buenos Aires", "latin_america", "President"),
    ("Mexico", "Mexican", "Mexico City", "latin_america", "President"),
    ("Chile", "Chilean", "Santiago", "latin_america", "President"),
]

# Given names and surnames by region, for the invented office holders.
NAME_POOLS = {
    "central_asia": (
        "Almaz Bakyt Nurlan Timur Aibek Azamat Daniyar Ulan Askar Gulnara Aida Dinara Marat",
        "Tokmokov Sadykov Abdrakhmanov Nurmatov Bekov Ismailov Rakhimov Seitkaliev Zhumabaev Temirov",
    ),
    "japan": (
        "Hiroshi Takeshi Yuki Kenji Haruto Akiko Masato Yoshiko",
        "Tanaka Sato Kobayashi Yamada Nakamura Suzuki Watanabe Ishikawa",
    ),
    "korea": (
        "Min-jun Ji-ho Seo-yeon Jae-won Hye-jin Sung-min Dong-hyun",
        "Kim Park Choi Lee Jung Kang Yoon",
    ),
    "mongolia": (
        "Bat-Erdene Oyun Ganbold Enkhtuya Tsogt Munkh-Orgil",
        "Batbayar Enkhbold Gantulga Purevdorj Sukhbaatar Dashdorj",
    ),
    "south_asia": (
        "Rajiv Anil Sunita Imran Farhan Ayesha Priya Sanjay Kamal Nadia Arjun",
        "Sharma Qureshi Mehta Rahman Perera Bhattarai Chaudhry Hossain Nair Siddiqui",
    ),
    "southeast_asia": (
        "Somsak Budi Siti Anwar Kittisak Ahmad Bounthong Sokha Minh Thanh Dewi",
        "Phommachanh Hartono Wijaya Chanthavong Sokhom Ismail Rattanakorn Rahim Tran Nguyen",
    ),
    "anglo": (
        "James Sarah Michael Emma David Rebecca Andrew Claire Thomas Fiona",
        "Mitchell Harrison Thompson Campbell Walker Bennett Clarke Fraser Hughes Gallagher",
    ),
    "nordic": (
        "Mikko Anna Lars Ingrid Erik Jukka Kari Sanna Henrik Liisa",
        "Virtanen Lindqvist Hansen Berg Korhonen Johansson Nilsen Makinen Lund Solberg",
    ),
    "europe_west": (
        "Sofia Matteo Elena Klaus Pierre Marta Nikos Jean-Luc Carmen Stefan Giulia",
        "Rossi Moreau Schneider Papadopoulos Garcia Dubois Lehmann Bianchi Navarro Weber",
    ),
    "europe_east": (
        "Andras Jan Katarzyna Milos Zoltan Agnieszka Dragan Eszter Tomasz",
        "Kovacs Nowak Petrovic Jovanovic Nagy Wisniewski Horvath Markovic Kaminski",
    ),
    "middle_east": (
        "Ahmet Mehmet Ali Hassan Reza Faisal Khalid Omar Leyla Mariam",
        "Yilmaz Demir Hosseini Rahimi Al-Harbi Mostafa Farouk Kaya Tehrani Aydin",
    ),
    "africa": (
        "Samuel Grace William Bola Chinedu Thandi Sipho Amina Kwame Lerato Dawit",
        "Bekele Mwangi Okonkwo Adeyemi Ndlovu Dlamini Kiprop Tesfaye Otieno Mokoena",
    ),
    "latin_america": (
        "Luis Carlos Maria Alejandro Gabriela Jorge Fernanda Ricardo Paula Diego",
        "Silva Fernandez Lopez Gonzalez Rodriguez Santos Herrera Morales Castillo Pereira",
    ),
}

# Real office holders (country, role, name, from, to); invented ones fill the rest.
REAL_HOLDERS = [
    ("Kyrgyzstan", "President", "Almazbek Atambayev", "2012-01-01", "2017-11-24"),
    ("Kyrgyzstan", "President", "Sooronbay Jeenbekov", "2017-11-24", "2021-01-28"),
    ("Kyrgyzstan", "President", "Sadyr Zhaparov", "2021-01-28", "2026-01-01"),
    ("Kyrgyzstan", "Foreign Minister", "Erlan Abdyldayev", "2012-09-01", "2018-05-19"),
    ("Kyrgyzstan", "Foreign Minister", "Chingiz Aidarbekov", "2018-05-19", "2020-11-01"),
    ("Kyrgyzstan", "Foreign Minister", "Ruslan Kazakbaev", "2020-11-01", "2022-11-28"),
    ("Kyrgyzstan", "Foreign Minister", "Jeenbek Kulubaev", "2022-11-28", "2026-01-01"),
    ("Kazakhstan", "President", "Nursultan Nazarbayev", "2012-01-01", "2019-03-20"),
    ("Kazakhstan", "President", "Kassym-Jomart Tokayev", "2019-03-20", "2026-01-01"),
    ("Finland", "President", "Sauli Niinisto", "2012-03-01", "2024-03-01"),
    ("Finland", "President", "Alexander Stubb", "2024-03-01", "2026-01-01"),
    ("Uzbekistan", "President", "Shavkat Mirziyoyev", "2016-09-08", "2026-01-01"),
]

# The publishing side of each house: (role, name, from, to, title in running text).
PRINCIPALS = {
    "china_head": [
        ("President", "Hu Jintao", "2012-01-01", "2013-03-14"),
        ("President", "Xi Jinping", "2013-03-14", "2026-01-01"),
    ],
    "china_fm": [
        ("Foreign Minister", "Yang Jiechi", "2012-01-01", "2013-03-16"),
        ("Foreign Minister", "Wang Yi", "2013-03-16", "2018-03-19"),
        ("State Councilor and Foreign Minister", "Wang Yi", "2018-03-19", "2022-12-30"),
        ("Foreign Minister", "Qin Gang", "2022-12-30", "2023-07-25"),
        ("Foreign Minister", "Wang Yi", "2023-07-25", "2026-01-01"),
    ],
    "russia_head": [
        ("President", "Dmitry Medvedev", "2012-01-01", "2012-05-07"),
        ("President", "Vladimir Putin", "2012-05-07", "2026-01-01"),
    ],
    "us_head": [
        ("President", "Barack Obama", "2012-01-01", "2017-01-20"),
        ("President", "Donald Trump", "2017-01-20", "2021-01-20"),
        ("President", "Joe Biden", "2021-01-20", "2025-01-20"),
        ("President", "Donald Trump", "2025-01-20", "2026-01-01"),
    ],
}

# --------------------------------------------------------------------------
# Topics: slug -> (label, earliest year, houses it fits, sentences)
# Placeholders: {A} counterpart country, {Aa} its adjective, {H} host country.
# --------------------------------------------------------------------------

ALL_HOUSES = ("mfa", "kremlin", "whitehouse", "xinhua")
CHINA_HOUSES = ("mfa", "xinhua")

TOPICS = {
    "covid-19": ("COVID-19", 2020, ALL_HOUSES, [
        "the two sides exchanged views on the fight against the COVID-19 pandemic",
        "{H} will continue to support {A} in its fight against COVID-19",
        "the pandemic has caused adverse effects on the economies of both countries",
        "solidarity and cooperation are the most powerful weapons in the fight against the epidemic",
    ]),
    "vaccines": ("Vaccines", 2020, ALL_HOUSES, [
        "{H} is willing to share the results of vaccine research and development with {A}",
        "{A} appreciates the assistance in providing vaccines and medical supplies",
        "the two countries will cooperate on the fair allocation of vaccines",
    ]),
    "trade": ("Trade", 2012, ALL_HOUSES, [
        "{H} is ready to import more high-quality agricultural products from {A}",
        "bilateral trade has grown steadily and there is room for further expansion",
        "both sides should ensure the smooth transportation of goods at border ports",
        "the two leaders discussed ways to reduce barriers to trade",
    ]),
    "belt-and-road": ("Belt and Road", 2014, CHINA_HOUSES, [
        "the two sides will promote the joint construction of the Belt and Road Initiative",
        "{A} is willing to synergize its national development strategy with the Belt and Road",
        "major Belt and Road projects in {A} should continue to advance",
    ]),
    "railway": ("Railway", 2012, ALL_HOUSES, [
        "the two sides agreed to accelerate the construction of the cross-border railway",
        "a new railway link would bring {A} closer to regional markets",
    ]),
    "energy": ("Energy", 2012, ALL_HOUSES, [
        "energy cooperation remains a pillar of the relationship",
        "{A} hopes to expand cooperation in oil, gas and renewable energy",
        "the two sides discussed the security of energy supplies",
    ]),
    "security": ("Security", 2012, ALL_HOUSES, [
        "the two countries will work together to maintain regional security and stability",
        "{H} supports {A} in safeguarding its sovereignty, independence and security",
        "the two sides will strengthen law enforcement and security cooperation",
    ]),
    "climate": ("Climate change", 2012, ALL_HOUSES, [
        "the two sides agreed to step up cooperation in addressing climate change",
        "{A} is committed to the goals of the Paris Agreement",
        "climate change is a common challenge that requires concerted action",
    ]),
    "agriculture": ("Agriculture", 2012, ALL_HOUSES, [
        "{A} seeks to expand practical cooperation in agriculture and food processing",
        "the two sides will deepen exchanges on agricultural technology",
    ]),
    "investment": ("Investment", 2012, ALL_HOUSES, [
        "{A} will create a good business environment for foreign investors",
        "{H} will encourage capable and reputable enterprises to invest in {A}",
        "the legitimate rights and interests of enterprises in both countries should be protected",
    ]),
    "terrorism": ("Terrorism", 2012, ALL_HOUSES, [
        "the two sides will jointly combat terrorism, separatism and extremism",
        "{A} is ready to cooperate in the fight against transnational crime and terrorism",
    ]),
    "ukraine": ("Ukraine", 2014, ALL_HOUSES, [
        "the two sides exchanged views on the situation in Ukraine",
        "{A} called for dialogue and a political settlement of the crisis in Ukraine",
    ]),
    "afghanistan": ("Afghanistan", 2012, ALL_HOUSES, [
        "the two sides discussed the situation in Afghanistan",
        "{H} and {A} will work to prevent instability in Afghanistan from spilling over",
    ]),
    "taiwan": ("Taiwan", 2012, CHINA_HOUSES, [
        "{A} firmly adheres to the one-China policy",
        "{A} supports China on issues concerning Taiwan",
    ]),
    "education": ("Education", 2012, ALL_HOUSES, [
        "the two sides will expand exchanges in education, culture and youth",
        "more students from {A} are expected to study in {H}",
    ]),
    "tourism": ("Tourism", 2012, ALL_HOUSES, [
        "the two countries will facilitate travel and promote tourism",
        "{A} welcomes more tourists and hopes to increase direct flights",
    ]),
    "digital-economy": ("Digital economy", 2016, ALL_HOUSES, [
        "{A} is interested in cooperation in electronic commerce and artificial intelligence",
        "the two sides will explore new areas such as the digital economy and green development",
    ]),
    "health": ("Health", 2012, ALL_HOUSES, [
        "the two countries will deepen cooperation in public health and medicine",
        "{H} will continue to send medical teams and share experience with {A}",
    ]),
    "nuclear": ("Nuclear non-proliferation", 2012, ALL_HOUSES, [
        "the two sides discussed nuclear non-proliferation and arms control",
        "{A} supports a peaceful settlement of nuclear issues through dialogue",
    ]),
    "multilateralism": ("Multilateralism", 2012, ALL_HOUSES, [
        "the two sides will uphold multilateralism and the central role of the United Nations",
        "{H} and {A} will strengthen coordination in regional and international affairs",
    ]),
    "food-security": ("Food security", 2015, ALL_HOUSES, [
        "the two sides discussed ways to ensure global food security",
        "{A} is concerned about rising food and fertiliser prices",
    ]),
    "middle-east": ("Middle East", 2012, ALL_HOUSES, [
        "the two sides exchanged views on the situation in the Middle East",
        "{A} called for an immediate ceasefire and humanitarian access in the region",
    ]),
}

GENERIC_SENTENCES = [
    "{H} and {A} enjoy a traditional friendship and a high level of political mutual trust",
    "the relationship has maintained sound and steady momentum of development",
    "{A} regards {H} as a good neighbor, good friend and trustworthy partner",
    "the two sides should maintain high-level exchanges and deepen practical cooperation",
    "next year marks an important anniversary of the establishment of diplomatic relations",
    "{A} is ready to work with {H} to implement the important consensus reached by the two heads of state",
    "the two sides should enhance strategic communication and coordination",
    "{A} looks forward to further promoting the partnership between the two countries",
    "the two sides should make full use of existing cooperation mechanisms",
    "people-to-people exchanges have brought the two peoples closer together",
    "{H} respects the development path independently chosen by the people of {A}",
    "{A} is willing to push for new progress in relations in the new era",
    "the two sides should firmly support each other on issues concerning their core interests",
    "the intergovernmental commission should play a bigger role in planning cooperation",
    "the two sides agreed to strengthen exchanges between their legislatures and political parties",
    "{A} thanked {H} for its valuable support and assistance",
    "the two leaders agreed to stay in close contact",
]

SPEECH_VERBS = ["said", "noted", "stressed", "pointed out", "expressed the view", "underscored"]

MONTHS_AP = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]


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


def render_hugo(record: Record) -> str:
    """A Hugo content file: YAML front matter with the four taxonomies."""
    front = [
        "---",
        f"title: {json.dumps(display_title(record))}",
        f"date: {record.date.isoformat()}",
        f"slug: {json.dumps(record.slug)}",
        f"years: [\"{record.date.year}\"]",
        f"countries: {_yaml_list([record.country])}",
        f"people: {_yaml_list(record.people)}",
        f"topics: {_yaml_list(record.topic_labels)}",
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
# Site scaffolding (config, layouts, theme)
# --------------------------------------------------------------------------

STYLE_CSS = "body{font-family:sans-serif;max-width:46rem;margin:auto}nav a{margin-right:1em}\n"

HUGO_CONFIG = f"""\
baseURL = "{SITE_URL}/"
title = "{SITE_TITLE}"
languageCode = "en"
relativeURLs = true
buildFuture = true
disableKinds = ["sitemap", "robotsTXT", "404", "section"]

[taxonomies]
year = "years"
country = "countries"
person = "people"
topic = "topics"

[permalinks.page]
readouts = "/readouts/:slug/"

[outputs]
home = ["html", "rss"]
page = ["html"]
taxonomy = ["html"]
term = ["html"]

[services.rss]
limit = {HOME_LATEST}
"""

HUGO_LAYOUTS = {
    "baseof.html": """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ .Title }} | {{ site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
<link rel="alternate" type="application/rss+xml" href="{{ "index.xml" | relURL }}">
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav><a href="{{ "years/" | relURL }}">Years</a><a href="{{ "countries/" | relURL }}">Countries</a>\
<a href="{{ "people/" | relURL }}">People</a><a href="{{ "topics/" | relURL }}">Topics</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "home.html": """\
{{ define "main" }}<h1>Latest readouts</h1>
<ul>{{ range first %d site.RegularPages.ByDate.Reverse }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}
</ul>{{ end }}
""" % HOME_LATEST,
    "page.html": """\
{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><time>{{ .Date.Format "2006-01-02" }}</time></p>
{{ range $tax := slice "countries" "people" "topics" }}<p>{{ $tax }}:
{{ range $.GetTerms $tax }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
{{ end }}{{ .Content }}</article>{{ end }}
""",
    "taxonomy.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>{{ end }}
</ul>{{ end }}
""",
    "term.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages.ByDate.Reverse }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}
</ul>{{ end }}
""",
}

PELICAN_CONFIG = f"""\
# Pelican settings for the readout-site benchmark (generated by benchmarks/corpus.py).
# Page set: home, one page per readout, years/countries/people/topics indexes and terms, one RSS feed.
import os

AUTHOR = None
SITENAME = "{SITE_TITLE}"
SITEURL = "{SITE_URL}"
RELATIVE_URLS = True
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
THEME = os.path.join(os.path.dirname(os.path.abspath(__file__)), "theme")
PATH = "content"
ARTICLE_PATHS = ["readouts"]
PAGE_PATHS = []
STATIC_PATHS = []
USE_FOLDER_AS_CATEGORY = False
DEFAULT_PAGINATION = False
HOME_LATEST = {HOME_LATEST}

# Incremental builds: cache what the readers parsed, reuse it when the file's mtime is unchanged.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "mtime"

ARTICLE_URL = "readouts/{{slug}}/"
ARTICLE_SAVE_AS = "readouts/{{slug}}/index.html"
CATEGORY_URL = "countries/{{slug}}/"
CATEGORY_SAVE_AS = "countries/{{slug}}/index.html"
CATEGORIES_SAVE_AS = "countries/index.html"
AUTHOR_URL = "people/{{slug}}/"
AUTHOR_SAVE_AS = "people/{{slug}}/index.html"
AUTHORS_SAVE_AS = "people/index.html"
TAG_URL = "topics/{{slug}}/"
TAG_SAVE_AS = "topics/{{slug}}/index.html"
TAGS_SAVE_AS = "topics/index.html"
ARCHIVES_SAVE_AS = "years/index.html"
YEAR_ARCHIVE_URL = "years/{{date:%Y}}/"
YEAR_ARCHIVE_SAVE_AS = "years/{{date:%Y}}/index.html"
DIRECT_TEMPLATES = ["index", "categories", "authors", "tags", "archives"]

FEED_ALL_RSS = "index.xml"
FEED_MAX_ITEMS = {HOME_LATEST}
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
"""

_PELICAN_LIST = """\
{%% extends "base.html" %%}
{%% block title %%}%s{%% endblock %%}
{%% block main %%}<h1>%s</h1>
<ul>{%% for article in %s %%}
<li><a href="{{ SITEURL }}/{{ article.url }}">{{ article.title }}</a> <time>{{ article.date.strftime("%%Y-%%m-%%d") }}</time></li>{%% endfor %%}
</ul>{%% endblock %%}
"""

_PELICAN_TERMS = """\
{%% extends "base.html" %%}
{%% block title %%}%s{%% endblock %%}
{%% block main %%}<h1>%s</h1>
<ul>{%% for term, items in %s|sort(attribute="0.name") %%}
<li><a href="{{ SITEURL }}/{{ term.url }}">{{ term.name }}</a> ({{ items|length }})</li>{%% endfor %%}
</ul>{%% endblock %%}
"""

PELICAN_TEMPLATES = {
    "base.html": """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{% block title %}{% endblock %} | {{ SITENAME }}</title>
<link rel="stylesheet" href="{{ SITEURL }}/theme/style.css">
<link rel="alternate" type="application/rss+xml" href="{{ SITEURL }}/index.xml">
</head>
<body>
<header><a href="{{ SITEURL }}/">{{ SITENAME }}</a>
<nav><a href="{{ SITEURL }}/years/">Years</a><a href="{{ SITEURL }}/countries/">Countries</a>\
<a href="{{ SITEURL }}/people/">People</a><a href="{{ SITEURL }}/topics/">Topics</a></nav></header>
<main>{% block main %}{% endblock %}</main>
</body>
</html>
""",
    "index.html": _PELICAN_LIST % ("Latest readouts", "Latest readouts", "articles[:HOME_LATEST]"),
    "article.html": """\
{% extends "base.html" %}
{% block title %}{{ article.title }}{% endblock %}
{% block main %}<article><h1>{{ article.title }}</h1>
<p><time>{{ article.date.strftime("%Y-%m-%d") }}</time></p>
<p>countries: <a href="{{ SITEURL }}/{{ article.category.url }}">{{ article.category }}</a></p>
<p>people: {% for person in article.authors %}<a href="{{ SITEURL }}/{{ person.url }}">{{ person }}</a> {% endfor %}</p>
<p>topics: {% for tag in article.tags %}<a href="{{ SITEURL }}/{{ tag.url }}">{{ tag }}</a> {% endfor %}</p>
{{ article.content }}</article>{% endblock %}
""",
    "category.html": _PELICAN_LIST % ("{{ category }}", "{{ category }}", "articles"),
    "author.html": _PELICAN_LIST % ("{{ author }}", "{{ author }}", "articles"),
    "tag.html": _PELICAN_LIST % ("{{ tag }}", "{{ tag }}", "articles"),
    "period_archives.html": _PELICAN_LIST % ("{{ period[0] }}", "{{ period[0] }}", "dates"),
    "categories.html": _PELICAN_TERMS % ("Countries", "Countries", "categories"),
    "authors.html": _PELICAN_TERMS % ("People", "People", "authors"),
    "tags.html": _PELICAN_TERMS % ("Topics", "Topics", "tags"),
    "archives.html": """\
{% extends "base.html" %}
{% block title %}Years{% endblock %}
{% block main %}<h1>Years</h1>
<ul>{% for year, items in dates|groupby("date.year")|reverse %}
<li><a href="{{ SITEURL }}/years/{{ year }}/">{{ year }}</a> ({{ items|length }})</li>{% endfor %}
</ul>{% endblock %}
""",
    "page.html": """\
{% extends "base.html" %}
{% block title %}{{ page.title }}{% endblock %}
{% block main %}<h1>{{ page.title }}</h1>{{ page.content }}{% endblock %}
""",
}


def write_hugo_scaffold(site: Path) -> None:
    """Config, layouts and stylesheet of the Hugo site."""
    (site / "layouts").mkdir(parents=True, exist_ok=True)
    (site / "static").mkdir(exist_ok=True)
    (site / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (site / "layouts" / name).write_text(text, encoding="utf-8")
    (site / "static" / "style.css").write_text(STYLE_CSS, encoding="utf-8")


def write_pelican_scaffold(site: Path) -> None:
    """Settings, theme templates and stylesheet of the Pelican site."""
    templates = site / "theme" / "templates"
    templates.mkdir(parents=True, exist_ok=True)
    (site / "theme" / "static").mkdir(exist_ok=True)
    (site / "pelicanconf.py").write_text(PELICAN_CONFIG, encoding="utf-8")
    for name, text in PELICAN_TEMPLATES.items():
        (templates / name).write_text(text, encoding="utf-8")
    (site / "theme" / "static" / "style.css").write_text(STYLE_CSS, encoding="utf-8")


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
    return {"html": html, "feeds": 1, "readouts": len(records), "years": len(years),
            "countries": len(countries), "people": len(people), "topics": len(topics)}


def generate(n: int, root: Path, seed: int = DEFAULT_SEED, formats=FORMATS) -> dict:
    """Write corpus ``root`` with records 0..n-1 in ``formats``; returns its manifest.

    An existing corpus with the same manifest is kept as it is.
    """
    manifest_path = root / "manifest.json"
    wanted = {"n": n, "seed": seed, "formats": sorted(formats), "generator_version": 1}
    if manifest_path.exists():
        old = json.loads(manifest_path.read_text(encoding="utf-8"))
        if all(old.get(k) == v for k, v in wanted.items()):
            log.info("corpus %s is up to date (%d readouts)", root, n)
            return old
    for fmt in FORMATS:
        shutil.rmtree(root / fmt, ignore_errors=True)
    root.mkdir(parents=True, exist_ok=True)
    if "hugo" in formats:
        write_hugo_scaffold(root / "hugo")
    if "pelican" in formats:
        write_pelican_scaffold(root / "pelican")
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
