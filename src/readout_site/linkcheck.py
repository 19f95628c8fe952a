"""Find internal links and anchors of a built site that lead nowhere."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

_ATTR = re.compile(r"""\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_ID = re.compile(r"""\bid\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def broken_links(site: Path, base_path: str | None = None) -> list[tuple[str, str]]:
    """(page, link) for every internal href/src in ``site`` that has no target or anchor.

    ``base_path`` is the path the site is served under; by default it is read
    from the stylesheet link of the home page.
    """
    site = Path(site)
    pages = sorted(p for p in site.rglob("*.html"))
    base = base_path or _guess_base(site)
    ids: dict[Path, set[str]] = {}
    broken = []
    for page in pages:
        text = page.read_text(encoding="utf-8", errors="replace")
        for m in _ATTR.finditer(text):
            link = (m.group(1) if m.group(1) is not None else m.group(2)).replace("&amp;", "&")
            target, fragment = _resolve(site, page, link, base)
            if target is None:
                continue
            if not target.is_file():
                broken.append((page.relative_to(site).as_posix(), link))
            elif fragment and target.suffix == ".html":
                if target not in ids:
                    body = target.read_text(encoding="utf-8", errors="replace")
                    ids[target] = {a or b for a, b in _ID.findall(body)}
                if unquote(fragment) not in ids[target]:
                    broken.append((page.relative_to(site).as_posix(), link))
    return broken


def _guess_base(site: Path) -> str:
    home = site / "index.html"
    if home.is_file():
        m = re.search(r'href="([^"]*)static/style\.css"', home.read_text(encoding="utf-8", errors="replace"))
        if m:
            return m.group(1) or "/"
    return "/"


def _resolve(site: Path, page: Path, link: str, base: str):
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("mailto:", "data:", "javascript:")):
        return None, None
    if not parts.path:
        return (page, parts.fragment) if parts.fragment else (None, None)
    path = unquote(parts.path)
    if path.startswith("/"):
        if not path.startswith(base):
            return site / "__outside_base__", None
        rel = path[len(base):]
        target = site / rel
    else:
        target = Path(os.path.normpath(page.parent / path))
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, parts.fragment
