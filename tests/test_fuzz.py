"""Fuzzing: arbitrary bytes and arbitrary front matter never escape as anything but ReadoutError."""

from __future__ import annotations

import datetime as dt

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readout_site.archive import build_archive
from readout_site.config import Config
from readout_site.errors import ReadoutError
from readout_site.lexicon import load_lexicon
from readout_site.pages import plan
from readout_site.records import OVERRIDE_KEYS, parse_record
from readout_site.render import make_environment, render_page
from readout_site.urls import Urls


class _Lexicon:
    """The lexicon, loaded once (kept out of test arguments so failure reports stay short)."""

    value = None

    def __repr__(self):
        return "<lexicon>"

    @classmethod
    def get(cls):
        if cls.value is None:
            cls.value = load_lexicon()
        return cls.value


def _parse(data: bytes, fmt: str, lexicon):
    try:
        return parse_record(data, f"fuzz/input.{fmt}", fmt, lexicon, today=dt.date(2026, 1, 1))
    except ReadoutError as exc:
        assert exc.path == f"fuzz/input.{fmt}"
        assert exc.message
        return None


def _render_all(record, lexicon):
    archive = build_archive([record], {t.slug: t.label for t in lexicon.topics}, None)
    config = Config(search=False)
    urls = Urls(config)
    env = make_environment(config, archive, urls, dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))
    for page in plan(archive, urls, True, False, []):
        assert render_page(env, page)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), fmt=st.sampled_from(["txt", "html", "md"]))
def test_arbitrary_bytes(data, fmt):
    lexicon = _Lexicon.get()
    _parse(data, fmt, lexicon)


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_text, fmt=st.sampled_from(["txt", "html", "md"]))
def test_arbitrary_text(text, fmt):
    lexicon = _Lexicon.get()
    record = _parse(("Title\n\n" + text).encode("utf-8"), fmt, lexicon)
    if record is not None:
        _render_all(record, lexicon)


_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), _text,
                     st.dates(), st.sampled_from(["2020-02-30", "2021-13-01", "meeting", "phone_call", "../x"]))
_values = st.recursive(_scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                          st.dictionaries(_text, inner, max_size=4)), max_leaves=12)
_front = st.dictionaries(st.one_of(st.sampled_from(sorted(OVERRIDE_KEYS)), _text), _values, max_size=8)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=_front)
def test_arbitrary_front_matter(front):
    lexicon = _Lexicon.get()
    try:
        header = yaml.safe_dump(front, allow_unicode=True)
    except yaml.YAMLError:
        return
    body = "---\n" + header + "---\nOn May 5, 2021, Wang Yi met Kyrgyz President Sadyr Zhaparov in Bishkek.\n"
    record = _parse(body.encode("utf-8"), "md", lexicon)
    assert record is not None  # the body is fine; bad front matter is only ever a warning
    _render_all(record, lexicon)
