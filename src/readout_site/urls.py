"""The one place that knows URLs. A URL is not an output path.

Every page and file has a site-relative *path* ("readouts/2020-09-13-x/",
"feeds/all.xml"). ``href`` turns it into the link a page prints (under the base
path, so the site works at a sub-path such as GitHub Pages' "/archive/"),
``absolute`` into a full URL for feeds and sitemaps, and ``output_path`` into the
file written ("readouts/2020-09-13-x/index.html").
"""

from __future__ import annotations

from pathlib import PurePosixPath
from types import SimpleNamespace

from readout_site.config import Config


class Urls:
    """URL building for one site."""

    def __init__(self, config: Config):
        self.base_path = config.base_path
        self.site_url = config.site_url

    # Site-relative paths of each kind of page or file.
    home = ""
    years_index = "years/"
    countries_index = "countries/"
    people_index = "people/"
    topics_index = "topics/"
    undated = "undated/"
    search = "search/"
    maintenance = "maintenance/"
    stylesheet = "static/style.css"
    favicon = "static/favicon.svg"
    feed_all = "feeds/all.xml"
    data_json = "data/readouts.json"
    data_csv = "data/readouts.csv"
    participants_csv = "data/participants.csv"
    sitemap = "sitemap.xml"
    robots = "robots.txt"
    not_found = "404.html"

    @staticmethod
    def readout(record_id: str) -> str:
        return f"readouts/{record_id}/"

    @staticmethod
    def year(year: int) -> str:
        return f"years/{year}/"

    @staticmethod
    def country(slug: str) -> str:
        return f"countries/{slug}/"

    @staticmethod
    def person(slug: str) -> str:
        return f"people/{slug}/"

    @staticmethod
    def topic(slug: str) -> str:
        return f"topics/{slug}/"

    @staticmethod
    def mentions(slug: str) -> str:
        """A person's long list of mentions: the years, each a page below it."""
        return f"people/{slug}/mentioned/"

    @staticmethod
    def year_of(owner: str, year: int | None) -> str:
        """One year of a long country, person or topic list: ``owner`` is that page's path (or ``mentions``)."""
        return f"{owner}{year if year is not None else 'undated'}/"

    @staticmethod
    def feed(kind: str, slug: str) -> str:
        return f"feeds/{kind}/{slug}.xml"

    def href(self, path: str) -> str:
        """The link to ``path`` as printed in a page."""
        return self.base_path + path

    def links(self) -> SimpleNamespace:
        """The printed link of each fixed page and file above: ``links().years_index`` is ``href(years_index)``."""
        fixed = {name: path for name, path in vars(Urls).items() if isinstance(path, str) and not name.startswith("_")}
        return SimpleNamespace(**{name: self.href(path) for name, path in fixed.items()})

    def absolute(self, path: str) -> str:
        """A full URL when the base URL has a host, else the rooted link."""
        return (self.site_url + path) if self.site_url else self.href(path)

    def atom_id(self, path: str) -> str:
        """An Atom id, which must be an absolute IRI: the full URL when the base URL has a host, else a tag: URI."""
        return (self.site_url + path) if self.site_url else "tag:readout-site,2024:" + self.href(path)

    @staticmethod
    def output_path(path: str) -> str:
        """The file written for ``path``: directory URLs get ``index.html``."""
        if path == "" or path.endswith("/"):
            return path + "index.html"
        return str(PurePosixPath(path))
