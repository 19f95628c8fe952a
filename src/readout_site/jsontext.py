"""JSON text as the site writes it (JSON-LD in readout pages, ``data/readouts.json``).

One line per value, keys sorted, non-ASCII characters as they are: the standard
library's C encoder, which indented output would bypass for its pure-Python one
(three times slower, and a third more bytes in every readout page).
"""

from __future__ import annotations

import json

_ONE_LINE = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def dumps(value) -> str:
    """``value`` as ``json.dumps(value, ensure_ascii=False, sort_keys=True)`` writes it."""
    return _ONE_LINE.encode(value)
