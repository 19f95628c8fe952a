"""The kind of event: meeting, phone_call, video_call, talks, visit or other.

The title decides when it names the event; otherwise the lead sentences do. Within
one text the more specific kind wins: a video call over a phone call over talks
over a meeting over a visit ("during his visit, X met Y" is a meeting).
"""

from __future__ import annotations

import functools
import logging
import re

log = logging.getLogger(__name__)

# "calls on the President" (a courtesy call, in person), not "a call on trade" (a phone call about it)
_OFFICE = (r"(?:the |H\.?\s?E\.? |His |Her )?(?:President|Prime|Minister|King|Queen|Crown|Emir|Sultan|Secretary|"
           r"Chancellor|Premier|Vice|Governor|Speaker|Chairman|Chief|Senior|Deputy|Foreign|Defen[cs]e|External)\b")
_RULES = (
    ("video_call", re.compile(
        r"\bvideo[- ]?(?:call|conference|conferencing|link|summit|meeting|talks?)\b|\bvia video\b|"
        r"\bvirtual (?:meeting|summit|talks?|call)\b|\bonline (?:meeting|talks?|summit)\b|\bvideoconference\b",
        re.IGNORECASE)),
    ("phone_call", re.compile(
        r"\b(?:tele)?phone\b|\btelephonic\b|\bby phone\b|\bcall (?:with|from|to)\b|\bcalls? with\b|"
        r"\bphoned\b|\bcalled (?:his|her|their)\b|\b(?:'s|’s) call\b(?! on {office})|(?<!courtesy )\bcall\b(?= between)|"
        r"(?<!courtesy )\bcall\b(?= on (?!{office}))".format(office=_OFFICE),
        re.IGNORECASE)),
    ("talks", re.compile(r"\b(?:held|holds|hold|holding) (?:[\w-]+ ){0,2}talks\b|^talks\b|\btalks (?:with|between)\b|"
                         r"\bnegotiations with\b", re.IGNORECASE)),
    ("meeting", re.compile(
        r"\bmet\b|\bmeets?\b|\bmeeting\b|\breceived\b|\breceives\b|\bhosted\b|\bhosts\b|\bsummit\b|\baudience\b|"
        r"\bsat down with\b|\bbilateral\b(?= (?:meeting|talks))|\bon the sidelines\b|\bcourtesy calls?\b|"
        r"\bwelcom(?:ed|es)\s+(?:[A-Z][\w'’.-]*\s+){{1,8}}(?:to|in)\s+[A-Z]|"
        r"\bcall(?:s|ed|ing)? on (?={office})".format(office=_OFFICE),
        re.IGNORECASE)),
    ("visit", re.compile(r"\bvisit(?:s|ed|ing)?\b|\barriv(?:ed|es) in\b", re.IGNORECASE)),
)
_SPOKE = re.compile(r"\b(?:spoke|speaks|talked|talks) (?:\w+ )?(?:with|to)\b", re.IGNORECASE)


# Words without which a rule cannot match: its regex is only run when one is in the text.
_HINTS = {
    "video_call": ("video", "virtual", "online"),
    "phone_call": ("phone", "call"),
    "talks": ("talks", "negotiations"),
    "meeting": ("met", "meet", "receive", "host", "summit", "audience", "sat down", "bilateral", "sidelines",
                "call", "welcom"),
    "visit": ("visit", "arriv"),
}


@functools.lru_cache(maxsize=4096)
def kind_of(text: str) -> str | None:
    """The most specific kind named in ``text``, or None (cached: the rules ask often)."""
    low = text.casefold()  # as the regexes fold case: "ſ" is an "s", the Kelvin sign a "k"
    for kind, regex in _RULES:
        if any(hint in low for hint in _HINTS[kind]) and regex.search(text):
            return kind
    return None


def classify(title: str, lead: list[str]) -> tuple[str, str | None]:
    """The event's kind and the sentence that shows it (title first, then lead sentences)."""
    for text in (title, *lead):
        kind = kind_of(text)
        if kind:
            return kind, text
    for text in (title, *lead):
        if _SPOKE.search(text):
            return "phone_call", text
    return "other", None
