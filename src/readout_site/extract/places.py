"""Where a meeting took place: "in Bishkek", "in the Kremlin", "at the White House", "here".

A sentence can name several places ("on an official visit to China, at the Diaoyutai
State Guesthouse in Beijing"); the most specific wins: a landmark or a city over a
country named alone. "here" means the city of the dateline.
"""

from __future__ import annotations

import logging
import re
import unicodedata

from readout_site.extract.sentences import other_events, within
from readout_site.lexicon import Lexicon, Place

log = logging.getLogger(__name__)

_UP = "A-ZÀ-ÖØ-ÞĀ-Ž"
_AT = re.compile(
    rf"\b(?:in|at|to)\s+(?:the\s+)?(?P<place>[{_UP}][\w'’.-]*"
    rf"(?:(?:\s+|-)(?:of\s+the\s+|of\s+|de\s+|al-)?[{_UP}][\w'’.-]*){{0,5}})"
)
_HERE = re.compile(r"\bhere\b")
_NOT_PLACES = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september",
                         "october", "november", "december",
                         # continents and regions, which GeoNames also lists as towns ("Asia", Philippines)
                         "asia", "europe", "africa", "america", "americas", "oceania", "eurasia", "antarctica",
                         "arctic", "middle east", "latin america", "central asia", "south asia", "east asia"})
# A place's name that begins the name of something else: "the Shanghai Cooperation Organization", "Shanghai Spirit".
_NAMES_SOMETHING_ELSE = frozenset(
    """Cooperation Organization Organisation Spirit Declaration Process Summit Forum Agreement Accord Format Charter
    Communique Communiqué Principles Initiative Group Five Protocol Convention Consensus Roadmap Dialogue
    Mechanism Club Pact Treaty Conference Council Games Expo University""".split()
)


def find_venue(sentence: str, lexicon: Lexicon, dateline_city: str | None, sides=()) -> Place | None:
    """The most specific place in ``sentence`` the lexicon knows (a landmark or city, else a country).
    ``sides``: the participants' countries; a city named without its country that GeoNames lists in
    several is taken in one of theirs (``Lexicon.place_among``)."""
    country_only = None
    others = other_events(sentence)
    for m in _AT.finditer(sentence):
        if others and within(others, m.start("place")):
            continue  # the place of another event the sentence names ("the summit held in Rome")
        place, whole = _place_at(m["place"], lexicon)
        if whole or place is None:
            place = _in_stated_country(m, place, sentence, lexicon)
        if place is None and (then := _THEN_CITY.match(sentence, m.end())):
            place = lexicon.place(then["city"])  # "at the State House, Abuja": a building of the city after it
        if place is None:
            continue
        if place.city:
            stated = whole and _stated_country(sentence, m.end(), lexicon)
            return place if stated else lexicon.place_among(place, sides)
        country_only = country_only or place
    if dateline_city and _HERE.search(sentence):
        here = lexicon.place(dateline_city) or Place(dateline_city, None)
        if here.city:
            return lexicon.place_among(here, sides)
    return country_only


def _place_at(phrase: str, lexicon: Lexicon) -> tuple[Place | None, bool]:
    """The longest leading part of a capitalised phrase that names a place or a country, and
    whether that part is the whole phrase."""
    words = phrase.rstrip(".,").split()
    for n in range(len(words), 0, -1):
        candidate = " ".join(words[:n]).rstrip(".,;:'’")
        if candidate.lower() in _NOT_PLACES:
            return None, False
        if n < len(words) and words[n] in _NAMES_SOMETHING_ELSE:
            continue  # "Shanghai Cooperation Organization": not Shanghai
        candidate = re.sub(r"['’]s$", "", candidate)
        if len(candidate) <= 3 and candidate.isupper():  # "UN", "AU", "EU": no town of that name is meant
            place = lexicon.landmarks.get(candidate.lower())
        else:
            place = lexicon.place(candidate) or lexicon.place(fold_accents(candidate))
        if place:
            return place, n == len(words)
        country = lexicon.countries.get(candidate.lower())
        if country:
            return Place(None, country), n == len(words)
    return None, False


# ", Indonesia" after a place, then punctuation or a word in lower case (not "..., United States Envoy X")
_THEN_COUNTRY = re.compile(rf",\s+(?:the\s+)?(?P<words>[{_UP}][\w.-]*(?:\s+(?:of\s+(?:the\s+)?)?[{_UP}][\w.-]*){{0,4}})")
_AFTER_COUNTRY = re.compile(r"\s*(?:[,.;:)]|$)|\s+[a-z]")


_THEN_CITY = re.compile(rf",\s+(?P<city>[{_UP}][\w'’-]*(?:\s[{_UP}][\w'’-]*){{0,2}})(?=[,.;:]|\s[a-z]|$)")


def _in_stated_country(m: re.Match, place: Place | None, sentence: str, lexicon: Lexicon) -> Place | None:
    """``place`` (the whole phrase of ``m``) in the country the text writes after it: "in Bali,
    Indonesia" is Indonesia's Bali, not the city of Cameroon the lexicon knows by that name, and
    "in Nusa Dua, Indonesia" a place the lexicon does not know, as written. Else ``place``."""
    if place is not None and place.city is None:
        return place  # a country alone
    stated = _stated_country(sentence, m.end(), lexicon)
    if stated is None:
        return place
    if place is None:
        name = m["place"].rstrip(".,")
        known = m.group(0).split(None, 1)[0] == "in" and len(name.split()) <= 3
        return Place(name, stated) if known else None
    if place.country == stated:
        return place
    return lexicon.place_in(place.city, stated) or Place(place.city, stated)


def _stated_country(sentence: str, end: int, lexicon: Lexicon) -> str | None:
    """The country named right after position ``end`` (", Indonesia"), or None."""
    then = _THEN_COUNTRY.match(sentence, end)
    if then is None:
        return None
    words = then["words"].split()
    for n in range(len(words), 0, -1):
        candidate = " ".join(words[:n]).rstrip(".")
        country = lexicon.countries.get(candidate.lower())
        if country:
            stop = then.start("words") + len(candidate)
            return country if _AFTER_COUNTRY.match(sentence, stop) else None
    return None


def fold_accents(text: str) -> str:
    """``text`` without diacritics ("Élysée" -> "Elysee"), for names the lexicon spells plainly."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
