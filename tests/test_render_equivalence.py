"""The render stage's shortcuts give exactly what the library calls they stand for give."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os

import jinja2
import markupsafe
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


class _Html:
    """A value that gives its own HTML, as markupsafe lets any object do."""

    def __init__(self, text: str):
        self.text = text

    def __html__(self) -> str:
        return f"<b>{self.text}</b>"


class _HtmlNumber:
    """An object whose ``__html__`` breaks the contract and gives a number."""

    def __html__(self):
        return 42


class _ShownMarkup(markupsafe.Markup):
    """A Markup that prints itself otherwise."""

    def __str__(self) -> str:
        return "shown"


_OUTPUT = (
    "{% macro m(x) %}<{{ x }}>{% endmacro %}"
    "{{ v }}|{{ m(v) }}|{% set s %}[{{ v }}]{% endset %}{{ s }}|{{ s|length }}|{% filter upper %}{{ v }}{% endfilter %}|"
    "{% autoescape false %}{{ v }}{% endautoescape %}|{{ v ~ '&' }}|{{ m(v)|length }}|{% for c in [v] %}{{ c }}{% endfor %}"
)


@settings(max_examples=300, deadline=None)
@given(value=st.text() | st.integers() | st.none() | st.text().map(markupsafe.Markup) | st.text().map(_Html)
       | st.just(_HtmlNumber()) | st.text().map(_ShownMarkup))
def test_written_values_are_escaped_exactly_as_jinja_escapes_them(value):
    """Templates compiled to write values through ``escape_output`` write what Jinja's own code writes."""
    ours = _environment().from_string(_OUTPUT).render(v=value)
    stock = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string(_OUTPUT).render(v=value)
    assert ours == stock


def test_autoescaped_templates_write_values_through_escape_output():
    env = _environment()
    source = env.compile("{{ v }}{% macro m() %}{{ w }}{% endmacro %}", raw=True)
    assert source.count("environment.escape_output(") == 2 and "escape(" not in source.replace("escape_output(", "")
    assert env.from_string("{{ v }}").render(v="<&>\"'") == "&lt;&amp;&gt;&#34;&#39;"


def test_a_template_file_whose_name_is_not_utf8_is_hashed(tmp_path):
    from readout_site.render import templates_digest

    static = tmp_path / "templates" / "static"
    static.mkdir(parents=True)
    logo = static / os.fsdecode(b"logo-\xe9.svg")
    logo.write_text("<svg/>", encoding="utf-8")
    config = Config(search=False, templates=tmp_path / "templates")
    before = templates_digest(config)
    logo.write_text("<svg></svg>", encoding="utf-8")
    assert templates_digest(config) != before


class _Holder:
    """An object with a plain attribute, a property that fails as a missing attribute would, a
    ``__getitem__`` Jinja falls back on, and an attribute holding Jinja's ``missing``."""

    def __init__(self, value):
        self.plain = value

    @property
    def failing(self):
        raise AttributeError("computed from nothing")

    def __getitem__(self, key):
        if key in ("failing", "keyed"):
            return f"item {key}"
        raise KeyError(key)


_HOLDER_KINDS = {
    "object": _Holder,
    "dict": lambda value: {"plain": value, "keyed": "item keyed"},
    "list": lambda value: [value],
    "text": lambda value: str(value),
    "none": lambda value: None,
}
_ATTRIBUTE_READS = ("{{ h.plain }}", "{{ h.failing }}", "{{ h.keyed }}", "{{ h.items is defined }}", "{{ h.plain.real }}",
                    "{{ h.upper is defined }}", "{{ (h.missing_one or 'none') }}", "{{ [h][0].plain is defined }}",
                    "{% macro m(x=h.plain) %}{{ x }}{% endmacro %}{{ m() }}", "{% for c in [h] if c.plain %}{{ c.plain }}{% endfor %}")


def _render_or_error(env: jinja2.Environment, source: str, **context) -> str:
    try:
        return env.from_string(source).render(**context)
    except Exception as exc:  # the same failure is the expected outcome where stock Jinja fails
        return f"{type(exc).__name__}: {exc}"


@settings(max_examples=200, deadline=None)
@given(kind=st.sampled_from(sorted(_HOLDER_KINDS)), value=st.text() | st.integers() | st.none(),
       source=st.sampled_from(_ATTRIBUTE_READS), strict=st.booleans())
def test_attribute_reads_give_what_jinja_gives(kind, value, source, strict):
    """``a.b`` compiled to the builtin ``getattr`` first reads, and fails, exactly as ``environment.getattr``."""
    undefined = jinja2.StrictUndefined if strict else jinja2.Undefined
    ours = _environment()
    ours.undefined = undefined
    stock = jinja2.Environment(autoescape=True, undefined=undefined)
    holder = _HOLDER_KINDS[kind](value)
    assert _render_or_error(ours, source, h=holder) == _render_or_error(stock, source, h=holder)


def test_attribute_reads_compile_to_the_builtin_getattr():
    source = _environment().compile("{{ a.b }}{{ f().c }}", raw=True)
    assert "environment.getattr(" in source  # the fallback is still there
    assert source.count("getattr((") == 2  # each read evaluates its object once, then reads it with the builtin
