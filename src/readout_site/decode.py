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
    """True for data that is not text: NUL bytes without a UTF-16/32 BOM, more than a few of them
    (a few NULs in text, from padding or a crash, are dropped by ``decode`` with a warning)."""
    if any(data.startswith(bom) for bom, _ in _BOMS if "16" in _ or "32" in _):
        return False
    head = data[:8192]
    nuls = head.count(b"\x00")
    return nuls > 16 or nuls * 100 > len(head)  # more than a few, or more than one byte in a hundred


def looks_utf16(data: bytes) -> bool:
    """True for UTF-16 text saved without its byte-order mark: every other byte of ASCII text is NUL."""
    head = data[:4096]
    return len(head) >= 16 and (head[1::2].count(0) > len(head) // 3 or head[0::2].count(0) > len(head) // 3)


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The character set a saved HTML page declares in its head (``<meta charset>``), or None."""
    m = _META_CHARSET.search(data, 0, 4096)
    return m.group(1).decode("ascii") if m else None


def _line_of(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, pos) + 1


def _declared(charset: str | None) -> str | None:
    """The Python codec of a charset a page declares ("gb2312", "windows-1251"), or None."""
    if not charset:
        return None
    try:
        name = codecs.lookup(charset.strip().lower()).name
    except LookupError:
        return None
    return "gb18030" if name in ("gb2312", "gbk") else name  # GB18030 reads both, and what they lack


def decode(data: bytes, charset: str | None = None) -> Decoded:
    """Decode ``data``; never raises for any input. ``charset``: what the file declares of itself
    (an HTML page's ``<meta charset>``), taken when the bytes are not UTF-8."""
    warnings: list[str] = []
    text = None
    encoding = "utf-8"
    if b"\x00" in data and not any(data.startswith(bom) for bom, _ in _BOMS if "16" in _ or "32" in _):
        warnings.append(f"the file holds {data.count(0)} NUL byte(s) (first on line {_line_of(data, data.index(0))}); "
                        "they were dropped")
        data = data.replace(b"\x00", b"")
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
        except UnicodeDecodeError as exc:
            text, encoding, warning = _not_utf8(data, exc, _declared(charset))
            warnings.append(warning)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(text=text, clean=normalise_spaces(text), encoding=encoding, warnings=tuple(warnings))


def _not_utf8(data: bytes, exc: UnicodeDecodeError, declared: str | None) -> tuple[str, str, str]:
    """``(text, codec, warning)`` for bytes that are not all valid UTF-8: the charset the file declares;
    else UTF-8 with the few bad bytes replaced when the rest is UTF-8 beyond ASCII (a stray byte in a
    UTF-8 file); else Windows-1252, the legacy encoding of scraped Western pages."""
    where = f"line {_line_of(data, exc.start)}"
    if declared and declared != "utf-8":
        try:
            return data.decode(declared), declared, f"the file is not valid UTF-8; decoded as {declared}, as it declares"
        except UnicodeDecodeError:
            pass
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    if bad <= 3 and any(ord(c) > 0x7F and c != "\ufffd" for c in replaced):
        return replaced, "utf-8", (f"the file is UTF-8 but for {bad} byte(s) that are not (first on {where}); "
                                   "they were replaced by the replacement character (U+FFFD)")
    try:
        return data.decode("cp1252"), "cp1252", f"the file is not valid UTF-8 (first on {where}); decoded as Windows-1252"
    except UnicodeDecodeError:
        return (data.decode("cp1252", errors="replace"), "cp1252",
                f"the file is not valid UTF-8 (first on {where}) and not Windows-1252; undecodable bytes were replaced")


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
