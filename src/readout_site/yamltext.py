"""YAML as the project reads it: safe, fast (libyaml when present), dates kept as text.

Keeping dates as text lets each reader validate them itself, so an impossible
date such as 2020-02-30 becomes a message on its key rather than an error of the
whole file.
"""

from __future__ import annotations

import yaml


class TextDateLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe YAML loader that does not turn dates and timestamps into objects."""


TextDateLoader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str):
    """Parse ``text``; raises ``yaml.YAMLError`` on invalid YAML."""
    return yaml.load(text, Loader=TextDateLoader)
