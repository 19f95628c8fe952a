"""Split paragraphs into sentences without breaking at "Mr.", "Jan. 5" or "U.S."."""

from __future__ import annotations

import re

_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
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
        before = paragraph[start:m.start()].rstrip("\"”’)")
        last = before.rsplit(None, 1)[-1] if before.split() else ""
        token = last.rstrip(".").lower()
        if token in _ABBREVIATIONS or re.fullmatch(r"[A-Za-z]", token) or re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]?", token):
            continue
        piece = paragraph[start:m.end()].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return out
