"""Site scaffolding for the benchmark corpora: configs, layouts and themes.

* Hugo: ``hugo.toml`` and our own ``layouts/`` (baseof, home, page, taxonomy,
  term, a row partial), showing on each page what readout-site's show; and a
  second site with the same content and minimal layouts (``hugo-bare``).
* Pelican: ``pelicanconf.py`` and our own minimal ``theme/``.
* readout-site: ``readout-site.yaml`` (read when the build runs in the corpus
  folder) and a corpus lexicon of the invented office holders.

All three give the same pages at the same URLs: home (latest ``HOME_LATEST``),
one page per readout, an index and a page per term for years, countries, people
and topics; a site feed and one feed per country, person and topic
(``FEED_LIMIT`` entries each).
"""

from __future__ import annotations

import json
from pathlib import Path

SITE_TITLE = "Readouts archive (benchmark)"
SITE_URL = "https://readouts.example"
HOME_LATEST = 10  # readouts listed on the home page (readout-site's default `latest`)
FEED_LIMIT = 50  # entries per feed (as readout-site writes them)

# --------------------------------------------------------------------------
# Site scaffolding (config, layouts, theme)
# --------------------------------------------------------------------------

STYLE_CSS = "body{font-family:sans-serif;max-width:46rem;margin:auto}nav a{margin-right:1em}\n"

HUGO_CONFIG = f"""\
baseURL = "{SITE_URL}/"
title = "{SITE_TITLE}"
languageCode = "en"
relativeURLs = true
buildFuture = true
disableKinds = ["sitemap", "robotsTXT", "404", "section"]

[taxonomies]
year = "years"
country = "countries"
person = "people"
topic = "topics"

[permalinks.page]
readouts = "/readouts/:slug/"

[outputs]
home = ["html", "rss"]
page = ["html"]
taxonomy = ["html"]
term = ["html", "rss"]

# Feeds per country, person and topic, as readout-site writes; none per year.
[[cascade]]
outputs = ["html"]
[cascade.target]
path = "/years/**"

[services.rss]
limit = {FEED_LIMIT}
"""

# What readout-site's pages show, in Hugo's templates: a readout page with its kind, place,
# participants (role, country), topics, source and file, breadcrumbs, a description and JSON-LD,
# the readouts before and after it in time, a citation, and up to 8 readouts of the same country
# nearest in time (as readout-site picks them: alternately before and after it in that country's
# list); lists of readouts as rows (date, title, kind, place, participants), each rendered once
# (partialCached, as readout-site renders each row once); term pages grouped by year.
HUGO_LAYOUTS = {
    "baseof.html": """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title>
<meta name="description" content="{{ block "description" . }}{{ site.Title }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
<link rel="alternate" type="application/rss+xml" title="{{ site.Title }}" href="{{ "index.xml" | relURL }}">
{{ block "head" . }}{{ end }}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site"><a class="brand" href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav aria-label="Main"><a href="{{ "years/" | relURL }}">Years</a><a href="{{ "countries/" | relURL }}">Countries</a>\
<a href="{{ "people/" | relURL }}">People</a><a href="{{ "topics/" | relURL }}">Topics</a></nav></header>
{{ block "breadcrumbs" . }}{{ end }}
<main id="main">{{ block "main" . }}{{ end }}</main>
<footer class="site"><p>{{ site.Title }} · <a href="{{ "index.xml" | relURL }}">Feed</a></p></footer>
</body>
</html>
""",
    "partials/row.html": """\
<li><time class="rl-date" datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 Jan 2006" }}</time>
<span class="rl-main"><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<span class="rl-meta">{{ .Params.kind }}{{ with .Params.place }} · {{ . }}{{ end }} · \
{{ range $i, $p := .Params.participants }}{{ if $i }}, {{ end }}{{ $p.name }}{{ end }}</span></span></li>
""",
    "home.html": """\
{{ define "main" }}<h1>{{ site.Title }}</h1>
<section><h2>Latest readouts</h2><ol class="readout-list">{{ range first %d site.RegularPages.ByDate.Reverse }}\
{{ partialCached "row.html" . .RelPermalink }}{{ end }}</ol></section>
<section><h2>Years</h2><ul class="counts">{{ range site.Taxonomies.years.Alphabetical.Reverse }}\
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> <span class="count">{{ .Count }}</span></li>{{ end }}</ul></section>
{{ end }}
""" % HOME_LATEST,
    "page.html": """\
{{ define "description" }}{{ .Params.kind }}, {{ .Date.Format "2 January 2006" }}: \
{{ range $i, $p := .Params.participants }}{{ if $i }}, {{ end }}{{ $p.name }}{{ end }}{{ end }}
{{ define "head" }}<script type="application/ld+json">{{ dict "@context" "https://schema.org" "@type" "Event" \
"name" .Title "startDate" (.Date.Format "2006-01-02") "url" .Permalink "about" .Params.topics \
"attendee" .Params.participants "location" (.Params.place | default "") | jsonify | safeJS }}</script>{{ end }}
{{ define "breadcrumbs" }}<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="{{ "/" | relURL }}">Home</a></li>\
{{ range .GetTerms "years" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}\
<li><span aria-current="page">{{ .Title | truncate 60 }}</span></li></ol></nav>{{ end }}
{{ define "main" }}<article class="readout">
<header><p class="kicker">{{ .Params.kind }} · <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
<h1>{{ .Title }}</h1></header>
<dl class="meta">
<dt>Date</dt><dd><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></dd>
<dt>Kind</dt><dd>{{ .Params.kind }}</dd>
<dt>Place</dt><dd>{{ with .Params.place }}{{ . }}{{ else }}By telephone or video link{{ end }}</dd>
<dt>Participants</dt><dd><ul class="people">{{ range .Params.participants }}\
<li><a href="{{ printf "people/%s/" (urlize .name) | relURL }}">{{ .name }}</a><span class="role">, {{ .role }}</span> \
<span class="country">(<a href="{{ printf "countries/%s/" (urlize .country) | relURL }}">{{ .country }}</a>)</span></li>{{ end }}</ul></dd>
<dt>Topics</dt><dd><ul class="tags">{{ range .GetTerms "topics" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></dd>
<dt>Source</dt><dd>{{ .Params.outlet }}</dd>
<dt>File</dt><dd class="file"><code>{{ .Params.source_file }}</code></dd>
</dl>
<div class="text">{{ .Content }}</div>
</article>
<aside class="after">
<nav class="prevnext" aria-label="Previous and next readout">\
{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">← Earlier · {{ .Date.Format "2 Jan 2006" }} {{ .Title }}</a>{{ end }}\
{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">Later · {{ .Date.Format "2 Jan 2006" }} → {{ .Title }}</a>{{ end }}</nav>
<section class="cite"><h2>Cite this</h2><p class="citation">{{ .Params.outlet }}, “{{ .Title }}”, {{ .Date.Format "2 January 2006" }}. \
In {{ site.Title }}, {{ .Permalink }}</p></section>
{{ with index (.GetTerms "countries") 0 }}{{ $list := .Pages }}{{ $before := $.Page }}{{ $after := $.Page }}
<section><h2>Other readouts with {{ .LinkTitle }}, nearest in time</h2><ol class="readout-list">\
{{ range seq 4 }}{{ with $before }}{{ $before = $list.Next . }}{{ end }}{{ with $before }}{{ partialCached "row.html" . .RelPermalink }}{{ end }}\
{{ with $after }}{{ $after = $list.Prev . }}{{ end }}{{ with $after }}{{ partialCached "row.html" . .RelPermalink }}{{ end }}{{ end }}</ol></section>{{ end }}
</aside>{{ end }}
""",
    "taxonomy.html": """\
{{ define "breadcrumbs" }}<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="{{ "/" | relURL }}">Home</a></li>\
<li><span aria-current="page">{{ .Title }}</span></li></ol></nav>{{ end }}
{{ define "main" }}<h1>{{ .Title }}</h1>
<ul class="counts">{{ range .Data.Terms.Alphabetical }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> <span class="count">{{ .Count }}</span></li>{{ end }}
</ul>{{ end }}
""",
    "term.html": """\
{{ define "breadcrumbs" }}<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="{{ "/" | relURL }}">Home</a></li>\
<li><a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></li><li><span aria-current="page">{{ .Title }}</span></li></ol></nav>{{ end }}
{{ define "main" }}<h1>{{ .Title }} <span class="count">{{ len .Pages }} readouts</span></h1>
{{ range .Pages.GroupByDate "2006" }}<section><h2>{{ .Key }} <span class="count">{{ len .Pages }} readouts</span></h2>
<ol class="readout-list">{{ range .Pages }}{{ partialCached "row.html" . .RelPermalink }}{{ end }}</ol></section>
{{ end }}{{ end }}
""",
}

HUGO_BARE_LAYOUTS = {
    "baseof.html": """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ .Title }} | {{ site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
<link rel="alternate" type="application/rss+xml" href="{{ "index.xml" | relURL }}">
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav><a href="{{ "years/" | relURL }}">Years</a><a href="{{ "countries/" | relURL }}">Countries</a>\
<a href="{{ "people/" | relURL }}">People</a><a href="{{ "topics/" | relURL }}">Topics</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "home.html": """\
{{ define "main" }}<h1>Latest readouts</h1>
<ul>{{ range first %d site.RegularPages.ByDate.Reverse }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}
</ul>{{ end }}
""" % HOME_LATEST,
    "page.html": """\
{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><time>{{ .Date.Format "2006-01-02" }}</time></p>
{{ range $tax := slice "countries" "people" "topics" }}<p>{{ $tax }}:
{{ range $.GetTerms $tax }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
{{ end }}{{ .Content }}</article>{{ end }}
""",
    "taxonomy.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>{{ end }}
</ul>{{ end }}
""",
    "term.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages.ByDate.Reverse }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}
</ul>{{ end }}
""",
}

PELICAN_CONFIG = f"""\
# Pelican settings for the readout-site benchmark (generated by benchmarks/corpus.py).
# Page set: home, one page per readout, years/countries/people/topics indexes and terms, feeds.
import os

AUTHOR = None
SITENAME = "{SITE_TITLE}"
SITEURL = "{SITE_URL}"
RELATIVE_URLS = True
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
THEME = os.path.join(os.path.dirname(os.path.abspath(__file__)), "theme")
PATH = "content"
ARTICLE_PATHS = ["readouts"]
PAGE_PATHS = []
STATIC_PATHS = []
USE_FOLDER_AS_CATEGORY = False
DEFAULT_PAGINATION = False
HOME_LATEST = {HOME_LATEST}

# Incremental builds: cache what the readers parsed, reuse it when the file's mtime is unchanged.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "mtime"

ARTICLE_URL = "readouts/{{slug}}/"
ARTICLE_SAVE_AS = "readouts/{{slug}}/index.html"
CATEGORY_URL = "countries/{{slug}}/"
CATEGORY_SAVE_AS = "countries/{{slug}}/index.html"
CATEGORIES_SAVE_AS = "countries/index.html"
AUTHOR_URL = "people/{{slug}}/"
AUTHOR_SAVE_AS = "people/{{slug}}/index.html"
AUTHORS_SAVE_AS = "people/index.html"
TAG_URL = "topics/{{slug}}/"
TAG_SAVE_AS = "topics/{{slug}}/index.html"
TAGS_SAVE_AS = "topics/index.html"
ARCHIVES_SAVE_AS = "years/index.html"
YEAR_ARCHIVE_URL = "years/{{date:%Y}}/"
YEAR_ARCHIVE_SAVE_AS = "years/{{date:%Y}}/index.html"
DIRECT_TEMPLATES = ["index", "categories", "authors", "tags", "archives"]

# Atom feeds of the site and of every country, person and topic, as readout-site writes.
FEED_MAX_ITEMS = {FEED_LIMIT}
FEED_ALL_ATOM = "feeds/all.xml"
CATEGORY_FEED_ATOM = "feeds/countries/{{slug}}.xml"
AUTHOR_FEED_ATOM = "feeds/people/{{slug}}.xml"
TAG_FEED_ATOM = "feeds/topics/{{slug}}.xml"
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
"""

_PELICAN_LIST = """\
{%% extends "base.html" %%}
{%% block title %%}%s{%% endblock %%}
{%% block main %%}<h1>%s</h1>
<ul>{%% for article in %s %%}
<li><a href="{{ SITEURL }}/{{ article.url }}">{{ article.title }}</a> <time>{{ article.date.strftime("%%Y-%%m-%%d") }}</time></li>{%% endfor %%}
</ul>{%% endblock %%}
"""

_PELICAN_TERMS = """\
{%% extends "base.html" %%}
{%% block title %%}%s{%% endblock %%}
{%% block main %%}<h1>%s</h1>
<ul>{%% for term, items in %s|sort(attribute="0.name") %%}
<li><a href="{{ SITEURL }}/{{ term.url }}">{{ term.name }}</a> ({{ items|length }})</li>{%% endfor %%}
</ul>{%% endblock %%}
"""

PELICAN_TEMPLATES = {
    "base.html": """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{% block title %}{% endblock %} | {{ SITENAME }}</title>
<link rel="stylesheet" href="{{ SITEURL }}/theme/style.css">
<link rel="alternate" type="application/atom+xml" href="{{ SITEURL }}/feeds/all.xml">
</head>
<body>
<header><a href="{{ SITEURL }}/">{{ SITENAME }}</a>
<nav><a href="{{ SITEURL }}/years/">Years</a><a href="{{ SITEURL }}/countries/">Countries</a>\
<a href="{{ SITEURL }}/people/">People</a><a href="{{ SITEURL }}/topics/">Topics</a></nav></header>
<main>{% block main %}{% endblock %}</main>
</body>
</html>
""",
    "index.html": _PELICAN_LIST % ("Latest readouts", "Latest readouts", "articles[:HOME_LATEST]"),
    "article.html": """\
{% extends "base.html" %}
{% block title %}{{ article.title }}{% endblock %}
{% block main %}<article><h1>{{ article.title }}</h1>
<p><time>{{ article.date.strftime("%Y-%m-%d") }}</time></p>
<p>countries: <a href="{{ SITEURL }}/{{ article.category.url }}">{{ article.category }}</a></p>
<p>people: {% for person in article.authors %}<a href="{{ SITEURL }}/{{ person.url }}">{{ person }}</a> {% endfor %}</p>
<p>topics: {% for tag in article.tags %}<a href="{{ SITEURL }}/{{ tag.url }}">{{ tag }}</a> {% endfor %}</p>
{{ article.content }}</article>{% endblock %}
""",
    "category.html": _PELICAN_LIST % ("{{ category }}", "{{ category }}", "articles"),
    "author.html": _PELICAN_LIST % ("{{ author }}", "{{ author }}", "articles"),
    "tag.html": _PELICAN_LIST % ("{{ tag }}", "{{ tag }}", "articles"),
    "period_archives.html": _PELICAN_LIST % ("{{ period[0] }}", "{{ period[0] }}", "dates"),
    "categories.html": _PELICAN_TERMS % ("Countries", "Countries", "categories"),
    "authors.html": _PELICAN_TERMS % ("People", "People", "authors"),
    "tags.html": _PELICAN_TERMS % ("Topics", "Topics", "tags"),
    "archives.html": """\
{% extends "base.html" %}
{% block title %}Years{% endblock %}
{% block main %}<h1>Years</h1>
<ul>{% for year, items in dates|groupby("date.year")|reverse %}
<li><a href="{{ SITEURL }}/years/{{ year }}/">{{ year }}</a> ({{ items|length }})</li>{% endfor %}
</ul>{% endblock %}
""",
    "page.html": """\
{% extends "base.html" %}
{% block title %}{{ page.title }}{% endblock %}
{% block main %}<h1>{{ page.title }}</h1>{{ page.content }}{% endblock %}
""",
}


def write_readout_site_scaffold(root: Path, people: list[dict], search: bool = False) -> None:
    """The corpus lexicon of ``people`` (in readout-site's people format) and the config beside ``raw/``."""
    write_readout_site_config(root, search)
    lexicon_dir = root / "raw" / "_lexicon"
    lexicon_dir.mkdir(parents=True, exist_ok=True)
    lines = ["# Invented office holders of the benchmark corpus (benchmarks/sites.py)."]
    for person in people:
        lines.append(f"- name: {json.dumps(person['name'])}")
        lines.append(f"  country: {json.dumps(person['country'])}")
        lines.append("  roles:")
        for role in person["roles"]:
            to = f", to: {role['to']}" if "to" in role else ""
            lines.append(f"  - {{title: {json.dumps(role['title'])}, from: {role['from']}{to}}}")
    (lexicon_dir / "benchmark-people.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_readout_site_config(root: Path, search: bool = False) -> None:
    """``readout-site.yaml`` in ``root``, read when readout-site runs there."""
    text = (f"# readout-site config for the benchmark (benchmarks/sites.py).\n"
            f"title: {json.dumps(SITE_TITLE)}\n"
            f"base_url: {SITE_URL}/\n"
            f"latest: {HOME_LATEST}\n"
            f"feeds: true\n"
            f"search: {'true' if search else 'false'}\n")
    (root / "readout-site.yaml").write_text(text, encoding="utf-8")


def write_hugo_scaffold(site: Path, bare: bool = False) -> None:
    """Config, layouts and stylesheet of the Hugo site; ``bare``: the minimal layouts, and the
    content of the Hugo site beside it (``../hugo/content``)."""
    (site / "layouts" / "partials").mkdir(parents=True, exist_ok=True)
    (site / "static").mkdir(exist_ok=True)
    config = HUGO_CONFIG
    if bare:  # a top-level key, so before the first table
        config = config.replace("buildFuture = true\n", 'buildFuture = true\ncontentDir = "../hugo/content"\n', 1)
    (site / "hugo.toml").write_text(config, encoding="utf-8")
    for name, text in (HUGO_BARE_LAYOUTS if bare else HUGO_LAYOUTS).items():
        (site / "layouts" / name).write_text(text, encoding="utf-8")
    (site / "static" / "style.css").write_text(STYLE_CSS, encoding="utf-8")


def write_pelican_scaffold(site: Path) -> None:
    """Settings, theme templates and stylesheet of the Pelican site."""
    templates = site / "theme" / "templates"
    templates.mkdir(parents=True, exist_ok=True)
    (site / "theme" / "static").mkdir(exist_ok=True)
    (site / "pelicanconf.py").write_text(PELICAN_CONFIG, encoding="utf-8")
    for name, text in PELICAN_TEMPLATES.items():
        (templates / name).write_text(text, encoding="utf-8")
    (site / "theme" / "static" / "style.css").write_text(STYLE_CSS, encoding="utf-8")
