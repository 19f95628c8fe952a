"""Caseless patterns answer exactly as the case-insensitive regex would, ASCII or not."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readout_site.extract.caseless import Caseless

PATTERN = r"\b(?:met|talks|visit(?:ed)?)\b|\bsaid\b[^.]{0,20}:?\s*$"
_WORDS = st.sampled_from(["Met", "MET", "talKs", "visited", "Said", "ſaid", "taKs", "İ", "x", " ", ".", ":", "\n"])


@given(st.lists(_WORDS, max_size=12).map("".join), st.integers(0, 30), st.integers(0, 30))
def test_same_answer_as_ignorecase(text, pos, end):
    reference = re.compile(PATTERN, re.IGNORECASE).search(text, pos, end) is not None
    assert Caseless(PATTERN).occurs(text, pos, end) is reference


@pytest.mark.parametrize("text", ["They MET today.", "Lavrov ſaid:", "Kelvin talKs", "nothing here"])
def test_whole_text(text):
    assert Caseless(PATTERN).occurs(text) is (re.search(PATTERN, text, re.IGNORECASE) is not None)


def test_pattern_must_be_lower_case():
    with pytest.raises(ValueError):
        Caseless(r"\bMet\b")
