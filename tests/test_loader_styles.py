"""Readouts in other governments' and outlets' house styles, field group by field group.

tests/fixtures/styles/ holds texts written in the styles of the Kremlin, Akorda, the
White House, the State Department, GOV.UK, the Élysée, the Bundesregierung, MOFA Japan,
the MEA, TASS, Xinhua, pm.gov.au, the Turkish presidency and the Chinese MFA, as .txt,
.html and .md, some with a sidecar, some in UTF-16, Windows-1252 or UTF-8 with a BOM and
CRLF. expected.yaml says what a careful reader takes from each; every (file, field
group) pair is its own test, so a failure names the file and what went wrong.

People compare by identity: the lexicon decides how a known person is spelt, so
"Sauli Niinistö" in the expectations and the lexicon's "Sauli Niinisto" are the same
person (see the ``person_key`` fixture); unknown names compare as printed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from readout_site.records import load_record

STYLES = Path(__file__).resolve().parent / "fixtures" / "styles"
EXPECTED = yaml.safe_load((STYLES / "expected.yaml").read_text(encoding="utf-8"))
BY_FILE = {item["file"]: item for item in EXPECTED}
GROUPS = ("title", "date", "kind", "venue", "participants", "mentioned", "topics", "source", "encoding")


def _front_matter_keys(name: str) -> set[str]:
    """Keys a Markdown file's front matter sets (they override extraction)."""
    if not name.endswith(".md"):
        return set()
    text = (STYLES / name).read_text(encoding="utf-8")
    if not text.startswith("---"):
        return set()
    return set(yaml.safe_load(text.split("---", 2)[1]) or {})


def _sidecar_keys(name: str) -> set[str]:
    sidecar = (STYLES / name).with_suffix(".yaml")
    return set(yaml.safe_load(sidecar.read_text(encoding="utf-8")) or {}) if sidecar.is_file() else set()


def test_every_fixture_has_an_expectation():
    readouts = sorted(p.name for p in STYLES.iterdir() if p.suffix in {".txt", ".html", ".md"})
    assert readouts == sorted(BY_FILE)


def test_sidecar_flag_matches_the_files():
    """``sidecar: true`` exactly where a NAME.yaml sits next to the readout."""
    for name, expected in BY_FILE.items():
        assert bool(expected.get("sidecar")) == bool(_sidecar_keys(name)), name


@pytest.fixture(scope="module")
def records(lexicon):
    return {name: load_record(STYLES / name, STYLES, lexicon) for name in BY_FILE}


CASES = [pytest.param(name, group, id=f"{name}-{group}") for name in sorted(BY_FILE) for group in GROUPS]


@pytest.mark.parametrize(("name", "group"), CASES)
def test_style(name, group, records, person_key):
    expected = BY_FILE[name]
    record = records[name]
    CHECKS[group](record, expected, name, person_key)


def _title(record, expected, name, person_key):
    assert record.title == expected["title"]


def _date(record, expected, name, person_key):
    assert record.date == expected["date"]
    assert record.date_end == expected.get("date_end")
    assert record.date_precision == expected.get("date_precision", "day")
    if "published" in expected:
        assert record.published == expected["published"]
    overridden = "date" in _front_matter_keys(name) | _sidecar_keys(name)
    if overridden:
        assert record.evidence.date == "set by the file's metadata"
    elif expected.get("date_note"):
        assert record.date_note, "the record must say how the date was derived"
    if record.date_precision == "unknown":
        assert any("unknown" in w for w in record.warnings), "an unknown year must be warned about"


def _kind(record, expected, name, person_key):
    assert record.kind == expected["kind"]


def _venue(record, expected, name, person_key):
    if expected.get("venue"):
        assert record.venue is not None, "no venue found"
        assert (record.venue.city, record.venue.country) == (expected["venue"], expected["venue_country"])
    else:
        assert record.venue is None


def _participants(record, expected, name, person_key):
    got = {(person_key(p.name), p.country) for p in record.participants}
    want = {(person_key(p["name"]), p["country"]) for p in expected["participants"]}
    assert got == want
    if "participants" in _front_matter_keys(name) | _sidecar_keys(name):
        # Overrides are the record's values exactly, spelling and roles included.
        assert [(p.name, p.role, p.country) for p in record.participants] == [
            (p["name"], p["role"], p["country"]) for p in expected["participants"]
        ]


def _mentioned(record, expected, name, person_key):
    assert {person_key(p.name) for p in record.mentioned} == {person_key(n) for n in expected.get("mentioned", [])}


def _topics(record, expected, name, person_key):
    if "topics" in _front_matter_keys(name) | _sidecar_keys(name):
        assert record.topics == tuple(sorted(expected["topics"]))
    else:
        missing = set(expected["topics"]) - set(record.topics)
        assert not missing, f"topics not found: {sorted(missing)}"


def _source(record, expected, name, person_key):
    if "source_url" in expected:
        assert record.source.url == expected["source_url"]
    if "source_outlet" in expected:
        assert record.source.outlet == expected["source_outlet"]


def _encoding(record, expected, name, person_key):
    assert record.encoding == expected.get("encoding", "utf-8")
    legacy = any("Windows-1252" in w for w in record.warnings)
    assert legacy == (record.encoding == "cp1252")


CHECKS = {
    "title": _title,
    "date": _date,
    "kind": _kind,
    "venue": _venue,
    "participants": _participants,
    "mentioned": _mentioned,
    "topics": _topics,
    "source": _source,
    "encoding": _encoding,
}
