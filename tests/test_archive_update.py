"""The archive of a build made from the last build's (``archive.update_archive``) is the archive
``build_archive`` makes of the same records, whatever the readouts added, edited or removed."""

from __future__ import annotations

import datetime as dt

from hypothesis import event, given, settings, strategies as st

from readout_site.archive import archive_state, build_archive, update_archive
from readout_site.model import Evidence, Person, Record, Source

PEOPLE = [("Wang Yi", "China"), ("WANG YI", "China"), ("Ana Roth", "Ruritania"), ("Li Ming", None),
          ("Jo Park", "Freedonia"), ("Jo Park", "Ruritania"), ("Sam Ode", "FREEDONIA")]
TOPICS = ["trade", "health", "security"]
LABELS = {"trade": "Trade", "health": "Health"}

_dates = st.one_of(st.none(), st.tuples(st.dates(dt.date(2018, 1, 1), dt.date(2022, 12, 31)),
                                        st.sampled_from(["day", "month", "year", "unknown"])))
_content = st.tuples(_dates, st.lists(st.sampled_from(PEOPLE), max_size=3), st.lists(st.sampled_from(PEOPLE), max_size=2),
                     st.sets(st.sampled_from(TOPICS)), st.sampled_from(["Ministerial", "Talks", "Call"]))


def _record(path: str, content) -> Record:
    date, participants, mentioned, topics, title = content
    iso = date and date[0].isoformat()[: {"day": 10, "month": 7}.get(date[1], 4)]
    people = tuple(Person(name, "Minister", country) for name, country in participants)
    unique = "" if title == "Call" else f"-{path}"  # calls on one day collide: the archive numbers them
    return Record(id=f"{iso or 'undated'}-{title.lower()}{unique}", source_path=path, format="txt", encoding="utf-8",
                  title=title, title_display=title, date=iso, date_end=None,
                  date_precision=date[1] if date else "unknown", date_note=None, published=None, kind="talks",
                  venue=None, participants=people, mentioned=tuple(Person(n, None, c) for n, c in mentioned),
                  countries=tuple(dict.fromkeys(p.country for p in people if p.country)), topics=tuple(sorted(topics)),
                  source=Source(None, None), body=(), body_html=None, text="", evidence=Evidence())


def _same(a, b) -> None:
    assert [r.id for r in a.records] == [r.id for r in b.records]
    assert list(a.by_id) == list(b.by_id) and a.by_id == b.by_id
    assert list(a.years.items()) == list(b.years.items()) and a.undated == b.undated
    for name in ("countries", "people", "topics"):
        assert list(getattr(a, name).items()) == list(getattr(b, name).items()), name
    assert a.home_country == b.home_country
    assert a._dated == b._dated and a._order == b._order


_batch = st.lists(st.tuples(st.sampled_from(["add", "edit", "remove"]), st.integers(0, 80), _content), max_size=3)


@given(base=st.dictionaries(st.integers(0, 60), _content, min_size=5, max_size=50),
       batches=st.lists(_batch, min_size=1, max_size=3), home=st.sampled_from([None, "China"]))
@settings(max_examples=300, deadline=None)
def test_an_updated_archive_is_the_archive_built_anew(base, batches, home):
    """One build after another, each updating the last one's archive where it can."""
    records = {f"r{n:02d}.txt": _record(f"r{n:02d}.txt", content) for n, content in base.items()}
    state = archive_state(build_archive(list(records.values()), LABELS, home), LABELS, home)
    for changes in batches:
        changed = set()
        for op, n, content in changes:
            path = f"r{n:02d}.txt"
            if op == "remove":
                records.pop(path, None)
            elif op == "add" or path in records:
                records[path] = _record(path, content)
                changed.add(path)
        now = list(records.values())
        built = build_archive(now, LABELS, home)
        updated = update_archive(state, now, changed, LABELS, home)
        event("refused" if updated is None else "updated")
        if updated is None:  # refused only for a large change or another home country
            before, after = set(zip(state.ids, state.paths)), {(r.id, r.source_path) for r in built.records}
            moves = len(before ^ after) + 2 * sum(1 for _, path in before & after if path in changed)  # out, in
            assert moves * 8 > len(now) or built.home_country != state.home_country
            updated = built
        else:
            _same(updated, built)
        state = archive_state(updated, LABELS, home)


def test_a_small_change_is_updated_and_other_terms_refused():
    records = [_record(f"r{n:02d}.txt", ((dt.date(2020, 1, 1 + n), "day"), [PEOPLE[0], PEOPLE[4]], [], {"trade"},
                                        "Talks")) for n in range(20)]
    state = archive_state(build_archive(records, LABELS, None), LABELS, None)
    # a person, a country and a topic new to the archive, sorting before those it has
    new = _record("r99.txt", ((dt.date(2020, 2, 1), "day"), [PEOPLE[0], PEOPLE[2]], [PEOPLE[3]], {"health"}, "Call"))
    updated = update_archive(state, records + [new], {"r99.txt"}, LABELS, None)
    assert updated is not None and list(updated.people)[0] == "ana-roth"
    _same(updated, build_archive(records + [new], LABELS, None))
    assert update_archive(state, records + [new], {"r99.txt"}, {"trade": "Commerce"}, None) is None


def test_a_readout_whose_id_takes_another_readouts_number_moves_it():
    """Colliding ids are numbered in order of path: a new readout at an earlier path takes the plain
    id, and the readout that had it becomes -2."""
    day = ((dt.date(2020, 3, 3), "day"), [PEOPLE[2]], [], {"trade"}, "Call")
    records = [_record(f"r{n:02d}.txt", ((dt.date(2020, 1, 1) + dt.timedelta(days=n), "day"), [PEOPLE[0]], [], {"trade"},
                                        "Talks")) for n in range(40)] + [_record("r50.txt", day), _record("r60.txt", day)]
    state = archive_state(build_archive(records, LABELS, None), LABELS, None)
    assert [r.id for r in build_archive(records, LABELS, None).records][-2:] == ["2020-03-03-call", "2020-03-03-call-2"]
    now = records + [_record("r40.txt", day)]
    updated = update_archive(state, now, {"r40.txt"}, LABELS, None)
    built = build_archive(now, LABELS, None)
    assert updated is not None and built.by_id["2020-03-03-call"].source_path == "r40.txt"
    _same(updated, built)
    # r40 goes: r50 has the plain id again, and r60 the -2 (not numbered now, they are the cached records)
    state = archive_state(updated, LABELS, None)
    later = update_archive(state, records, set(), LABELS, None)
    assert later is not None and later.by_id["2020-03-03-call"].source_path == "r50.txt"
    _same(later, build_archive(records, LABELS, None))


def test_a_readout_whose_metadata_gives_an_id_keeps_it_whatever_the_file_names(tmp_path):
    from factory import site_build

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    natural = ("---\ntitle: Wang Yi Meets Kablan\ndate: 2024-01-10\nkind: meeting\nparticipants: [Wang Yi]\n---\n\n"
               "They met.\n")
    for first, second in (("a.md", "b.md"), ("b.md", "a.md")):  # the one with the id: first, then last in path order
        for path in corpus.iterdir():
            path.unlink()
        (corpus / first).write_text(natural.replace("title: Wang Yi Meets Kablan", "title: Corrected Headline\n"
                                                    "id: 2024-01-10-wang-yi-meets-kablan"), encoding="utf-8")
        (corpus / second).write_text(natural, encoding="utf-8")
        ids = {r.source_path: r.id for r in site_build(corpus, tmp_path / "site", full=True).archive.records}
        assert ids == {first: "2024-01-10-wang-yi-meets-kablan", second: "2024-01-10-wang-yi-meets-kablan-2"}, ids
