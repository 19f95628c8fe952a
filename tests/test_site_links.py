"""Every page of the built sample site: links that resolve, valid HTML5, accessible structure.

The sample corpus is built three times (see conftest.py): at the root ("/"), under
a sub-path ("/sub/path/") and, at the root, with an undated readout and rejected
files added. Every HTML file of each is parsed with html5lib; every internal
``href`` and ``src`` (and form ``action``) must name a file of the same build,
under the base path, and every ``#fragment`` an ``id`` in the page it points to.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import html5lib
import pytest

from conftest import SITE_SUB_BASE

SITES = {"root": ("site_root", "/"), "sub": ("site_sub", SITE_SUB_BASE), "extra": ("site_extra", "/")}
LINK_ATTRS = {"href", "src", "action"}
SECTIONING = {"article", "aside", "main", "nav", "section"}


def html_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts)


def page_url(site: Path, base: str, path: Path) -> str:
    """The URL a file is served at: ``index.html`` is the directory."""
    rel = path.relative_to(site).as_posix()
    if rel == "index.html":
        rel = ""
    elif rel.endswith("/index.html"):
        rel = rel[: -len("index.html")]
    return base + rel


@functools.lru_cache(maxsize=None)
def parse(path: Path):
    """html5lib's tree of ``path`` and the parse errors it reported."""
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
    tree = parser.parse(path.read_bytes(), transport_encoding="utf-8")
    return tree, list(parser.errors)


@functools.lru_cache(maxsize=None)
def ids_of(path: Path) -> frozenset[str]:
    tree, _ = parse(path)
    return frozenset(el.get("id") for el in tree.iter() if isinstance(el.tag, str) and el.get("id"))


def target_file(site: Path, base: str, url_path: str) -> Path | None:
    """The output file a URL path (already under ``base``) names, or None."""
    rel = unquote(url_path[len(base):])
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    candidate = (site / rel).resolve()
    if not candidate.is_relative_to(site.resolve()) or not candidate.is_file():
        return None
    return candidate


def internal_links(tree) -> list[tuple[str, str, str]]:
    """(tag, attribute, value) for every link-like attribute."""
    out = []
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in LINK_ATTRS & set(el.attrib):
            out.append((el.tag, attr, el.get(attr)))
    return out


@pytest.fixture(params=sorted(SITES), scope="module")
def site(request):
    fixture, base = SITES[request.param]
    return request.getfixturevalue(fixture), base


def test_every_internal_link_resolves(site):
    root, base = site
    files = html_files(root)
    assert len(files) > 30, "the sample site is unexpectedly small"
    problems = []
    checked = 0
    for path in files:
        here = page_url(root, base, path)
        tree, _ = parse(path)
        for tag, attr, value in internal_links(tree):
            where = f"{path.relative_to(root)}: <{tag} {attr}={value!r}>"
            if not value.strip():
                problems.append(f"{where}: empty")
                continue
            parts = urlsplit(value)
            if parts.scheme in {"http", "https", "mailto"} and parts.netloc not in {"", "127.0.0.1"}:
                continue  # external: the original source of a readout
            if parts.scheme or parts.netloc:
                problems.append(f"{where}: internal link with a scheme or host")
                continue
            resolved = urlsplit(urljoin(here, value))
            if not resolved.path.startswith(base):
                problems.append(f"{where}: outside the base path {base}")
                continue
            target = target_file(root, base, resolved.path)
            if target is None:
                problems.append(f"{where}: no such file")
                continue
            checked += 1
            if resolved.fragment:
                if target.suffix != ".html":
                    problems.append(f"{where}: fragment on a non-HTML file")
                elif unquote(resolved.fragment) not in ids_of(target):
                    problems.append(f"{where}: no id {resolved.fragment!r} in {target.relative_to(root)}")
    assert not problems, "\n".join(problems)
    assert checked > 500


def test_links_are_under_the_base_path(site_sub):
    """Under a sub-path no page may link to the bare root: every rooted link starts with the base."""
    bad = []
    for path in html_files(site_sub):
        text = path.read_text(encoding="utf-8")
        for value in re.findall(r'(?:href|src|action)="(/[^"]*)"', text):
            if not value.startswith(SITE_SUB_BASE):
                bad.append(f"{path.relative_to(site_sub)}: {value}")
    assert not bad, "\n".join(bad)


def test_pages_parse_without_html5_errors(site):
    root, _ = site
    problems = []
    for path in html_files(root):
        _, errors = parse(path)
        for (line, col), code, data in errors:
            problems.append(f"{path.relative_to(root)}:{line}:{col}: {code} {data}")
    assert not problems, "\n".join(problems)


def _ancestors(tree):
    parents = {}
    for el in tree.iter():
        for child in el:
            parents[child] = el
    return parents


def _inside(el, parents, tags) -> bool:
    el = parents.get(el)
    while el is not None:
        if el.tag in tags:
            return True
        el = parents.get(el)
    return False


def page_structure_problems(tree) -> list[str]:
    """What is missing from one page's accessible structure (empty when nothing is)."""
    problems = []
    html = tree if tree.tag == "html" else tree.find("html")
    if not (html.get("lang") or "").strip():
        problems.append("no lang on <html>")
    elements = [el for el in tree.iter() if isinstance(el.tag, str)]
    parents = _ancestors(tree)
    h1 = [el for el in elements if el.tag == "h1"]
    if len(h1) != 1:
        problems.append(f"{len(h1)} <h1> elements")
    elif not "".join(h1[0].itertext()).strip():
        problems.append("empty <h1>")
    # The skip link is the first link of the body and points at <main>.
    body = tree.find("body")
    first_link = next((el for el in body.iter() if el.tag == "a" and el.get("href")), None)
    mains = [el for el in elements if el.tag == "main"]
    if len(mains) != 1:
        problems.append(f"{len(mains)} <main> elements")
    elif first_link is None or first_link.get("href") != "#" + (mains[0].get("id") or "\0"):
        problems.append("the first link is not a skip link to <main>")
    elif not "".join(first_link.itertext()).strip().lower().startswith("skip"):
        problems.append("the skip link has no 'Skip ...' text")
    banner = [el for el in elements if el.tag == "header" and not _inside(el, parents, SECTIONING)]
    footer = [el for el in elements if el.tag == "footer" and not _inside(el, parents, SECTIONING)]
    navs = [el for el in elements if el.tag == "nav"]
    if len(banner) != 1:
        problems.append(f"{len(banner)} page-level <header> landmarks")
    if len(footer) != 1:
        problems.append(f"{len(footer)} page-level <footer> landmarks")
    if not navs:
        problems.append("no <nav>")
    if len(navs) > 1 and any(not (n.get("aria-label") or n.get("aria-labelledby")) for n in navs):
        problems.append("several <nav> landmarks, not all labelled")
    # Headings: the first is the h1, and none skips a level on the way down.
    levels = [int(el.tag[1]) for el in elements if re.fullmatch(r"h[1-6]", el.tag)]
    if levels and levels[0] != 1:
        problems.append(f"the first heading is h{levels[0]}, not h1")
    for before, after in zip(levels, levels[1:]):
        if after > before + 1:
            problems.append(f"heading level skipped: h{before} then h{after}")
    return problems


def test_pages_have_accessible_structure(site):
    root, _ = site
    problems = []
    for path in html_files(root):
        tree, _ = parse(path)
        problems.extend(f"{path.relative_to(root)}: {p}" for p in page_structure_problems(tree))
    assert not problems, "\n".join(problems)


# The checks above must be able to fail: each broken page below is caught.
BROKEN = {
    "no lang": '<!doctype html><html><head><title>x</title></head><body><a href="#main">Skip</a><header></header>'
               '<nav></nav><main id="main"><h1>T</h1></main><footer></footer></body></html>',
    "two h1": '<!doctype html><html lang="en"><head><title>x</title></head><body><a href="#main">Skip</a>'
              '<header></header><nav></nav><main id="main"><h1>T</h1><h1>U</h1></main><footer></footer></body></html>',
    "no skip": '<!doctype html><html lang="en"><head><title>x</title></head><body><header><a href="/">Home</a>'
               '</header><nav></nav><main id="main"><h1>T</h1></main><footer></footer></body></html>',
    "skipped level": '<!doctype html><html lang="en"><head><title>x</title></head><body><a href="#main">Skip</a>'
                     '<header></header><nav></nav><main id="main"><h1>T</h1><h3>U</h3></main><footer></footer>'
                     '</body></html>',
    "no footer": '<!doctype html><html lang="en"><head><title>x</title></head><body><a href="#main">Skip</a>'
                 '<header></header><nav></nav><main id="main"><h1>T</h1></main></body></html>',
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_structure_check_catches_broken_pages(name, tmp_path):
    path = tmp_path / "page.html"
    path.write_text(BROKEN[name])
    tree, _ = parse(path)
    assert page_structure_problems(tree), name


def test_link_check_catches_a_dangling_link(site_root, tmp_path):
    assert target_file(site_root, "/", "/years/1999/") is None
    assert target_file(site_root, "/", "/years/2020/") is not None
    assert target_file(site_root, "/", "/../etc/passwd") is None
    assert "m9" in ids_of(site_root / "years" / "2020" / "index.html")


def test_html5lib_reports_invalid_markup(tmp_path):
    path = tmp_path / "bad.html"
    path.write_text('<!doctype html><html lang="en"><title>x</title><p><div></p></span>')
    assert parse(path)[1]
