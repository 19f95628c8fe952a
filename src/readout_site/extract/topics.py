"""Topics from the controlled vocabulary, matched on the title and the whole body."""

from __future__ import annotations

from readout_site.lexicon import Lexicon


def find_topics(texts: list[str], lexicon: Lexicon) -> tuple[str, ...]:
    """Sorted topic slugs whose patterns occur in any of ``texts``."""
    if lexicon.topic_re is None:
        return ()
    found = set()
    for text in texts:
        for m in lexicon.topic_re.finditer(text):
            found.add(lexicon.topics[int(m.lastgroup[1:])].slug)
    return tuple(sorted(found))
