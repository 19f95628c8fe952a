"""Indented JSON text, the same bytes as ``json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)``.

The standard library writes indented JSON with its pure-Python encoder; the
readout pages (JSON-LD) and the JSON export write one document per readout, so
this module builds the same text with fewer steps: strings go through the
encoder's C escaping, containers are joined directly. Anything other than
``str``, ``int``, ``bool``, ``None``, ``dict``, ``list`` and ``tuple`` (floats
included) makes the whole value go through ``json.dumps`` instead, so the text
never differs from it.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring

_LITERALS = {None: "null", True: "true", False: "false"}


class _Unsupported(Exception):
    """A value this module leaves to ``json.dumps``."""


def dumps(value, margin: str = "") -> str:
    """``value`` as ``json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)`` writes it.

    ``margin`` starts every line (the JSON export indents each readout's object by one space).
    """
    try:
        return margin + _value(value, "\n" + margin)
    except (_Unsupported, TypeError):  # TypeError: keys that cannot be sorted together
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)
        return margin + text.replace("\n", "\n" + margin)


def _value(value, newline: str) -> str:
    """One value; ``newline`` is the line break and indentation of the line the value starts on."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is dict:
        return _object(value, newline) if value else "{}"
    if kind is list or kind is tuple:
        return _array(value, newline) if value else "[]"
    if value is None or kind is bool:
        return _LITERALS[value]
    if kind is int:
        return int.__repr__(value)
    raise _Unsupported


def _object(mapping: dict, newline: str) -> str:
    inner = newline + " "
    items = []
    for key in sorted(mapping):
        if type(key) is not str:
            raise _Unsupported
        items.append(encode_basestring(key) + ": " + _value(mapping[key], inner))
    return "{" + inner + ("," + inner).join(items) + newline + "}"


def _array(values, newline: str) -> str:
    inner = newline + " "
    return "[" + inner + ("," + inner).join([_value(v, inner) for v in values]) + newline + "]"
