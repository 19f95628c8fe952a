"""The wheel carries the default templates and lexicon: an installed readout-site works anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_installed_wheel_builds_a_site_outside_the_repository(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist),
                    str(ROOT)], check=True, capture_output=True)
    wheel = next(dist.glob("readout_site-*.whl"))
    target = tmp_path / "installed"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    site = tmp_path / "elsewhere"
    (site / "corpus").mkdir(parents=True)
    (site / "corpus" / "a.txt").write_text(
        "Wang Yi Meets with Kyrgyz President Sadyr Zhaparov\n\nOn May 5, 2021, State Councilor and Foreign "
        "Minister Wang Yi met with Kyrgyz President Sadyr Zhaparov in Bishkek.\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run(
        [sys.executable, "-c", "import readout_site, readout_site.render as r; print(readout_site.__file__); "
                               "print(r.default_templates_dir())"],
        check=True, capture_output=True, text=True, cwd=site, env=env).stdout.split()
    assert all(Path(p).is_relative_to(target) for p in where), where
    subprocess.run([sys.executable, "-m", "readout_site", "build", "--quiet"], check=True, cwd=site, env=env)
    page = next((site / "build" / "readouts").glob("*/index.html")).read_text()
    assert "Sadyr Zhaparov" in page and "Kyrgyzstan" in page
    assert (site / "build" / "static" / "style.css").is_file()
