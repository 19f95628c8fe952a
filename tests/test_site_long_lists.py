"""Country, person and topic pages past ``list_limit`` readouts: one page per year.

The factory's readout ``n`` is dated 37 * n days after 1 January 2019 (about ten a
year) and speaks with Wang Yi, so with 40 readouts Wang Yi's list spans 2019-2022.
"""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from hypothesis import given, settings, strategies as st

from factory import differs_from_full_build, readout_text, site_build, write_corpus
from readout_site.config import load_config
from readout_site.errors import ConfigError
from readout_site.linkcheck import broken_links

ROW_LINK = re.compile(r'<a href="/readouts/([^/"]+)/">')


def _rows(page) -> list[str]:
    """Ids of the readouts a page lists (its readout-list rows)."""
    html = page.read_text(encoding="utf-8")
    return [rid for block in re.findall(r'<ol class="readout-list">(.*?)</ol>', html, re.S)
            for rid in ROW_LINK.findall(block)]


def _wang_yi_by_year(result) -> dict[str, set[str]]:
    info = result.archive.people["wang-yi"]
    out: dict[str, set[str]] = {}
    for rid in info.readouts:
        year = result.archive.by_id[rid].year
        out.setdefault(str(year) if year else "undated", set()).add(rid)
    return out


def test_a_long_list_becomes_one_page_per_year(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(40))
    out = tmp_path / "site"
    result = site_build(corpus, out, list_limit=5, base_url="https://example.org/")
    expected = _wang_yi_by_year(result)
    person = out / "people" / "wang-yi"
    assert sorted(expected) == ["2019", "2020", "2021", "2022"]
    main = (person / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="/people/wang-yi/(\d{4}|undated)/">', main)
    assert links == sorted(expected, reverse=True)  # newest first
    assert _rows(person / "index.html") == []  # the rows are on the year pages
    for year, ids in expected.items():
        page = person / year / "index.html"
        assert set(_rows(page)) == ids and len(_rows(page)) == len(ids)
        html = page.read_text(encoding="utf-8")
        assert '<a href="/people/wang-yi/">Wang Yi</a>' in html  # breadcrumbs lead back
        assert f"Wang Yi: {year}" in html
    first = (person / "2019" / "index.html").read_text(encoding="utf-8")
    assert 'rel="next" href="/people/wang-yi/2020/"' in first and 'rel="prev"' not in first
    assert "https://example.org/people/wang-yi/2021/" in (out / "sitemap.xml").read_text(encoding="utf-8")
    topic = max(result.archive.topics.values(), key=lambda t: len(t.readouts))
    table = (out / "topics" / topic.slug / "index.html").read_text(encoding="utf-8").split("</table>")[0]
    assert f'<a href="/topics/{topic.slug}/2020/">' in table  # the counts per year lead to the year pages
    assert broken_links(out) == []


def test_a_list_within_the_limit_stays_on_its_page(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(12))
    out = tmp_path / "site"
    result = site_build(corpus, out)  # the default limit, 500
    person = out / "people" / "wang-yi"
    assert sorted(_rows(person / "index.html")) == sorted(result.archive.people["wang-yi"].readouts)
    assert [p.name for p in person.iterdir()] == ["index.html"]


def test_adding_a_readout_renders_its_year_page_not_the_others(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", [n for n in range(40) if n != 20])
    out = tmp_path / "site"
    site_build(corpus, out, list_limit=5)
    person = out / "people" / "wang-yi"
    before = {p.name: os.stat(p / "index.html").st_ino for p in person.iterdir() if p.is_dir()}
    (corpus / "readout-020.txt").write_text(readout_text(20), encoding="utf-8")  # 740 days on: January 2021
    site_build(corpus, out, list_limit=5)
    after = {p.name: os.stat(p / "index.html").st_ino for p in person.iterdir() if p.is_dir()}
    assert sorted(after) == sorted(before)
    assert sorted(name for name in after if after[name] != before[name]) == ["2021"]
    assert differs_from_full_build(corpus, out, tmp_path / "full", list_limit=5) == []


def test_removing_readouts_below_the_limit_brings_the_list_back(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(12))
    out = tmp_path / "site"
    site_build(corpus, out, list_limit=5)
    assert (out / "people" / "wang-yi" / "2019").is_dir()
    for n in range(4, 12):
        (corpus / f"readout-{n:03d}.txt").unlink()
    site_build(corpus, out, list_limit=5)
    assert [p.name for p in (out / "people" / "wang-yi").iterdir()] == ["index.html"]
    assert len(_rows(out / "people" / "wang-yi" / "index.html")) == 4
    assert differs_from_full_build(corpus, out, tmp_path / "full", list_limit=5) == []


@pytest.mark.parametrize("value", [0, -3, "many", True])
def test_list_limit_must_be_a_positive_whole_number(tmp_path, value):
    config = tmp_path / "readout-site.yaml"
    config.write_text(f"list_limit: {value if not isinstance(value, bool) else 'true'}\n")
    with pytest.raises(ConfigError) as info:
        load_config(config, tmp_path)
    assert "list_limit" in str(info.value)


UNDATED = """Home > News & Events
Wang Yi Meets with Kyrgyz Foreign Minister Ruslan Kazakbaev ({n})

State Councilor and Foreign Minister Wang Yi met with Kyrgyz Foreign Minister Ruslan Kazakbaev in Beijing.

They discussed trade and the railway ({n}).
"""


def test_undated_readouts_of_a_long_list_have_their_own_page(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(12))
    for n in (1, 2):
        (corpus / f"undated-{n}.txt").write_text(UNDATED.format(n=n), encoding="utf-8")
    out = tmp_path / "site"
    result = site_build(corpus, out, list_limit=5)
    undated = {r.id for r in result.archive.records if r.year is None}
    assert len(undated) == 2
    person = out / "people" / "wang-yi"
    main = (person / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="/people/wang-yi/(\d{4}|undated)/">', main)
    assert links[-1] == "undated" and links[:-1] == sorted(links[:-1], reverse=True)  # last, after the years
    page = person / "undated" / "index.html"
    assert set(_rows(page)) == undated
    html = page.read_text(encoding="utf-8")
    assert "Wang Yi: Undated" in html and 'rel="prev"' not in html and 'rel="next"' not in html
    last_year = (person / links[-2] / "index.html").read_text(encoding="utf-8")
    assert "/people/wang-yi/undated/" not in last_year  # years lead to years only
    assert broken_links(out) == []


GREETINGS = "Wang Yi asked him to convey the greetings of President Xi Jinping."


def test_a_long_list_of_mentions_becomes_one_page_per_year(tmp_path):
    numbers = range(24)  # 2019 to mid-2021
    corpus = write_corpus(tmp_path / "corpus", numbers, {n: GREETINGS for n in numbers if n != 3})
    out = tmp_path / "site"
    result = site_build(corpus, out, list_limit=5, base_url="https://example.org/")
    info = result.archive.people["xi-jinping"]
    assert info.readouts == () and len(info.mentioned_in) == 23
    expected: dict[str, set[str]] = {}
    for rid in info.mentioned_in:
        expected.setdefault(str(result.archive.by_id[rid].year), set()).add(rid)
    person = out / "people" / "xi-jinping"
    main = (person / "index.html").read_text(encoding="utf-8")
    mentioned = main.split('id="mentioned-h"')[1]
    assert re.findall(r'<a href="/people/xi-jinping/mentioned/(\d{4})/">', mentioned) == sorted(expected, reverse=True)
    assert _rows(person / "index.html") == []
    for year, ids in expected.items():
        page = person / "mentioned" / year / "index.html"
        assert sorted(_rows(page)) == sorted(ids)
        html = page.read_text(encoding="utf-8")
        assert f"Readouts mentioning Xi Jinping: {year}" in html
        assert '<a href="/people/xi-jinping/">Xi Jinping</a>' in html  # breadcrumbs lead back to the person
        assert '<a href="/people/xi-jinping/mentioned/">Mentioned</a>' in html  # and to the years of mentions
    years = (person / "mentioned" / "index.html").read_text(encoding="utf-8")  # the years' own page
    assert "Readouts mentioning Xi Jinping" in years and ">23 readouts<" in years
    assert re.findall(r'<a href="/people/xi-jinping/mentioned/(\d{4})/">', years) == sorted(expected, reverse=True)
    assert "people/xi-jinping/mentioned/</loc>" in (out / "sitemap.xml").read_text(encoding="utf-8")
    first = (person / "mentioned" / "2019" / "index.html").read_text(encoding="utf-8")
    assert 'rel="next" href="/people/xi-jinping/mentioned/2020/"' in first
    assert broken_links(out) == []
    # Wang Yi takes part in all 24 and is mentioned in none: his own year pages, no mention pages.
    assert not (out / "people" / "wang-yi" / "mentioned").exists()
    assert (out / "people" / "wang-yi" / "2020" / "index.html").is_file()


def test_mentions_within_the_limit_stay_on_the_person_page(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(4), {n: GREETINGS for n in range(4)})
    out = tmp_path / "site"
    result = site_build(corpus, out, list_limit=5)
    person = out / "people" / "xi-jinping"
    assert sorted(_rows(person / "index.html")) == sorted(result.archive.people["xi-jinping"].mentioned_in)
    assert [p.name for p in person.iterdir()] == ["index.html"]


def test_a_new_mention_renders_one_year_of_mentions(tmp_path):
    numbers = [n for n in range(24) if n != 20]
    corpus = write_corpus(tmp_path / "corpus", numbers, {n: GREETINGS for n in numbers})
    out = tmp_path / "site"
    site_build(corpus, out, list_limit=5)
    mentions = out / "people" / "xi-jinping" / "mentioned"
    before = {p.name: os.stat(p / "index.html").st_ino for p in mentions.iterdir() if p.is_dir()}
    years_page = os.stat(mentions / "index.html").st_ino
    (corpus / "readout-020.txt").write_text(readout_text(20, GREETINGS), encoding="utf-8")  # January 2021
    site_build(corpus, out, list_limit=5)
    after = {p.name: os.stat(p / "index.html").st_ino for p in mentions.iterdir() if p.is_dir()}
    assert sorted(name for name in after if after[name] != before.get(name)) == ["2021"]
    assert os.stat(mentions / "index.html").st_ino != years_page  # its counts changed
    assert differs_from_full_build(corpus, out, tmp_path / "full", list_limit=5) == []


def test_a_readout_counts_once_among_mentions_and_not_when_the_person_takes_part(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(8), {n: GREETINGS for n in range(8)})
    (corpus / "readout-000.yaml").write_text("participants: [Wang Yi, Xi Jinping]\n", encoding="utf-8")
    (corpus / "readout-001.yaml").write_text("mentioned: [Xi Jinping, XI JINPING]\n", encoding="utf-8")
    out = tmp_path / "site"
    result = site_build(corpus, out, list_limit=5)
    info = result.archive.people["xi-jinping"]
    by_path = {r.source_path: r.id for r in result.archive.records}
    assert info.readouts == (by_path["readout-000.txt"],)
    assert sorted(info.mentioned_in) == sorted(rid for path, rid in by_path.items() if path != "readout-000.txt")
    html = (out / "people" / "xi-jinping" / "index.html").read_text(encoding="utf-8")
    assert "1 taken part in, 7 mentioned in" in html
    assert sorted(_rows(out / "people" / "xi-jinping" / "mentioned" / "2019" / "index.html")) == sorted(
        info.mentioned_in)


def _record(n: int, date: str | None, precision: str, people: tuple[str, ...]):
    from readout_site.model import Evidence, Person, Record, Source

    return Record(id=f"r{n:03d}", source_path=f"r{n:03d}.txt", format="txt", encoding="utf-8", title=f"R{n}",
                  title_display=f"R{n}", date=date, date_end=None, date_precision=precision, date_note=None,
                  published=None, kind="phone_call", venue=None,
                  participants=tuple(Person(p, None, "Ruritania") for p in people), mentioned=(),
                  countries=("Ruritania",), topics=("trade",), source=Source(None, None), body=(), body_html=None,
                  text="", evidence=Evidence())


_DATES = st.one_of(st.none(), st.tuples(st.dates(dt.date(1998, 1, 1), dt.date(2026, 12, 31)),
                                        st.sampled_from(["day", "month", "year", "unknown"])))


@given(st.lists(st.tuples(_DATES, st.sets(st.sampled_from(["Wang Yi", "Ana Roth", "Li Ming"]), min_size=1)),
                max_size=40))
@settings(max_examples=150, deadline=None)
def test_year_runs_group_every_list_as_looking_up_each_readout_would(drawn):
    from readout_site.archive import build_archive
    from readout_site.pages import _year_runs

    records = [_record(n, d and (d[0].isoformat()[: {"day": 10, "month": 7}.get(d[1], 4)]), d[1] if d else "unknown",
                       tuple(sorted(people))) for n, (d, people) in enumerate(drawn)]
    archive = build_archive(records, {}, "China")
    lists = [[r.id for r in archive.records]]
    lists += [info.readouts for info in archive.people.values()] + [c.readouts for c in archive.countries.values()]
    for ids in lists:
        naive: dict = {}
        for rid in ids:
            naive.setdefault(archive.by_id[rid].year, []).append(rid)
        runs = _year_runs(archive, ids)
        assert runs == naive
        assert list(runs) == sorted(naive, key=lambda y: (y is None, y or 0))  # oldest first, undated last
