"""Topics from the controlled vocabulary, matched on the title and the whole body.

Each topic is matched on its own, so overlapping topics are all found ("Syria" files a
readout under both middle-east and syria; "renewable energy" under energy and
green-development). For speed, a pattern is only tried where its literal beginning
occurs: every pattern that starts with a literal (ASCII) word is indexed by that word
(or, when the word may go on, "pandemics?", by its first letters); the text's words
select the index entries; a pattern that is just one word is then found, any other is
matched only where its literal beginning starts a word. Patterns that start otherwise
are searched in full, where their literal part occurs.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass

from readout_site.extract.triggers import KEY, alternatives, first_word, literal_prefix, word_starts
from readout_site.lexicon import Lexicon

log = logging.getLogger(__name__)

_WORD = re.compile(r"[a-z0-9]+")  # candidate words (the patterns' first words are ASCII)


@dataclass(frozen=True)
class _Trigger:
    """One pattern (alternative) of one topic, tried where a text word begins with ``word``."""

    topic: int  # index into lexicon.topics
    word: str  # the literal first word of the pattern, lower case (ASCII)
    literal: str  # the pattern's literal beginning (at least ``word``), lower case
    pattern: str | None  # the pattern with a closing word boundary; None when it is just ``word``


@dataclass
class _Matcher:
    words: dict[str, list[_Trigger]]  # whole first word -> triggers
    prefixes: dict[str, list[_Trigger]]  # first KEY letters of a partial first word -> triggers
    fallback: list[tuple[int, str, str]]  # patterns searched in full (where their literal occurs)
    masks: dict[int, re.Pattern]  # topic -> its ``not_in`` phrases: blanked out of the text the topic is matched in


def find_topics(texts: list[str], lexicon: Lexicon) -> tuple[str, ...]:
    """Sorted topic slugs whose patterns occur in any of ``texts``."""
    if not lexicon.topics:
        return ()
    matcher = _matcher(lexicon)
    low = "\n".join(texts).lower()
    text_for = _Masked(low, matcher.masks)
    words = set(_WORD.findall(low))
    found: set[int] = set()
    for word in words & matcher.words.keys():
        for trigger in matcher.words[word]:
            if trigger.topic in found or (trigger.literal != word and trigger.literal not in low):
                continue
            if _occurs(trigger, text_for[trigger.topic]):
                found.add(trigger.topic)
    keys = {word[:KEY] for word in words if len(word) >= KEY}  # the first KEY letters of each word that long
    for key in keys & matcher.prefixes.keys():
        for trigger in matcher.prefixes[key]:
            if trigger.topic not in found and trigger.literal in low and _occurs(trigger, text_for[trigger.topic]):
                found.add(trigger.topic)
    for topic, literal, pattern in matcher.fallback:
        if topic not in found and literal in low and _compiled(pattern).search(text_for[topic]):
            found.add(topic)
    return tuple(sorted({lexicon.topics[i].slug for i in found}))


class _Masked(dict):
    """Topic -> the text it is matched in: the text, with the topic's ``not_in`` phrases blanked
    out (made on first use; "food security" is not the topic security)."""

    def __init__(self, low: str, masks: dict[int, re.Pattern]):
        super().__init__()
        self.low, self.masks = low, masks

    def __missing__(self, topic: int) -> str:
        mask = self.masks.get(topic)
        text = self[topic] = self.low if mask is None else mask.sub(lambda m: " " * len(m.group()), self.low)
        return text


def _occurs(trigger: _Trigger, low: str) -> bool:
    """True when the pattern matches at a word start where its literal beginning occurs."""
    if trigger.pattern is None:  # the pattern is one word: it must end where a word ends
        size = len(trigger.word)
        return any(
            at + size == len(low) or not (low[at + size].isalnum() or low[at + size] == "_")
            for at in word_starts(low, trigger.word)
        )
    regex = _compiled(trigger.pattern)
    return any(regex.match(low, at) for at in word_starts(low, trigger.literal))


@functools.lru_cache(maxsize=None)
def _compiled(pattern: str) -> re.Pattern:
    """A trigger's regex, compiled the first time a text could match it.

    A vocabulary has hundreds of patterns and a readout reaches a few of them, so
    compiling them all up front cost more than the first readout's extraction.
    """
    return re.compile(pattern, re.IGNORECASE)


_MATCHERS: dict[int, tuple[Lexicon, _Matcher]] = {}


def _matcher(lexicon: Lexicon) -> _Matcher:
    """The prepared matcher of a lexicon (built once per lexicon object)."""
    cached = _MATCHERS.get(id(lexicon))
    if cached is not None and cached[0] is lexicon:
        return cached[1]
    matcher = _Matcher({}, {}, [], {})
    for i, topic in enumerate(lexicon.topics):
        if topic.not_in:
            matcher.masks[i] = re.compile(rf"\b(?:{'|'.join(topic.not_in)})\b", re.IGNORECASE)
        for pattern in topic.patterns:
            for alternative in alternatives(pattern):
                first = first_word(alternative)
                if first is None or not first[0].isascii():
                    matcher.fallback.append((i, literal_prefix(alternative), rf"\b(?:{alternative})\b"))
                    continue
                word, whole = first
                plain = whole and alternative.lower() == word  # the pattern is that one word
                bounded = None if plain else rf"(?:{alternative})\b"
                trigger = _Trigger(i, word, literal_prefix(alternative) or word, bounded)
                (matcher.words if whole else matcher.prefixes).setdefault(word if whole else word[:KEY], []).append(
                    trigger
                )
    _MATCHERS[id(lexicon)] = (lexicon, matcher)
    return matcher
