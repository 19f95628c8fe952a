"""Turn a file's bytes into text: detect the encoding and normalise whitespace.

UTF-8 (with or without BOM) and UTF-16/32 with a BOM are decoded exactly. Text
that is not valid UTF-8 is decoded as Windows-1252 (the usual legacy single-byte
encoding of scraped Western pages) with a warning; bytes that even that cannot
map are replaced, with a warning. Newlines become ``\\n``; non-breaking, zero-width
and other odd spaces become plain spaces (or nothing), so the rules downstream
see one kind of space.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass

log = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Spaces that look like a space: NBSP, narrow NBSP, figure space, en/em spaces...
_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
# Characters that take no room at all: zero-width space/joiners, word joiner, soft hyphen, BOM.
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\u00ad\ufeff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Decoded:
    """A file's text and how it was obtained."""

    text: str  # the text with newlines normalised to "\n" (otherwise as read)
    clean: str  # the same text with odd spaces, invisible and control characters normalised
    encoding: str  # the codec used
    warnings: tuple[str, ...]  # e.g. "decoded as Windows-1252 (not valid UTF-8)"


def looks_binary(data: bytes) -> bool:
    """True for data that is not text: NUL bytes without a UTF-16/32 BOM."""
    if any(data.startswith(bom) for bom, _ in _BOMS if "16" in _ or "32" in _):
        return False
    return b"\x00" in data[:8192]


def decode(data: bytes) -> Decoded:
    """Decode ``data``; never raises for any input."""
    warnings: list[str] = []
    text = None
    encoding = "utf-8"
    for bom, codec in _BOMS:
        if data.startswith(bom):
            encoding = codec
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                text = data.decode(codec, errors="replace")
                warnings.append(f"some bytes are not valid {codec} and were replaced")
            break
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            encoding = "cp1252"
            try:
                text = data.decode("cp1252")
                warnings.append("the file is not valid UTF-8; decoded as Windows-1252")
            except UnicodeDecodeError:
                text = data.decode("cp1252", errors="replace")
                warnings.append(
                    "the file is not valid UTF-8 and not Windows-1252; undecodable bytes were replaced"
                )
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(text=text, clean=normalise_spaces(text), encoding=encoding, warnings=tuple(warnings))


_ASCII_ODD = re.compile("[\t\f\v\x00-\x08\x0e-\x1f\x7f]")


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")  # nor text, nor XML 1.0


def without_controls(text: str) -> str:
    """``text`` without control characters and the code points XML cannot hold (tab and line breaks kept)."""
    return _NOT_XML.sub("", text) if _NOT_XML.search(text) else text


def normalise_spaces(text: str) -> str:
    """Replace odd spaces by a space, drop invisible and control characters."""
    if text.isascii():  # the common case: only tabs and control characters can be odd
        if _ASCII_ODD.search(text) is None:
            return text
        return _CONTROL.sub("", text.replace("\t", " ").replace("\f", " ").replace("\v", " "))
    text = _SPACES.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    return _CONTROL.sub("", text)
