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


def test_data_files_are_spliced_also_with_a_template_reading_the_whole_archive(tmp_path, monkeypatch):
    """Such a template renders every page again on a change; data files are not made from templates."""
    from readout_site.render import default_templates_dir

    corpus = write_corpus(tmp_path / "corpus", range(12))
    templates = tmp_path / "templates"
    templates.mkdir()
    base = (default_templates_dir() / "base.html").read_text(encoding="utf-8")
    (templates / "base.html").write_text(base.replace("</footer>", "{{ archive.records|length }}</footer>"),
                                         encoding="utf-8")
    out = tmp_path / "site"
    site_build(corpus, out, templates=templates)
    write_corpus(corpus, [40])

    def refuse(*args, **kwargs):
        raise AssertionError("a data file was made whole")

    monkeypatch.setattr(exports, "whole_file", refuse)
    site_build(corpus, out, templates=templates)
    monkeypatch.undo()
    assert differs_from_full_build(corpus, out, tmp_path / "full", templates=templates) == []


def test_a_data_file_changed_by_hand_is_made_whole(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", [n for n in range(8) if n != 3])
    out = tmp_path / "site"
    site_build(corpus, out)
    for rel in DATA:  # one byte inside the parts of readouts that stay unchanged, in place
        data = bytearray((out / rel).read_bytes())
        at = data.index(b"Wang Yi", len(data) // 2)
        data[at:at + 7] = b"WANG YI"
        with open(out / rel, "r+b") as fh:
            fh.write(data)
    (corpus / "readout-003.txt").write_text(readout_text(3), encoding="utf-8")
    site_build(corpus, out)
    assert differs_from_full_build(corpus, out, tmp_path / "full") == []
    assert not any(b"WANG YI" in (out / rel).read_bytes() for rel in DATA)


def test_an_edit_that_leaves_a_file_as_it_was_keeps_it(tmp_path):
    """A new sentence changes the readout's JSON object, not its CSV rows: those files stay as they were."""
    corpus = write_corpus(tmp_path / "corpus", range(8))
    out = tmp_path / "site"
    site_build(corpus, out)
    before = _inodes(out)
    (corpus / "readout-004.txt").write_text(readout_text(4, "They also spoke of tea."), encoding="utf-8")
    site_build(corpus, out)
    after = _inodes(out)
    assert after["data/readouts.json"] != before["data/readouts.json"]
    assert after["data/readouts.csv"] == before["data/readouts.csv"]
    assert after["data/participants.csv"] == before["data/participants.csv"]
    assert differs_from_full_build(corpus, out, tmp_path / "full") == []


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
def test_spliced_files_hold_across_builds(tmp_path, monkeypatch, jobs):
    """Layouts saved by a spliced build serve the next one (each build's files as a full build's);
    with two processes the files are spliced in the forked writer."""
    from readout_site.build import build
    from readout_site.config import Config

    corpus = write_corpus(tmp_path / "corpus", range(10))
    out = tmp_path / "site"
    config = Config(search=False, source_date_epoch=1_700_000_000)
    build(config, corpus, out, jobs=jobs)
    for n in (10, 11, 12):
        (corpus / f"readout-{n:03d}.txt").write_text(readout_text(n), encoding="utf-8")

        def refuse(*args, **kwargs):
            raise AssertionError("a data file was made whole")

        monkeypatch.setattr(exports, "whole_file", refuse)
        build(config, corpus, out, jobs=jobs)
        monkeypatch.undo()
        assert differs_from_full_build(corpus, out, tmp_path / f"full-{n}") == []


@pytest.mark.parametrize("kernel_copy", ["works", "copies nothing", "refuses"])
def test_pieces_are_copied_whatever_the_kernel_does(tmp_path, monkeypatch, kernel_copy):
    from readout_site import write

    source = tmp_path / "old"
    source.write_bytes(b"0123456789" * 1000)
    if kernel_copy == "copies nothing":
        monkeypatch.setattr(os, "copy_file_range", lambda *args: 0)
    elif kernel_copy == "refuses":
        def refuse(*args):
            raise OSError(95, "Operation not supported")
        monkeypatch.setattr(os, "copy_file_range", refuse)
    target = tmp_path / "new"
    write._write_pieces(str(target), (b"head:", (5, 25), b"|", (9990, 10000)), str(source), lambda: b"whole")
    assert target.read_bytes() == b"head:" + b"56789012345678901234" + b"|" + b"0123456789"


def test_pieces_from_a_source_cut_short_give_the_whole_file(tmp_path):
    from readout_site import write

    source = tmp_path / "old"
    source.write_bytes(b"0123456789")
    target = tmp_path / "new"
    write._write_pieces(str(target), (b"head:", (5, 40), b"tail"), str(source), lambda: b"the whole file")
    assert target.read_bytes() == b"the whole file"
