"""Where a meeting took place: "in Bishkek", "in the Kremlin", "at the White House", "here"."""

from __future__ import annotations

import re

from readout_site.lexicon import Lexicon, Place

_AT = re.compile(
    r"\b(?:in|at|to)\s+(?:the\s+)?(?P<place>[A-Z][\w'’.-]*(?:(?:\s+|-)(?:of\s+the\s+|of\s+|de\s+|al-)?[A-Z][\w'’.-]*){0,5})"
)
_HERE = re.compile(r"\bhere\b")
_NOT_PLACES = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september",
                         "october", "november", "december", "may"})


def find_venue(sentence: str, lexicon: Lexicon, dateline_city: str | None) -> Place | None:
    """The first place in ``sentence`` the lexicon knows (a landmark, a city, or only a country)."""
    for m in _AT.finditer(sentence):
        words = m["place"].rstrip(".,").split()
        for n in range(len(words), 0, -1):
            candidate = " ".join(words[:n]).rstrip(".,;:'’")
            if candidate.lower() in _NOT_PLACES:
                break
            candidate = re.sub(r"['’]s$", "", candidate)
            place = lexicon.place(candidate)
            if place:
                return place
            country = lexicon.countries.get(candidate.lower())
            if country:
                return Place(None, country)
    if dateline_city and _HERE.search(sentence):
        return lexicon.place(dateline_city) or Place(dateline_city, None)
    return None
