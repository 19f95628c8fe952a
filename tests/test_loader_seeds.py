"""The five sample readouts in corpus/ against what a careful reader takes from them.

The expectations are tests/expected_seeds.yaml (a copy of the user's expected.yaml).
Each file is its own test, comparing date, kind, venue (city and country), participants
(name and country, as sets), mentioned people (names), topics (expected within
extracted) and the title. The readout that dates its event only "On 26 May" must say
that the year was inferred and from what.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from readout_site.records import load_record

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
EXPECTED = yaml.safe_load((REPO / "tests" / "expected_seeds.yaml").read_text(encoding="utf-8"))
BY_FILE = {item["file"]: item for item in EXPECTED}


def test_every_sample_readout_has_an_expectation():
    """The expectations cover exactly the files in corpus/ (a new sample needs an entry)."""
    assert sorted(p.name for p in CORPUS.glob("*.txt")) == sorted(BY_FILE)


@pytest.fixture(scope="module")
def records(lexicon):
    """file name -> record, loaded once for the module."""
    return {name: load_record(CORPUS / name, CORPUS, lexicon) for name in BY_FILE}


@pytest.mark.parametrize("name", sorted(BY_FILE))
def test_seed_readout(name, records, person_key):
    expected = BY_FILE[name]
    record = records[name]
    assert record.date == expected["date"]
    assert record.date_precision == "day"
    assert record.kind == expected["kind"]
    if expected.get("venue"):
        assert record.venue is not None
        assert (record.venue.city, record.venue.country) == (expected["venue"], expected["venue_country"])
    else:
        assert record.venue is None
    assert {(person_key(p.name), p.country) for p in record.participants} == {
        (person_key(p["name"]), p["country"]) for p in expected["participants"]
    }
    assert {person_key(p.name) for p in record.mentioned} == {person_key(n) for n in expected["mentioned"]}
    missing = set(expected["topics"]) - set(record.topics)
    assert not missing, f"topics not found: {sorted(missing)}"
    if "title_as_printed" in expected:
        assert record.title == expected["title_as_printed"]
        assert record.title_display == expected["title"]
    else:
        assert record.title == expected["title"]
    if "published" in expected:
        assert record.published == expected["published"]
    if "source_url" in expected:
        assert record.source.url == expected["source_url"]
    if "source_outlet" in expected:
        assert record.source.outlet == expected["source_outlet"]


@pytest.mark.parametrize("name", sorted(n for n, e in BY_FILE.items() if "date_note" in e))
def test_seed_date_note_says_how_the_date_was_found(name, records):
    """Where the text does not write the date in full, the record says how it was derived."""
    record = records[name]
    assert record.date_note, "the record must say how the date was derived"
    assert not any("unknown" in w for w in record.warnings)


def test_year_of_26_may_is_inferred_from_the_text_and_the_lexicon(records):
    """003 says only "On 26 May": the year 2020 follows from COVID-19, the Hong Kong decision, Aidarbekov's term."""
    record = records["003_da30aceaa011c281.txt"]
    note = record.date_note
    assert '"26 May"' in note and "2020" in note
    assert "COVID-19" in note or "Hong Kong" in note or "Aidarbekov" in note
    assert "Aidarbekov" in note  # the tenure alone narrows it to 2018-2020; the rest settles 2020
    assert record.evidence.date.startswith("On 26 May")


def test_weekday_is_counted_from_the_date_line(records):
    """004: published 20.08.2020, a Thursday; "on Wednesday" is the day before."""
    record = records["004_dac9aac9fcd4a1e4.txt"]
    assert record.published == "2020-08-20"
    assert '"on Wednesday"' in record.date_note and "Thursday" in record.date_note
