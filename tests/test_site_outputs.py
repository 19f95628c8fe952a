"""What the built sample site contains: feeds, structured data, exports, and what each page shows.

The expectations below come from reading the five readouts in ``corpus/``; the
site is built by the library itself (see conftest.py), nothing is mocked.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import SITE_SUB_BASE
from factory import site_build

# The sample corpus: file -> page id, in date order.
JEENBEKOV = "2020-09-13-kyrgyz-president-sooronbay-jeenbekov-meets-with-wang-yi"
IDS = {
    "003_da30aceaa011c281.txt": "2020-05-26-state-councilor-and-foreign-minister-wang-yi-speaks-with-kyrgyz-foreign",
    "004_dac9aac9fcd4a1e4.txt": "2020-08-19-china-kyrgyzstan-pledge-to-deepen-win-win-cooperation",
    "000_5a6077c1290ef280.txt": JEENBEKOV,
    "002_70aa569442c0cdac.txt": "2020-11-16-wang-yi-speaks-with-kyrgyz-foreign-minister-ruslan-kazakbaev-on-the-phone",
    "001_c0f0ffbe35a8e9a3.txt": "2021-09-16-kyrgyz-president-sadyr-zhaparov-meets-with-wang-yi",
}
IN_ORDER = list(IDS.values())
INFERRED = IN_ORDER[0]  # "On 26 May": the year is inferred
XINHUA = IN_ORDER[1]  # the one readout with an outlet and an original URL
PARTICIPANTS = {  # readout -> participants (name, country)
    IN_ORDER[0]: {("Wang Yi", "China"), ("Chingiz Aidarbekov", "Kyrgyzstan")},
    IN_ORDER[1]: {("Wang Yi", "China"), ("Chingiz Aidarbekov", "Kyrgyzstan")},
    IN_ORDER[2]: {("Sooronbay Jeenbekov", "Kyrgyzstan"), ("Wang Yi", "China")},
    IN_ORDER[3]: {("Wang Yi", "China"), ("Ruslan Kazakbaev", "Kyrgyzstan")},
    IN_ORDER[4]: {("Sadyr Zhaparov", "Kyrgyzstan"), ("Wang Yi", "China")},
}


def text(node) -> str:
    """The node's text with whitespace collapsed."""
    return " ".join(node.text(separator=" ").split()) if node is not None else ""


def page(site: Path, rel: str) -> LexborHTMLParser:
    path = site / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)
    assert path.is_file(), f"{rel} was not built"
    return LexborHTMLParser(path.read_text(encoding="utf-8"))


def hrefs(node) -> list[str]:
    return [a.attributes.get("href") for a in node.css("a[href]")]


def public_pages(site: Path) -> list[str]:
    """Site-relative URL paths of every public HTML page (not the 404 or the maintenance page)."""
    out = []
    for path in sorted(site.rglob("index.html")):
        rel = path.relative_to(site).parent.as_posix()
        rel = "" if rel == "." else rel + "/"
        if rel not in {"maintenance/"} and not rel.startswith("pagefind/"):
            out.append(rel)
    return out


# ------------------------------------------------------------------ feeds


def feeds(site: Path) -> list[Path]:
    return sorted((site / "feeds").rglob("*.xml"))


@pytest.mark.parametrize("fixture", ["site_root", "site_sub", "site_hosted"])
def test_every_feed_parses_cleanly(fixture, request):
    site = request.getfixturevalue(fixture)
    paths = feeds(site)
    assert {p.relative_to(site).parts[1] for p in paths if p.parent != site / "feeds"} == {"countries", "people", "topics"}
    for path in paths:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, f"{path.relative_to(site)}: {parsed.get('bozo_exception')}"
        assert parsed.version == "atom10", path
        assert parsed.entries, f"{path.relative_to(site)} has no entries"
        for entry in parsed.entries:
            assert entry.title and entry.link and entry.id and entry.updated_parsed, path


def _feed_ids(site: Path, rel: str, base: str = "/") -> list[str]:
    parsed = feedparser.parse((site / rel).read_bytes())
    assert parsed.bozo == 0
    out = []
    for entry in parsed.entries:
        m = re.search(r"readouts/([^/]+)/$", entry.link)
        assert m, entry.link
        out.append(m.group(1))
    return out


def test_feed_contents(site_root):
    newest_first = IN_ORDER[::-1]
    assert _feed_ids(site_root, "feeds/all.xml") == newest_first
    assert _feed_ids(site_root, "feeds/countries/kyrgyzstan.xml") == newest_first
    assert _feed_ids(site_root, "feeds/people/wang-yi.xml") == newest_first
    assert _feed_ids(site_root, "feeds/people/chingiz-aidarbekov.xml") == [IN_ORDER[1], IN_ORDER[0]]
    vaccines = _feed_ids(site_root, "feeds/topics/vaccines.xml")
    assert set(vaccines) == set(IN_ORDER) - {INFERRED}  # 003 never mentions vaccines
    # Every country, person with readouts and topic page has its feed, and the page links it.
    for kind in ("countries", "topics"):
        for slug_dir in (site_root / kind).iterdir():
            if slug_dir.is_dir():
                assert (site_root / "feeds" / kind / f"{slug_dir.name}.xml").is_file(), slug_dir


def test_no_feed_lists_an_undated_readout(site_extra):
    """An Atom entry must say when it was updated: the undated readout is in no feed (it was listed
    first in every subject's feed, dated 1970), as in the archive's own."""
    undated = next(p.name for p in (site_extra / "readouts").iterdir() if p.name.startswith("undated-"))
    listed = {rel: _feed_ids(site_extra, rel) for rel in ("feeds/all.xml", "feeds/people/ruslan-kazakbaev.xml",
                                                         "feeds/countries/kyrgyzstan.xml", "feeds/topics/trade.xml")}
    assert listed["feeds/people/ruslan-kazakbaev.xml"], listed  # he took part in dated readouts too
    assert [rel for rel, ids in listed.items() if undated in ids] == []
    for path in feeds(site_extra):
        assert b"1970-01-01" not in path.read_bytes(), path


def test_feed_links_are_absolute_with_a_host(site_hosted):
    parsed = feedparser.parse((site_hosted / "feeds/all.xml").read_bytes())
    assert parsed.bozo == 0
    assert parsed.feed.id.startswith("https://example.org/archive/")
    for entry in parsed.entries:
        assert entry.link.startswith("https://example.org/archive/readouts/")
        assert entry.id == entry.link


def test_feed_ids_are_absolute_iris_without_a_host(site_root, site_sub):
    """Atom ids must be absolute IRIs even when the base URL is only a path."""
    for site in (site_root, site_sub):
        for path in feeds(site):
            root = ET.fromstring(path.read_bytes())
            ns = {"a": "http://www.w3.org/2005/Atom"}
            for el in [root.find("a:id", ns), *root.findall("a:entry/a:id", ns)]:
                assert re.match(r"^[a-z][a-z0-9+.-]*:", el.text), f"{path.name}: relative id {el.text!r}"


# ------------------------------------------------------------------ structured data


def test_readout_pages_carry_json_ld(site_root):
    for rid in IN_ORDER:
        doc = page(site_root, f"readouts/{rid}/")
        scripts = doc.css('script[type="application/ld+json"]')
        assert len(scripts) == 1, rid
        data = json.loads(scripts[0].text())
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "Event"
        assert data["subjectOf"]["@type"] == "NewsArticle"
        assert data["name"] == text(doc.css_first("h1"))
        assert data["startDate"] == rid[:10]
        assert {(a["name"], a["nationality"]["name"]) for a in data["attendee"]} == PARTICIPANTS[rid]
        assert data["url"].endswith(f"/readouts/{rid}/")
    xinhua = json.loads(page(site_root, f"readouts/{XINHUA}/").css_first('script[type="application/ld+json"]').text())
    assert xinhua["subjectOf"]["publisher"]["name"] == "Xinhua"
    assert xinhua["subjectOf"]["url"] == "http://www.xinhuanet.com/english/2020-08/20/c_139304748.htm"


# ------------------------------------------------------------------ sitemap, robots, 404


def test_sitemap_lists_every_page(site_hosted):
    site, prefix = site_hosted, "https://example.org/archive/"
    root = ET.fromstring((site / "sitemap.xml").read_bytes())
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}url" + "set"
    locs = [el.text for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locs) == len(set(locs)), "duplicate entries"
    expected = {prefix + rel for rel in public_pages(site)}
    assert set(locs) == expected
    assert prefix + "maintenance/" not in locs
    assert len(locs) > 40


def test_no_sitemap_without_a_host(site_root, site_sub):
    """A sitemap lists full URLs (sitemaps.org): a base URL that is only a path cannot make one."""
    assert not (site_root / "sitemap.xml").exists() and not (site_sub / "sitemap.xml").exists()


def test_robots_txt(site_root, site_sub, site_hosted):
    for site, base in ((site_root, "/"), (site_sub, SITE_SUB_BASE), (site_hosted, "/archive/")):
        lines = (site / "robots.txt").read_text().splitlines()
        assert lines[0] == "User-agent: *"
        assert f"Disallow: {base}maintenance/" in lines
        # A Sitemap line, where there is one, must be a full URL (the robots.txt standard says so).
        for line in lines:
            if line.lower().startswith("sitemap:"):
                assert re.match(r"sitemap: https?://", line, re.I), line
    assert "Sitemap: https://example.org/archive/sitemap.xml" in (site_hosted / "robots.txt").read_text().splitlines()


def test_404_page(site_root, site_sub):
    for site, base in ((site_root, "/"), (site_sub, SITE_SUB_BASE)):
        doc = page(site, "404.html")
        assert "not found" in text(doc.css_first("h1")).lower()
        assert "not found" in text(doc.css_first("title")).lower()
        # Served at any missing address, so every link and the stylesheet must be rooted at the base.
        for node in doc.css("[href], [src], [action]"):
            value = node.attributes.get("href") or node.attributes.get("src") or node.attributes.get("action")
            assert value.startswith(base) or value.startswith("#"), value
        assert base + "years/" in hrefs(doc.css_first("main"))
        assert base + "search/" in hrefs(doc.css_first("main"))


# ------------------------------------------------------------------ data exports


def test_readouts_json(site_root):
    text = (site_root / "data/readouts.json").read_text(encoding="utf-8")
    records = json.loads(text)
    assert isinstance(records, list) and len(records) == 5
    lines = text.splitlines()  # "[", one line per readout, "]": a change to one readout is a one-line diff
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == len(records) + 2
    assert [json.loads(line.rstrip(",")) for line in lines[1:-1]] == records
    assert [r["id"] for r in records] == IN_ORDER
    assert {r["source_path"]: r["id"] for r in records} == IDS
    for r in records:
        assert r["url"] == f"/readouts/{r['id']}/"
        assert (site_root / "readouts" / r["id"] / "index.html").is_file()
        assert r["date"] == r["id"][:10]
        assert {(p["name"], p["country"]) for p in r["participants"]} == PARTICIPANTS[r["id"]]
        assert r["title"]


def test_readouts_csv(site_root):
    rows = list(csv.DictReader(io.StringIO((site_root / "data/readouts.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 5
    assert [r["id"] for r in rows] == IN_ORDER
    for r in rows:
        assert r["page_url"] == f"/readouts/{r['id']}/"
        assert set(r["participants"].split("; ")) == {n for n, _ in PARTICIPANTS[r["id"]]}
    assert {r["id"]: r["kind"] for r in rows}[JEENBEKOV] == "meeting"
    assert {r["id"]: r["source_outlet"] for r in rows}[XINHUA] == "Xinhua"
    assert list(rows[0]) == ["id", "date", "date_end", "date_precision", "date_note", "kind", "title", "venue_city",
                             "venue_country", "participants", "countries", "mentioned", "topics", "published",
                             "source_outlet", "source_url", "source_path", "page_url", "warning_count"]
    records = {r["id"]: r for r in json.loads((site_root / "data/readouts.json").read_text(encoding="utf-8"))}
    for row in rows:  # the CSV says what the JSON says
        record = records[row["id"]]
        assert [row[k] for k in ("date", "date_end", "date_note", "published")] == \
            [record[k] or "" for k in ("date", "date_end", "date_note", "published")]
        assert int(row["warning_count"]) == len(record["warnings"])
    assert any(row["date_note"] for row in rows)


def test_participants_csv(site_root):
    rows = list(csv.DictReader(io.StringIO((site_root / "data/participants.csv").read_text(encoding="utf-8"))))
    assert rows and list(rows[0]) == ["readout_id", "date", "name", "role", "country", "kind", "venue_city",
                                      "venue_country"]
    got: dict[str, set] = {}
    for r in rows:
        got.setdefault(r["readout_id"], set()).add((r["name"], r["country"]))
    assert got == PARTICIPANTS
    assert len(rows) == sum(len(v) for v in PARTICIPANTS.values())
    jeenbekov = next(r for r in rows if r["name"] == "Sooronbay Jeenbekov")
    assert (jeenbekov["role"], jeenbekov["venue_city"], jeenbekov["venue_country"]) == ("President", "Bishkek", "Kyrgyzstan")


# ------------------------------------------------------------------ home page


def test_home_page(site_root):
    doc = page(site_root, "")
    main = doc.css_first("main")
    stats = {text(div.css_first("dt")): div.css_first("dd") for div in main.css("dl.stats > div")}
    assert text(stats["Readouts"]) == "5"
    assert text(stats["Period"]) == "26 May 2020 – 16 September 2021"
    assert [t.attributes["datetime"] for t in stats["Period"].css("time")] == ["2020-05-26", "2021-09-16"]
    assert text(stats["Interlocutors"]) == "1 country"
    assert text(stats["Archive of"]) == "China"
    assert "Undated" not in stats
    # Latest readouts, newest first.
    latest = main.css_first("#latest").parent
    links = [h for h in hrefs(latest) if h.startswith("/readouts/")]
    assert links == [f"/readouts/{rid}/" for rid in IN_ORDER[::-1]]
    # Years with counts.
    years = main.css_first("#years-h").parent
    year_counts = {text(li.css_first("a")): text(li.css_first(".count")) for li in years.css("li")}
    assert year_counts == {"2021": "1", "2020": "4"}
    assert "/years/2020/" in hrefs(years)
    # Interlocutor countries.
    countries = main.css_first("#countries-h").parent
    assert {text(li.css_first("a")): text(li.css_first(".count")) for li in countries.css("li")} == {"Kyrgyzstan": "5"}


def test_home_matrix_cells_lead_to_the_readouts(site_root):
    doc = page(site_root, "")
    table = doc.css_first("#matrix-h").parent.css_first("table")
    assert [text(th) for th in table.css("thead th")] == ["Country", "2020", "2021"]
    rows = table.css("tbody tr")
    assert [text(r.css_first("th")) for r in rows] == ["Kyrgyzstan"]
    cells = rows[0].css("td")
    assert [text(td) for td in cells] == ["4", "1"]
    for year, td in zip(("2020", "2021"), cells):
        href = td.css_first("a").attributes["href"]
        path, _, fragment = href.partition("#")
        target = page(site_root, path.lstrip("/"))
        section = target.css_first(f"#{fragment}")
        assert section is not None, href
        listed = [h for h in hrefs(section.parent) if h.startswith("/readouts/")]
        assert len(listed) == int(text(td))
        assert all(h.startswith(f"/readouts/{year}-") for h in listed)
        assert td.css_first("a").attributes.get("aria-label", "").startswith(text(td) + " readout")


# ------------------------------------------------------------------ readout pages


def _meta(doc) -> dict[str, object]:
    """The readout's metadata list: label -> <dd> node."""
    dl = doc.css_first("dl.meta")
    out = {}
    label = None
    for node in dl.iter():
        if node.tag == "dt":
            label = text(node)
        elif node.tag == "dd":
            out[label] = node
    return out


def test_readout_page_shows_everything(site_root):
    doc = page(site_root, f"readouts/{JEENBEKOV}/")
    assert text(doc.css_first("h1")) == "Kyrgyz President Sooronbay Jeenbekov Meets with Wang Yi"
    assert text(doc.css_first("title")).startswith("Kyrgyz President Sooronbay Jeenbekov Meets with Wang Yi")
    meta = _meta(doc)
    assert list(meta) == ["Date", "Kind", "Place", "Participants", "Mentioned", "Topics", "Source", "File"]
    date = meta["Date"].css_first("time")
    assert (text(date), date.attributes["datetime"]) == ("13 September 2020", "2020-09-13")
    assert meta["Date"].css_first(".note") is None  # the text gives the full date
    assert text(meta["Kind"]) == "Meeting"
    assert text(meta["Place"]).startswith("Bishkek")
    assert "/countries/kyrgyzstan/" in hrefs(meta["Place"])
    people = {text(li.css_first("a")): li for li in meta["Participants"].css("li")}
    assert set(people) == {"Sooronbay Jeenbekov", "Wang Yi"}
    assert "President" in text(people["Sooronbay Jeenbekov"])
    assert hrefs(people["Sooronbay Jeenbekov"]) == ["/people/sooronbay-jeenbekov/", "/countries/kyrgyzstan/"]
    assert "State Councilor and Foreign Minister" in text(people["Wang Yi"])
    assert "China" in text(people["Wang Yi"])
    assert hrefs(meta["Mentioned"]) == ["/people/xi-jinping/"]
    topics = dict(zip((text(a) for a in meta["Topics"].css("a")), hrefs(meta["Topics"])))
    assert topics["Vaccines"] == "/topics/vaccines/"
    assert topics["Belt and Road"] == "/topics/belt-and-road/"
    assert text(meta["Source"]) == "Not stated"  # the MFA text names no outlet
    assert text(meta["File"]) == "000_5a6077c1290ef280.txt"
    body = text(doc.css_first(".text"))
    assert body.startswith("On September 13, 2020 local time, Kyrgyz President Sooronbay Jeenbekov met")
    assert "strengthen vaccine cooperation" in body
    prev = doc.css_first('a[rel="prev"]')
    nxt = doc.css_first('a[rel="next"]')
    assert prev.attributes["href"] == f"/readouts/{IN_ORDER[1]}/"
    assert nxt.attributes["href"] == f"/readouts/{IN_ORDER[3]}/"
    assert "China, Kyrgyzstan Pledge to Deepen Win-Win Cooperation" in text(prev)
    cite = text(doc.css_first("#cite-h").parent)
    assert "Kyrgyz President Sooronbay Jeenbekov Meets with Wang Yi" in cite
    assert f"/readouts/{JEENBEKOV}/" in cite


def test_readout_page_source_outlet_and_url(site_root):
    meta = _meta(page(site_root, f"readouts/{XINHUA}/"))
    source = meta["Source"]
    assert "Xinhua" in text(source)
    assert "http://www.xinhuanet.com/english/2020-08/20/c_139304748.htm" in hrefs(source)
    assert "2020-08-20" in text(source)  # published
    assert text(meta["File"]) == "004_dac9aac9fcd4a1e4.txt"


def test_readout_page_explains_an_inferred_date(site_root):
    doc = page(site_root, f"readouts/{INFERRED}/")
    meta = _meta(doc)
    assert meta["Date"].css_first("time").attributes["datetime"] == "2020-05-26"
    note = text(meta["Date"].css_first(".note"))
    assert '"26 May"' in note and "2020" in note
    assert text(meta["Place"]) == "By telephone"
    assert doc.css_first('a[rel="prev"]') is None  # the earliest readout
    assert doc.css_first('a[rel="next"]').attributes["href"] == f"/readouts/{IN_ORDER[1]}/"


def test_last_readout_has_no_next(site_root):
    doc = page(site_root, f"readouts/{IN_ORDER[-1]}/")
    assert doc.css_first('a[rel="next"]') is None
    assert doc.css_first('a[rel="prev"]').attributes["href"] == f"/readouts/{IN_ORDER[-2]}/"


# ------------------------------------------------------------------ year, undated, maintenance


def test_year_page_groups_by_month(site_root):
    doc = page(site_root, "years/2020/")
    assert text(doc.css_first("h1")).startswith("2020")
    assert "4 readouts" in text(doc.css_first("h1"))
    sections = [h.parent for h in doc.css("main h2")]
    months = [text(s.css_first("h2")) for s in sections]
    assert months == ["May", "August", "September", "November"]
    listed = [[h for h in hrefs(s) if h.startswith("/readouts/")] for s in sections]
    assert listed == [[f"/readouts/{rid}/"] for rid in IN_ORDER[:4]]
    assert doc.css_first('a[rel="next"]').attributes["href"] == "/years/2021/"
    assert doc.css_first('a[rel="prev"]') is None
    later = page(site_root, "years/2021/")
    assert later.css_first('a[rel="prev"]').attributes["href"] == "/years/2020/"
    assert later.css_first('a[rel="next"]') is None
    assert [text(h) for h in later.css("main h2")] == ["September"]


def test_undated_page(site_root, site_extra):
    assert not (site_root / "undated").exists()
    assert "/undated/" not in hrefs(page(site_root, "").css_first("header"))
    doc = page(site_extra, "undated/")
    listed = [h for h in hrefs(doc.css_first("main")) if h.startswith("/readouts/")]
    assert len(listed) == 1
    target = page(site_extra, listed[0].lstrip("/"))
    assert text(target.css_first("h1")) == "Wang Yi Meets with Kyrgyz Foreign Minister Ruslan Kazakbaev"
    assert "/undated/" in hrefs(page(site_extra, "").css_first("header"))
    undated = page(site_extra, "").css_first("dl.stats")
    assert "Undated 1 readout" in text(undated) and "/undated/" in hrefs(undated)
    # An undated readout lives in the undated breadcrumb, not in a year.
    assert "/undated/" in hrefs(target.css_first("nav.breadcrumbs"))
    assert text(_meta(target)["Date"]).startswith("Date unknown")


def test_maintenance_page_lists_rejected_files(site_root, site_extra):
    doc = page(site_extra, "maintenance/")
    assert doc.css_first('meta[name="robots"]').attributes["content"] == "noindex"
    rows = {text(tr.css_first("td")): text(tr.css("td")[1]) for tr in doc.css("tbody tr")}
    assert set(rows) == {"empty.txt", "binary.txt"}
    assert "empty" in rows["empty.txt"] and "binary" in rows["binary.txt"]
    assert "None" in text(page(site_root, "maintenance/").css_first("main"))


@pytest.mark.parametrize("fixture", ["site_root", "site_extra"])
def test_maintenance_page_is_not_linked_from_public_pages(fixture, request):
    site = request.getfixturevalue(fixture)
    for path in site.rglob("*.html"):
        if path.parent.name == "maintenance":
            continue
        assert "maintenance" not in path.read_text(encoding="utf-8"), path.relative_to(site)
    for name in ("data/readouts.json", "feeds/all.xml"):  # the sitemap: test_sitemap_lists_every_page
        assert "maintenance" not in (site / name).read_text(encoding="utf-8"), name


# ------------------------------------------------------------------ index and entity pages


def test_entity_pages(site_root):
    person = page(site_root, "people/chingiz-aidarbekov/")
    assert text(person.css_first("h1")) == "Chingiz Aidarbekov"
    # Newest year first, and newest first within a year.
    assert [h for h in hrefs(person.css_first("main")) if h.startswith("/readouts/")] == \
        [f"/readouts/{IN_ORDER[1]}/", f"/readouts/{IN_ORDER[0]}/"]
    assert "/countries/kyrgyzstan/" in hrefs(person.css_first("main"))
    country = page(site_root, "countries/kyrgyzstan/")
    assert text(country.css_first("h1")).startswith("Kyrgyzstan")
    assert len({h for h in hrefs(country.css_first("main")) if h.startswith("/readouts/")}) == 5
    topic = page(site_root, "topics/vaccines/")
    assert text(topic.css_first("h1")).startswith("Vaccines")
    assert {h for h in hrefs(topic.css_first("main")) if h.startswith("/readouts/")} == \
        {f"/readouts/{rid}/" for rid in IN_ORDER if rid != INFERRED}
    people = page(site_root, "people/")
    names = [text(a) for a in people.css("main tbody a")]
    assert {"Wang Yi", "Sooronbay Jeenbekov", "Sadyr Zhaparov", "Chingiz Aidarbekov", "Ruslan Kazakbaev"} <= set(names)
    assert "/countries/kyrgyzstan/" in hrefs(page(site_root, "countries/").css_first("main"))
    assert "/topics/vaccines/" in hrefs(page(site_root, "topics/").css_first("main"))
    assert {"/years/2020/", "/years/2021/"} <= set(hrefs(page(site_root, "years/").css_first("main")))


_FRONT_MATTER_READOUT = """---
title: Wang Yi Meets with Foreign Minister Jean Kablan ({n})
date: 2024-0{n}-10
kind: meeting
venue:
  city: Beijing
  country: China
participants:
  - name: Wang Yi
    role: Foreign Minister
    country: China
  - name: Jean Kablan
    role: Foreign Minister
    country: {country}
---

# Wang Yi Meets with Foreign Minister Jean Kablan ({n})

On the tenth, Foreign Minister Wang Yi met with Foreign Minister Jean Kablan in Beijing.
"""


def test_spellings_of_a_country_that_slug_alike_share_one_page_with_all_their_readouts(tmp_path):
    from readout_site.build import build
    from readout_site.config import Config

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n, country in [(1, "Ruritania"), (2, "RURITANIA"), (3, "Ruritania")]:
        (corpus / f"r{n}.md").write_text(_FRONT_MATTER_READOUT.format(n=n, country=country), encoding="utf-8")
    result = build(Config(search=False), corpus, tmp_path / "site", jobs=1)
    assert list(result.archive.countries) == ["ruritania"]
    page = LexborHTMLParser((tmp_path / "site" / "countries" / "ruritania" / "index.html").read_text(encoding="utf-8"))
    assert page.css_first("h1").text().split()[0] == "Ruritania"  # the commonest spelling
    linked = {a.attributes["href"] for a in page.css("main a") if "/readouts/" in (a.attributes.get("href") or "")}
    assert len(linked) == 3


def test_a_country_with_nothing_to_name_a_page_by_does_not_replace_the_countries_index(tmp_path):
    from readout_site.build import build
    from readout_site.config import Config

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n, country in [(1, "Ruritania"), (2, '"—"')]:
        (corpus / f"r{n}.md").write_text(_FRONT_MATTER_READOUT.format(n=n, country=country), encoding="utf-8")
    result = build(Config(search=False), corpus, tmp_path / "site", jobs=1)
    assert list(result.archive.countries) == ["ruritania"]
    index = LexborHTMLParser((tmp_path / "site" / "countries" / "index.html").read_text(encoding="utf-8"))
    assert index.css_first("h1").text().strip() == "Countries"


def test_a_date_known_to_the_month_is_shown_and_marked_to_the_month(tmp_path):
    """"In March 2021": the date is kept to the month, in lists and in <time datetime>, with no day invented."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Wang Yi Meets Kyrgyz Foreign Minister\n\nIn March 2021, State Councilor and Foreign "
                                  "Minister Wang Yi met with Kyrgyz Foreign Minister Ruslan Kazakbaev in Beijing.\n",
                                  encoding="utf-8")
    result = site_build(corpus, tmp_path / "site")
    record = result.archive.records[0]
    assert (record.date_precision, record.date) == ("month", "2021-03")
    listing = (tmp_path / "site" / "years" / "2021" / "index.html").read_text(encoding="utf-8")
    assert '<time class="rl-date" datetime="2021-03">2021-03</time>' in listing
    page = (tmp_path / "site" / "readouts" / record.id / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2021-03">March 2021</time>' in page and "2021-03-01" not in page


def test_the_home_period_runs_from_the_first_day_to_the_last(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text(_FRONT_MATTER_READOUT.format(n=1, country="Ruritania"), encoding="utf-8")
    (corpus / "b.md").write_text(_FRONT_MATTER_READOUT.format(n=2, country="Ruritania").replace(
        "date: 2024-02-10", "date: 2024-02-10\ndate_end: 2024-02-12"), encoding="utf-8")
    site_build(corpus, tmp_path / "site")
    period = text(page(tmp_path / "site", "").css("main .stats dd")[1])
    assert period == "10 January 2024 – 12 February 2024", period


def test_robots_and_sitemap_templates_get_their_path_and_static_backups_are_not_published(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text(_FRONT_MATTER_READOUT.format(n=1, country="Ruritania"), encoding="utf-8")
    templates = tmp_path / "templates"
    (templates / "static").mkdir(parents=True)
    (templates / "robots.txt").write_text("# {{ path }} from {{ page.template }}\n", encoding="utf-8")
    (templates / "sitemap.xml").write_text("<!-- {{ absolute(path) }} -->\n", encoding="utf-8")
    for name in ("extra.css", "extra.css~", ".notes.swp", "#draft.css#"):
        (templates / "static" / name).write_text("p{}", encoding="utf-8")
    site_build(corpus, tmp_path / "site", templates=templates, base_url="https://example.org/")
    assert (tmp_path / "site" / "robots.txt").read_text(encoding="utf-8") == "# robots.txt from robots.txt\n"
    assert (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8") == \
        "<!-- https://example.org/sitemap.xml -->\n"
    assert sorted(p.name for p in (tmp_path / "site" / "static").iterdir()) == ["extra.css", "favicon.svg", "style.css"]



def test_the_home_page_names_the_countries_split_by_year_in_order(tmp_path):
    from readout_site import pages

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n, country in [(1, "Ruritania"), (2, "Ruritania"), (3, "Elbonia"), (4, "Elbonia")]:
        (corpus / f"r{n}.md").write_text(_FRONT_MATTER_READOUT.format(n=n, country=country), encoding="utf-8")
    archive = site_build(corpus, tmp_path / "site").archive
    split = pages._home(archive, 10, list_limit=1).context["split_countries"]
    assert split == ("elbonia", "ruritania")  # a tuple in order: a template looping over it is reproducible
