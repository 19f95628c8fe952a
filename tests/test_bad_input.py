"""Bad input never breaks the archive: every file ends in one state, with a message; nothing leaks."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from factory import same_tree, site_build

GOOD = (
    "Kyrgyz President Sadyr Zhaparov Meets with Wang Yi\n\n"
    "On September 16, 2021 local time, Kyrgyz President Sadyr Zhaparov met with State Councilor and "
    "Foreign Minister Wang Yi in Dushanbe.\n\nThey discussed vaccines and the Belt and Road.\n"
)


def _variant(year: int, city: str = "Dushanbe") -> str:
    return GOOD.replace("2021", str(year)).replace("Dushanbe", city)


BAD_FILES: dict[str, bytes] = {
    "empty.txt": b"",
    "blank.txt": b"   \n\n \t ",
    "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "undecodable.txt": _variant(2012).encode() + b"\x81\x8d\x8f\x90\x9d",
    "utf16.txt": _variant(2013).encode("utf-16"),
    "legacy.txt": _variant(2014).replace("They", "Caf\u00e9 talks: they").encode("cp1252"),
    "crlf.txt": _variant(2015).replace("\n", "\r\n").encode(),
    "one-line.txt": ("Wang Yi Meets Someone\n\n" + "On May 5, 2016, Wang Yi met with Kyrgyz President "
                     "Sadyr Zhaparov in Bishkek. " * 3000).encode(),
    "bad-yaml.md": b"---\ntitle: [unclosed\n---\nOn May 5, 2017, Wang Yi met Kyrgyz President Sadyr Zhaparov in Bishkek.\n",
    "wrong-types.md": (b"---\ntitle: {a: 1}\ndate: 2020-02-30\nparticipants: 5\nkind: party\nid: ../../../escape\n---\n"
                       b"# Hello\n\nOn May 5, 2018, Wang Yi met Kyrgyz President Sadyr Zhaparov in Bishkek.\n"),
    "twice.md": (b"---\ndate: 2019-05-04\nsource:\n  outlet: MFA\n  outlet: Xinhua\ndate: 2019-05-05\n---\n"
                 b"# Wang Yi Meets Someone\n\nWang Yi met Kyrgyz President Sadyr Zhaparov in Bishkek.\n"),
    "no-date.txt": b"Some Meeting\n\nThe two sides met and discussed trade.\n",
    "no-people.txt": b"Statement on Trade\n\nOn June 1, 2019, the two countries signed a trade agreement.\n",
    "dup-a.txt": _variant(2020).encode(),
    "dup-b.txt": _variant(2020).encode(),
    "with space.txt": _variant(2010).encode(),
    "Ünïcödé ñame.txt": _variant(2009).encode(),
    "-leading-dash.txt": _variant(2008).encode(),
    ("x" * 196) + ".txt": _variant(2007).encode(),
    ".hidden.txt": _variant(2006).encode(),
    "backup.txt~": _variant(2005).encode(),
    "#autosave#": _variant(2004).encode(),
    "notes.odt": b"PK\x03\x04 not a readout",
}
HUGE = "huge.txt"  # written separately: 50 MB


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, data in BAD_FILES.items():
        (corpus / name).write_bytes(data)
    with open(corpus / HUGE, "wb") as fh:
        fh.write(b"A" * (50 * 1024 * 1024))
    secret = root / "secret.txt"
    secret.write_text(GOOD)
    os.symlink(secret, corpus / "outside-link.txt")
    os.symlink("loop-b.txt", corpus / "loop-a.txt")  # a loop of links
    os.symlink("loop-a.txt", corpus / "loop-b.txt")
    out = root / "site"
    report = root / "report.json"
    proc = subprocess.run(
        [sys.executable, "-m", "readout_site", "build", "--corpus", str(corpus), "--out", str(out),
         "--report", str(report)],
        capture_output=True, text=True, cwd=root, env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},
    )
    states = {f["path"]: f for f in json.loads(report.read_text())["files"]}
    return {"root": root, "corpus": corpus, "out": out, "proc": proc, "states": states,
            "report": json.loads(report.read_text())}


@pytest.mark.parametrize(
    "name, state, message",
    [
        ("empty.txt", "rejected", "empty"),
        ("blank.txt", "rejected", "only white space"),
        ("binary.txt", "rejected", "binary"),
        (HUGE, "rejected", "50 MB"),
        ("undecodable.txt", "built with warnings", "not valid UTF-8"),
        ("legacy.txt", "built with warnings", "Windows-1252"),
        ("utf16.txt", "built", None),
        ("crlf.txt", "built", None),
        ("one-line.txt", "built", None),
        ("bad-yaml.md", "built with warnings", "front matter is not valid YAML (line 2)"),
        ("wrong-types.md", "built with warnings",
         "field `date` ignored: '2020-02-30' is no day of the calendar (day is out of range for month)"),
        ("wrong-types.md", "built with warnings", "field `id`: '../../../escape' is used as 'escape'"),
        ("twice.md", "built with warnings", "the front matter gives `date` twice (lines 2 and 6); the later value is used"),
        ("twice.md", "built with warnings", "the front matter gives `outlet` twice (lines 4 and 5)"),
        ("no-date.txt", "built with warnings", "no date"),
        ("no-people.txt", "built with warnings", "no participants"),
        ("with space.txt", "built", None),
        ("Ünïcödé ñame.txt", "built", None),
        ("-leading-dash.txt", "built", None),
        (("x" * 196) + ".txt", "built", None),
        (".hidden.txt", "skipped", "hidden"),
        ("backup.txt~", "skipped", "backup"),
        ("#autosave#", "skipped", "backup"),
        ("notes.odt", "skipped", "not a readout"),
        ("outside-link.txt", "skipped", "out of the corpus"),
        ("loop-a.txt", "skipped", "a loop of links"),
        ("loop-b.txt", "skipped", "a loop of links"),
    ],
)
def test_each_bad_file_ends_in_one_state_with_a_message(hostile, name, state, message):
    entry = hostile["states"][name]
    assert entry["state"] == state
    if message:
        assert any(message in m for m in entry["messages"]), entry["messages"]


def test_build_succeeds_and_every_input_is_accounted_for(hostile):
    assert hostile["proc"].returncode == 0, hostile["proc"].stderr
    names = set(BAD_FILES) | {HUGE, "outside-link.txt", "loop-a.txt", "loop-b.txt"}
    assert set(hostile["states"]) == names
    counts = hostile["report"]["counts"]
    assert counts["rejected"] == 4
    assert sum(counts.values()) == len(names)
    summary = hostile["proc"].stderr
    assert "4 rejected" in summary and "4 skipped" not in summary


def test_diagnostics_name_the_file(hostile):
    err = hostile["proc"].stderr
    assert "binary.txt: error: the file is binary" in err
    assert "bad-yaml.md: warning: the front matter is not valid YAML (line 2)" in err


def test_the_rest_of_the_archive_is_intact(hostile):
    out = hostile["out"]
    built = [p for p, f in hostile["states"].items() if f["state"].startswith("built")]
    pages = list((out / "readouts").glob("*/index.html"))
    assert len(pages) == len(built)
    years = {p.name for p in (out / "years").iterdir() if p.is_dir()}
    assert {"2007", "2008", "2009", "2010", "2013", "2015", "2020"} <= years
    assert (out / "undated" / "index.html").is_file()
    assert "Some Meeting" in (out / "undated" / "index.html").read_text()


def test_duplicates_and_slug_collisions_are_both_kept(hostile):
    a, b = hostile["states"]["dup-a.txt"], hostile["states"]["dup-b.txt"]
    assert {a["id"], b["id"]} == {"2020-09-16-kyrgyz-president-sadyr-zhaparov-meets-with-wang-yi",
                                  "2020-09-16-kyrgyz-president-sadyr-zhaparov-meets-with-wang-yi-2"}
    assert any("already used by dup-a.txt" in m for m in b["messages"])


def test_rejected_files_are_listed_for_the_maintainer_only(hostile):
    out = hostile["out"]
    page = (out / "maintenance" / "index.html").read_text()
    for name in ("empty.txt", "binary.txt", HUGE):
        assert name in page
    assert 'name="robots" content="noindex"' in page
    for html in out.rglob("*.html"):
        if html.parent.name != "maintenance":
            assert "/maintenance/" not in html.read_text(), html
    assert "Disallow: /maintenance/" in (out / "robots.txt").read_text()


def test_nothing_is_written_outside_the_output(hostile):
    root = hostile["root"]
    assert not (root / "escape").exists()
    assert (hostile["out"] / "readouts" / "escape" / "index.html").is_file()
    expected = {"corpus", "site", "report.json", "secret.txt", ".site.cache", ".site.cache.stamps", ".site.lock",
                ".site.staging", ".site.trees", ".site.cache.d", ".site.jinja"}
    assert {p.name for p in root.iterdir()} == expected


def test_symlink_target_outside_corpus_is_not_read(hostile):
    data = json.loads((hostile["out"] / "data" / "readouts.json").read_text())
    assert all(r["source_path"] != "outside-link.txt" for r in data)


def test_a_file_name_that_is_not_utf8_is_built_under_an_escaped_name(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / os.fsdecode(b"r\xe9union-\xff.txt")).write_text(_variant(2011), encoding="utf-8")
    (corpus / os.fsdecode(b"r\xe9union-\xff.yaml")).write_text("title: Talks in Latin-1\n", encoding="utf-8")
    (corpus / "plain.txt").write_text(_variant(2012).replace("Belt and Road", "fisheries"), encoding="utf-8")
    (corpus / "_lexicon").mkdir()
    (corpus / "_lexicon" / os.fsdecode(b"extra-\xe9.yaml")).write_text(
        "fisheries:\n  label: Fisheries\n  patterns: ['fisher(?:y|ies)']\n", encoding="utf-8")
    (corpus / os.fsdecode(b"notes.d\xe9")).write_text("not a readout", encoding="utf-8")
    (corpus / os.fsdecode(b"caf\xe9.txt")).write_text(_variant(2013), encoding="utf-8")
    (corpus / "caf\\xe9.txt").write_text(_variant(2014), encoding="utf-8")  # its real name is the other's as shown
    out, report = tmp_path / "site", tmp_path / "report.json"
    command = [sys.executable, "-m", "readout_site", "build", "--corpus", str(corpus), "--out", str(out),
               "--report", str(report)]
    proc = subprocess.run(command, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    shown = "r\\xe9union-\\xff.txt"  # the name's bytes as escapes: a page, a CSV, a report can hold it
    files = json.loads(report.read_text())["files"]
    states = {(f["path"], f["state"]) for f in files}
    lexicon = "_lexicon/extra-\\xe9.yaml"  # relative to the corpus, as the others
    assert states == {(shown, "built"), ("r\\xe9union-\\xff.yaml", "sidecar"), ("plain.txt", "built"),
                      (lexicon, "lexicon"), ("notes.d\\xe9", "skipped"), ("caf\\xe9.txt", "built"),
                      ("caf\\xe9.txt", "skipped")}
    reasons = {m for f in files if f["state"] == "skipped" for m in f["messages"]}
    assert any("another readout has this name" in m for m in reasons) and any("(.d\\xe9;" in m for m in reasons)
    data = {r["source_path"]: r for r in json.loads((out / "data" / "readouts.json").read_text())}
    assert data[shown]["title"] == "Talks in Latin-1"  # the sidecar, found by its real name, was read
    assert "fisheries" in data["plain.txt"]["topics"]  # and the lexicon file, read by its real name
    assert len(data) == 3  # of two files named alike once shown, one is skipped, and said so
    page = (out / "readouts" / data[shown]["id"] / "index.html").read_text()
    assert f"<code>{shown}</code>" in page
    extracted = subprocess.run([sys.executable, "-m", "readout_site", "extract", str(corpus)], capture_output=True,
                               env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert extracted.returncode == 0, extracted.stderr
    assert shown in {r["source_path"] for r in json.loads(extracted.stdout.decode("utf-8"))}
    again = subprocess.run(command, capture_output=True, text=True)
    assert again.returncode == 0 and "Nothing changed" in again.stderr, again.stderr


def test_an_extra_lexicon_file_that_is_not_yaml_is_an_error_naming_it(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "_lexicon").mkdir(parents=True)
    (corpus / "plain.txt").write_text(_variant(2012), encoding="utf-8")
    (corpus / "_lexicon" / "extra.yaml").write_text("people: [unclosed\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "readout_site", "build", "--corpus", str(corpus), "--out",
                           str(tmp_path / "site")], capture_output=True, text=True)
    assert proc.returncode == 2, proc.stderr
    assert "extra.yaml" in proc.stderr and "not valid YAML" in proc.stderr and "Traceback" not in proc.stderr


def test_strict_fails_on_warnings_and_exit_codes_are_documented(hostile, tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "readout_site", "build", "--corpus", str(hostile["corpus"]), "--out",
         str(tmp_path / "strict"), "--strict", "--quiet"], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "strict" in proc.stderr
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    assert "Exit codes" in readme and "`3` the output" in readme


def _build_one_readout(tmp_path, config: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """``readout-site build --quiet`` in ``tmp_path`` on a corpus of one good readout, with ``config`` as
    its readout-site.yaml."""
    if config is not None:
        (tmp_path / "readout-site.yaml").write_text(config)
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(GOOD)
    return subprocess.run([sys.executable, "-m", "readout_site", "build", "--quiet"], capture_output=True,
                          text=True, cwd=tmp_path, env={**os.environ, **(env or {})})


def test_unknown_config_key_is_an_error_naming_it(tmp_path):
    proc = _build_one_readout(tmp_path, "title: X\ncolour: blue\n")
    assert proc.returncode == 2
    assert "colour" in proc.stderr and "readout-site.yaml" in proc.stderr


@pytest.mark.parametrize("line", ["title:", "feeds: ~", "latest: null", "list_limit:", "base_url:"])
def test_a_setting_left_empty_is_an_error_naming_it(tmp_path, line):
    from readout_site.config import load_config
    from readout_site.errors import ConfigError

    (tmp_path / "readout-site.yaml").write_text(f"{line}\n")
    with pytest.raises(ConfigError) as info:
        load_config(None, tmp_path)
    message = str(info.value)
    assert f"`{line.split(':')[0]}` has no value" in message and "readout-site.yaml" in message


def test_settings_that_may_be_empty(tmp_path):
    from readout_site.config import load_config

    (tmp_path / "readout-site.yaml").write_text("home_country:\ntemplates: ~\nsource_date_epoch:\nlexicon:\n")
    config = load_config(None, tmp_path)
    assert (config.home_country, config.templates, config.source_date_epoch, config.lexicon) == (None, None, None, ())


@pytest.mark.parametrize(("setting", "said"), [
    ("templates: no-such-dir", "`templates`: "),
    ("templates: readout-site.yaml", "is not a directory"),
    ("source_date_epoch: 99999999999999", "`source_date_epoch` must be at most 253402300799"),
])
def test_a_setting_that_cannot_be_used_is_an_error_naming_it(tmp_path, setting, said):
    proc = _build_one_readout(tmp_path, f"{setting}\n")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert said in proc.stderr and "readout-site.yaml" in proc.stderr
    assert not (tmp_path / "build").exists()


@pytest.mark.parametrize("value", ["abc", "-5", "1e9", "99999999999999"])
def test_a_source_date_epoch_that_is_no_time_stops_the_build(tmp_path, value):
    proc = _build_one_readout(tmp_path, env={"SOURCE_DATE_EPOCH": value})
    assert proc.returncode == 2 and f"SOURCE_DATE_EPOCH='{value}' is not a number of seconds" in proc.stderr, proc.stderr
    assert not (tmp_path / "build").exists()


# ------------------------------------------------------------------ hostile text


EVIL_MD = """---
title: "<script>alert(1)</script> Evil & Co"
source_url: "javascript:alert(2)"
participants:
  - {name: "<img src=x onerror=alert(7)>", role: "President", country: "Kyrgyzstan"}
---
On May 5, 2021, Wang Yi met <b onmouseover="alert(3)">Kyrgyz</b> President Sadyr Zhaparov in Bishkek.

<script>window.pwned = 1</script>

[click](javascript:alert(4)) and <a href="javascript:alert(8)">this</a>

<iframe src="https://example.org"></iframe>
"""
EVIL_TXT = """=HYPERLINK("http://evil.example") <img src=x onerror=alert(5)>

On May 5, 2021, Wang Yi met with Kyrgyz President Sadyr Zhaparov in Bishkek. </script><script>alert(6)</script>

@SUM(1+1) said +cmd and -2+3
"""


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("evil")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "evil.md").write_text(EVIL_MD)
    (corpus / "evil.txt").write_text(EVIL_TXT)
    (corpus / "good.txt").write_text(GOOD)
    out = root / "site"
    subprocess.run([sys.executable, "-m", "readout_site", "build", "--corpus", str(corpus), "--out", str(out),
                    "--quiet"], check=True, cwd=root)
    return out


def test_hostile_text_is_escaped_everywhere(evil_site):
    import xml.etree.ElementTree as ET

    import html5lib

    pages = list(evil_site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        doc = html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)
        for el in doc.iter():
            tag = el.tag if isinstance(el.tag, str) else ""
            assert tag not in {"iframe", "object", "embed"}, path
            for name, value in el.attrib.items():
                assert not name.lower().startswith("on"), (path, tag, name)
                if name in {"href", "src"}:
                    assert not value.strip().lower().startswith("javascript:"), (path, value)
            if tag == "script":
                if el.get("type") == "application/ld+json":
                    data = json.loads(el.text)
                    assert data["@type"] == "Event"
                else:  # only our own search page scripts
                    assert path.parent.name == "search", path
                    assert "pwned" not in (el.text or "") and "alert" not in (el.text or ""), path
    evil = next(p for p in pages if "evil-co" in str(p)).read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Evil &amp; Co" in evil
    for feed in evil_site.rglob("*.xml"):
        root = ET.parse(feed).getroot()
        assert not [el for el in root.iter() if el.tag.endswith("script")]
    assert "<script>alert(1)" not in (evil_site / "feeds" / "all.xml").read_text()


def test_csv_cells_cannot_run_as_formulas(evil_site):
    for name in ("readouts.csv", "participants.csv"):
        rows = list(csv.reader(io.StringIO((evil_site / "data" / name).read_text())))
        for row in rows[1:]:
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@")), (name, cell)
    titles = [r["title"] for r in csv.DictReader(io.StringIO((evil_site / "data" / "readouts.csv").read_text()))]
    assert "'=HYPERLINK(\"http://evil.example\") <img src=x onerror=alert(5)>" in titles


def _without_root_privilege() -> list[str]:
    """A command prefix under which file permissions apply even to root (who may read anything)."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"]


def _corpus_with_a_folder(tmp_path) -> tuple[Path, Path]:
    """``corpus/kept.txt`` and ``corpus/locked/inside.txt``, two good readouts: the corpus and the folder."""
    corpus = tmp_path / "corpus"
    locked = corpus / "locked"
    locked.mkdir(parents=True)
    (corpus / "kept.txt").write_text(GOOD, encoding="utf-8")
    (locked / "inside.txt").write_text(GOOD.replace("2021", "2022"), encoding="utf-8")
    return corpus, locked


def test_a_directory_that_cannot_be_read_is_an_error_naming_it_and_the_rest_builds(tmp_path):
    corpus, locked = _corpus_with_a_folder(tmp_path)
    locked.chmod(0)
    try:
        runs = []
        for command in ("build", "build", "check"):
            report = tmp_path / f"report-{len(runs)}.json"
            runs.append((subprocess.run(
                [*_without_root_privilege(), sys.executable, "-m", "readout_site", command, "--corpus", str(corpus),
                 "--out", str(tmp_path / "site"), "--report", str(report)],
                capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},
            ), json.loads(report.read_text())))
    finally:
        locked.chmod(0o755)
    message = "locked/: error: the directory cannot be read (Permission denied)"
    for proc, report in runs[:2]:  # the second build, with nothing new, names it again
        assert proc.returncode == 0, proc.stderr
        assert message in proc.stderr, proc.stderr
        states = {f["path"]: f["state"] for f in report["files"]}
        assert states == {"kept.txt": "built", "locked/": "rejected"}
    assert len(list((tmp_path / "site" / "readouts").glob("*/index.html"))) == 1
    check, _ = runs[2]
    assert check.returncode == 1 and "problem: locked/: rejected: the directory cannot be read" in check.stderr


def test_check_fails_on_a_rejected_file(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "kept.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "junk.txt").write_bytes(b"\x00\x01\x02 binary")
    proc = subprocess.run([sys.executable, "-m", "readout_site", "check", "--corpus", str(corpus),
                           "--out", str(tmp_path / "site")], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "problem: junk.txt: rejected: the file is binary" in proc.stderr


def test_a_file_made_unreadable_since_the_last_build_is_rejected_as_a_full_build_rejects_it(tmp_path):
    # chmod changes neither size nor mtime: only the status change time tells.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "kept.txt").write_text(GOOD, encoding="utf-8")
    locked = corpus / "locked.txt"
    locked.write_text(GOOD.replace("2021", "2022"), encoding="utf-8")
    command = [*_without_root_privilege(), sys.executable, "-m", "readout_site", "build", "--corpus", str(corpus)]
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    assert subprocess.run([*command, "--out", str(tmp_path / "site")], env=env, cwd=tmp_path).returncode == 0
    locked.chmod(0)
    try:
        runs = [subprocess.run([*command, "--out", str(tmp_path / out), *extra], capture_output=True, text=True,
                               env=env, cwd=tmp_path) for out, extra in (("site", []), ("fresh", ["--full"]))]
    finally:
        locked.chmod(0o644)
    for proc in runs:
        assert proc.returncode == 0 and "locked.txt: error: cannot be read: Permission denied" in proc.stderr, proc.stderr
    assert same_tree(tmp_path / "site", tmp_path / "fresh") == []


@pytest.mark.parametrize(("home", "warned"), [("Atlantis", True), ("China", False), ("PRC", False)])
def test_a_home_country_no_participant_is_from_is_warned_about(tmp_path, home, warned):
    proc = _build_one_readout(tmp_path, f"home_country: {home}\n")
    assert proc.returncode == 0, proc.stderr
    assert (f"home_country '{home}': no participant of any readout is from" in proc.stderr) == warned, proc.stderr


def test_a_setting_given_twice_is_an_error_naming_both_lines(tmp_path):
    proc = _build_one_readout(tmp_path, "title: A\nfeeds: true\ntitle: B\n")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert "readout-site.yaml:3: `title` is set twice (lines 1 and 3)" in proc.stderr


_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def test_control_characters_from_entities_and_yaml_escapes_reach_no_page_feed_or_export(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text('---\ntitle: "Wang Yi Meets Le Drian \\a bell"\n'
                                 'participants: ["Jean-Yves\\x07 Le Drian"]\n---\n' + GOOD, encoding="utf-8")
    (corpus / "b.html").write_text("<html><head><title>Wang Yi Meets Kuleba &#7;</title></head><body>"
                                   "<h1>Wang Yi Meets Kuleba &#7;</h1><p>On March 7, 2021, Foreign Minister Wang Yi "
                                   "met Ukrainian Foreign Minister Dmytro Kuleba &#12;&#27; in Beijing.</p></body></html>",
                                   encoding="utf-8")
    out = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "readout_site", "build", "--corpus", str(corpus), "--out", str(out),
                           "--quiet"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    shown = [p for p in out.rglob("*") if p.is_file() and "pagefind" not in p.parts]
    assert [p for p in shown if _CONTROLS.search(p.read_text(encoding="utf-8", errors="replace"))] == []
    for feed in out.rglob("*.xml"):
        ElementTree.parse(feed)  # well-formed: XML 1.0 allows no control character
    titles = {r["title"].strip() for r in json.loads((out / "data" / "readouts.json").read_text())}
    assert titles == {"Wang Yi Meets Le Drian  bell", "Wang Yi Meets Kuleba"}


def test_an_unchanged_file_whose_id_a_new_readout_takes_is_reported_again(tmp_path):
    """Ids go to readouts of the same date and headline in path order: a new "a.txt" takes the id of an
    unchanged "b.txt", which becomes "...-2". That warning is news, though b.txt did not change."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "b.txt").write_text(GOOD, encoding="utf-8")
    command = [sys.executable, "-m", "readout_site", "build", "--corpus", str(corpus), "--out", str(tmp_path / "site")]
    first = subprocess.run(command, capture_output=True, text=True)
    assert first.returncode == 0 and "already used" not in first.stderr, first.stderr
    (corpus / "a.txt").write_text(GOOD, encoding="utf-8")
    second = subprocess.run(command, capture_output=True, text=True)
    assert second.returncode == 0, second.stderr
    assert re.search(r"^b\.txt: warning: its slug '[^']+' is already used by a\.txt", second.stderr, re.M), second.stderr


def test_a_directory_that_can_be_listed_but_not_entered_names_its_files_and_the_rest_builds(tmp_path):
    corpus, locked = _corpus_with_a_folder(tmp_path)
    locked.chmod(0o644)  # read, no search: its names can be listed, its files not reached
    try:
        proc = subprocess.run([*_without_root_privilege(), sys.executable, "-m", "readout_site", "build", "--corpus",
                               str(corpus), "--out", str(tmp_path / "site")], capture_output=True, text=True)
    finally:
        locked.chmod(0o755)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert "locked/inside.txt: error: the file cannot be read (Permission denied)" in proc.stderr
    assert len(list((tmp_path / "site" / "readouts").glob("*/index.html"))) == 1


def test_an_output_whose_folder_cannot_be_written_and_a_report_inside_the_corpus_are_refused(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "kept.txt").write_text(GOOD, encoding="utf-8")
    closed = tmp_path / "closed"
    closed.mkdir()
    closed.chmod(0o555)
    try:
        proc = subprocess.run([*_without_root_privilege(), sys.executable, "-m", "readout_site", "build", "--corpus",
                               str(corpus), "--out", str(closed / "site")], capture_output=True, text=True)
    finally:
        closed.chmod(0o755)
    assert proc.returncode == 2 and "cannot write beside the output there (Permission denied)" in proc.stderr, \
        proc.stderr
    proc = subprocess.run([sys.executable, "-m", "readout_site", "build", "--corpus", str(corpus), "--out",
                           str(tmp_path / "site"), "--report", str(corpus / "kept.txt")], capture_output=True, text=True)
    assert proc.returncode == 2 and "inside the corpus" in proc.stderr, proc.stderr
    assert (corpus / "kept.txt").read_text(encoding="utf-8") == GOOD


def test_a_readout_swapped_for_a_link_out_of_the_corpus_after_the_scan_is_not_read(tmp_path):
    from readout_site.sources import scan

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "b.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "link.txt").symlink_to("a.txt")  # a link inside the corpus is followed
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0", encoding="utf-8")
    sources = {s.rel: s for s in scan(corpus).readouts}
    (corpus / "b.txt").unlink()
    (corpus / "b.txt").symlink_to(secret)
    assert sources["link.txt"].read_bytes() == GOOD.encode()
    with pytest.raises(OSError, match="leads out of the corpus"):
        sources["b.txt"].read_bytes()


def test_a_lexicon_file_where_the_lexicon_folder_belongs_is_skipped_saying_so(tmp_path):
    from readout_site.sources import scan

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "_lexicon").write_text("people:\n  - name: Qwzx Vbnm\n", encoding="utf-8")
    found = scan(corpus)
    assert [s.rel for s in found.readouts] == ["a.txt"] and found.lexicon_files == []
    [(rel, why)] = found.skipped
    assert rel == "_lexicon" and "make _lexicon/ a folder of YAML lexicon files" in why


def test_a_sidecar_in_capitals_is_read_and_a_second_sidecar_of_one_name_is_skipped_with_a_reason(tmp_path):
    from readout_site.records import load_record
    from readout_site.sources import scan

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "B.TXT").write_text(GOOD, encoding="utf-8")
    (corpus / "B.YAML").write_text("title: From the capital sidecar\n", encoding="utf-8")
    (corpus / "a.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "a.yaml").write_text("title: From a.yaml\n", encoding="utf-8")
    (corpus / "a.yml").write_text("title: From a.yml\n", encoding="utf-8")
    found = scan(corpus)
    assert {s.rel: s.sidecar.name for s in found.readouts} == {"B.TXT": "B.YAML", "a.txt": "a.yaml"}
    assert found.skipped == [("a.yml", "a second sidecar of the same name; a.yaml is the one read")]
    site = site_build(corpus, tmp_path / "site")
    assert sorted(r.title for r in site.archive.records) == ["From a.yaml", "From the capital sidecar"]
    assert load_record(corpus / "B.TXT", corpus, site.lexicon_of()).title == "From the capital sidecar"  # extract's way


def test_a_lexicon_folder_that_cannot_be_read_stops_the_build(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "_lexicon").mkdir(parents=True)
    (corpus / "_lexicon" / "people.yaml").write_text("- name: Zorigt Batbayar\n  country: Mongolia\n", encoding="utf-8")
    (corpus / "kept.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "_lexicon").chmod(0)
    try:
        proc = subprocess.run([*_without_root_privilege(), sys.executable, "-m", "readout_site", "build", "--corpus",
                               str(corpus), "--out", str(tmp_path / "site")], capture_output=True, text=True)
    finally:
        (corpus / "_lexicon").chmod(0o755)
    assert proc.returncode == 2, proc.stderr
    assert "_lexicon: the directory cannot be read (Permission denied); the corpus's lexicon cannot be read" in \
        proc.stderr, proc.stderr
    assert not (tmp_path / "site").exists()


def test_a_file_name_with_a_newline_or_an_escape_is_shown_escaped(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "x.txt\nerror: all is fine\ny.txt").write_text("", encoding="utf-8")
    (corpus / "esc\x1b[31mred.txt").write_text("", encoding="utf-8")
    (corpus / "kept.txt").write_text(GOOD, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "readout_site", "build", "--corpus", str(corpus), "--out",
                           str(tmp_path / "site")], capture_output=True, text=True)
    assert "x.txt\\x0aerror: all is fine\\x0ay.txt: error: the file is empty" in proc.stderr, proc.stderr
    assert "esc\\x1b[31mred.txt: error: the file is empty" in proc.stderr and "\x1b" not in proc.stderr
    assert not any(line.startswith("error: all is fine") for line in proc.stderr.splitlines())


@pytest.mark.parametrize(("line", "message"), [
    ("list_limit: 0", "`list_limit` must be a whole number, 1 or more"),
    ("list_limit: -5", "`list_limit` must be a whole number, 1 or more"),
    ("latest: -1", "`latest` must be a whole number, 0 or more"),
    ("base_url: https://example.org/a b/", "holds a character a URL cannot"),
    ("language: Klingon", "`language` 'Klingon' must be a language tag"),
    ("language: ''", "`language` '' must be a language tag"),
])
def test_settings_that_cannot_be_used_are_errors_saying_what_would_do(tmp_path, line, message):
    from readout_site.config import load_config
    from readout_site.errors import ConfigError

    (tmp_path / "readout-site.yaml").write_text(f"{line}\n")
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(None, tmp_path)


def test_no_latest_readouts_gives_no_empty_section(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(GOOD, encoding="utf-8")
    site_build(tmp_path / "corpus", tmp_path / "site", latest=0)
    assert "Latest readouts" not in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_a_strict_build_that_fails_keeps_the_previous_site_and_the_next_build_publishes(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "kept.txt").write_text(GOOD, encoding="utf-8")
    command = [sys.executable, "-m", "readout_site", "build", "--corpus", str(corpus), "--out", str(tmp_path / "site")]
    assert subprocess.run(command, capture_output=True, text=True).returncode == 0
    pages = sorted(p.relative_to(tmp_path / "site") for p in (tmp_path / "site").rglob("*"))
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "undated.txt").write_text("Some Meeting\n\nThe two sides met and discussed trade.\n", encoding="utf-8")
    strict = subprocess.run([*command, "--strict"], capture_output=True, text=True)
    assert strict.returncode == 1 and "the previous site is kept (nothing was published)" in strict.stderr
    assert sorted(p.relative_to(tmp_path / "site") for p in (tmp_path / "site").rglob("*")) == pages
    again = subprocess.run(command, capture_output=True, text=True)  # without --strict: the new site goes out
    assert again.returncode == 0, again.stderr
    assert len(list((tmp_path / "site" / "readouts").glob("*/index.html"))) == 2


@pytest.mark.parametrize(("name", "text", "message"), [
    ("people.yaml", "- name: Foo Bar\n  country: Narnia\n",
     "people: Foo Bar: the country 'Narnia' is not one the lexicon knows"),
    ("places.yaml", "landmarks:\n  Kremlin: {city: Atlantis, country: Narnia}\n",
     "places: kremlin: the country 'Narnia' is not one the lexicon knows"),
    ("people.yaml", "- name: Foo Bar\n  country: China\n- name: Foo Bar\n  country: Russia\n",
     "people[1]: Foo Bar is listed already (people[0])"),
    ("eras.yaml", "- label: the thing\n  pattern: thing\n  from: 2020-01-01\n  to: 2019-01-01\n",
     "[0]: `to` (2019-01-01) is before `from` (2020-01-01)"),
])
def test_a_corpus_lexicon_entry_that_cannot_be_right_is_an_error_naming_it(tmp_path, name, text, message):
    corpus = tmp_path / "corpus"
    (corpus / "_lexicon").mkdir(parents=True)
    (corpus / "_lexicon" / name).write_text(text, encoding="utf-8")
    (corpus / "kept.txt").write_text(GOOD, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "readout_site", "build", "--corpus", str(corpus), "--out",
                           str(tmp_path / "site")], capture_output=True, text=True)
    assert proc.returncode == 2 and f"_lexicon/{name}" in proc.stderr and message in proc.stderr, proc.stderr


def test_a_new_country_in_the_corpus_lexicon_may_be_named_by_its_people(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "_lexicon").mkdir(parents=True)
    (corpus / "_lexicon" / "people.yaml").write_text("- name: Foo Bar\n  country: Somaliland\n", encoding="utf-8")
    (corpus / "_lexicon" / "zz-countries.yaml").write_text("countries:\n  Somaliland: {demonyms: [Somalilander]}\n",
                                                           encoding="utf-8")
    (corpus / "kept.txt").write_text(GOOD, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "readout_site", "build", "--corpus", str(corpus), "--out",
                           str(tmp_path / "site")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_a_page_nested_thousands_deep_is_rejected_at_once(tmp_path):
    from readout_site.errors import ReadoutError
    from readout_site.lexicon import Lexicon
    from readout_site.records import parse_record

    page = ("<html><body><h1>Wang Yi Meets Lavrov</h1>" + "<div>" * 30_000 + "<p>On May 5, 2021, Wang Yi met Sergey "
            "Lavrov.</p>" + "</div>" * 30_000 + "</body></html>")
    with pytest.raises(ReadoutError, match="nests its elements 30,003 deep"):
        parse_record(page.encode(), "deep.html", "html", Lexicon().prepare())


def test_toml_front_matter_and_an_empty_corpus_over_a_site_are_warned_about(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "toml.md").write_text("+++\ntitle = 'x'\n+++\n\nOn March 3, 2021, Wang Yi met Sergey Lavrov.\n",
                                    encoding="utf-8")
    first = subprocess.run([sys.executable, "-m", "readout_site", "build", "--corpus", str(corpus), "--out",
                            str(tmp_path / "site")], capture_output=True, text=True)
    assert "toml.md: warning: the file opens with TOML front matter ('+++'), which is not read" in first.stderr
    (corpus / "toml.md").unlink()
    empty = subprocess.run([sys.executable, "-m", "readout_site", "build", "--corpus", str(corpus), "--out",
                            str(tmp_path / "site")], capture_output=True, text=True)
    assert empty.returncode == 0 and "no readouts found; the site built from it has none" in empty.stderr
