"""The README's table of templates and their variables is what the build gives them."""

from __future__ import annotations

import re
from pathlib import Path

from factory import readout_text, site_build, write_corpus
from readout_site import pages
from readout_site.config import Config
from readout_site.urls import Urls

ROOT = Path(__file__).parents[1]
ROW = re.compile(r"^\| `([^`]+)` \| [^|]+ \| (.+) \|$")


def _documented() -> dict[str, set[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Templates", 1)[1].split("\n## ", 1)[0]
    table = {}
    for line in section.splitlines():
        match = ROW.match(line)
        if match and match.group(1) != "template":
            table[match.group(1)] = set(re.findall(r"`([^`]+)`", match.group(2)))
    return table


def test_every_template_is_documented():
    shipped = {p.relative_to(ROOT / "templates").as_posix() for p in (ROOT / "templates").iterdir()
               if p.is_file()}
    assert set(_documented()) == shipped


def test_each_page_gets_the_variables_the_readme_lists(tmp_path):
    greetings = "Wang Yi asked him to convey the greetings of President Xi Jinping."
    corpus = write_corpus(tmp_path / "corpus", range(12), {n: greetings for n in range(12)})
    (corpus / "undated.txt").write_text(readout_text(1).replace("On ", "At ").replace(", 2019", ""),
                                        encoding="utf-8")
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    config = Config(search=True, list_limit=3)
    archive = site_build(corpus, tmp_path / "site", search=False, list_limit=3).archive
    plan = pages.plan(archive, Urls(config), feeds=True, search=True, rejected=[{"path": "empty.txt"}],
                      list_limit=3)
    documented = _documented()
    seen: dict[str, set[str]] = {}
    for page in plan:
        seen.setdefault(page.template, set()).update(page.context)
    assert {"listing_year.html", "feed.xml", "person.html", "search.html", "undated.html"} <= set(seen)
    for template, variables in seen.items():
        assert variables == documented[template], template
    assert documented["sitemap.xml"] == {"paths"}  # made beside the pages (build._listed_files)


def test_sitemap_and_robots_are_given_the_variables_the_readme_lists(tmp_path, monkeypatch):
    import jinja2

    given: dict[str, set[str]] = {}
    render = jinja2.Template.render

    def spied(self, *args, **kwargs):
        given.setdefault(self.name, set()).update(dict(*args, **kwargs))
        return render(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", spied)
    site_build(write_corpus(tmp_path / "corpus", range(3)), tmp_path / "site", base_url="https://example.org/")
    documented = _documented()
    every_page = {"path", "page"}  # "Every page and feed gets `path` ... and `page`"
    assert given["sitemap.xml"] == documented["sitemap.xml"] | every_page == {"paths"} | every_page
    assert given["robots.txt"] == documented["robots.txt"] | every_page == every_page  # "(none)" of its own


def test_base_html_defines_the_blocks_the_readme_lists():
    source = (ROOT / "templates" / "base.html").read_text(encoding="utf-8")
    defined = set(re.findall(r"\{%-?\s*block\s+(\w+)", source))
    assert defined == _documented()["base.html"]
