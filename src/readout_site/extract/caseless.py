"""Case-insensitive tests that are fast on ASCII text.

Python's regex engine cannot skip ahead in a case-insensitive pattern: it tries the
pattern at every position, folding each character. A case-sensitive pattern whose
literals are lower case, run on the text in lower case, finds the same matches on
ASCII text (lower-casing keeps its length and which characters are word characters),
several times faster. Other text is searched with the case-insensitive pattern as
written, so Unicode case folding ("ſ", "K") keeps its meaning.
"""

from __future__ import annotations

import re


class Caseless:
    """A case-insensitive pattern that answers whether it occurs in a text.

    The pattern must be written in lower case (letters, classes and escapes such as
    ``\\b``, ``\\w``, ``\\s``), which is what makes the lower-case shortcut exact.
    """

    __slots__ = ("pattern", "_folding", "_lowered")

    def __init__(self, pattern: str) -> None:
        if pattern != pattern.lower():
            raise ValueError(f"a Caseless pattern is written in lower case: {pattern!r}")
        self.pattern = pattern
        self._folding = re.compile(pattern, re.IGNORECASE)
        self._lowered = re.compile(pattern)

    def occurs(self, text: str, pos: int = 0, endpos: int | None = None) -> bool:
        """True when the pattern matches in ``text`` between ``pos`` and ``endpos``, as ``re`` searches."""
        end = len(text) if endpos is None else endpos
        if text.isascii():
            return self._lowered.search(text.lower(), pos, end) is not None
        return self._folding.search(text, pos, end) is not None
