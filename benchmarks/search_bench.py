"""Search index time and size: readout-site's search stage against the Pagefind CLI alone.

For each size N, a synthetic archive (benchmarks/corpus.py) is built once
without search; then, several times in alternation:

* ours: ``readout_site.search`` indexes the readout pages (title and text of each
  readout, with filters, metadata and sort keys) by running Pagefind's indexer, then
  renumbers its pages and puts its filters in order (``settle_order``);
* cli: the ``pagefind`` binary (from the ``pagefind-bin`` package) indexes the
  built HTML of the same site (``--site DIR``), as a user of any generator would.

Prints the median time and the size of each bundle. Usage:

    .venv/bin/python benchmarks/search_bench.py --sizes 1000 10000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "work" / "search"
log = logging.getLogger("search_bench")


def _size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def _prepare(n: int) -> Path:
    """Generate the corpus and build its site with search on (so pages carry the search fields)."""
    from readout_site.build import build
    from readout_site.config import Config

    corpus = WORK / f"corpus-{n}"
    if not corpus.is_dir():
        subprocess.run([sys.executable, str(HERE / "corpus.py"), "--n", str(n), "--out", str(corpus),
                        "--formats", "raw"], check=True, stdout=subprocess.DEVNULL)
    site = WORK / f"site-{n}"
    build(Config(search=True, source_date_epoch=0), corpus / "raw", site, full=True)
    shutil.rmtree(site / "pagefind", ignore_errors=True)
    return site


def _ours(site: Path, n: int) -> tuple[float, Path]:
    """readout-site's indexing step (Pagefind's indexer over the readout pages), timed alone."""
    from readout_site.search import _index, settle_order

    out = site / "pagefind"
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    _index(site, out)
    settle_order(out)
    elapsed = time.perf_counter() - start
    kept = WORK / f"ours-{n}"
    shutil.rmtree(kept, ignore_errors=True)
    shutil.move(str(out), kept)
    return elapsed, kept


def _cli(site: Path, n: int) -> tuple[float, Path]:
    from pagefind_bin import get_executable

    out = WORK / f"cli-{n}"
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([str(get_executable()), "--site", str(site), "--glob", "readouts/*/index.html",
                    "--output-path", str(out), "--force-language", "en"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "search-results.json")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    WORK.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in args.sizes:
        site = _prepare(n)
        times = {"ours": [], "cli": []}
        dirs = {}
        for _ in range(args.runs):
            t, dirs["ours"] = _ours(site, n)
            times["ours"].append(t)
            t, dirs["cli"] = _cli(site, n)
            times["cli"].append(t)
        row = {"readouts": n}
        for name in ("ours", "cli"):
            files, size = _size(dirs[name])
            row[name] = {"median_s": round(statistics.median(times[name]), 3), "runs": [round(t, 3) for t in times[name]],
                         "files": files, "bytes": size}
        row["ratio_ours_cli"] = round(row["ours"]["median_s"] / row["cli"]["median_s"], 2)
        rows.append(row)
        print(f"{n:>7} readouts: ours {row['ours']['median_s']:.2f}s, {row['ours']['bytes'] / 1e6:.1f} MB in "
              f"{row['ours']['files']} files | pagefind CLI {row['cli']['median_s']:.2f}s, "
              f"{row['cli']['bytes'] / 1e6:.1f} MB in {row['cli']['files']} files | ratio {row['ratio_ours_cli']}")
    args.out.write_text(json.dumps(rows, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
