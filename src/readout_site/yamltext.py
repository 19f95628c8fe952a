"""YAML as the project reads it: safe, fast (libyaml when present), dates kept as text,
and a key given twice in one mapping noticed rather than silently overwritten.

Keeping dates as text lets each reader validate them itself, so an impossible
date such as 2020-02-30 becomes a message on its key rather than an error of the
whole file. PyYAML keeps the last of two equal keys without a word; the first
value would be lost, so every reader here is told (``RepeatedKey``): settings and
lexicon files refuse it, a readout's front matter or sidecar warns.
"""

from __future__ import annotations

import yaml


class RepeatedKey(yaml.YAMLError):
    """A key given twice in one mapping; ``first`` and ``again`` are 1-based lines of the text."""

    def __init__(self, key, first: int, again: int):
        super().__init__(f"{key!r} is given twice (lines {first} and {again})")
        self.key, self.first, self.again = key, first, again


class TextDateLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe YAML loader that does not turn dates and timestamps into objects, and notes repeated keys."""

    def __init__(self, stream):
        super().__init__(stream)
        self.repeats: list[RepeatedKey] = []  # keys given twice, in the order met

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            self.repeats += _repeated_keys(self, node)
        return super().construct_mapping(node, deep)


TextDateLoader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class PlainTextLoader(TextDateLoader):
    """``TextDateLoader`` that also keeps what YAML 1.1 would take for a truth value or a number as
    the text written: in a readout's metadata `title: yes`, `title: 12:30` and `country: NO` (Norway)
    are text, not True, 750 and False."""


PlainTextLoader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag == "tag:yaml.org,2002:null"]
    for ch, resolvers in TextDateLoader.yaml_implicit_resolvers.items()
}


_MERGING = {"tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"}  # the keys `<<` and `=`


def _repeated_keys(loader, node: yaml.MappingNode) -> list[RepeatedKey]:
    """The keys of ``node`` met a second time (constructing a key twice costs nothing: the
    constructor keeps what it made of each node)."""
    seen: dict = {}
    repeats = []
    for key_node, _ in node.value:
        if key_node.tag in _MERGING:
            continue  # merged keys come in later (PyYAML's flatten_mapping); one set here wins over them
        key = loader.construct_object(key_node)
        line = key_node.start_mark.line + 1
        try:
            if key in seen:
                repeats.append(RepeatedKey(key, seen[key], line))
            else:
                seen[key] = line
        except TypeError:  # an unhashable key: PyYAML's own error follows
            break
    return repeats


def load_yaml_noting_repeats(text: str, plain: bool = False) -> tuple[object, list[RepeatedKey]]:
    """Parse ``text``: the data (the last value of a repeated key, as PyYAML keeps) and the repeated
    keys; raises ``yaml.YAMLError`` on invalid YAML. ``plain``: every scalar but null is text
    (``PlainTextLoader``)."""
    loader = (PlainTextLoader if plain else TextDateLoader)(text)
    try:
        data = loader.get_single_data()
        return data, sorted(loader.repeats, key=lambda r: r.again)  # an inner mapping is checked after its parent
    finally:
        loader.dispose()


def load_yaml(text: str):
    """Parse ``text``; raises ``yaml.YAMLError`` on invalid YAML, ``RepeatedKey`` on a key given twice."""
    data, repeats = load_yaml_noting_repeats(text)
    if repeats:
        raise repeats[0]
    return data
