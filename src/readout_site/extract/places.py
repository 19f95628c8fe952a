"""Where a meeting took place: "in Bishkek", "in the Kremlin", "at the White House", "here".

A sentence can name several places ("on an official visit to China, at the Diaoyutai
State Guesthouse in Beijing"); the most specific wins: a landmark or a city over a
country named alone. "here" means the city of the dateline.
"""

from __future__ import annotations

import logging
import re
import unicodedata

from readout_site.lexicon import Lexicon, Place

log = logging.getLogger(__name__)

_UP = "A-ZÀ-ÖØ-ÞĀ-Ž"
_AT = re.compile(
    rf"\b(?:in|at|to)\s+(?:the\s+)?(?P<place>[{_UP}][\w'’.-]*"
    rf"(?:(?:\s+|-)(?:of\s+the\s+|of\s+|de\s+|al-)?[{_UP}][\w'’.-]*){{0,5}})"
)
_HERE = re.compile(r"\bhere\b")
_NOT_PLACES = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september",
                         "october", "november", "december"})


def find_venue(sentence: str, lexicon: Lexicon, dateline_city: str | None) -> Place | None:
    """The most specific place in ``sentence`` the lexicon knows (a landmark or city, else a country)."""
    country_only = None
    for m in _AT.finditer(sentence):
        place = _place_at(m["place"], lexicon)
        if place is None:
            continue
        if place.city:
            return place
        country_only = country_only or place
    if dateline_city and _HERE.search(sentence):
        here = lexicon.place(dateline_city) or Place(dateline_city, None)
        if here.city:
            return here
    return country_only


def _place_at(phrase: str, lexicon: Lexicon) -> Place | None:
    """The longest leading part of a capitalised phrase that names a place or a country."""
    words = phrase.rstrip(".,").split()
    for n in range(len(words), 0, -1):
        candidate = " ".join(words[:n]).rstrip(".,;:'’")
        if candidate.lower() in _NOT_PLACES:
            return None
        candidate = re.sub(r"['’]s$", "", candidate)
        place = lexicon.place(candidate) or lexicon.place(fold_accents(candidate))
        if place:
            return place
        country = lexicon.countries.get(candidate.lower())
        if country:
            return Place(None, country)
    return None


def fold_accents(text: str) -> str:
    """``text`` without diacritics ("Élysée" -> "Elysee"), for names the lexicon spells plainly."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
