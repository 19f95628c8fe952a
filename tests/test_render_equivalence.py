"""The render stage's shortcuts give exactly what the library calls they stand for give."""

from __future__ import annotations

import datetime as dt
import functools
import json

import jinja2
from hypothesis import given, settings
from hypothesis import strategies as st

from readout_site import jsontext
from readout_site.archive import build_archive
from readout_site.config import Config
from readout_site.render import make_environment
from readout_site.urls import Urls

_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(value=_values)
def test_jsontext_is_one_line_of_json_that_reads_back(value):
    text = jsontext.dumps(value)
    assert "\n" not in text
    assert json.loads(text) == json.loads(json.dumps(value))  # tuples come back as lists


def _environment() -> jinja2.Environment:
    config = Config(search=False)
    return make_environment(config, build_archive([], {}, None), Urls(config), dt.datetime(2024, 1, 1))


def test_template_calls_keep_jinja_semantics():
    env = _environment()
    env.globals.update(
        with_context=jinja2.pass_context(lambda ctx, name: ctx[name]),
        with_environment=jinja2.pass_environment(lambda e: e is env),
        cached_with_environment=functools.cache(jinja2.pass_environment(lambda e: e is env)),
        stops=lambda: next(iter(())),
        keywords=lambda a, b="-": a + b,
    )
    template = env.from_string(
        "{% for i in [1] %}{{ with_context('v') }}{% endfor %} {{ with_environment() }} "
        "{{ cached_with_environment() }} {{ stops() is undefined }} {{ keywords('a', b='c') }} {{ 'x,y'.split(',')|join }}"
    )
    assert template.render(v="ctx") == "ctx True True True ac xy"


def test_template_globals_overlay_the_environment_globals():
    env = _environment()
    template = env.from_string("{{ kind_label('x') }} {{ extra }} {{ nothing is undefined }}",
                               globals={"kind_label": lambda k: k.upper(), "extra": "e"})
    assert template.render() == "X e True"
    assert "extra" in template.globals and "url" in template.globals and "nothing" not in template.globals
    assert dict(template.globals)["url"] is env.globals["url"]
