"""The command line as a shell uses it."""

from __future__ import annotations

import subprocess
import sys

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
