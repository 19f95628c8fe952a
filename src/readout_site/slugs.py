"""Slugs: the keys that name readouts, people, countries and topics in URLs and links."""

from __future__ import annotations

import functools
import hashlib
import re

from anyascii import anyascii

_NOT_WORD = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=1 << 16)  # the same names and countries are slugged again and again
def slugify(text: str, max_length: int = 80) -> str:
    """Lowercase ASCII words joined by hyphens ("Côte d'Ivoire" -> "cote-d-ivoire", "Сергей Лавров" ->
    "sergey-lavrov", "Jonas Gahr Støre" -> "jonas-gahr-store"). Text with no letter or digit in any
    script gets a slug made from its digest, so that two such names never share one; empty text
    gives ""."""
    ascii_text = text if text.isascii() else anyascii(text)
    slug = _NOT_WORD.sub("-", ascii_text.lower()).strip("-")
    if not slug and text.strip():
        slug = "x-" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] if "-" in slug[:max_length] else slug[:max_length]
    return slug
