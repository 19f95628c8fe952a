"""Incremental builds: byte-identical to full builds, touching only what changed."""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import os
import re
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readout_site.cache import KeptFragments
from readout_site.render import default_templates_dir

from factory import differs_from_full_build, readout_text, same_tree, site_build, tree, write_corpus


def test_no_op_rebuild_writes_nothing(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(6))
    out = tmp_path / "site"
    first = site_build(corpus, out)
    assert first.pages_written > 20
    second = site_build(corpus, out)
    assert second.pages_written == 0
    assert second.cached == 6
    assert second.removed == 0


def test_adding_one_readout_keeps_unrelated_files_untouched(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(8))
    out = tmp_path / "site"
    site_build(corpus, out)
    # A page that the new readout cannot change: an old readout of another country and year.
    unrelated = next(out.glob("readouts/2019-01-01-*/index.html"))
    stat_before = unrelated.stat()
    time.sleep(0.01)
    write_corpus(corpus, [41])  # Kazakhstan, 2023: not related to the Kyrgyz readout of 2019
    result = site_build(corpus, out)
    stat_after = unrelated.stat()
    assert (stat_after.st_ino, stat_after.st_mtime_ns) == (stat_before.st_ino, stat_before.st_mtime_ns)
    assert 0 < result.pages_written < 25
    assert result.cached == 8


def test_deleting_a_readout_removes_its_outputs(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(5))
    out = tmp_path / "site"
    site_build(corpus, out)
    page = next(out.glob("readouts/*/index.html"))
    source_count = len(list(out.glob("readouts/*/index.html")))
    victim = sorted(corpus.glob("*.txt"))[0]
    victim_id_pages = {p.parent.name for p in out.glob("readouts/*/index.html")}
    victim.unlink()
    result = site_build(corpus, out)
    remaining = {p.parent.name for p in out.glob("readouts/*/index.html")}
    assert len(remaining) == source_count - 1
    assert result.removed >= 1
    assert len(victim_id_pages - remaining) == 1
    assert page.parent.name in victim_id_pages


def test_template_change_rerenders_pages(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(3))
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "year.html").write_text('{% extends "default:year.html" %}{% block title %}Y1 {{ year }}{% endblock %}')
    out = tmp_path / "site"
    site_build(corpus, out, templates=templates)
    year_page = next(out.glob("years/*/index.html"))
    assert "<title>Y1 " in year_page.read_text()
    (templates / "year.html").write_text('{% extends "default:year.html" %}{% block title %}Y2 {{ year }}{% endblock %}')
    site_build(corpus, out, templates=templates)
    assert "<title>Y2 " in year_page.read_text()
    assert differs_from_full_build(corpus, out, tmp_path / "full", templates=templates) == []


def test_a_library_of_another_version_reads_and_renders_everything_again(tmp_path, monkeypatch):
    """Records and pages depend on the libraries that read and render them (PyYAML, Markdown, Jinja...):
    after one of them is upgraded, a build reuses no record the old version made."""
    from readout_site.cache import code_digest

    corpus = write_corpus(tmp_path / "corpus", range(3))
    out = tmp_path / "site"
    site_build(corpus, out)
    assert site_build(corpus, out).cached == 3
    packages = tmp_path / "lib" / "site-packages"  # as an installer leaves a library: its name and version
    (packages / "markdown-99.0.dist-info").mkdir(parents=True)
    monkeypatch.syspath_prepend(str(packages))
    code_digest.cache_clear()
    try:
        result = site_build(corpus, out)
        assert result.cached == 0
        assert differs_from_full_build(corpus, out, tmp_path / "full") == []
    finally:
        code_digest.cache_clear()  # the next test's digest is of the libraries as they are


def test_corpus_lexicon_change_reparses_records(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(2))
    (corpus / "readout-000.txt").write_text(
        "Home > News\nWang Yi Meets with Zorigt Batbayar\n\nOn March 3, 2021, State Councilor and Foreign Minister "
        "Wang Yi met with Zorigt Batbayar in Beijing.\n", encoding="utf-8")
    out = tmp_path / "site"
    result = site_build(corpus, out)
    record = next(r for r in result.archive.records if "Batbayar" in r.title)
    assert all(p.country != "Mongolia" for p in record.participants)
    lex = corpus / "_lexicon"
    lex.mkdir()
    (lex / "people.yaml").write_text("- name: Zorigt Batbayar\n  country: Mongolia\n  roles:\n"
                                     "    - {title: Foreign Minister, from: 2020-01-01}\n", encoding="utf-8")
    result = site_build(corpus, out)
    record = next(r for r in result.archive.records if "Batbayar" in r.title)
    assert any(p.name == "Zorigt Batbayar" and p.country == "Mongolia" for p in record.participants)
    assert result.cached == 0


@pytest.mark.parametrize("suffix", [".yaml", ".yml"])
def test_a_sidecar_is_applied_by_the_build_and_its_edits_and_removal_followed(tmp_path, suffix):
    corpus = write_corpus(tmp_path / "corpus", range(3))
    sidecar = corpus / f"readout-001{suffix}"
    sidecar.write_text("title: A Title Given by the Sidecar\nkind: talks\n", encoding="utf-8")
    out = tmp_path / "site"

    def record():
        result = site_build(corpus, out)
        return next(r for r in result.archive.records if r.source_path == "readout-001.txt")

    given = record()
    assert (given.title, given.kind) == ("A Title Given by the Sidecar", "talks")
    sidecar.write_text("title: Another Title\n", encoding="utf-8")
    given = record()
    assert (given.title, given.kind) == ("Another Title", "phone_call")
    sidecar.unlink()
    assert record().title.startswith("Wang Yi Speaks with ")
    assert differs_from_full_build(corpus, out, tmp_path / "full") == []


@pytest.mark.parametrize(("sidecar", "said"), [
    (b"kind: meeting\ntitle: [unclosed\n", "the sidecar readout-001.yaml is not valid YAML (line 3); it was ignored: "),
    (b"- a list\n", "the sidecar readout-001.yaml is not a mapping of fields; it was ignored"),
    (b"title: \xff\xfe\n", "the sidecar readout-001.yaml: the file is not valid UTF-8 (first on line 1); decoded as "
                          "Windows-1252"),
    (b"kind: meeting\ntitle: A\nkind: talks\n", "the sidecar readout-001.yaml gives `kind` twice (lines 1 and 3); "
                                              "the later value is used"),
    (b"kind:\n", "the sidecar readout-001.yaml: field `kind` has no value; it was ignored"),
])
def test_a_sidecar_problem_is_a_warning_and_the_readout_built(tmp_path, sidecar, said):
    corpus = write_corpus(tmp_path / "corpus", range(3))
    (corpus / "readout-001.yaml").write_bytes(sidecar)
    result = site_build(corpus, tmp_path / "site")
    states = {f["path"]: f for f in result.files}
    assert states["readout-001.txt"]["state"] == "built with warnings"
    assert any(m.startswith(said) for m in states["readout-001.txt"]["messages"]), states["readout-001.txt"]
    assert len(result.archive.records) == 3


def test_a_sidecar_that_cannot_be_read_is_named_its_readout_built_without_it_and_read_again_later(tmp_path,
                                                                                                  monkeypatch):
    corpus = write_corpus(tmp_path / "corpus", range(3))
    sidecar = corpus / "readout-001.yaml"
    sidecar.write_text("title: A Title Given by the Sidecar\n", encoding="utf-8")
    real = Path.read_bytes

    def denied(self):
        if self == sidecar:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)  # as root, a mode of 000 would not stop the read
    out = tmp_path / "site"
    result = site_build(corpus, out)
    warned = [f for f in result.files if f["state"] == "built with warnings"]
    assert [f["path"] for f in warned] == ["readout-001.txt"]
    assert warned[0]["messages"] == ["the sidecar readout-001.yaml cannot be read (Permission denied); the readout is "
                                     "built without it"]
    assert len(result.archive.records) == 3
    monkeypatch.undo()  # its permissions fixed: no size or mtime changes, yet the next build reads it again
    result = site_build(corpus, out)
    assert "A Title Given by the Sidecar" in {r.title for r in result.archive.records}
    assert not [f for f in result.files if f["state"] not in {"built", "sidecar"}]
    result = site_build(corpus, out)  # once all is read, a build with nothing to do stops at the stamps again
    assert result.unchanged and set(result.timings) == {"sources"}
    assert differs_from_full_build(corpus, out, tmp_path / "full") == []


@pytest.mark.parametrize("now", ["same", "longer", "shorter", "empty"])
def test_a_source_file_is_read_whole_even_when_it_changed_since_the_scan(tmp_path, now):
    from readout_site.sources import scan

    path = tmp_path / "corpus" / "a.txt"
    path.parent.mkdir()
    path.write_bytes(b"x" * 1000)
    [source] = scan(path.parent).readouts
    data = {"same": b"y" * 1000, "longer": b"z" * 3_000_000, "shorter": b"w" * 10, "empty": b""}[now]
    path.write_bytes(data)
    assert source.read_bytes() == data


def test_prepared_lexicon_is_kept_per_user_and_shared_by_sites(tmp_path, monkeypatch):
    users = tmp_path / "user-cache"
    monkeypatch.setenv("READOUT_SITE_CACHE", str(users))
    site_build(write_corpus(tmp_path / "a", range(2)), tmp_path / "site-a")
    [prepared] = users.glob("lexicon-*.pickle")
    before = prepared.stat()
    site_build(write_corpus(tmp_path / "b", range(3)), tmp_path / "site-b")  # another site, the same lexicon
    assert list(users.glob("lexicon-*.pickle")) == [prepared]
    assert prepared.stat().st_ino == before.st_ino  # read, not prepared and written again
    assert not (tmp_path / ".site-a.lexicon").exists() and not (tmp_path / ".site-b.lexicon").exists()
    corpus = write_corpus(tmp_path / "c", range(2))
    (corpus / "_lexicon").mkdir()
    (corpus / "_lexicon" / "people.yaml").write_text("- name: Zorigt Batbayar\n  country: Mongolia\n",
                                                      encoding="utf-8")
    site_build(corpus, tmp_path / "site-c")  # another lexicon: prepared and kept beside the first
    assert len(list(users.glob("lexicon-*.pickle"))) == 2 and prepared.exists()
    moved = tmp_path / "elsewhere" / "c"
    shutil.copytree(corpus, moved)  # the same lexicon file in another place: the same prepared lexicon
    site_build(moved, tmp_path / "site-d")
    assert len(list(users.glob("lexicon-*.pickle"))) == 2


def test_only_the_most_recent_prepared_lexicons_are_kept(tmp_path, monkeypatch):
    from readout_site.lexicon import KEPT_LEXICONS

    users = tmp_path / "user-cache"
    users.mkdir()
    monkeypatch.setenv("READOUT_SITE_CACHE", str(users))
    for i in range(KEPT_LEXICONS + 2):
        old = users / f"lexicon-old{i}.pickle"
        old.write_bytes(b"not a lexicon")
        os.utime(old, (1_000_000 + i, 1_000_000 + i))
    site_build(write_corpus(tmp_path / "corpus", range(2)), tmp_path / "site")
    left = sorted(p.name for p in users.glob("lexicon-*.pickle"))
    assert len(left) == KEPT_LEXICONS
    newest_old = [f"lexicon-old{i}.pickle" for i in range(KEPT_LEXICONS + 2)][-(KEPT_LEXICONS - 1):]
    assert set(newest_old) < set(left)


def test_lexicon_is_kept_beside_the_output_when_the_user_cache_cannot_be_made(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way", encoding="utf-8")
    monkeypatch.setenv("READOUT_SITE_CACHE", str(blocker / "cache"))
    corpus = write_corpus(tmp_path / "corpus", range(2))
    first = site_build(corpus, tmp_path / "site")
    assert (tmp_path / ".site.lexicon").is_file()
    write_corpus(corpus, [5])
    second = site_build(corpus, tmp_path / "site")
    assert len(second.archive.records) == len(first.archive.records) + 1


def test_user_cache_directory_writable_by_others_is_not_used(tmp_path, monkeypatch):
    users = tmp_path / "shared"
    users.mkdir()
    users.chmod(0o777)  # anybody could plant a pickle there
    monkeypatch.setenv("READOUT_SITE_CACHE", str(users))
    site_build(write_corpus(tmp_path / "corpus", range(2)), tmp_path / "site")
    assert list(users.iterdir()) == []
    assert (tmp_path / ".site.lexicon").is_file()


def _config_in_new_process(root: Path) -> list:
    """``[title, latest, whether YAML was imported]`` of the config in ``root``, loaded by a new process."""
    code = ("import json, sys; from pathlib import Path; from readout_site.config import load_config; "
            f"c = load_config(None, Path({str(root)!r})); print(json.dumps([c.title, c.latest, 'yaml' in sys.modules]))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def test_a_config_is_parsed_once_and_then_read_as_kept(tmp_path, monkeypatch):
    """Importing the YAML parser was a fifth of a one-readout build: settings parsed once are kept
    as JSON in the user's cache, by the bytes of the file (an edited file is parsed again)."""
    users = tmp_path / "user-cache"
    monkeypatch.setenv("READOUT_SITE_CACHE", str(users))
    config = tmp_path / "readout-site.yaml"
    config.write_text("title: Kept\nlatest: 3\n", encoding="utf-8")
    assert _config_in_new_process(tmp_path) == ["Kept", 3, True]
    assert len(list(users.glob("config-*.json"))) == 1
    assert _config_in_new_process(tmp_path) == ["Kept", 3, False]
    config.write_text("title: Edited\nlatest: 4\n", encoding="utf-8")
    assert _config_in_new_process(tmp_path) == ["Edited", 4, True]
    for kept in users.glob("config-*.json"):
        kept.write_text("{not json", encoding="utf-8")  # damaged: parsed again
    assert _config_in_new_process(tmp_path) == ["Edited", 4, True]
    assert _config_in_new_process(tmp_path) == ["Edited", 4, False]


def test_what_builds_killed_while_writing_left_in_the_user_cache_goes_after_an_hour(tmp_path, monkeypatch):
    """A build killed while it writes a prepared lexicon or a parsed config leaves a temporary file:
    the next build that keeps one removes those an hour old (none is still being written)."""
    from readout_site.config import load_config

    users = tmp_path / "user-cache"
    users.mkdir(mode=0o700)
    monkeypatch.setenv("READOUT_SITE_CACHE", str(users))
    stale = [users / "config-0a.json.123.tmp", users / "lexicon-0b.pickle.456.tmp"]
    fresh = [users / "config-0c.json.789.tmp", users / "lexicon-0d.pickle.790.tmp"]
    for left in stale + fresh:
        left.write_text("half written", encoding="utf-8")
    for left in stale:
        os.utime(left, (time.time() - 7200, time.time() - 7200))
    (tmp_path / "readout-site.yaml").write_text("title: Kept\n", encoding="utf-8")
    load_config(None, tmp_path)
    assert not stale[0].exists() and stale[1].exists()  # each kind is swept when one of its kind is kept
    site_build(write_corpus(tmp_path / "corpus", range(2)), tmp_path / "site")
    assert not stale[1].exists()
    assert all(left.exists() for left in fresh)


def test_a_kept_config_gives_the_same_error_as_the_file(tmp_path, monkeypatch):
    """Settings read back from the user's cache keep the file's order: the first bad one is named."""
    from readout_site.config import load_config
    from readout_site.errors import ConfigError

    users = tmp_path / "user-cache"
    monkeypatch.setenv("READOUT_SITE_CACHE", str(users))
    (tmp_path / "readout-site.yaml").write_text("title: Kept\nzebra: 1\nantelope: 2\n", encoding="utf-8")
    said = []
    for _ in range(2):
        with pytest.raises(ConfigError) as info:
            load_config(None, tmp_path)
        said.append(str(info.value))
    assert len(list(users.glob("config-*.json"))) == 1
    assert said[0] == said[1] and "`zebra`" in said[0]


def test_a_config_json_cannot_give_back_is_not_kept(tmp_path, monkeypatch):
    """A key that is a number would come back from JSON as text: such settings are parsed each time
    (and the error names the key as written)."""
    from readout_site.config import load_config
    from readout_site.errors import ConfigError

    users = tmp_path / "user-cache"
    monkeypatch.setenv("READOUT_SITE_CACHE", str(users))
    (tmp_path / "readout-site.yaml").write_text("title: X\n12: twelve\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ConfigError, match="unknown setting `12`"):
            load_config(None, tmp_path)
    assert list(users.glob("config-*.json")) == []


def _shard_rows(cache_dir: Path) -> dict:
    rows = {}
    for shard in cache_dir.glob("fragments-*"):
        rows.update((rid, row) for rid, (_, row, _) in pickle.loads(shard.read_bytes())["items"].items())
    return rows


def test_a_fragment_made_after_the_save_was_prepared_is_saved_too(tmp_path):
    """The cache's shards are written ahead, by the process writing the data files, while pages
    render; a fragment made after that (none is, today) is not lost, and its shard, written again
    over the one written ahead, keeps the data parts of the other readouts in it."""
    from readout_site import parallel
    from readout_site.build import _Inputs, build
    from readout_site.cache import _shard_name
    from readout_site.config import Config

    config = Config(search=False, source_date_epoch=1_700_000_000)
    corpus = write_corpus(tmp_path / "corpus", range(40))
    build(config, corpus, tmp_path / "site", jobs=1)
    write_corpus(corpus, [45])
    result = build(config, corpus, tmp_path / "site", jobs=1, hold=True)
    cache = next(held for held in result.working if isinstance(held, _Inputs)).cache
    by_shard: dict = {}
    for r in result.archive.records:
        by_shard.setdefault(_shard_name(r.id), []).append(r.id)
    rid, neighbour = next(ids for ids in by_shard.values() if len(ids) > 1)[:2]
    cache.add_fragments(rid, cache._keys[rid], {"row": "made before"})  # the shard is written ahead
    pid, report = parallel._fork_with_report(cache.prepare_save)
    prepared, _ = parallel._report_of(pid, report)
    parallel.reap_ended()
    cache.add_fragments(rid, cache._keys[rid], {"row": "made late"})
    cache.save(cache.pages, prepared)
    shard = (tmp_path / ".site.cache.d" / _shard_name(rid)).read_bytes()
    index = pickle.loads(shard)["items"]
    assert index[rid][1] == "made late"
    assert set(index[neighbour][2]) == {"row", "json", "csv", "participants"}


def test_a_prepared_save_writes_the_same_cache_as_a_save(tmp_path):
    """What is pickled ahead (the archive state, the file states) reads back as when pickled by save."""
    from readout_site.build import _Inputs, build
    from readout_site.cache import _read_pickle, _read_stamps
    from readout_site.config import Config

    config = Config(search=False, source_date_epoch=1_700_000_000)
    corpus = write_corpus(tmp_path / "corpus", range(4))
    result = build(config, corpus, tmp_path / "site", jobs=1, hold=True)
    cache = next(held for held in result.working if isinstance(held, _Inputs)).cache
    cache.save(cache.pages)
    plain = (_read_pickle(cache.path), _read_stamps(cache.quick_path, cache.new_quick_key))
    cache.save(cache.pages, cache.prepare_save())
    ahead = (_read_pickle(cache.path), _read_stamps(cache.quick_path, cache.new_quick_key))
    assert ahead[1] == plain[1] == result.files
    assert ahead[0]["archive"] == plain[0]["archive"] == cache.new_archive_state
    assert {k: v for k, v in ahead[0].items() if k != "shards"} == {k: v for k, v in plain[0].items() if k != "shards"}


def test_fragments_of_removed_readouts_leave_the_cache(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(5))
    out = tmp_path / "site"
    first = site_build(corpus, out)
    gone = next(r.id for r in first.archive.records if r.source_path == "readout-002.txt")
    (corpus / "readout-002.txt").unlink()
    second = site_build(corpus, out)
    kept = {}
    for shard in (tmp_path / ".site.cache.d").glob("fragments-*"):
        kept.update(pickle.loads(shard.read_bytes())["items"])
    assert set(kept) == {r.id for r in second.archive.records} and gone not in kept
    assert all(set(kinds) == {"row", "json", "csv", "participants"} for _, _, kinds in kept.values())


def test_a_small_change_reads_the_data_parts_of_the_shard_it_falls_in_only(tmp_path, monkeypatch):
    corpus = write_corpus(tmp_path / "corpus", range(40))
    out = tmp_path / "site"
    site_build(corpus, out)
    assert len(list((tmp_path / ".site.cache.d").glob("fragments-*"))) > 20
    read = []
    reading = KeptFragments._rest_of
    monkeypatch.setattr(KeptFragments, "_rest_of", lambda self, name: read.append(name) or reading(self, name))
    write_corpus(corpus, [7], extras={7: "They also discussed the weather."})
    site_build(corpus, out)
    assert len(set(read)) == 1, read  # the shard rewritten with the edited readout's parts
    monkeypatch.undo()
    assert differs_from_full_build(corpus, out, tmp_path / "full") == []


def test_data_parts_lost_from_the_cache_are_made_again(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(12))
    out = tmp_path / "site"
    site_build(corpus, out)
    for shard in (tmp_path / ".site.cache.d").glob("fragments-*"):
        with open(shard, "rb") as fh:
            pickle.load(fh)
            index_only = fh.tell()
        shard.write_bytes(shard.read_bytes()[:index_only])  # the rows kept, the data parts gone
    live = out / "data" / "readouts.json"
    os.utime(live, ns=(live.stat().st_atime_ns, live.stat().st_mtime_ns + 1))  # not spliced: made whole
    write_corpus(corpus, [30])
    site_build(corpus, out)
    assert differs_from_full_build(corpus, out, tmp_path / "full") == []
    kept = _kept_kinds(tmp_path / ".site.cache.d")  # the lost parts no longer claimed; the new readout's kept
    assert len(kept) == 13 and sum("json" in kinds for kinds in kept) == 1
    write_corpus(corpus, [31])
    site_build(corpus, out)  # makes and keeps them again
    assert all(kinds == {"row", "json", "csv", "participants"} for kinds in _kept_kinds(tmp_path / ".site.cache.d"))
    assert differs_from_full_build(corpus, out, tmp_path / "full") == []


def _kept_kinds(shard_dir: Path) -> list[set]:
    """The kinds each readout's fragments are kept in, by the shards' indexes, checked against the
    parts their second pickles hold."""
    out = []
    for shard in shard_dir.glob("fragments-*"):
        with open(shard, "rb") as fh:
            index, rest = pickle.load(fh)["items"], pickle.load(fh)["items"]
        for rid, (_, row, kinds) in index.items():
            assert set(kinds) - {"row"} == set(rest.get(rid, ())) and (row is not None) == ("row" in kinds)
            out.append(set(kinds))
    return out


def test_incremental_search_index_matches_full(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(4))
    out = tmp_path / "site"
    site_build(corpus, out, search=True)
    write_corpus(corpus, [9])
    site_build(corpus, out, search=True)
    full = tmp_path / "full"
    site_build(corpus, full, full=True, search=True)
    fragments = [p for p in tree(full) if p.startswith("pagefind/fragment/")]
    assert len(fragments) == 5
    assert same_tree(out, full) == []


_operations = st.lists(
    st.tuples(st.sampled_from(["add", "edit", "mention", "delete"]), st.integers(min_value=0, max_value=11)),
    min_size=1,
    max_size=6,
)


def _change(corpus: Path, op: str, n: int, edit_note: str) -> None:
    """One change of a random sequence to readout ``n`` (or to a rejected file ``empty-n.txt``)."""
    path = corpus / f"readout-{n:03d}.txt"
    if op == "add":
        path.write_text(readout_text(n), encoding="utf-8")
    elif op == "edit" and path.exists():
        path.write_text(readout_text(n, extra=edit_note), encoding="utf-8")
    elif op == "mention":  # added or edited to name Xi Jinping: his mentions split past a limit of 3
        path.write_text(readout_text(n, extra="Wang Yi conveyed the greetings of President Xi Jinping."),
                        encoding="utf-8")
    elif op == "delete" and path.exists():
        path.unlink()
    elif op == "reject":
        (corpus / f"empty-{n}.txt").write_text("", encoding="utf-8")
    elif op == "unreject":
        (corpus / f"empty-{n}.txt").unlink(missing_ok=True)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=_operations, limit=st.sampled_from([3, 500]))  # 3: long lists split into year pages
def test_random_changes_match_a_full_build(tmp_path, ops, limit):
    work = Path(tmp_path) / f"run-{time.monotonic_ns()}"
    corpus = write_corpus(work / "corpus", range(4))
    out = work / "site"
    site_build(corpus, out, list_limit=limit)
    for op, n in ops:
        _change(corpus, op, n, f"They also discussed energy ({len(ops)}).")
        site_build(corpus, out, list_limit=limit)
        assert_trees_manifest_is_true(out)
    assert differs_from_full_build(corpus, out, work / "full", list_limit=limit) == []
    shutil.rmtree(work)


_operations_with_search = st.lists(
    st.tuples(st.sampled_from(["add", "edit", "delete", "reject", "unreject"]), st.integers(min_value=0, max_value=7)),
    min_size=1,
    max_size=3,
)


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=_operations_with_search)
def test_random_changes_with_search_match_a_full_build(tmp_path, ops):
    """As above with the search index built (Pagefind runs: fewer, shorter sequences), and files that are
    rejected coming and going, which change no readout page (the index was once lost on such a build)."""
    work = Path(tmp_path) / f"run-{time.monotonic_ns()}"
    corpus = write_corpus(work / "corpus", range(3))
    out = work / "site"
    site_build(corpus, out, search=True)
    for op, n in ops:
        _change(corpus, op, n, "They also discussed energy.")
        site_build(corpus, out, search=True)
        assert_trees_manifest_is_true(out)
    assert differs_from_full_build(corpus, out, work / "full", search=True) == []
    shutil.rmtree(work)


def test_small_changes_update_the_last_archive_and_match_a_full_build(tmp_path, caplog):
    """Past a few dozen readouts a change of one updates the last build's archive (``update_archive``)
    instead of indexing every readout again; the site is the same as a full build's."""
    corpus = write_corpus(tmp_path / "corpus", range(40))
    out = tmp_path / "site"
    site_build(corpus, out, list_limit=3)
    steps = [  # (change, whether the last archive is updated)
        (lambda: write_corpus(corpus, [45]), True),  # a new readout (a year, a country, people, topics)
        (lambda: (corpus / "readout-003.txt").write_text(
            readout_text(3, extra="Wang Yi conveyed the greetings of President Xi Jinping."), encoding="utf-8"), True),
        (lambda: (corpus / "readout-010.txt").unlink(), True),
        (lambda: (corpus / "readout-030.txt").write_text(readout_text(30), encoding="utf-8"), True),  # rewritten alike
        (lambda: (corpus / "readout-007.txt").write_text(readout_text(47), encoding="utf-8"), True),  # another id
        (lambda: (corpus / "readout-008.txt").write_text(readout_text(12), encoding="utf-8"), True),  # 012 numbered
    ]
    for i, (change, updated) in enumerate(steps):
        change()
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="readout_site.archive"):
            site_build(corpus, out, list_limit=3)
        assert any("archive updated" in r.getMessage() for r in caplog.records) == updated, i
        assert differs_from_full_build(corpus, out, tmp_path / f"full-{i}", list_limit=3) == []
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="readout_site.archive"):
        site_build(corpus, out, list_limit=3, home_country="Kyrgyzstan")  # other terms: indexed anew
    assert not any("archive updated" in r.getMessage() for r in caplog.records)
    assert differs_from_full_build(corpus, out, tmp_path / "full-home", list_limit=3, home_country="Kyrgyzstan") == []


def test_build_output_does_not_depend_on_file_order_or_hash_seed(tmp_path):
    import subprocess
    import sys

    texts = {f"readout-{n:03d}.txt": readout_text(n) for n in range(6)}
    outs = []
    for i, (order, seed) in enumerate(((sorted(texts), "1"), (sorted(texts, reverse=True), "987"))):
        corpus = tmp_path / f"corpus{i}"
        corpus.mkdir()
        for name in order:
            (corpus / name).write_text(texts[name], encoding="utf-8")
            os.utime(corpus / name, ns=(10**18 + i * 10**9, 10**18 + i * 10**9))
        out = tmp_path / f"out{i}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1700000000"}
        subprocess.run([sys.executable, "-m", "readout_site", "build", "--corpus", str(corpus), "--out", str(out),
                        "--quiet"], check=True, env=env, cwd=tmp_path)
        outs.append(out)
    assert same_tree(outs[0], outs[1]) == []


def test_parallel_incremental_build_matches_full(tmp_path, monkeypatch):
    from readout_site import parallel
    from readout_site.build import build
    from readout_site.config import Config

    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)  # use worker processes even for a small archive
    config = Config(search=False, source_date_epoch=1_700_000_000)
    corpus = write_corpus(tmp_path / "corpus", range(12))
    out = tmp_path / "site"
    for step in range(3):
        write_corpus(corpus, [20 + step], extras={0: f"They also discussed energy ({step})."})
        write_corpus(corpus, [0], extras={0: f"They also discussed energy ({step})."})
        build(config, corpus, out, jobs=2)
    full = tmp_path / "full"
    build(config, corpus, full, full=True, jobs=1)
    assert len(tree(full)) > 40
    assert same_tree(out, full) == []


def test_config_latest_sets_the_home_page_list(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(6))
    out = tmp_path / "site"
    site_build(corpus, out, latest=2)
    home = (out / "index.html").read_text()
    latest = home.split('id="latest"')[1].split("</section>")[0]
    assert latest.count("<li") == 2


def assert_trees_manifest_is_true(out: Path) -> None:
    """What ``.OUT.trees`` says of the live and staging trees is what is on disk."""
    with open(out.parent / f".{out.name}.trees", "rb") as fh:
        manifest = pickle.load(fh)
    staging = out.parent / f".{out.name}.staging"
    assert set(tree(out)) == manifest["live"]
    assert set(tree(staging)) == manifest["staging"]
    for rel in manifest["shared"]:
        a, b = (out / rel).stat(), (staging / rel).stat()
        assert (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino), rel


def test_first_build_leaves_a_hard_linked_twin_for_the_next(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(5))
    out = tmp_path / "site"
    site_build(corpus, out)
    assert_trees_manifest_is_true(out)
    with open(tmp_path / ".site.trees", "rb") as fh:
        assert pickle.load(fh)["shared"] == set(tree(out))


def test_a_build_killed_while_updating_staging_is_repaired_by_the_next(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(6))
    out = tmp_path / "site"
    site_build(corpus, out)
    write_corpus(corpus, [7])
    site_build(corpus, out)
    # What a build killed after taking the manifest may leave: no manifest, stray and rewritten files.
    (tmp_path / ".site.trees").unlink()
    staging = tmp_path / ".site.staging"
    victim = next(staging.glob("readouts/*/index.html"))
    victim.unlink()  # never write into a link to the live site
    victim.write_text("half a page")
    (staging / "stray.html").write_text("left by a killed build")
    write_corpus(corpus, [41])
    site_build(corpus, out)
    assert differs_from_full_build(corpus, out, tmp_path / "full") == []
    assert_trees_manifest_is_true(out)


def test_a_damaged_cache_shard_costs_time_not_correctness(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(8))
    out = tmp_path / "site"
    site_build(corpus, out)
    shards = sorted((tmp_path / ".site.cache.d").iterdir())
    assert len(shards) > 2
    shards[0].write_bytes(b"not a pickle")
    shards[1].unlink()
    write_corpus(corpus, [41])
    result = site_build(corpus, out)
    assert result.cached < 8  # the records of the damaged shards were read again
    assert differs_from_full_build(corpus, out, tmp_path / "full") == []


def test_a_site_static_file_overriding_a_default_wins_in_every_build(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(5))
    out = tmp_path / "site"
    static = tmp_path / "templates" / "static"
    static.mkdir(parents=True)
    (static / "style.css").write_text("/* the site's own */\n")
    for n in (None, 7, 8):  # the default is written first, then the site's own over it
        if n is not None:
            write_corpus(corpus, [n])
        site_build(corpus, out, templates=tmp_path / "templates")
        assert (out / "static" / "style.css").read_text() == "/* the site's own */\n"
        assert_trees_manifest_is_true(out)
    # A live file is never written in place, also when staging has to be made again.
    (static / "style.css").unlink()
    write_corpus(corpus, [9])
    site_build(corpus, out, templates=tmp_path / "templates")
    holder = tmp_path / "holder.css"
    os.link(out / "static" / "style.css", holder)  # the default, live
    default = holder.read_text()
    shutil.rmtree(tmp_path / ".site.staging")
    (static / "style.css").write_text("/* changed */\n")
    write_corpus(corpus, [10])
    site_build(corpus, out, templates=tmp_path / "templates")
    assert (out / "static" / "style.css").read_text() == "/* changed */\n"
    assert holder.read_text() == default


def test_a_path_that_turns_from_file_to_directory_and_back(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(4))
    out = tmp_path / "site"
    static = tmp_path / "templates" / "static"
    static.mkdir(parents=True)
    # "deep": a file of the site two levels under what was a file (each tree of the two a build
    # swaps between meets it in turn).
    for step, shape in enumerate(["file", "dir", "dir", "file", "file", "deep", "deep", "file", "file", "deep"]):
        target = static / "fonts"
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        if shape == "file":
            target.write_text("a file")
        else:
            inner = target / "sub" if shape == "deep" else target
            inner.mkdir(parents=True)
            (inner / "a.woff").write_text("a font")
        write_corpus(corpus, [10 + step])
        site_build(corpus, out, templates=tmp_path / "templates")
        full = tmp_path / f"full-{step}"
        assert differs_from_full_build(corpus, out, full, templates=tmp_path / "templates") == [], shape


def test_a_full_build_removes_files_the_build_did_not_make(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(4))
    out = tmp_path / "site"
    site_build(corpus, out)
    (out / "stray.html").write_text("added by hand")
    site_build(corpus, out, full=True)
    assert not (out / "stray.html").exists()
    site_build(corpus, out, full=True)
    assert not (out / "stray.html").exists()
    assert_trees_manifest_is_true(out)


def test_workers_making_the_same_directories_at_once_do_not_fail(tmp_path):
    from readout_site.write import Staging

    staging = Staging(tmp_path / "site")
    staging.prepare()
    paths = [f"feeds/people/p{i}/index.xml" for i in range(4)] + [f"a/b/c/d{i}/x.html" for i in range(4)]
    children = []
    for _ in range(6):
        pid = os.fork()
        if pid == 0:  # a worker, as the render pool forks them
            code = 0
            try:
                for rel in paths:
                    staging.target(rel)
            except BaseException:
                code = 1
            os._exit(code)
        children.append(pid)
    assert [os.waitpid(pid, 0)[1] for pid in children] == [0] * 6


def _related_dates(page: Path) -> list[str]:
    """Dates (from the slugs) of the readouts listed under "Other readouts with ..." on a readout page."""
    html = page.read_text(encoding="utf-8")
    section = html[html.index('id="related-h"'):]
    section = section[:section.index("</section>")]
    return sorted(re.findall(r'href="[^"]*/readouts/(\d{4}-\d\d-\d\d)-', section))


def _day(n: int) -> str:
    return (dt.date(2019, 1, 1) + dt.timedelta(days=37 * n)).isoformat()  # as factory.readout_text dates it


def test_related_readouts_are_the_nearest_in_time_so_a_new_one_touches_only_its_neighbours(tmp_path):
    kyrgyz = list(range(0, 60, 5))  # twelve readouts with Kyrgyzstan, 185 days apart
    corpus = write_corpus(tmp_path / "corpus", kyrgyz)
    out = tmp_path / "site"
    site_build(corpus, out)
    first, last = (next(out.glob(f"readouts/{_day(n)}-*/index.html")) for n in (0, 55))
    assert _related_dates(first) == [_day(n) for n in kyrgyz[1:9]]  # the eight after it, not the newest
    middle = next(out.glob(f"readouts/{_day(30)}-*/index.html"))
    assert _related_dates(middle) == [_day(n) for n in (10, 15, 20, 25, 35, 40, 45, 50)]  # four each side
    before = first.stat()
    time.sleep(0.01)
    write_corpus(corpus, [60])  # a newer Kyrgyz readout
    site_build(corpus, out)
    after = first.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert _day(60) in _related_dates(last)


def test_small_changes_to_a_large_archive_plan_only_nearby_readout_pages_and_match_a_full_build(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(100))  # 20 readouts with each of five countries
    out = tmp_path / "site"
    site_build(corpus, out)

    def add():
        write_corpus(corpus, [100, 101])

    def edit_text():
        write_corpus(corpus, [50], extras={50: "They also discussed the weather."})

    def move():  # another date and another country under the same file name
        (corpus / "readout-020.txt").write_text(readout_text(83), encoding="utf-8")

    def delete():
        (corpus / "readout-010.txt").unlink()
        (corpus / "readout-099.txt").unlink()

    for step, change in enumerate([add, edit_text, move, delete]):
        change()
        result = site_build(corpus, out)
        assert result.pages_reused > 50, change.__name__  # most readout pages were not planned again
        assert 0 < result.pages_written < 60, change.__name__
        reference = site_build(corpus, tmp_path / f"full-{step}", full=True)
        assert reference.pages_reused == 0
        assert same_tree(out, tmp_path / f"full-{step}") == [], change.__name__


def test_a_rebuild_that_changes_nothing_keeps_what_small_changes_need(tmp_path):
    """A file saved again with the same bytes changes no page; the next small change still plans little."""
    corpus = write_corpus(tmp_path / "corpus", range(100))
    out = tmp_path / "site"
    site_build(corpus, out)
    same = corpus / "readout-030.txt"
    same.write_bytes(same.read_bytes())
    os.utime(same, ns=(same.stat().st_atime_ns, same.stat().st_mtime_ns + 1_000_000_000))
    assert site_build(corpus, out).unchanged
    write_corpus(corpus, [100])
    assert site_build(corpus, out).pages_reused > 50


def test_editing_one_readout_rewrites_only_the_cache_shards_that_hold_it(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(40))
    out = tmp_path / "site"
    site_build(corpus, out)
    shard_dir = tmp_path / ".site.cache.d"
    before = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in shard_dir.iterdir()}
    write_corpus(corpus, [7], extras={7: "They also discussed the weather."})
    site_build(corpus, out)
    after = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in shard_dir.iterdir()}
    rewritten = sorted(name for name in after if before.get(name) != after[name])
    assert len(before) > 20
    # The shard of its record and the shard of its fragments (kept by id), not the other sixty-odd.
    assert 1 <= len(rewritten) <= 4, rewritten
    assert set(after) == set(before)
    (corpus / "readout-007.txt").unlink()
    site_build(corpus, out)
    cache = pickle.loads((tmp_path / ".site.cache").read_bytes())
    assert set(cache["shards"]) == {p.name for p in shard_dir.iterdir()}
    kept = [pickle.loads(p.read_bytes())["items"] for p in shard_dir.glob("entries-*")]
    assert sum(len(items) for items in kept) == 39
    assert not any("readout-007.txt" in items for items in kept)


UNDATED = """Home > News & Events
Wang Yi Meets with Kyrgyz Foreign Minister Ruslan Kazakbaev

State Councilor and Foreign Minister Wang Yi met with Kyrgyz Foreign Minister Ruslan Kazakbaev in Beijing.

They discussed trade and the China-Kyrgyzstan-Uzbekistan railway.
"""

IN_GENEVA = """Home > News & Events
Wang Yi Meets with Russian Foreign Minister Sergey Lavrov in Geneva

On March 3, 2021, State Councilor and Foreign Minister Wang Yi met with Russian Foreign Minister Sergey Lavrov in Geneva.

They exchanged views on the situation in Afghanistan.
"""

SWISS = """Home > News & Events
Wang Yi Speaks with Swiss Foreign Minister Ignazio Cassis on the Phone

On April 7, 2021, State Councilor and Foreign Minister Wang Yi had a phone conversation with Swiss Foreign Minister Ignazio Cassis.

They discussed trade and investment.
"""


def test_facts_every_page_shows_are_part_of_every_page_s_inputs(tmp_path):
    """The first undated readout adds "Undated" to every page's menu; a country's first readout
    turns its name into a link on the pages of readouts held there. An incremental build must see both."""
    corpus = write_corpus(tmp_path / "corpus", range(6))
    (corpus / "geneva.txt").write_text(IN_GENEVA, encoding="utf-8")
    out = tmp_path / "site"
    site_build(corpus, out)
    geneva = next(out.glob("readouts/2021-03-03-*/index.html")).read_text(encoding="utf-8")
    assert "Switzerland" in geneva and "countries/switzerland/" not in geneva
    steps = [("undated.txt", UNDATED), ("swiss.txt", SWISS)]
    for step, (name, text) in enumerate(steps):
        (corpus / name).write_text(text, encoding="utf-8")
        site_build(corpus, out)
        site_build(corpus, tmp_path / f"full-{step}", full=True)
        assert same_tree(out, tmp_path / f"full-{step}") == [], name
    assert "undated/" in (out / "index.html").read_text(encoding="utf-8")
    geneva = next(out.glob("readouts/2021-03-03-*/index.html")).read_text(encoding="utf-8")
    assert "countries/switzerland/" in geneva
    for step, (name, _) in enumerate(reversed(steps)):  # and back
        (corpus / name).unlink()
        site_build(corpus, out)
        site_build(corpus, tmp_path / f"back-{step}", full=True)
        assert same_tree(out, tmp_path / f"back-{step}") == [], name


def test_a_site_template_reading_the_whole_archive_renders_every_page_on_a_change(tmp_path):
    """A footer counting every readout changes on every page when one readout is added."""
    corpus = write_corpus(tmp_path / "corpus", range(8))
    templates = tmp_path / "templates"
    templates.mkdir()
    base = (default_templates_dir() / "base.html").read_text(encoding="utf-8")
    assert "</footer>" in base
    (templates / "base.html").write_text(base.replace(
        "</footer>", '<p class="count">{{ archive.records|length }} readouts</p></footer>'), encoding="utf-8")
    out = tmp_path / "site"
    site_build(corpus, out, templates=templates)
    old_page = next(out.glob("readouts/2019-01-01-*/index.html"))
    assert '<p class="count">8 readouts</p>' in old_page.read_text(encoding="utf-8")
    write_corpus(corpus, [41])
    site_build(corpus, out, templates=templates)
    assert '<p class="count">9 readouts</p>' in old_page.read_text(encoding="utf-8")
    site_build(corpus, tmp_path / "full", full=True, templates=templates)
    assert same_tree(out, tmp_path / "full") == []


@pytest.mark.parametrize("partial, end", [("partials/row.html", "</li>"), ("partials/entry.xml", "</entry>")])
def test_a_per_readout_partial_reading_the_whole_archive_is_made_again_on_a_change(tmp_path, partial, end):
    """List rows and feed entries are made once per readout and kept; one that counts every
    readout must be made again, as the pages showing it, when a readout is added."""
    corpus = write_corpus(tmp_path / "corpus", range(6))
    path = tmp_path / "templates" / partial
    path.parent.mkdir(parents=True)
    text = (default_templates_dir() / partial).read_text(encoding="utf-8")
    assert end in text
    path.write_text(text.replace(end, "<!-- {{ archive.records|length }} in all -->" + end), encoding="utf-8")
    out = tmp_path / "site"
    site_build(corpus, out, templates=tmp_path / "templates")
    page = out / ("feeds/all.xml" if partial.endswith(".xml") else "index.html")
    assert "<!-- 6 in all -->" in page.read_text(encoding="utf-8")
    for n in (41, 42):
        write_corpus(corpus, [n])
        site_build(corpus, out, templates=tmp_path / "templates")
    assert "<!-- 6 in all -->" not in page.read_text(encoding="utf-8")
    assert differs_from_full_build(corpus, out, tmp_path / "full", templates=tmp_path / "templates") == []


@pytest.mark.parametrize("name, text, beyond", [
    ("base.html", "<footer>{{ archive.records|length }} readouts</footer>", True),
    ("base.html", "{% for y in archive.years %}{{ y }}{% endfor %}", True),
    ("base.html", "{% if archive.undated %}<a>Undated</a>{% endif %}", False),
    ("base.html", "{% if archive.undated|length > 3 %}many{% endif %}", True),
    ("home.html", "<p>Archive of {{ archive.home_country }}</p>", False),
    ("readout.html", "{{ archive.topics[t].label if t in archive.topics else t }}", False),
    ("readout.html", "{% if has_country_page(c) %}<a>{{ c }}</a>{% endif %}", False),
    ("year.html", "{% if has_country_page(c) %}<a>{{ c }}</a>{% endif %}", True),
    ("base.html", "<h1>The archive</h1><p class='archive'>{{ site.title }}</p>", False),  # prose, not code
    ("readout.html", "{{ archive.topics[t].readouts|length }}", True),  # a topic's size: not a page input
    ("base.html", "{% for t in archive.topics %}{{ t }}{% endfor %}", True),  # every topic: a loop, not a test
    ("base.html", "{{ archive.home_country.join(archive.records) }}", True),
    ("topic.html", "{% if t in archive.topics %}{{ archive.topics[t].label }}{% endif %}", False),
    ("partials/row.html", "<li>{{ r.title_display }} (home: {{ archive.home_country }})</li>", True),
    ("partials/row.html", "<li>{% include 'partials/extra.html' %}</li>", True),
    ("partials/row.html", "<li><a href='{{ person_url(r.participants[0].name) }}'>x</a></li>", True),
    ("partials/row.html", "<li>{{ r.title_display }} · {{ kind_label(r.kind) }}</li>", False),
    ("static/style.css", ".archive { color: red }", False),
])
def test_site_templates_reading_more_than_page_inputs_are_found(tmp_path, name, text, beyond):
    from readout_site.config import Config
    from readout_site.render import templates_beyond_inputs

    path = tmp_path / "templates" / name
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    assert templates_beyond_inputs(Config(templates=tmp_path / "templates")) == ([name] if beyond else [])


def test_data_files_written_beside_the_pages_match_a_full_build(tmp_path):
    """With two cores a small rebuild writes the data files and sitemap in a second process (the
    sitemap once the pages are planned)."""
    from readout_site.build import build
    from readout_site.config import Config

    config = Config(search=False, source_date_epoch=1_700_000_000, base_url="https://example.org/")
    corpus = write_corpus(tmp_path / "corpus", range(10))
    out = tmp_path / "site"
    build(config, corpus, out, jobs=2)
    for step in range(2):
        write_corpus(corpus, [30 + step])
        result = build(config, corpus, out, jobs=2)
        assert result.pages_written > 0
        build(config, corpus, tmp_path / f"full-{step}", full=True, jobs=1)
        assert same_tree(out, tmp_path / f"full-{step}") == []
        assert_trees_manifest_is_true(out)
    assert len(json.loads((out / "data" / "readouts.json").read_text(encoding="utf-8"))) == 12
    assert (out / "sitemap.xml").read_text(encoding="utf-8").count("<loc>https://example.org/readouts/") == 12


class _Written:
    """A stand-in for the staging tree: what ``parallel.beside`` writes, in a file per rel."""

    def __init__(self, root: Path):
        self.root, self.written, self.kept, self.twin_failed = root, 0, 0, False

    def want(self, rel: str) -> None:
        pass

    def write(self, rel: str, data: bytes) -> None:
        (self.root / rel).write_bytes(data)
        self.written += 1

    def wrote(self, rels, twin_failed: bool = False) -> None:
        pass


@pytest.mark.parametrize("jobs", [1, 2])
def test_files_beside_are_written_with_those_made_of_what_the_body_sends(tmp_path, jobs):
    from readout_site import parallel

    staging = _Written(tmp_path)
    more = lambda value: [(f"{name}.txt", functools.partial(str.encode, name)) for name in value]  # noqa: E731
    with parallel.beside([("first.txt", lambda: b"1")], staging, jobs, lambda: "then", more) as after:
        after.send(["a", "b"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt", "first.txt"]
    assert (tmp_path / "b.txt").read_bytes() == b"b" and after.result == "then" and staging.written == 3


def test_files_beside_are_written_here_when_no_process_can_be_made(tmp_path, monkeypatch):
    from readout_site import parallel

    def no_process(work):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(parallel, "_fork_with_report", no_process)
    staging = _Written(tmp_path)
    more = lambda value: [(f"{name}.txt", functools.partial(str.encode, name)) for name in value]  # noqa: E731
    with parallel.beside([("first.txt", lambda: b"1")], staging, 2, lambda: "then", more) as after:
        after.send(["a"])
        assert not (tmp_path / "first.txt").exists()  # written after the body, here
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "first.txt"] and after.result == "then"


def test_files_beside_whose_body_fails_before_sending_are_written_without_the_rest(tmp_path):
    """The process is not left waiting for what the body never sends; the body's error stands."""
    from readout_site import parallel

    staging = _Written(tmp_path)
    more = lambda value: [("never.txt", lambda: b"x")]  # noqa: E731
    started = time.monotonic()
    with pytest.raises(ZeroDivisionError):
        with parallel.beside([("first.txt", lambda: b"1")], staging, 2, None, more):
            1 / 0
    assert time.monotonic() - started < 10
    assert sorted(p.name for p in tmp_path.iterdir()) == ["first.txt"]


def test_a_failure_in_the_process_writing_data_files_fails_the_build_and_keeps_the_site(tmp_path):
    import pytest as _pytest

    from readout_site.build import build
    from readout_site.config import Config
    from readout_site.errors import BuildError

    corpus = write_corpus(tmp_path / "corpus", range(6))
    templates = tmp_path / "templates"
    templates.mkdir()
    out = tmp_path / "site"
    config = Config(search=False, source_date_epoch=1_700_000_000, templates=templates,
                    base_url="https://example.org/")  # a host: there is a sitemap
    build(config, corpus, out, jobs=2)
    before = tree(out)
    (templates / "sitemap.xml").write_text("{{ no_such_variable }}", encoding="utf-8")
    write_corpus(corpus, [30])
    with _pytest.raises(BuildError, match="no_such_variable"):
        build(config, corpus, out, jobs=2)
    assert tree(out) == before


def _stamp_after_the_last_build(path: Path, seconds: int) -> None:
    """Give ``path`` an mtime ``seconds`` from now (file systems round mtimes; a test must not)."""
    ns = time.time_ns() + seconds * 1_000_000_000
    os.utime(path, ns=(ns, ns))


def test_readouts_newer_than_the_cache_are_read_ahead_and_the_rest_after(tmp_path, caplog):
    """Two cores: a new readout is read in a second process while the cache loads; an edited one
    whose mtime went back (restored from a backup) is not guessed, and is read after."""
    from readout_site.build import build
    from readout_site.config import Config

    config = Config(search=False, source_date_epoch=1_700_000_000)
    corpus = write_corpus(tmp_path / "corpus", range(8))
    out = tmp_path / "site"
    build(config, corpus, out, jobs=2)
    write_corpus(corpus, [30])
    _stamp_after_the_last_build(corpus / "readout-030.txt", 5)
    edited = corpus / "readout-002.txt"
    old = edited.stat().st_mtime_ns
    write_corpus(corpus, [2], extras={2: "They also discussed energy."})
    os.utime(edited, ns=(old - 10**9, old - 10**9))
    with caplog.at_level(logging.DEBUG, logger="readout_site.parallel"):
        result = build(config, corpus, out, jobs=2)
    assert "1 readout(s) read ahead, 1 read now" in caplog.text
    assert result.reread == {"readout-030.txt", "readout-002.txt"}
    assert result.readouts == 9
    rid = next(r.id for r in result.archive.records if r.source_path == "readout-002.txt")
    assert "They also discussed energy." in (out / "readouts" / rid / "index.html").read_text(encoding="utf-8")
    assert differs_from_full_build(corpus, out, tmp_path / "full") == []


def test_a_failed_read_ahead_costs_time_not_correctness(tmp_path, caplog, monkeypatch):
    from readout_site import parallel
    from readout_site.build import build
    from readout_site.config import Config

    config = Config(search=False, source_date_epoch=1_700_000_000)
    corpus = write_corpus(tmp_path / "corpus", range(8))
    out = tmp_path / "site"
    build(config, corpus, out, jobs=2)
    monkeypatch.setattr(parallel, "_parse_in_child", lambda *args: os._exit(3))
    write_corpus(corpus, [30, 31])
    for n in (30, 31):
        _stamp_after_the_last_build(corpus / f"readout-{n:03d}.txt", 5)
    with caplog.at_level(logging.DEBUG, logger="readout_site.parallel"):
        result = build(config, corpus, out, jobs=2)
    assert "nothing read ahead" in caplog.text
    assert result.reread == {"readout-030.txt", "readout-031.txt"}
    assert result.readouts == 10
    assert differs_from_full_build(corpus, out, tmp_path / "full") == []


def test_a_process_prepared_to_read_ahead_reads_what_it_is_given_or_ends_unasked(tmp_path):
    """``ParseAhead.prepare`` forks before the files are known; ``start`` sends them; a process given
    nothing is stopped at once, not waited for."""
    import functools

    from readout_site.lexicon import load_lexicon
    from readout_site.parallel import ParseAhead
    from readout_site.sources import scan, stamp_of

    corpus = write_corpus(tmp_path / "corpus", [1, 2])
    source = next(s for s in scan(corpus).readouts if s.rel == "readout-001.txt")
    ahead = ParseAhead(jobs=2)
    ahead.prepare()
    assert ahead._child is not None
    ahead.start([source], functools.partial(load_lexicon))
    done, rest = ahead.results([(source, stamp_of(source), None)])
    assert rest == [] and [d[0].rel for d in done] == ["readout-001.txt"]
    assert "Wang Yi" in {p.name for p in done[0][3].participants}

    idle = ParseAhead(jobs=2)
    idle.prepare()
    pid = idle._child[0]
    started = time.monotonic()
    assert idle.results([(source, stamp_of(source), None)]) == ([], [(source, stamp_of(source), None)])
    assert time.monotonic() - started < 10
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped


def test_giving_work_to_a_process_still_importing_the_loader_does_not_wait_for_it(tmp_path, monkeypatch):
    """The work (the lexicon's texts: more than a pipe holds) is written while the build goes on."""
    import functools

    from readout_site import parallel
    from readout_site.lexicon import lexicon_from, lexicon_sources
    from readout_site.sources import scan, stamp_of

    corpus = write_corpus(tmp_path / "corpus", [1])
    source = scan(corpus).readouts[0]
    slow = parallel._parse_when_told

    def importing_slowly(told, tell):
        time.sleep(2)
        return slow(told, tell)

    monkeypatch.setattr(parallel, "_parse_when_told", importing_slowly)
    ahead = parallel.ParseAhead(jobs=2)
    ahead.prepare()
    make_lexicon = functools.partial(lexicon_from, lexicon_sources(()), cache_path=None)
    started = time.monotonic()
    ahead.start([source], make_lexicon)
    assert time.monotonic() - started < 1.5
    done, rest = ahead.results([(source, stamp_of(source), None)])
    assert rest == [] and done[0][3].title.startswith("Wang Yi Speaks with")


def test_work_that_cannot_be_given_to_the_read_ahead_process_is_read_here(tmp_path):
    """Reading ahead is a shortcut: work that cannot be sent (here a lexicon recipe that does not
    pickle) leaves the process to end without it, and nothing is read ahead."""
    from readout_site import parallel
    from readout_site.lexicon import load_lexicon
    from readout_site.sources import scan, stamp_of

    corpus = write_corpus(tmp_path / "corpus", [1])
    source = scan(corpus).readouts[0]
    ahead = parallel.ParseAhead(jobs=2)
    ahead.prepare()
    pid = ahead._child[0]
    ahead.start([source], lambda: load_lexicon())  # a lambda does not pickle
    task = (source, stamp_of(source), None)
    assert ahead.results([task]) == ([], [task])
    parallel.reap_ended()  # as the build does at its end
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # ended and reaped


def test_the_cache_read_ahead_and_not_taken_is_let_go(tmp_path):
    """Shards of a cache made with another lexicon are read ahead but not used: not kept."""
    from readout_site import render
    from readout_site.build import build
    from readout_site.cache import BuildCache, CacheFiles
    from readout_site.config import Config
    from readout_site.sources import scan

    config = Config(search=False, source_date_epoch=1_700_000_000)
    corpus = write_corpus(tmp_path / "corpus", range(3))
    out = tmp_path / "site"
    build(config, corpus, out, jobs=1)
    files = CacheFiles(out)
    while files.read_next():
        pass
    assert len(files._read) > 2
    cache = BuildCache.open(out, config, "another lexicon", render.templates_digest(config), full=False,
                            corpus=scan(corpus), quick=False, files=files)
    assert cache.entries == {} and files._read == {}


def test_a_build_that_reads_no_readout_does_not_load_the_lexicon(tmp_path, monkeypatch):
    """Topic labels and the home country's name are kept with the records; removing a readout
    (or a template change) needs no lexicon, and a new home country setting is still honoured."""
    from readout_site import build as build_mod

    corpus = write_corpus(tmp_path / "corpus", range(6))
    out = tmp_path / "site"
    site_build(corpus, out)

    def no_lexicon(*args, **kwargs):
        raise AssertionError("the lexicon was loaded")

    monkeypatch.setattr(build_mod, "lexicon_from", no_lexicon)
    (corpus / "readout-003.txt").unlink()
    result = site_build(corpus, out)
    assert result.readouts == 5 and "Belt and Road" in (out / "topics" / "index.html").read_text(encoding="utf-8")
    with pytest.raises(AssertionError, match="the lexicon was loaded"):
        site_build(corpus, out, home_country="kyrgyz")  # a new setting: the lexicon names it
    monkeypatch.undo()
    result = site_build(corpus, out, home_country="kyrgyz")
    assert result.archive.home_country == "Kyrgyzstan"
    assert differs_from_full_build(corpus, out, tmp_path / "full", home_country="kyrgyz") == []


def test_the_stamps_file_is_read_past_its_key_only_when_the_key_matches(tmp_path, caplog):
    """A build that changed something reads the key of the last build's stamps, not the states
    of every file after it (long for a large archive); a damaged file costs time only."""
    import pickle as _pickle

    from readout_site.cache import _file_columns, _read_stamps

    path = tmp_path / ".site.cache.stamps"
    path.write_bytes(_pickle.dumps({"quick_key": "k1"}) + b"not a pickle")
    assert _read_stamps(path, "k2") is None and "unreadable" not in caplog.text
    assert _read_stamps(path, "k1") is None and "unreadable" in caplog.text
    states = [{"path": "a.txt", "state": "built", "id": "a", "messages": []},
              {"path": "b.txt", "state": "rejected", "messages": ["empty"]}]
    path.write_bytes(_pickle.dumps({"quick_key": "k1"}) + _pickle.dumps(_file_columns(states)))
    assert _read_stamps(path, "k1") == states
    assert _read_stamps(tmp_path / "missing", "k1") is None


def test_a_no_op_build_reports_the_last_build_s_files(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(4))
    (corpus / "notes.doc").write_text("x", encoding="utf-8")
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "readout-001.yaml").write_text("kind: talks\n", encoding="utf-8")
    out = tmp_path / "site"
    first = site_build(corpus, out)
    again = site_build(corpus, out)
    assert again.unchanged and again.files == first.files and len(first.files) == 7
    assert [list(f) for f in again.files] == [list(f) for f in first.files]  # keys in the same order (the report)
    assert {f["state"] for f in first.files} == {"built", "skipped", "rejected", "sidecar"}


def test_work_is_shared_between_this_process_and_its_workers_each_task_once(tmp_path):
    """Parsing and rendering on two cores: this process takes tasks too, from the same counter
    as its forked worker; every task runs once and its result comes back here."""
    from readout_site import parallel

    ran = tmp_path / "ran"

    def run(task: int) -> int:
        time.sleep(0.005)  # long enough for both processes to take some
        with open(ran, "a", encoding="utf-8") as fh:
            fh.write(f"{task} {os.getpid()}\n")
        return task * 2

    got = {}
    parallel._share_out(list(range(60)), run, 2, lambda task, result, here: got.setdefault(task, (result, here)))
    lines = [line.split() for line in ran.read_text(encoding="utf-8").splitlines()]
    assert sorted(int(task) for task, _ in lines) == list(range(60))  # each once
    assert got == {task: (task * 2, got[task][1]) for task in range(60)}
    assert {here for _, here in got.values()} == {True, False}
    assert str(os.getpid()) in {pid for _, pid in lines} and len({pid for _, pid in lines}) == 2


def test_sharing_work_leaves_the_interpreter_switch_interval_as_it_found_it(tmp_path):
    """While a pool runs, this process switches threads more often (its pool threads take the
    workers' results in); afterwards, and after a task fails, the interval is the caller's again."""
    from readout_site import parallel

    seen = []

    def run(task: int) -> int:
        seen.append(sys.getswitchinterval())
        if task == 5:
            raise ValueError("task 5 fails")
        time.sleep(0.01)
        return task

    before = sys.getswitchinterval()
    parallel._share_out(list(range(6, 16)), run, 2, lambda task, result, here: None)
    assert sys.getswitchinterval() == before
    assert seen and seen == [pytest.approx(parallel.SWITCH_INTERVAL)] * len(seen)  # the tasks this process took
    assert parallel.SWITCH_INTERVAL != pytest.approx(before)
    with pytest.raises(ValueError, match="task 5 fails"):
        parallel._share_out(list(range(10, 0, -1)), run, 2, lambda task, result, here: None)
    assert sys.getswitchinterval() == before


def test_a_build_keeps_its_working_objects_only_when_asked_to(tmp_path):
    """The command line holds a build's records and plan to its os._exit (build.hold_until_exit);
    serve and library callers, which build again and again, keep only the result."""
    from readout_site.build import build
    from readout_site.config import Config

    corpus = write_corpus(tmp_path / "corpus", range(3))
    assert site_build(corpus, tmp_path / "site").working is None
    held = build(Config(search=False), corpus, tmp_path / "held", jobs=1, hold=True).working
    records = next(obj for obj in held if isinstance(obj, list) and obj and hasattr(obj[0], "source_path"))
    assert sorted(r.source_path for r in records) == ["readout-000.txt", "readout-001.txt", "readout-002.txt"]


def _corpus_of_every_kind(root: Path) -> Path:
    """Readouts with and without a sidecar, a lexicon file, and files skipped for a reason."""
    corpus = write_corpus(root, range(4))
    (corpus / "readout-001.yaml").write_text("topics: [trade]\n", encoding="utf-8")
    (corpus / "_lexicon").mkdir()
    (corpus / "_lexicon" / "people.yaml").write_text("people: []\n", encoding="utf-8")
    (corpus / "notes.pdf").write_bytes(b"%PDF")
    (corpus / "readout-002.txt~").write_text("backup", encoding="utf-8")
    (corpus / "2021").mkdir()
    (corpus / "2021" / "readout-009.txt").write_text(readout_text(9), encoding="utf-8")
    return corpus


def test_a_corpus_scanned_ahead_is_the_corpus_scanned_here(tmp_path):
    import dataclasses

    from readout_site.parallel import ScanAhead
    from readout_site.sources import scan, stamps_digest

    corpus = _corpus_of_every_kind(tmp_path / "corpus")
    here = scan(corpus)
    sidecars = {s.rel: s.sidecar for s in here.readouts}
    assert sidecars["readout-001.txt"] is not None and sidecars["2021/readout-009.txt"] is None
    assert here.lexicon_files and len(here.skipped) == 2
    ahead = ScanAhead.start(corpus, jobs=2)
    assert ahead._child is not None  # a process of its own
    got = ahead.corpus(corpus)
    assert got.stamps == stamps_digest(here) and here.stamps is None  # the stamps' digest, made there
    assert dataclasses.replace(got, stamps=None) == here


def test_a_failed_scan_ahead_is_done_again_here_and_its_errors_reported_as_ever(tmp_path, monkeypatch, caplog):
    from readout_site import parallel
    from readout_site.errors import BuildError
    from readout_site.sources import scan

    corpus = _corpus_of_every_kind(tmp_path / "corpus")
    monkeypatch.setattr(parallel, "_scan_in_child", lambda root: os._exit(3))
    with caplog.at_level(logging.DEBUG, logger="readout_site.parallel"):
        assert parallel.ScanAhead.start(corpus, jobs=2).corpus(corpus) == scan(corpus)
    assert "no corpus scanned ahead" in caplog.text
    monkeypatch.undo()
    other = write_corpus(tmp_path / "other", [7])
    ahead = parallel.ScanAhead.start(corpus, jobs=2)
    assert ahead.corpus(other) == scan(other)  # not the directory it scanned: scanned here
    missing = parallel.ScanAhead.start(tmp_path / "missing", jobs=2)
    with pytest.raises(BuildError, match="missing: the corpus directory cannot be read"):
        missing.corpus(tmp_path / "missing")


def test_the_summary_names_the_stages_in_the_order_of_the_pipeline(tmp_path):
    from readout_site.build import build
    from readout_site.config import Config

    corpus = write_corpus(tmp_path / "corpus", range(3))
    result = build(Config(search=False, source_date_epoch=1_700_000_000), corpus, tmp_path / "site", jobs=2)
    assert list(result.timings) == ["sources", "records", "archive", "pages", "render", "write"]


def test_a_process_that_reported_is_not_waited_for_until_it_ends():
    """Its report is taken at once; the process, still ending, is reaped at the end of the build."""
    from readout_site import parallel

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: reports, then takes its time to end
        os.close(read_end)
        os.write(write_end, pickle.dumps({"done": 1}))
        os.close(write_end)
        time.sleep(1.5)
        os._exit(0)
    os.close(write_end)
    started = time.monotonic()
    assert parallel._report_of(pid, read_end) == ({"done": 1}, "ending")
    assert time.monotonic() - started < 1
    assert os.waitpid(pid, os.WNOHANG) == (0, 0)  # still there
    parallel.reap_ended()
    assert parallel._ending == []
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped


def test_a_build_leaves_no_process_behind(tmp_path):
    """Every process a build forks (scan, reading ahead, data files, workers) is reaped by its end."""
    from readout_site.build import build
    from readout_site.config import Config

    config = Config(search=False, source_date_epoch=1_700_000_000)
    corpus = write_corpus(tmp_path / "corpus", range(1, 6))
    build(config, corpus, tmp_path / "site", jobs=2)
    write_corpus(tmp_path / "corpus", [6])
    assert build(config, corpus, tmp_path / "site", jobs=2).cached == 5
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_a_scan_ahead_no_longer_wanted_is_stopped_not_waited_for(tmp_path, monkeypatch):
    """A build that fails before it takes the corpus (its output locked, say) ends at once."""
    from readout_site import parallel

    monkeypatch.setattr(parallel, "_scan_in_child", lambda root: time.sleep(60))
    ahead = parallel.ScanAhead.start(tmp_path, jobs=2)
    pid = ahead._child[0]
    started = time.monotonic()
    ahead.close()
    assert time.monotonic() - started < 10
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped


def test_a_scan_ahead_says_when_its_corpus_can_be_taken_without_waiting(tmp_path, monkeypatch):
    from readout_site import parallel

    corpus = write_corpus(tmp_path / "corpus", [1, 2])
    gate = tmp_path / "gate"
    monkeypatch.setattr(parallel, "_scan_in_child", lambda root: _scan_after(gate, root))
    ahead = parallel.ScanAhead.start(corpus, jobs=2)
    time.sleep(0.3)
    assert not ahead.ready()  # still scanning
    gate.touch()
    deadline = time.monotonic() + 20
    while not ahead.ready() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert ahead.ready()
    assert [s.rel for s in ahead.corpus(corpus).readouts] == ["readout-001.txt", "readout-002.txt"]
    assert parallel.ScanAhead(corpus, None).ready()  # no process: nothing to wait for


def _scan_after(gate, root):
    """A scan in the child that waits for ``gate`` to exist first."""
    from readout_site.sources import scan

    while not gate.exists():
        time.sleep(0.01)
    return scan(root).packed()


def test_the_cache_read_while_the_corpus_is_scanned_is_what_the_build_takes(tmp_path):
    """``CacheFiles.read_next`` reads the index, then each shard it names; ``take`` gives what was
    read (the file is not read again) or reads it now."""
    import pickle

    from readout_site.cache import FORMAT, CacheFiles

    out = tmp_path / "site"
    index = tmp_path / ".site.cache"
    shards = tmp_path / ".site.cache.d"
    shards.mkdir()
    index.write_bytes(pickle.dumps({"format": FORMAT - 1, "shards": {"entries-00": "t0"}}))
    assert not CacheFiles(out).read_next()  # an index of another format: its shards are not read ahead
    index.write_bytes(pickle.dumps({"format": FORMAT, "shards": {"entries-01": "t1", "entries-00": "t0"}}))
    for name in ("entries-00", "entries-01"):
        (shards / name).write_bytes(pickle.dumps({"name": name}))
    files = CacheFiles(out)
    assert files.read_next() and files.read_next()  # the index, then the first shard
    assert not files.read_next()  # the second and last
    assert not files.read_next()
    for path in (index, shards / "entries-00", shards / "entries-01"):
        path.unlink()  # taken from what was read
    assert files.take(index) == {"format": FORMAT, "shards": {"entries-01": "t1", "entries-00": "t0"}}
    assert files.take(shards / "entries-00") == {"name": "entries-00"}
    assert files.take(shards / "entries-01") == {"name": "entries-01"}
    assert files.take(index) is None  # taken once; now read again, and gone
    (shards / "entries-02").write_bytes(pickle.dumps({"name": "entries-02"}))
    assert CacheFiles(out).take(shards / "entries-02") == {"name": "entries-02"}  # not read ahead: read now
    assert not CacheFiles(tmp_path / "none").read_next()  # no cache at all
    index.write_bytes(pickle.dumps({"format": FORMAT, "shards": {"entries-01": "t1", "entries-00": "t0"}}))
    for name in ("entries-00", "entries-01"):
        (shards / name).write_bytes(pickle.dumps({"name": name}))
    size = (shards / "entries-00").stat().st_size
    assert not CacheFiles(out, budget=index.stat().st_size - 1).read_next()  # not even the index
    frugal = CacheFiles(out, budget=index.stat().st_size + size)  # room for the index and one shard
    assert frugal.read_next() and frugal.read_next()  # the index, then one shard
    assert not frugal.read_next()  # the budget spent: the other is not read ahead
    (shards / "entries-00").unlink()
    assert frugal.take(shards / "entries-00") == {"name": "entries-00"}  # as read ahead
    assert frugal.take(shards / "entries-01") == {"name": "entries-01"}  # read now


def test_the_command_line_builds_from_the_corpus_it_scanned_ahead(tmp_path, monkeypatch, capsys):
    from readout_site import cli

    corpus = _corpus_of_every_kind(tmp_path / "corpus")
    from readout_site.sources import Corpus

    taken = []

    original = Corpus.unpacked.__func__

    def spy(cls, packed):
        taken.append(packed[0])
        return original(cls, packed)

    monkeypatch.setattr(Corpus, "unpacked", classmethod(spy))
    monkeypatch.chdir(tmp_path)
    assert cli.main(["build", "--out", str(tmp_path / "site"), "--jobs", "2"]) == 0
    assert taken == [corpus.resolve()]
    assert "5 readouts (" in capsys.readouterr().err
    assert len(list((tmp_path / "site" / "readouts").glob("*/index.html"))) == 5


def test_a_new_build_time_from_the_environment_reaches_every_page_showing_it(tmp_path, monkeypatch):
    """SOURCE_DATE_EPOCH, when the config sets no time, dates what has no date of its own (a feed
    entry of an undated readout): a rebuild under another value equals a full build under it."""
    from readout_site.build import build
    from readout_site.config import Config

    corpus = write_corpus(tmp_path / "corpus", range(3))
    (corpus / "undated.txt").write_text(
        "Home > News\nWang Yi Meets with Sergey Lavrov\n\nWang Yi met with Russian Foreign Minister Sergey "
        "Lavrov. They discussed trade and the Belt and Road Initiative.\n", encoding="utf-8")
    out = tmp_path / "site"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    build(Config(search=False), corpus, out, jobs=1)
    feeds = lambda root: "".join(p.read_text(encoding="utf-8") for p in sorted(root.glob("feeds/**/*.xml")))
    assert "2020-09-13T12:26:40" in feeds(out)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(Config(search=False), corpus, out, jobs=1)
    assert "2020-09-13T12:26:40" not in feeds(out) and "2023-11-14T22:13:20" in feeds(out)
    build(Config(search=False), corpus, tmp_path / "full", full=True, jobs=1)
    assert same_tree(out, tmp_path / "full") == []
