"""The command line as a shell uses it."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys

import pytest

from factory import write_corpus


def test_output_cut_short_by_its_reader_ends_quietly(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(60))  # far more JSON than a pipe buffers
    proc = subprocess.Popen([sys.executable, "-m", "readout_site", "extract", str(corpus)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.read(10).startswith(b"[")
    proc.stdout.close()  # as `| head` does
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141, err  # 128 + SIGPIPE, as a shell reports a command cut short
    assert "Traceback" not in err and "BrokenPipeError" not in err


def _build(corpus, out, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "readout_site", "build", "--corpus", str(corpus), "--out", str(out)],
                          capture_output=True, text=True, cwd=cwd)


def test_an_output_path_that_is_a_file_is_left_alone(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(3))
    notes = tmp_path / "notes.txt"
    notes.write_text("important notes\n")
    proc = _build(corpus, notes, tmp_path)
    assert proc.returncode == 2 and "notes.txt: the output path exists and is not a directory" in proc.stderr
    assert notes.read_text() == "important notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "notes.txt"]  # nothing made beside it


def test_an_output_directory_inside_the_corpus_is_refused(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(3))
    proc = _build(corpus, corpus / "site", tmp_path)
    assert proc.returncode == 2 and "must not be inside the corpus" in proc.stderr, proc.stderr
    assert sorted(p.name for p in corpus.iterdir()) == [f"readout-{n:03d}.txt" for n in range(3)]


def test_an_output_directory_holding_files_no_build_made_is_left_alone(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(3))
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "letter.txt").write_text("dear ...\n")
    proc = _build(corpus, documents, tmp_path)
    assert proc.returncode == 2 and "holds files no build made" in proc.stderr, proc.stderr
    assert [p.name for p in documents.iterdir()] == ["letter.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "documents"]  # nothing made beside it
    site = tmp_path / "site"
    site.mkdir()  # an empty directory is fine, and so is a site a build made, its cache deleted since
    assert _build(corpus, site, tmp_path).returncode == 0
    for leftover in tmp_path.glob(".site.*"):
        shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
    assert _build(corpus, site, tmp_path).returncode == 0


@pytest.mark.parametrize(("command", "said"), [
    (["build", "--base-url", "example.org"], "`base_url` 'example.org' must be a path from the host's root"),
    (["build", "--report", "missing/r.json"], "--report missing/r.json: the directory missing does not exist"),
    (["build", "--report", "site/r.json"], "--report site/r.json: inside the output directory"),
    (["build", "--report", "corpus"], "--report corpus: that is a directory"),
    (["build", "--jobs", "0"], "argument --jobs: '0' is not a whole number of at least 1"),
    (["build", "--config", "latin1.yaml"], "latin1.yaml: not UTF-8 text"),
    (["serve", "--port", "70000"], "argument --port: '70000' is not a port number"),
    (["build", "--config", "corpus"], "corpus: a directory, not a config file"),
])
def test_bad_arguments_are_usage_errors_before_anything_is_built(tmp_path, command, said):
    write_corpus(tmp_path / "corpus", range(2))
    (tmp_path / "latin1.yaml").write_bytes("title: Caf\u00e9\n".encode("latin-1"))
    proc = subprocess.run([sys.executable, "-m", "readout_site", *command, "--corpus", "corpus", "--out", "site"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert proc.returncode == 2 and said in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert not (tmp_path / "site").exists()


def test_serve_on_a_port_in_use_says_so_before_building(tmp_path):
    write_corpus(tmp_path / "corpus", range(2))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = subprocess.run([sys.executable, "-m", "readout_site", "serve", "--port", str(port), "--corpus", "corpus",
                               "--out", "site"], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert proc.returncode == 2 and f"cannot serve on 127.0.0.1:{port}: Address already in use" in proc.stderr, proc.stderr
    assert not (tmp_path / "site").exists()


def test_strict_and_check_print_the_warnings_they_fail_for_on_a_warm_cache(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", range(2))
    (corpus / "undated.txt").write_text("Some Meeting\n\nThe two sides met and discussed trade.\n", encoding="utf-8")
    assert _build(corpus, tmp_path / "site", tmp_path).returncode == 0  # the warning printed, the cache warm
    for command in (["build", "--strict", "--quiet"], ["check", "--quiet"]):
        proc = subprocess.run([sys.executable, "-m", "readout_site", *command, "--corpus", str(corpus), "--out",
                               str(tmp_path / "site")], capture_output=True, text=True, cwd=tmp_path)
        assert proc.returncode == 1 and "undated.txt: warning: " in proc.stderr, (command, proc.stderr)


def test_extract_reads_a_file_inside_a_corpus_with_the_corpus_lexicon(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "_lexicon").mkdir(parents=True)
    (corpus / "_lexicon" / "people.yaml").write_text("- name: Zorigt Batbayar\n  country: Mongolia\n", encoding="utf-8")
    (corpus / "2021").mkdir()
    (corpus / "2021" / "a.txt").write_text(
        "Wang Yi Meets with Zorigt Batbayar\n\nOn March 3, 2021, State Councilor and Foreign Minister Wang Yi met with "
        "Zorigt Batbayar in Beijing.\n", encoding="utf-8")
    both = subprocess.run([sys.executable, "-m", "readout_site", "extract", str(corpus), str(corpus / "2021" / "a.txt")],
                          capture_output=True, text=True)
    assert len(json.loads(both.stdout)) == 1  # a file named twice (itself and in its folder) is one record
    (corpus / "b.txt").write_text((corpus / "2021" / "a.txt").read_text(encoding="utf-8"), encoding="utf-8")
    for path in (corpus, corpus / "2021", corpus / "2021" / "a.txt", corpus / "b.txt"):  # b.txt: beside _lexicon/
        proc = subprocess.run([sys.executable, "-m", "readout_site", "extract", str(path)], capture_output=True, text=True)
        people = {p["name"]: p["country"] for r in json.loads(proc.stdout) for p in r["participants"]}
        assert people.get("Zorigt Batbayar") == "Mongolia", (path, proc.stderr)


def test_verbose_goes_before_or_after_the_command(tmp_path):
    write_corpus(tmp_path / "corpus", range(2))
    for command in (["-v", "build"], ["build", "-v"]):
        proc = subprocess.run([sys.executable, "-m", "readout_site", *command, "--corpus", "corpus", "--out", "site",
                               "--full", "--quiet"], capture_output=True, text=True, cwd=tmp_path)
        assert proc.returncode == 0 and "DEBUG:" in proc.stderr, (command, proc.stderr)


def test_quiet_has_a_short_form_and_prints_nothing_on_a_clean_build(tmp_path):
    write_corpus(tmp_path / "corpus", range(2))
    for flag in ("-q", "--quiet"):
        proc = subprocess.run([sys.executable, "-m", "readout_site", "build", "--corpus", "corpus", "--out", "site",
                               "--full", flag], capture_output=True, text=True, cwd=tmp_path)
        assert proc.returncode == 0 and proc.stdout == "" and proc.stderr == "", (flag, proc.stdout, proc.stderr)
        assert (tmp_path / "site" / "index.html").is_file()


def test_extract_reads_the_lexicon_files_of_the_config(tmp_path):
    (tmp_path / "lex").mkdir()
    (tmp_path / "lex" / "extra-people.yaml").write_text("- name: Zorigt Batbayar\n  country: Mongolia\n",
                                                        encoding="utf-8")
    (tmp_path / "readout-site.yaml").write_text("lexicon: [lex/extra-people.yaml]\n", encoding="utf-8")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(
        "Wang Yi Meets with Zorigt Batbayar\n\nOn March 3, 2021, State Councilor and Foreign Minister Wang Yi met "
        "with Zorigt Batbayar in Beijing.\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "readout_site", "extract", "corpus"], capture_output=True, text=True,
                          cwd=tmp_path)
    people = {p["name"]: p["country"] for r in json.loads(proc.stdout) for p in r["participants"]}
    assert people.get("Zorigt Batbayar") == "Mongolia", proc.stderr


def test_extract_names_what_it_cannot_read_and_build_a_corpus_that_is_a_file(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "loop-a.txt").symlink_to("loop-b.txt")
    (tmp_path / "loop-b.txt").symlink_to("loop-a.txt")
    proc = subprocess.run([sys.executable, "-m", "readout_site", "extract", "pipe.txt", "loop-a.txt"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert "error: pipe.txt: not a regular file (a pipe, a device or a socket)" in proc.stderr
    assert "error: loop-a.txt: a symbolic link that leads nowhere (or to itself)" in proc.stderr
    assert proc.returncode == 1
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "readout_site", "build", "--corpus", "a.txt", "--out", "site"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 2 and "a.txt: is a file, not a directory" in proc.stderr
