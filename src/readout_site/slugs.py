"""Slugs: the keys that name readouts, people, countries and topics in URLs and links."""

from __future__ import annotations

import functools
import re
import unicodedata

_NOT_WORD = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=1 << 16)  # the same names and countries are slugged again and again
def slugify(text: str, max_length: int = 80) -> str:
    """Lowercase ASCII words joined by hyphens ("Côte d'Ivoire" -> "cote-d-ivoire")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_WORD.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] if "-" in slug[:max_length] else slug[:max_length]
    return slug
