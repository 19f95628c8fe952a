"""Small inline corpora for build tests: realistic readouts made from a few parts."""

from __future__ import annotations

import datetime as dt
import filecmp
import os
from pathlib import Path

from readout_site.build import build
from readout_site.config import Config

COUNTERPARTS = [
    ("Kyrgyz", "Foreign Minister", "Ruslan Kazakbaev", "Bishkek"),
    ("Kazakh", "President", "Kassym-Jomart Tokayev", "Astana"),
    ("Uzbek", "President", "Shavkat Mirziyoyev", "Tashkent"),
    ("Russian", "Foreign Minister", "Sergey Lavrov", "Moscow"),
    ("Tajik", "President", "Emomali Rahmon", "Dushanbe"),
]
TOPICS = [
    "They discussed vaccine cooperation and the fight against COVID-19.",
    "The two sides agreed to speed up the China-Kyrgyzstan-Uzbekistan railway.",
    "Both sides pledged to expand trade and investment under the Belt and Road Initiative.",
    "They exchanged views on Afghanistan and the fight against terrorism.",
]


def readout_text(n: int, extra: str = "") -> str:
    """A plain-text readout in the Chinese MFA house style, varied by ``n``."""
    demonym, role, name, city = COUNTERPARTS[n % len(COUNTERPARTS)]
    day = dt.date(2019, 1, 1) + dt.timedelta(days=37 * n)
    date = f"{day:%B} {day.day}, {day.year}"
    if n % 2:
        title = f"Wang Yi Speaks with {demonym} {role} {name} on the Phone"
        lead = (f"On {date}, State Councilor and Foreign Minister Wang Yi had a phone conversation with "
                f"{demonym} {role} {name}.")
    else:
        title = f"{demonym} {role} {name} Meets with Wang Yi"
        lead = f"On {date} local time, {demonym} {role} {name} met with State Councilor and Foreign Minister Wang Yi in {city}."
    body = [lead, TOPICS[n % len(TOPICS)], f"Wang Yi said China values its partnership with the {demonym} side ({n}).", extra]
    return "Home > News & Events\n" + title + "\n\n" + "\n\n".join(p for p in body if p) + "\n\nSuggest To A Friend:\n"


def write_corpus(root: Path, numbers, extras: dict[int, str] | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for n in numbers:
        (root / f"readout-{n:03d}.txt").write_text(readout_text(n, (extras or {}).get(n, "")), encoding="utf-8")
    return root


def site_build(corpus: Path, out: Path, full: bool = False, **config) -> object:
    """Build with a quiet, deterministic config (search off unless asked)."""
    settings = {"search": False, "source_date_epoch": 1_700_000_000, **config}
    return build(Config(**settings), corpus, out, full=full, jobs=1)


def differs_from_full_build(corpus: Path, out: Path, full: Path, **config) -> list[str]:
    """Build ``corpus`` in full into ``full`` with the same settings; ``same_tree(out, full)``."""
    site_build(corpus, full, full=True, **config)
    return same_tree(out, full)


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes."""
    out = {}
    for dirpath, _, files in os.walk(root):
        for name in files:
            path = Path(dirpath) / name
            out[path.relative_to(root).as_posix()] = path.read_bytes()
    return out


def same_tree(a: Path, b: Path) -> list[str]:
    """Paths that differ between two trees (missing on one side, or other bytes)."""
    ta, tb = tree(a), tree(b)
    return sorted(p for p in set(ta) | set(tb) if ta.get(p) != tb.get(p))


__all__ = ["readout_text", "write_corpus", "site_build", "tree", "same_tree", "filecmp"]
