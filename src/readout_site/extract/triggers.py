"""Literal first words of regular-expression patterns, to try a pattern only where it can match.

Python's regex engine tries every alternative of a large pattern at every position of a
text, which is slow for vocabularies of hundreds of phrases. Most vocabulary patterns
start with a literal word ("pandemics?", "Belt and Road", "COVID-19"); such a pattern can
only match where a word of the text begins with that word, which a dictionary lookup or a
substring search finds fast. ``first_word`` gives that word; ``alternatives`` splits a
pattern at its top-level ``|`` so each alternative gets its own.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

log = logging.getLogger(__name__)

KEY = 4  # a partial first word shorter than this is not worth indexing


def alternatives(pattern: str) -> list[str]:
    """Split a pattern at its top-level ``|`` (outside groups and character classes)."""
    parts, depth, in_class, start, i = [], 0, False, 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return [p for p in parts if p]


def first_word(pattern: str) -> tuple[str, bool] | None:
    """The literal first word of a pattern, lower case, and whether it is a whole word.

    "pandemics?" gives ("pandemic", False): a text's word only has to start with it.
    "COVID-19" gives ("covid", True); "low[- ]carbon" gives ("low", True). None when the
    pattern does not start with a literal letter or digit (a leading ``\\b`` is skipped),
    or when a partial first word would be shorter than ``KEY``.
    """
    i = 2 if pattern.startswith("\\b") else 0
    word = []
    while i < len(pattern) and pattern[i].isalnum():
        if i + 1 < len(pattern) and pattern[i + 1] in "?*{":
            break  # this character is optional: the word so far is a prefix
        word.append(pattern[i].lower())
        i += 1
    if not word:
        return None
    text = "".join(word)
    if i == len(pattern):
        return text, True
    nxt = pattern[i]
    whole = nxt in " -'’,.&/" or (nxt == "\\" and pattern[i + 1:i + 2] in {"s", "-", ".", "'", " ", "b"})
    if nxt == "[" and "]" in pattern[i:]:
        whole = not any(c.isalnum() for c in pattern[i + 1:pattern.index("]", i)])
    if not whole and len(text) < KEY:
        return None
    return text, whole


_LITERAL = frozenset(" -'’,&/")


def literal_prefix(pattern: str) -> str:
    """The literal beginning of a pattern, lower case: "energy security" of "energy security|...".

    Stops at the first character with a special meaning; a character that a quantifier
    makes optional is left out.
    """
    i = 2 if pattern.startswith("\\b") else 0
    out = []
    while i < len(pattern):
        if pattern[i].isalnum() or pattern[i] in _LITERAL:
            char, width = pattern[i], 1
        elif pattern[i] == "\\" and pattern[i + 1:i + 2] in _ESCAPED:
            char, width = pattern[i + 1], 2
        else:
            break
        if i + width < len(pattern) and pattern[i + width] in "?*{":
            break
        out.append(char.lower())
        i += width
    return "".join(out)


_ESCAPED = frozenset("+.-'&/()[]{}?*|^$")


def word_starts(low: str, word: str):
    """Offsets in ``low`` where ``word`` begins a word."""
    at = low.find(word)
    while at != -1:
        if at == 0 or not (low[at - 1].isalnum() or low[at - 1] == "_"):
            yield at
        at = low.find(word, at + 1)


def occurrences(low: str, literal: str):
    """Every offset of ``literal`` in ``low``."""
    at = low.find(literal)
    while at != -1:
        yield at
        at = low.find(literal, at + 1)


@dataclass(frozen=True)
class Finder:
    """A pattern whose alternatives are each tried only where their literal beginning occurs.

    Built with ``Finder.of(pattern)``; ``search(low)`` takes the text in lower case and
    answers whether the pattern (case-insensitive) occurs in it.
    """

    anchored: tuple[tuple[str, re.Pattern], ...]  # (literal beginning, the alternative)
    rest: re.Pattern | None  # alternatives without a literal beginning, searched in full

    @classmethod
    def of(cls, pattern: str) -> "Finder":
        anchored, rest = [], []
        for alternative in alternatives(pattern):
            literal = literal_prefix(alternative)
            if len(literal) >= 3:
                anchored.append((literal, re.compile(alternative, re.IGNORECASE)))
            else:
                rest.append(alternative)
        full = re.compile("|".join(f"(?:{a})" for a in rest), re.IGNORECASE) if rest else None
        return cls(tuple(anchored), full)

    def search(self, low: str) -> bool:
        for literal, regex in self.anchored:
            if literal in low and any(regex.match(low, at) for at in occurrences(low, literal)):
                return True
        return self.rest is not None and self.rest.search(low) is not None
