"""Records pickled for the cache and for worker processes: the unread fields come back on first use."""

import pickle

import pytest

from readout_site.model import UNREAD, Evidence, Person, Record, Source, Venue
from readout_site.slugs import slugify


def _record(**changes) -> Record:
    fields = dict(
        id="2021-03-04-wang-yi-meets-x", source_path="2021/a.txt", format="txt", encoding="utf-8",
        title="WANG YI MEETS X", title_display="Wang Yi Meets X", date="2021-03-04", date_end=None,
        date_precision="day", date_note=None, published="2021-03-05", kind="meeting",
        venue=Venue("Beijing", "China"), participants=(Person("Wang Yi", "Foreign Minister", "China"),),
        mentioned=(Person("Xi Jinping", None, "China"),), countries=("China",), topics=("trade",),
        source=Source("Xinhua", "https://example.org/a"), body=("First paragraph.", "Second."), body_html=None,
        text="WANG YI MEETS X\n\nFirst paragraph.\n\nSecond.", evidence=Evidence(date="On March 4", kind="met"),
        warnings=("the outlet is a guess",))
    fields.update(changes)
    return Record(**fields)


def test_a_pickled_record_comes_back_equal_with_its_unread_fields_left_packed():
    record = _record()
    back = pickle.loads(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
    assert not set(UNREAD) & back.__dict__.keys()  # packed until asked for
    assert back.id == record.id and back.year == 2021 and back.participants == record.participants
    assert back.text == record.text and back.evidence == record.evidence  # unpacked on first use
    assert back == record and back.to_dict() == record.to_dict()


def test_a_record_pickled_again_before_its_fields_are_read_keeps_them():
    once = pickle.loads(pickle.dumps(_record(), protocol=pickle.HIGHEST_PROTOCOL))
    twice = pickle.loads(pickle.dumps(once, protocol=pickle.HIGHEST_PROTOCOL))
    assert twice == _record() and twice.body == ("First paragraph.", "Second.")


def test_a_missing_attribute_is_still_an_attribute_error():
    back = pickle.loads(pickle.dumps(_record(), protocol=pickle.HIGHEST_PROTOCOL))
    with pytest.raises(AttributeError, match="no_such_field"):
        back.no_such_field
    assert not hasattr(_record(), "no_such_field")


def test_with_changes_keeps_the_packed_fields_and_derives_the_year_again():
    back = pickle.loads(pickle.dumps(_record(), protocol=pickle.HIGHEST_PROTOCOL))
    moved = back.with_changes(id="other", date="2019-12-31")
    assert moved.id == "other" and moved.year == 2019 and back.id == "2021-03-04-wang-yi-meets-x"
    assert moved == _record(id="other", date="2019-12-31")
    with pytest.raises(TypeError):
        back.with_changes(text="not a field it may change")
    with pytest.raises(TypeError):
        back.with_changes(colour="not a field at all")


@pytest.mark.parametrize(("text", "slug"), [
    ("Côte d'Ivoire", "cote-d-ivoire"),
    ("Jonas Gahr Støre", "jonas-gahr-store"),  # letters with no decomposition keep a transliteration
    ("Łukasz Đặng", "lukasz-dang"),
    ("Сергей Лавров", "sergey-lavrov"),
    ("王毅", "wangyi"),
    ("", ""),
])
def test_slugs_transliterate_every_script(text, slug):
    assert slugify(text) == slug


def test_a_name_with_no_letter_in_any_script_still_has_its_own_slug():
    assert slugify("…").startswith("x-") and slugify("…") != slugify("—")
