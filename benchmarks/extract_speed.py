"""How fast readout-site's loader turns raw readouts into records, on one core.

Loads N generated raw readouts, one after another in this single process
(pinned to one CPU where the OS allows), through the loader API::

    readout_site.records.load_record(path, corpus_root, lexicon)

with the lexicon from ``readout_site.lexicon.load_lexicon(extra_files)``, where
the extra files are the corpus's ``_lexicon/*.yaml`` (as a build uses them) and
any ``--lexicon`` files.  Prints the
lexicon load time, readouts per second (wall and CPU), per-file latency
percentiles and how many files the loader rejected.  No page is rendered:
this is the extraction half of a build.

The corpus is the raw part of ``benchmarks/work/corpus-N`` (made by run.py) or
a raw-only corpus generated on the spot; ``--corpus DIR`` loads any folder of
``.txt`` readouts instead.

Usage::

    python benchmarks/extract_speed.py --n 1000 [--corpus DIR] [--cpu 0] [--lexicon FILE] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))
import corpus  # noqa: E402  (sibling module)

log = logging.getLogger("extract_speed")

API = "readout_site.records.load_record(path, corpus_root, lexicon) and readout_site.lexicon.load_lexicon()"


def import_loader():
    """``(load_record, load_lexicon)``, or None with a message when the API is missing."""
    try:
        import readout_site  # noqa: F401
    except ImportError:
        sys.path.insert(0, str(REPO / "src"))  # not installed: use the source tree
    try:
        from readout_site.lexicon import load_lexicon
        from readout_site.records import load_record
    except ImportError as exc:
        print(f"extract_speed: readout-site's loader API is not available yet ({exc}).\n"
              f"  This benchmark needs {API}.", file=sys.stderr)
        return None
    return load_record, load_lexicon


def raw_corpus(n: int, seed: int) -> Path:
    """A directory holding at least the raw readouts 0..n-1 of the benchmark corpus."""
    full = BENCH_DIR / "work" / f"corpus-{n}"  # made by run.py, with the Hugo and Pelican sites
    if (full / "manifest.json").exists():
        manifest = json.loads((full / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("seed") == seed and manifest.get("n") == n:
            return full
    root = BENCH_DIR / "work" / f"corpus-{n}-raw"
    corpus.generate(n, root, seed, formats=("raw",))
    return root


def pin_to_one_cpu(cpu: int | None) -> int | None:
    """Restrict this process to one CPU; returns it (None where unsupported)."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    allowed = sorted(os.sched_getaffinity(0))
    chosen = cpu if cpu in allowed else allowed[0]
    os.sched_setaffinity(0, {chosen})
    return chosen


def load_all(load_record, lexicon, files: list[Path], root: Path) -> dict:
    """Load every file once; time each and count rejections and warnings."""
    latencies, failures, warnings = [], [], 0
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for path in files:
        start = time.perf_counter()
        try:
            record = load_record(path, root, lexicon)
        except Exception as exc:  # the loader rejecting a file is data, not a crash
            failures.append(f"{path.name}: {type(exc).__name__}: {exc}")
        else:
            warnings += bool(getattr(record, "warnings", ()))
        latencies.append(time.perf_counter() - start)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return {"files": len(files), "wall_s": wall, "cpu_s": cpu, "latencies": latencies,
            "failures": failures, "with_warnings": warnings}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(stats: dict, lexicon_s: float, cpu: int | None, extra: tuple[Path, ...]) -> dict:
    lat = stats["latencies"]
    summary = {
        "readouts": stats["files"],
        "cpu": cpu,
        "lexicon_load_s": round(lexicon_s, 3),
        "lexicon_extra_files": [str(path) for path in extra],
        "wall_s": round(stats["wall_s"], 3),
        "cpu_s": round(stats["cpu_s"], 3),
        "readouts_per_s_wall": round(stats["files"] / stats["wall_s"], 1) if stats["wall_s"] else None,
        "readouts_per_s_cpu": round(stats["files"] / stats["cpu_s"], 1) if stats["cpu_s"] else None,
        "latency_ms_p50": round(statistics.median(lat) * 1000, 2) if lat else None,
        "latency_ms_p95": round(_percentile(lat, 0.95) * 1000, 2) if lat else None,
        "latency_ms_max": round(max(lat) * 1000, 2) if lat else None,
        "rejected": len(stats["failures"]),
        "with_warnings": stats["with_warnings"],
        "first_rejections": stats["failures"][:5],
    }
    print(f"readout-site loader, one core (cpu {cpu}), {summary['readouts']} readouts")
    extra_note = f" (+ {', '.join(p.name for p in extra)})" if extra else ""
    print(f"  lexicon load        {summary['lexicon_load_s']:.3f} s{extra_note}")
    print(f"  loading             {summary['wall_s']:.3f} s wall, {summary['cpu_s']:.3f} s CPU")
    print(f"  throughput          {summary['readouts_per_s_wall']} readouts/s (wall), "
          f"{summary['readouts_per_s_cpu']} readouts/s (CPU)")
    print(f"  per readout         p50 {summary['latency_ms_p50']} ms, p95 {summary['latency_ms_p95']} ms, "
          f"max {summary['latency_ms_max']} ms")
    print(f"  rejected            {summary['rejected']}; with warnings {summary['with_warnings']}")
    for line in summary["first_rejections"]:
        print(f"    {line}")
    return summary


def _reexec_in_venv() -> None:
    """Run again under the project's venv Python when this one lacks the tools (psutil, readout_site...)."""
    venv_python = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "python"
    if Path(sys.prefix).resolve() != venv_python.parent.parent.resolve() and venv_python.exists():
        os.execv(str(venv_python), [str(venv_python), str(Path(__file__).resolve()), *sys.argv[1:]])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Readouts per second through readout-site's loader, one core.")
    parser.add_argument("--n", type=int, default=1000, help="number of generated readouts to load")
    parser.add_argument("--corpus", type=Path, default=None, help="load this folder of .txt readouts instead")
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    parser.add_argument("--cpu", type=int, default=None, help="CPU to pin to (default: the first allowed)")
    parser.add_argument("--lexicon", type=Path, action="append", default=[],
                        help="extra lexicon file (besides the corpus's _lexicon/*.yaml)")
    parser.add_argument("--json", type=Path, default=None, help="also write the summary here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    api = import_loader()
    if api is None:
        return 2
    load_record, load_lexicon = api
    root = args.corpus or raw_corpus(args.n, args.seed) / "raw"
    files = sorted(root.rglob("*.txt"))
    if args.corpus is None:
        files = files[: args.n]
    if not files:
        print(f"extract_speed: no .txt readouts under {root}", file=sys.stderr)
        return 2
    cpu = pin_to_one_cpu(args.cpu)
    start = time.perf_counter()
    extra = tuple(sorted((root / "_lexicon").glob("*.yaml"))) + tuple(args.lexicon)
    lexicon = load_lexicon(extra)
    lexicon_s = time.perf_counter() - start
    summary = report(load_all(load_record, lexicon, files, root), lexicon_s, cpu, extra)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    _reexec_in_venv()
    sys.exit(main())
