"""``readout-site check``: build, then report what is wrong with the archive.

Reports files and directories that could not be read as readouts, broken
internal links and anchors in the built site, feeds and a sitemap that are not
well-formed XML (a site's own templates can make them so), readouts with no date or no
participants, duplicate events (same day, kind and participants), slug
collisions, people pages gathering people of several countries, and (as notes) YAML
files that correct nothing (a sidecar whose readout was renamed), a sidecar read for
several readouts of one name, and people and places the lexicon does not know. Exits 1
when any problem of the first eight kinds is found; unknown names are listed for the
maintainer to add to the lexicon and fail the check only with ``--strict``.
"""

from __future__ import annotations

import collections
import logging
import sys
from pathlib import Path
from xml.etree import ElementTree

from readout_site.build import report_build, run_build
from readout_site.linkcheck import broken_links
from readout_site.sources import stem

log = logging.getLogger(__name__)


def check_from_args(args, scanning=None) -> int:
    result, elapsed, out = run_build(args, quick=False, scanning=scanning)
    status = report_build(args, result, elapsed, out)
    problems, notes = find_problems(result, out)
    for line in problems:
        print(f"problem: {line}", file=sys.stderr)
    for line in notes:
        print(f"note: {line}", file=sys.stderr)
    print(f"check: {len(problems)} problem(s), {len(notes)} note(s)", file=sys.stderr)
    if problems or (args.strict and notes):
        return 1
    return status


def find_problems(result, out: Path) -> tuple[list[str], list[str]]:
    """(problems, notes) for a finished build."""
    archive, lexicon = result.archive, result.lexicon_of()
    problems = [f"{src}: broken link to {href}" for src, href in broken_links(out)]
    problems += _malformed_xml(out)
    problems += [f"{f['path']}: rejected: {'; '.join(f['messages'])}" for f in result.files if f["state"] == "rejected"]
    for r in archive.records:
        if r.date is None or r.date_precision == "unknown":
            problems.append(f"{r.source_path}: no date")
        if not r.participants:
            problems.append(f"{r.source_path}: no participants")
        for w in r.warnings:
            if "slug" in w and "already used" in w:
                problems.append(f"{r.source_path}: slug collision: {w}")
    events = collections.defaultdict(list)
    for r in archive.records:
        if r.date and r.participants:
            key = (r.date, r.kind, tuple(sorted(p.name for p in r.participants)))
            events[key].append(r.source_path)
    for (date, kind, names), paths in sorted(events.items()):
        if len(paths) > 1:
            problems.append(f"duplicate event ({date}, {kind}, {', '.join(names)}): {', '.join(paths)}")
    problems += _people_of_several_countries(archive)
    notes = [f"{f['path']}: skipped: {'; '.join(f['messages'])} (a correction or lexicon it holds is not used)"
             for f in result.files if f["state"] == "skipped" and f["path"].lower().endswith((".yaml", ".yml"))]
    notes += _shared_sidecars(result.files)
    for r in archive.records:
        for p in (*r.participants, *r.mentioned):
            if p.name.lower() not in lexicon.by_alias:
                notes.append(f"{r.source_path}: {p.name} is not in the lexicon")
        if r.venue and r.venue.city and lexicon.place(r.venue.city) is None:
            notes.append(f"{r.source_path}: the place {r.venue.city} is not in the lexicon")
    return problems, notes


def _shared_sidecars(files: list[dict]) -> list[str]:
    """Sidecars read for several readouts of one name (``h.yaml`` beside ``h.txt`` and ``h.md``): a
    correction meant for one of them is applied to each."""
    readouts: dict[str, list[str]] = collections.defaultdict(list)
    for f in files:
        if f["state"] in {"built", "built with warnings", "rejected"}:
            readouts[stem(f["path"])].append(f["path"])
    return [f"{f['path']}: the sidecar of {' and '.join(sorted(readouts[stem(f['path'])]))} alike (what it "
            "sets is set for each; give each readout a name of its own)"
            for f in files if f["state"] == "sidecar" and len(readouts.get(stem(f["path"]), ())) > 1]


def _people_of_several_countries(archive) -> list[str]:
    """People pages that gather people given different countries: two people whose names are written
    alike (their page is one), or one person with a wrong country somewhere."""
    seen: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for r in archive.records:
        for p in (*r.participants, *r.mentioned):
            if p.country:
                seen[archive.person_slug(p.name)][(p.country, p.name)] += 1
    problems = []
    for slug, counts in sorted(seen.items()):
        if len({country for country, _ in counts}) > 1:
            listed = "; ".join(f"{name} of {country} ({n} readout{'s' if n > 1 else ''})"
                               for (country, name), n in sorted(counts.items()))
            problems.append(f"people/{slug}/: one page for people of several countries: {listed}; if they are "
                            "different people, name one in full in the metadata or the lexicon, else correct the "
                            "country")
    return problems


def _malformed_xml(out: Path) -> list[str]:
    """The site's XML files (feeds, sitemap) that no XML reader would accept, with the parser's complaint."""
    problems = []
    for path in sorted(out.rglob("*.xml")):
        try:
            ElementTree.parse(path)
        except ElementTree.ParseError as exc:
            problems.append(f"{path.relative_to(out).as_posix()}: not well-formed XML: {exc}")
    return problems
