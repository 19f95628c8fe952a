"""Split paragraphs into sentences without breaking at "Mr.", "Jan. 5" or "U.S."."""

from __future__ import annotations

import logging
import re

log = logging.getLogger(__name__)

# From the sentence's final mark (matched, not looked behind for: a pattern that starts with a
# character class lets the regex engine skip ahead) to the start of the next sentence.
_BOUNDARY = re.compile(r"[.!?][\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr jr sr st gen lt col maj capt adm gov sen rep hon amb prof no nos vol art sec dept est "
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun "
    "u.s u.k u.n e.u d.c p.m a.m h.e h.r.h vs etc inc ltd co corp".split()
)


def split_sentences(paragraph: str) -> list[str]:
    """The sentences of ``paragraph``, each stripped."""
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(paragraph):
        if _abbreviation_before(paragraph, start, m.start() + 1):
            continue
        piece = paragraph[start:m.end()].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return out


def _abbreviation_before(paragraph: str, start: int, end: int) -> bool:
    """True when the full stop before ``end`` ends an abbreviation or an initial ("Mr.", "U.S.", "J.")."""
    space = paragraph.rfind(" ", start, end)
    last = paragraph[space + 1:end].rstrip("\"”’)")
    token = last.rstrip(".").rsplit("-", 1)[-1].lower()  # "Japan-U.S." ends with "U.S."
    if not token:
        return False
    return token in _ABBREVIATIONS or len(token) == 1 and token.isalpha() or bool(_DOTTED.fullmatch(token))


_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]?")


# "the Italy-Africa Summit held in Rome on 28-29 January 2024", "the conference held in Geneva last month":
# another event the sentence names, with its own place and date, which are not the readout's event's.
_OTHER_EVENT = re.compile(
    r"\b(?:[A-Z][\w'’-]*\s+){1,6}(?:Summit|Conference|Forum|Dialogue|Session|Assembly|Congress|Games|Expo|Meeting)"
    r"(?:\s+of\s+[\w'’ -]{1,60}?)?\s+(?:which was |that was )?(?:held|hosted|convened|organi[sz]ed)\s+(?:in|at|on)\s+"
    r"[^,;.()]*"
    r"|\b(?:summit|conference|forum|dialogue|session|meeting|visit)\s+(?:which was |that was )?(?:held|hosted|"
    r"convened|paid|made)\s+(?:in|at|to|on)\s+[^,;.()]*?\b(?:last|previous)\s+(?:week|month|year)\b"
)


def other_events(sentence: str) -> list[tuple[int, int]]:
    """Spans of ``sentence`` naming another event with its place and date (see ``_OTHER_EVENT``), not
    one the sentence says someone attends ("attended the Quad Leaders' Summit held in Wilmington")."""
    if "held" not in sentence and "hosted" not in sentence and "convened" not in sentence \
            and "organi" not in sentence and "last" not in sentence and "previous" not in sentence:
        return []
    return [m.span() for m in _OTHER_EVENT.finditer(sentence)
            if not _ATTENDS.search(sentence, max(0, m.start() - 40), m.start())]


_ATTENDS = re.compile(r"\b(?:attend\w*|participat\w* in|t[oa]ke?s? part in|joined|at)\s+(?:the\s+)?$")


def within(spans: list[tuple[int, int]], pos: int) -> bool:
    """True when ``pos`` falls in one of ``spans``."""
    return any(start <= pos < end for start, end in spans)
