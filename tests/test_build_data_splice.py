"""Data files spliced from the last build's: unchanged runs copied, changed parts new.

``exports.splice`` is checked against making the file whole for any mix of kept and
new parts; the build tests check that a small change splices (the whole file is not
made), that the result is a full build's, and that a live file changed by hand is
not trusted.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings, strategies as st

from factory import differs_from_full_build, readout_text, site_build, write_corpus
from readout_site import exports

DATA = ("data/readouts.json", "data/readouts.csv", "data/participants.csv")


def _joined(pieces: list, old: bytes) -> bytes:
    return b"".join(piece if isinstance(piece, bytes) else old[piece[0]:piece[1]] for piece in pieces)


@settings(max_examples=300, deadline=None)
@given(name=st.sampled_from(sorted(exports.SHAPES)),
       old_parts=st.lists(st.binary(max_size=6), max_size=8),
       choices=st.lists(st.one_of(st.integers(0, 7), st.binary(min_size=1, max_size=5)), max_size=10))
def test_splice_gives_the_whole_file(name, old_parts, choices):
    shape = exports.SHAPES[name]
    old = shape.whole(old_parts)
    layout = exports.Layout(tuple(map(str, range(len(old_parts)))), shape.spans(map(len, old_parts)))
    assert [old[layout.spans[2 * i]:layout.spans[2 * i + 1]] for i in range(len(old_parts))] == old_parts
    new = [c for c in choices if not isinstance(c, int) or c < len(old_parts)]
    pieces = exports.splice(shape, new, layout)
    assert _joined(pieces, old) == shape.whole([c if isinstance(c, bytes) else old_parts[c] for c in new])


def test_kept_parts_that_follow_each_other_are_one_copy():
    shape = exports.SHAPES["data_json"]
    parts = [b'{"a": 1}', b'{"b": 2}', b'{"c": 3}', b'{"d": 4}']
    layout = exports.Layout(("a", "b", "c", "d"), shape.spans(map(len, parts)))
    pieces = exports.splice(shape, [0, 1, b'{"new": 0}', 2, 3], layout)
    assert [type(p) for p in pieces] == [bytes, tuple, bytes, tuple, bytes]


def _inodes(out):
    return {rel: os.stat(out / rel).st_ino for rel in DATA}


def test_a_small_change_splices_the_data_files(tmp_path, monkeypatch):
    corpus = write_corpus(tmp_path / "corpus", [n for n in range(12) if n != 5])
    out = tmp_path / "site"
    site_build(corpus, out)
    (corpus / "readout-005.txt").write_text(readout_text(5), encoding="utf-8")  # added
    (corpus / "readout-007.txt").write_text(readout_text(7, "They also spoke of tea."), encoding="utf-8")  # edited
    (corpus / "readout-010.txt").unlink()  # removed

    def refuse(*args, **kwargs):
        raise AssertionError("a data file was made whole")

    monkeypatch.setattr(exports, "whole_file", refuse)
    site_build(corpus, out)
    monkeypatch.undo()
    assert differs_from_full_build(corpus, out, tmp_path / "full") == []


def test_a_data_file_changed_by_hand_is_made_whole(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", [n for n in range(8) if n != 3])
    out = tmp_path / "site"
    site_build(corpus, out)
    for rel in DATA:
        with open(out / rel, "ab") as fh:
            fh.write(b"tampered\n")
    (corpus / "readout-003.txt").write_text(readout_text(3), encoding="utf-8")
    site_build(corpus, out)
    assert differs_from_full_build(corpus, out, tmp_path / "full") == []
    assert not any(b"tampered" in (out / rel).read_bytes() for rel in DATA)


def test_data_files_no_readout_changed_in_are_kept(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(6))
    (corpus / "empty.txt").write_bytes(b"")  # rejected: a change to the site, not to a readout
    out = tmp_path / "site"
    assert site_build(corpus, out).counts["rejected"] == 1
    before = _inodes(out)
    (corpus / "empty.txt").unlink()
    site_build(corpus, out)
    assert _inodes(out) == before
    assert differs_from_full_build(corpus, out, tmp_path / "full") == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_spliced_files_hold_across_builds(tmp_path, jobs):
    """Layouts saved by a spliced build serve the next one (each build's files as a full build's)."""
    from readout_site.build import build
    from readout_site.config import Config

    corpus = write_corpus(tmp_path / "corpus", range(10))
    out = tmp_path / "site"
    config = Config(search=False, source_date_epoch=1_700_000_000)
    build(config, corpus, out, jobs=jobs)
    for n in (10, 11, 12):
        (corpus / f"readout-{n:03d}.txt").write_text(readout_text(n), encoding="utf-8")
        build(config, corpus, out, jobs=jobs)
        assert differs_from_full_build(corpus, out, tmp_path / f"full-{n}") == []
