"""`readout-site check`: problems found, named, and turned into the exit code."""

from __future__ import annotations

import subprocess
import sys

from factory import readout_text, write_corpus


def _check(tmp_path, *extra):
    return subprocess.run([sys.executable, "-m", "readout_site", "check", "--corpus", "corpus", "--out", "site",
                           "--quiet", *extra], cwd=tmp_path, capture_output=True, text=True)


def test_clean_archive_passes(tmp_path):
    write_corpus(tmp_path / "corpus", range(4))
    proc = _check(tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "check: 0 problem(s)" in proc.stderr


def test_problems_are_reported_by_file(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(3))
    (corpus / "copy-of-000.txt").write_text(readout_text(0), encoding="utf-8")
    (corpus / "undated.txt").write_text("Some Meeting\n\nThe two sides met and discussed trade.\n", encoding="utf-8")
    (corpus / "stranger.txt").write_text(
        "Wang Yi Meets with Zorigt Batbayar\n\nOn March 3, 2021, State Councilor and Foreign Minister Wang Yi met "
        "with Foreign Minister Zorigt Batbayar of Mongolia in Ulan Bator.\n", encoding="utf-8")
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "404.html").write_text('{% extends "default:404.html" %}{% block content %}'
                                        '<a href="{{ url("no/such/page/") }}">x</a>{% endblock %}')
    (tmp_path / "readout-site.yaml").write_text("templates: tpl\n")
    proc = _check(tmp_path)
    err = proc.stderr
    assert proc.returncode == 1
    assert "problem: undated.txt: no date" in err
    assert "problem: undated.txt: no participants" in err
    assert "duplicate event" in err and "copy-of-000.txt" in err and "readout-000.txt" in err
    assert "slug collision" in err
    assert "problem: 404.html: broken link to /no/such/page/" in err
    assert "note: stranger.txt: Zorigt Batbayar is not in the lexicon" in err


def test_a_feed_that_is_not_well_formed_xml_is_a_problem_naming_it(tmp_path):
    write_corpus(tmp_path / "corpus", range(3))
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "feed.xml").write_text('<?xml version="1.0"?>\n<feed><title>{{ feed_title }}</feed>\n')
    (tmp_path / "readout-site.yaml").write_text("templates: tpl\n")
    proc = _check(tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "problem: feeds/all.xml: not well-formed XML: mismatched tag: line 2" in proc.stderr


def test_two_people_written_alike_of_different_countries_are_a_problem(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(2))
    (corpus / "mayor.md").write_text(
        "---\ntitle: Mayor Wang Yi receives a delegation\ndate: 2021-06-01\nkind: meeting\nparticipants:\n"
        "  - {name: Wáng Yì, role: Mayor, country: Singapore}\n  - {name: Zorigt Batbayar, country: Mongolia}\n---\n\n"
        "The mayor received the delegation.\n", encoding="utf-8")
    proc = _check(tmp_path)
    assert proc.returncode == 1
    assert ("problem: people/wang-yi/: one page for people of several countries: Wang Yi of China (2 readouts); "
            "Wáng Yì of Singapore (1 readout)") in proc.stderr, proc.stderr


def test_a_sidecar_left_behind_by_a_renamed_readout_is_a_note(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(2))
    (corpus / "readout-000.yaml").write_text("title: Corrected Title\n", encoding="utf-8")
    (corpus / "readout-000.txt").rename(corpus / "renamed.txt")
    proc = _check(tmp_path)
    assert ("note: readout-000.yaml: skipped: YAML file with no readout of the same name beside it (not a sidecar) "
            "(a correction or lexicon it holds is not used)") in proc.stderr, proc.stderr
    assert _check(tmp_path, "--strict").returncode == 1


def test_a_sidecar_read_for_several_readouts_of_one_name_is_a_note(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(2))
    (corpus / "readout-000.md").write_text((corpus / "readout-001.txt").read_text(encoding="utf-8"),
                                           encoding="utf-8")
    (corpus / "readout-000.yaml").write_text("title: Corrected Title\n", encoding="utf-8")
    (corpus / "readout-001.yaml").write_text("title: Another Title\n", encoding="utf-8")
    proc = _check(tmp_path)
    assert ("note: readout-000.yaml: the sidecar of readout-000.md and readout-000.txt alike (what it sets is set "
            "for each; give each readout a name of its own)") in proc.stderr, proc.stderr
    assert "note: readout-001.yaml" not in proc.stderr  # one readout of that name
