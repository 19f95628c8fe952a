"""The search stage (``readout_site.search``): Pagefind's indexer run over the new site.

Most tests run the real Pagefind binary. Two put a small stand-in indexer in its
place (a Python script) to pin down what only a misbehaving or slow indexer shows:
the build waits for the indexer's own exit before it takes the bundle, and a
failing indexer fails the build with the indexer's message.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import signal
import sys
import textwrap
import time

import cbor2
import pagefind_bin
import pytest

from factory import differs_from_full_build, readout_text, same_tree, site_build, tree, write_corpus
from readout_site.errors import BuildError


def _stand_in(tmp_path, monkeypatch, body: str):
    """Run ``body`` (Python, with ``out``: the bundle directory) as the indexer."""
    script = tmp_path / "indexer.py"
    script.write_text(f"#!{sys.executable}\n" + textwrap.dedent("""\
        import os, sys, time
        out = sys.argv[sys.argv.index("--output-path") + 1]
        """) + textwrap.dedent(body))
    script.chmod(0o755)
    monkeypatch.setattr(pagefind_bin, "get_executable", lambda: script)


def test_the_bundle_is_taken_only_when_the_indexer_has_exited(tmp_path, monkeypatch):
    # An indexer whose last file is still being written well after it could have answered "done".
    _stand_in(tmp_path, monkeypatch, """\
        os.makedirs(out)
        with open(os.path.join(out, "pagefind-entry.json"), "w") as fh:
            fh.write('{"version":"0","languages":{}}')
        with open(os.path.join(out, "pagefind-ui.css"), "wb") as fh:
            for _ in range(4):
                fh.write(b"x" * 4096)
                fh.flush()
                time.sleep(0.15)
        """)
    corpus = write_corpus(tmp_path / "corpus", range(3))
    out = tmp_path / "site"
    result = site_build(corpus, out, search=True)
    assert (out / "pagefind" / "pagefind-ui.css").read_bytes() == b"x" * 16384
    assert result.pages_written == len(tree(out))


def _running(pid: int) -> bool:
    """True while process ``pid`` exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs util-linux setpriv")
def test_the_indexer_does_not_outlive_a_killed_build(tmp_path, monkeypatch):
    pidfile = tmp_path / "indexer.pid"
    _stand_in(tmp_path, monkeypatch, f"""\
        with open({str(pidfile)!r} + ".tmp", "w") as fh:
            fh.write(str(os.getpid()))
        os.replace({str(pidfile)!r} + ".tmp", {str(pidfile)!r})
        time.sleep(120)
        """)
    corpus = write_corpus(tmp_path / "corpus", range(3))
    build = os.fork()
    if build == 0:  # the build, killed below while its indexer runs
        try:
            site_build(corpus, tmp_path / "site", search=True)
        finally:
            os._exit(0)
    deadline = time.monotonic() + 120
    while not pidfile.exists():
        assert time.monotonic() < deadline, "the indexer never started"
        time.sleep(0.05)
    indexer = int(pidfile.read_text())
    assert _running(indexer)
    os.kill(build, signal.SIGKILL)  # the build alone, not its process group
    os.waitpid(build, 0)
    deadline = time.monotonic() + 20
    while _running(indexer):
        if time.monotonic() > deadline:
            os.kill(indexer, signal.SIGKILL)
            pytest.fail("the indexer went on after the build was killed")
        time.sleep(0.05)


def test_a_failing_indexer_fails_the_build_with_its_message_and_keeps_the_site(tmp_path, monkeypatch):
    corpus = write_corpus(tmp_path / "corpus", range(3))
    out = tmp_path / "site"
    site_build(corpus, out, search=True)
    before = tree(out)
    _stand_in(tmp_path, monkeypatch, """\
        print("Error: the disk said no", file=sys.stderr)
        sys.exit(3)
        """)
    write_corpus(corpus, [5])
    with pytest.raises(BuildError) as info:
        site_build(corpus, out, search=True)
    assert "search index" in str(info.value) and "exited with 3" in str(info.value)
    assert "the disk said no" in str(info.value)
    assert tree(out) == before


def test_an_archive_without_readouts_has_a_search_page_and_no_index(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    out = tmp_path / "site"
    site_build(corpus, out, search=True)
    assert not (out / "pagefind").exists()
    page = (out / "search" / "index.html").read_text()
    assert "nothing to search" in page and "pagefind-ui.js" not in page
    write_corpus(corpus, range(2))  # the first readouts: the index and the search box appear
    site_build(corpus, out, search=True)
    assert (out / "pagefind" / "pagefind-ui.js").is_file()
    assert "pagefind-ui.js" in (out / "search" / "index.html").read_text()
    assert differs_from_full_build(corpus, out, tmp_path / "full", search=True) == []


def test_pagefind_settings_outside_the_build_are_ignored(tmp_path, monkeypatch):
    # Pagefind reads PAGEFIND_* variables and a pagefind.yml in its working directory; the
    # build passes neither of these two settings itself.
    monkeypatch.setenv("PAGEFIND_WRITE_PLAYGROUND", "true")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pagefind.yml").write_text('include_characters: "#"\n')
    corpus = write_corpus(tmp_path / "corpus", range(3))
    out = tmp_path / "site"
    site_build(corpus, out, search=True)
    bundle = out / "pagefind"
    assert "wasm.en.pagefind" in {p.name for p in bundle.iterdir()}
    assert not (bundle / "playground").exists()
    assert "#" not in json.loads((bundle / "pagefind-entry.json").read_text())["include_characters"]


def _index_file(path):
    raw = gzip.decompress(path.read_bytes())
    assert raw.startswith(b"pagefind_dcd")
    return raw[len(b"pagefind_dcd"):]


def test_the_same_pages_give_the_same_bundle_byte_for_byte(tmp_path):
    # Pagefind lists filters and their values in the order of a randomly seeded hash map.
    corpus = write_corpus(tmp_path / "corpus", range(12))
    one, two = tmp_path / "one", tmp_path / "two"
    site_build(corpus, one, search=True)
    site_build(corpus, two, search=True)
    assert [p for p in tree(one) if p.startswith("pagefind/filter/")]
    assert same_tree(one, two) == []


def test_filters_are_in_sorted_order_and_named_by_their_content(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(12))
    out = tmp_path / "site"
    site_build(corpus, out, search=True)
    bundle = out / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    meta_hash = entry["languages"]["en"]["hash"]
    meta_file = bundle / f"pagefind.{meta_hash}.pf_meta"
    assert sorted(p.name for p in bundle.glob("*.pf_meta")) == [meta_file.name]
    meta = cbor2.loads(_index_file(meta_file))
    assert meta_hash == "en_" + hashlib.sha256(_index_file(meta_file)).hexdigest()[:10]
    filters = meta[3]
    assert [name for name, _ in filters] == sorted(["country", "kind", "person", "topic", "year"])
    assert sorted(p.stem for p in (bundle / "filter").iterdir()) == sorted(h for _, h in filters)
    for name, file_hash in filters:
        body = _index_file(bundle / "filter" / f"{file_hash}.pf_filter")
        assert file_hash == "en_" + hashlib.sha256(body).hexdigest()[:7]
        filter_name, values = cbor2.loads(body)
        assert filter_name == name and values == sorted(values) and len(values) > 0
    countries = dict(cbor2.loads(_index_file(bundle / "filter" / f"{dict(filters)['country']}.pf_filter"))[1])
    assert sum(len(pages) for pages in countries.values()) >= 12  # every readout is with some country


# ------------------------------------------------------------------ page numbers

def _write_pf(path, data) -> None:
    path.write_bytes(gzip.compress(b"pagefind_dcd" + cbor2.dumps(data)))


def _shuffle_page_numbers(bundle, seed: int, site) -> None:
    """Number the bundle's pages (of ``site``) in another order, as Pagefind would have had it met
    them in that order: every list of page numbers follows, the files keep their names."""
    import random

    meta_path = next(bundle.glob("pagefind.*.pf_meta"))
    meta = cbor2.loads(_index_file(meta_path))
    count = len(meta[1])
    order = list(range(count))
    random.Random(seed).shuffle(order)  # order[new] = old
    new_of = {old: new for new, old in enumerate(order)}
    values = _sort_values(bundle, site, [name for name, _ in meta[1]])  # old number -> {sort: value}
    meta[1] = [meta[1][old] for old in order]
    # Pagefind sorts the pages by value, equal values in the order of their numbers
    meta[4] = [[name, sorted((new_of[p] for p in pages), key=lambda new: (values[order[new]][name], new))]
               for name, pages in meta[4]]

    def pages_again(pages):  # [[difference, ...rest], ...] -> renumbered, ordered, differences again
        absolute, total = [], 0
        for page in pages:
            total += page[0]
            absolute.append([new_of[total], *page[1:]])
        absolute.sort(key=lambda p: p[0])
        return [[p[0] - (absolute[i - 1][0] if i else 0), *p[1:]] for i, p in enumerate(absolute)]

    for _, _, file_hash in meta[2]:
        path = bundle / "index" / f"{file_hash}.pf_index"
        (words,) = cbor2.loads(_index_file(path))
        _write_pf(path, [[[w, pages_again(pages), [[f, pages_again(v)] for f, v in variants]]
                          for w, pages, variants in words]])
    for _, file_hash in meta[3]:
        path = bundle / "filter" / f"{file_hash}.pf_filter"
        name, values = cbor2.loads(_index_file(path))
        _write_pf(path, [name, [[value, sorted(new_of[p] for p in pages)] for value, pages in values[::-1]]])
    _write_pf(meta_path, meta)


def _sort_values(bundle, site, fragments: list[str]) -> list[dict[str, str]]:
    """Each page's sort values, read from its HTML (Pagefind keeps them nowhere in the bundle)."""
    out = []
    for name in fragments:
        url = json.loads(_index_file(bundle / "fragment" / f"{name}.pf_fragment"))["url"]
        html = (site / url.strip("/") / "index.html").read_text(encoding="utf-8")
        out.append(dict(re.findall(r'data-pagefind-sort="([^"]+)">([^<]*)<', html)))
    return out


@pytest.mark.parametrize("seed", [1, 2])
def test_the_bundle_does_not_depend_on_the_order_pagefind_numbered_the_pages(tmp_path, seed):
    from readout_site.search import settle_order

    corpus = write_corpus(tmp_path / "corpus", range(12))
    for n in (3, 5):  # readouts on the same dates as others: equal dates must not tie in the sort order
        (corpus / f"readout-1{n:02d}.txt").write_text(readout_text(n, "Both sides met again."), encoding="utf-8")
    out = tmp_path / "site"
    site_build(corpus, out, search=True)
    bundle = out / "pagefind"
    before = tree(bundle)
    other = tmp_path / "other"
    shutil.copytree(bundle, other)
    _shuffle_page_numbers(other, seed, out)
    assert tree(other) != before  # the shuffle changed the page numbers in the files
    settle_order(other)
    after = tree(other)
    assert sorted(after) == sorted(before)
    assert [p for p in after if after[p] != before[p]] == []
    meta = cbor2.loads(_index_file(next(bundle.glob("pagefind.*.pf_meta"))))
    names = [name for name, _ in meta[1]]
    assert names == sorted(names) and len(names) == 14  # pages numbered in the order of their fragments


def _tmpfs() -> str | None:
    try:
        mounts = open("/proc/mounts", encoding="utf-8").read().splitlines()
    except OSError:
        return None
    places = {line.split()[1] for line in mounts if len(line.split()) > 2 and line.split()[2] == "tmpfs"}
    return next((p for p in ("/dev/shm", "/tmp", "/run") if p in places and os.access(p, os.W_OK)), None)


@pytest.mark.skipif(_tmpfs() is None, reason="needs a writable tmpfs (it lists a directory newest first)")
def test_builds_whose_readouts_were_made_in_other_orders_give_the_same_bundle_on_tmpfs(tmp_path):
    root = tmp_path.__class__(_tmpfs()) / f"readout-site-test-{os.getpid()}-{time.monotonic_ns()}"
    try:
        corpus, grown = root / "corpus", root / "grown"
        for numbers in (range(5, 10), range(5)):  # readouts 5-9 first: 0-4's directories are made later
            site_build(write_corpus(corpus, numbers), grown, search=True)
        whole = root / "whole"
        site_build(corpus, whole, search=True)
        assert os.listdir(grown / "readouts") != os.listdir(whole / "readouts")  # tmpfs: creation order
        assert [p for p in tree(whole) if p.startswith("pagefind/")]
        grown_tree, whole_tree = tree(grown), tree(whole)
        assert sorted(p for p in set(grown_tree) | set(whole_tree) if grown_tree.get(p) != whole_tree.get(p)) == []
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _pagefind_name(data: bytes, length: int) -> str:
    """Pagefind's name for a fragment: "en_" and the SHA-1 digits of its JSON (each byte in hex,
    without a leading zero), cut to ``length``."""
    return ("en_" + "".join(f"{b:x}" for b in hashlib.sha1(data).digest()))[:3 + length]


def test_fragments_whose_short_names_clash_are_named_in_one_order_whichever_pagefind_met_first(tmp_path):
    from readout_site.search import _settled_fragment_names

    seen, n = {}, 0
    while True:  # two fragments whose names share their first 7 digits (about 20,000 tries)
        data = json.dumps({"url": f"/readouts/{n}/", "content": "x"}).encode()
        short = _pagefind_name(data, 7)
        if short in seen:
            first, second = seen[short], data
            break
        seen[short], n = data, n + 1
    settled = []
    for met in ((first, second), (second, first)):  # the one Pagefind met second gets a longer name
        bundle = tmp_path / f"met-{len(settled)}"
        (bundle / "fragment").mkdir(parents=True)
        names = [_pagefind_name(met[0], 7), _pagefind_name(met[1], 8)]
        for name, data in zip(names, met):
            (bundle / "fragment" / f"{name}.pf_fragment").write_bytes(gzip.compress(b"pagefind_dcd" + data))
        names.append("en_0000000")  # a page whose name clashed with none is left as it is
        given = _settled_fragment_names(bundle, names, "en")
        settled.append(dict(zip((met[0], met[1], b""), given)))
    assert settled[0] == settled[1]
    assert settled[0][b""] == "en_0000000"
    assert sorted(map(len, (settled[0][first], settled[0][second]))) == [10, 11]


def test_word_indexes_are_rewritten_on_every_core_and_kept_in_order():
    from readout_site import parallel

    def run(n):
        time.sleep(0.01)  # long enough that the forked worker takes some
        return n * n, os.getpid()

    results = parallel.each_in_parallel(list(range(40)), run, jobs=2)
    assert [square for square, _ in results] == [n * n for n in range(40)]
    assert len({pid for _, pid in results}) == 2 and os.getpid() in {pid for _, pid in results}
    assert parallel.each_in_parallel(list(range(5)), run, jobs=1) == [(n * n, os.getpid()) for n in range(5)]
    assert {pid for _, pid in parallel.each_in_parallel(list(range(3)), run, jobs=2, at_least=4)} == {os.getpid()}


def test_a_filter_naming_a_page_the_index_does_not_have_leaves_the_numbers_as_they_are(tmp_path, caplog):
    from readout_site.search import settle_order

    corpus = write_corpus(tmp_path / "corpus", range(6))
    site_build(corpus, tmp_path / "site", search=True)
    bundle = tmp_path / "bundle"
    shutil.copytree(tmp_path / "site" / "pagefind", bundle)
    meta = cbor2.loads(_index_file(next(bundle.glob("pagefind.*.pf_meta"))))
    path = bundle / "filter" / f"{dict(meta[3])['year']}.pf_filter"
    name, values = cbor2.loads(_index_file(path))
    _write_pf(path, [name, [[values[0][0], values[0][1] + [99]], *values[1:]]])  # page 99 of 6
    index_before = {p.name: p.read_bytes() for p in (bundle / "index").iterdir()}
    fragments_before = sorted(p.name for p in (bundle / "fragment").iterdir())
    settle_order(bundle)
    assert "pages keep Pagefind's numbers" in caplog.text
    assert {p.name: p.read_bytes() for p in (bundle / "index").iterdir()} == index_before
    assert sorted(p.name for p in (bundle / "fragment").iterdir()) == fragments_before


@pytest.mark.parametrize("full", [False, True])
def test_a_removed_readout_leaves_the_index_with_its_page(tmp_path, full):
    # The indexer reads the staging tree, which holds the site before last until stale files go.
    corpus = write_corpus(tmp_path / "corpus", range(6))
    out = tmp_path / "out"
    site_build(corpus, out, search=True)
    site_build(corpus, out, search=True)  # staging now holds a twin of a site with six readouts
    (corpus / "readout-003.txt").unlink()
    site_build(corpus, out, full=full, search=True)
    assert differs_from_full_build(corpus, out, tmp_path / "fresh", search=True) == []
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text())
    assert [language["page_count"] for language in entry["languages"].values()] == [5]


def test_an_index_rebuilt_for_one_readout_keeps_the_unchanged_files_of_the_bundle(tmp_path):
    # rsync and git deploys copy what has a new inode or mtime: the fragments of the other readouts,
    # Pagefind's scripts and styles are the same bytes, and stay the same files.
    corpus = write_corpus(tmp_path / "corpus", range(12))
    out = tmp_path / "out"
    site_build(corpus, out, search=True)
    site_build(corpus, out, search=True)
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes()) for p in (out / "pagefind").rglob("*") if p.is_file()}
    write_corpus(corpus, [5], extras={5: "They also discussed the weather."})
    result = site_build(corpus, out, search=True)
    after = {p: (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes()) for p in (out / "pagefind").rglob("*") if p.is_file()}
    same_bytes = [p for p in before if p in after and before[p][2] == after[p][2]]
    assert len(same_bytes) > 12 and len(after) > len(same_bytes)  # the other fragments, the scripts; and new files
    assert [p.name for p in same_bytes if before[p][:2] != after[p][:2]] == []
    assert result.pages_kept >= len(same_bytes)
    assert differs_from_full_build(corpus, out, tmp_path / "fresh", search=True) == []


def test_a_change_to_no_readout_page_keeps_the_index(tmp_path):
    """A rejected file added or removed changes the maintenance page alone: the bundle is kept as it
    was (it was deleted along with the stale files of the staging tree, and the site had no search)."""
    corpus = write_corpus(tmp_path / "corpus", range(6))
    out = tmp_path / "out"
    site_build(corpus, out, search=True)
    before = {p: (p.stat().st_ino, p.read_bytes()) for p in (out / "pagefind").rglob("*") if p.is_file()}
    for change in ((corpus / "empty.txt").touch, (corpus / "empty.txt").unlink):
        change()
        site_build(corpus, out, search=True)
        after = {p: (p.stat().st_ino, p.read_bytes()) for p in (out / "pagefind").rglob("*") if p.is_file()}
        assert after == before
        assert differs_from_full_build(corpus, out, tmp_path / "fresh", search=True) == []
