"""From a file's text to a document: title, paragraphs and what the page says about itself.

Three readers, one per format, give the same :class:`Document`:

* ``.txt``: text as a scraper saved it. Page chrome (breadcrumbs, share widgets,
  "Source:" lines, lone dashes) is removed; a leading metadata block
  (``URL:``, ``Headline:``, ``Published:``...), a bare URL line, a dateline
  (``20.08.2020``, ``Xinhua (20 August 2020)``, ``MARCH 3, 2022``) and a lone
  city line are read into fields instead of the body.
* ``.html``: a saved page. The title comes from the article's heading or the
  page's metadata; the text from the article, without navigation, scripts,
  related-news lists, cookie banners or footers.
* ``.md``: Markdown with optional YAML front matter; the front matter is kept for
  the record to apply, the body is rendered (sanitised) and read as paragraphs.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field

import yaml

from readout_site.extract.calendar import parse_date_line

log = logging.getLogger(__name__)


@dataclass
class Document:
    """What a file says, before the extraction rules look at its sentences."""

    title: str = ""  # the headline as printed ("" when none was found)
    paragraphs: list[str] = field(default_factory=list)  # body paragraphs, chrome removed
    published: dt.date | None = None  # publication date the page states
    published_evidence: str | None = None  # the line the publication date came from
    url: str | None = None  # original URL
    outlet: str | None = None  # "Xinhua", site name...
    dateline_city: str | None = None  # city the story was filed from
    front: dict = field(default_factory=dict)  # front matter (Markdown) to apply as overrides
    body_html: str | None = None  # sanitised HTML of a Markdown body
    warnings: list[str] = field(default_factory=list)  # what the reader noticed


# ------------------------------------------------------------------ plain text

_BREADCRUMB = re.compile(r"^\s*(?:home|homepage|main page|start)\s*(?:[>›»/|]\s*[^>›»|]+)+$", re.IGNORECASE)
_CRUMB_SEPARATED = re.compile(r"^[^.!?]{1,40}(?:\s[>›»]\s[^.!?]{1,40}){1,6}$")
_WIDGET = re.compile(
    r"^\s*<?\s*(?:suggest to a friend|print(?: version| this page)?|share(?: this)?(?: on \w+)?|e-?mail(?: this)?|"
    r"tweet|facebook|twitter|linkedin|whatsapp|telegram|back to top|top of page|font size|"
    r"\[?\s*(?:large|medium|small)\s*\]?(?:\s*\[?\s*(?:large|medium|small)\s*\]?)*|a\s*a\s*a|close|"
    r"related (?:news|articles|links|stories)|more news|view more|read more|copyright.*|all rights reserved.*|"
    r"statements and releases|briefing room|press releases?|news (?:&|and) events|media centre|"
    r"kaynak\s*/\s*source|source|###|-{1,3}|—|–|\*+|·)\s*[:>]?\s*$",
    re.IGNORECASE,
)
_URL_LINE = re.compile(r"^\s*(?:url|link|source url|original|source)?\s*:?\s*(https?://\S+)\s*$", re.IGNORECASE)
_META_LINE = re.compile(
    r"^\s*(url|link|headline|title|published|publication date|date|posted|updated|location|dateline|"
    r"source|outlet|author|by|section|category)\s*:\s*(.*?)\s*$",
    re.IGNORECASE,
)
_OUTLET_DATE = re.compile(r"^\s*([A-Z][\w.&' -]{1,40}?)\s*\(([^()]{6,30})\)\s*$")
_SOURCE_OUTLET = re.compile(r"^\s*(?:kaynak\s*/\s*)?source\s*:\s*(\S.{0,60}?)\s*$", re.IGNORECASE)
_LONE_CITY = re.compile(r"^\s*[A-Z][A-Za-z .'-]{2,30}\s*$")


def read_text(text: str, lexicon=None) -> Document:
    """Read a plain-text page: split chrome from title and body."""
    doc = Document()
    lines = [line.strip() for line in text.split("\n")]
    lines = _read_meta_block(lines, doc)
    body_started = False
    pending: list[str] = []
    for line in lines:
        if not line:
            if pending:
                doc.paragraphs.append(" ".join(pending))
                pending = []
            continue
        if _is_chrome(line, doc, lexicon, in_body=body_started):
            if pending:
                doc.paragraphs.append(" ".join(pending))
                pending = []
            continue
        if not doc.title and _looks_like_title(line):
            doc.title = line
            continue
        body_started = True
        pending.append(line)
    if pending:
        doc.paragraphs.append(" ".join(pending))
    if not doc.title and doc.paragraphs and len(doc.paragraphs) > 1 and _looks_like_title(doc.paragraphs[0], loose=True):
        doc.title = doc.paragraphs.pop(0)
    return doc


def _read_meta_block(lines: list[str], doc: Document) -> list[str]:
    """Consume a ``Key: value`` block at the top of the file into ``doc``."""
    i = 0
    seen = 0
    while i < len(lines):
        line = lines[i]
        if not line:
            i += 1
            continue
        m = _META_LINE.match(line)
        if not m or (m.group(1).lower() in {"source", "by", "date"} and seen == 0 and not m.group(2)):
            break
        key, value = m.group(1).lower(), m.group(2)
        seen += 1
        if key in {"url", "link"} and value.startswith("http"):
            doc.url = value
        elif key in {"headline", "title"} and value:
            doc.title = value
        elif key in {"published", "publication date", "date", "posted", "updated"} and value:
            day = parse_date_line(value)
            if day and key != "updated":
                doc.published, doc.published_evidence = day, line
        elif key in {"location", "dateline"} and value:
            doc.dateline_city = value.split(",")[0].strip()
        elif key in {"source", "outlet"} and value:
            if value.startswith("http"):
                doc.url = doc.url or value
            else:
                doc.outlet = value
        i += 1
    return lines[i:] if seen >= 2 else lines


def _is_chrome(line: str, doc: Document, lexicon, in_body: bool) -> bool:
    """True (after noting what it says) when ``line`` is page furniture, not text."""
    if _WIDGET.match(line) or _BREADCRUMB.match(line):
        return True
    if not in_body and _CRUMB_SEPARATED.match(line) and (">" in line or "›" in line or "»" in line):
        return True
    m = _URL_LINE.match(line)
    if m:
        doc.url = doc.url or m.group(1)
        return True
    m = _SOURCE_OUTLET.match(line)
    if m and not m.group(1).endswith("."):
        doc.outlet = doc.outlet or m.group(1)
        return True
    if len(line) <= 40:
        day = parse_date_line(line)
        if day:
            if not doc.published:
                doc.published, doc.published_evidence = day, line
            return True
        m = _OUTLET_DATE.match(line)
        if m:
            day = parse_date_line(m.group(2))
            if day:
                doc.outlet = doc.outlet or m.group(1).strip()
                if not doc.published:
                    doc.published, doc.published_evidence = day, line
                return True
        if (
            not in_body
            and lexicon is not None
            and doc.title
            and _LONE_CITY.match(line)
            and lexicon.cities.get(line.lower())
        ):
            doc.dateline_city = lexicon.cities[line.lower()].city
            return True
    return False


def _looks_like_title(line: str, loose: bool = False) -> bool:
    """A headline: short, no sentence-final period (unless ``loose``), has letters."""
    if len(line) > 300 or not re.search(r"[A-Za-z]", line):
        return False
    if loose:
        return len(line) < 200 and not line.endswith(".")
    return not re.search(r"[.;:]\s*$", line) or line.endswith("...")


# ------------------------------------------------------------------ HTML

_DROP_TAGS = "script, style, noscript, template, nav, header, footer, aside, form, iframe, svg, button, select, dialog"
_DROP_CLASSES = re.compile(
    r"(?:^|[\s_-])(?:nav|menu|breadcrumbs?|share|sharing|social|related|cookie|consent|banner|footer|header|"
    r"sidebar|widget|print|tags?|pager|pagination|skip|subscribe|newsletter|comments?|toolbar|masthead)(?:$|[\s_-])",
    re.IGNORECASE,
)
_CONTAINERS = (
    "[itemprop=articleBody]",
    "article",
    "[role=main]",
    "main",
    ".article-body",
    ".article",
    ".content",
    "#content",
    ".post",
    "body",
)


def read_html(text: str, lexicon=None) -> Document:
    """Read a saved web page: the article's own title and paragraphs."""
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(text)
    doc = Document()
    doc.title = _html_title(tree)
    doc.url = _meta(tree, 'link[rel="canonical"]', "href") or _meta(tree, 'meta[property="og:url"]', "content")
    doc.outlet = _meta(tree, 'meta[property="og:site_name"]', "content")
    for selector, attr in (
        ('meta[property="article:published_time"]', "content"),
        ('meta[name="date"]', "content"),
        ('meta[name="DC.date"]', "content"),
        ('meta[name="dcterms.date"]', "content"),
        ("time[datetime]", "datetime"),
    ):
        value = _meta(tree, selector, attr)
        day = parse_date_line(value) if value else None
        if day:
            doc.published, doc.published_evidence = day, f"{selector} {value}"
            break
    for node in tree.css(_DROP_TAGS):
        node.decompose()
    for node in tree.css("[class], [id]"):
        marker = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if node.tag not in {"body", "html", "main", "article"} and _DROP_CLASSES.search(marker):
            node.decompose()
    container = next((n for s in _CONTAINERS for n in tree.css(s)[:1]), None)
    if container is None:
        return doc
    blocks = container.css("p, li, blockquote, pre, h2, h3, h4, div.date, span.date, time")
    lines = []
    for block in blocks:
        if block.tag != "p" and any(parent.tag == "p" for parent in _parents(block)):
            continue
        chunk = " ".join(block.text(separator=" ").split())
        if chunk and chunk != doc.title:
            lines.append(chunk)
    if not lines:
        lines = [" ".join(t.split()) for t in container.text(separator="\n").split("\n") if t.strip()]
    inner = read_text("\n\n".join([doc.title or "", *lines]) if doc.title else "\n\n".join(lines), lexicon)
    doc.paragraphs = [p for p in inner.paragraphs if p != doc.title]
    if not doc.title:
        doc.title = inner.title
    doc.published = doc.published or inner.published
    doc.published_evidence = doc.published_evidence or inner.published_evidence
    doc.url = doc.url or inner.url
    doc.outlet = doc.outlet or inner.outlet
    doc.dateline_city = inner.dateline_city
    return doc


def _parents(node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _meta(tree, selector: str, attr: str) -> str | None:
    node = tree.css_first(selector)
    value = node.attributes.get(attr) if node is not None else None
    return value.strip() if value and value.strip() else None


def _html_title(tree) -> str:
    for selector in ("article h1", "main h1", "[itemprop=headline]", "h1"):
        node = tree.css_first(selector)
        if node is not None and node.text(strip=True):
            return " ".join(node.text().split())
    og = _meta(tree, 'meta[property="og:title"]', "content")
    if og:
        return og
    node = tree.css_first("title")
    if node is not None:
        title = " ".join(node.text().split())
        return re.split(r"\s+[|–—-]\s+[^|–—-]+$", title)[0]
    return ""


# ------------------------------------------------------------------ Markdown

class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML that keeps dates as text, so an impossible date is a warning on its key."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def read_markdown(text: str, lexicon=None) -> Document:
    """Read Markdown with optional front matter; invalid front matter becomes a warning."""
    front: dict = {}
    warnings = []
    body = text
    m = _FRONT.match(text)
    if m:
        body = text[m.end():]
        try:
            loaded = yaml.load(m.group(1) or "", Loader=_FrontMatterLoader) or {}
        except (yaml.YAMLError, ValueError) as exc:  # ValueError: impossible dates such as 2020-02-30
            mark = getattr(exc, "problem_mark", None)
            where = f" (line {mark.line + 2})" if mark is not None else ""
            warnings.append(f"the front matter is not valid YAML{where}; it was ignored: {_first_line(exc)}")
            loaded = {}
        if isinstance(loaded, dict):
            front = loaded
        else:
            warnings.append("the front matter is not a mapping of fields; it was ignored")
    html = render_markdown(body)
    plain = _html_to_lines(html)
    doc = read_text("\n\n".join(plain), lexicon)
    if not m or "title" not in front:
        heading = re.search(r"^#\s+(.+?)\s*#*\s*$", body, re.MULTILINE)
        if heading:
            doc.title = heading.group(1)
            doc.paragraphs = [p for p in doc.paragraphs if p != doc.title]
    doc.front = front
    doc.body_html = _drop_first_heading(html, doc.title)
    doc.warnings.extend(warnings)
    return doc


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


_ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code",
    "em", "strong", "b", "i", "a", "abbr", "sup", "sub", "table", "thead", "tbody", "tr", "th", "td",
    "figure", "figcaption", "img", "dl", "dt", "dd", "h1",
}


def render_markdown(body: str) -> str:
    """Markdown to HTML, with raw HTML sanitised (no scripts, handlers or javascript: URLs)."""
    import markdown
    import nh3

    html = markdown.markdown(body, extensions=["extra", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "img": {"src", "alt", "title"}, "abbr": {"title"}, "th": {"scope"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def _html_to_lines(html: str) -> list[str]:
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(html)
    lines = []
    for block in tree.css("h1, h2, h3, h4, h5, h6, p, li, blockquote > p, pre"):
        chunk = " ".join(block.text(separator=" ").split())
        if chunk:
            lines.append(chunk)
    return lines


def _drop_first_heading(html: str, title: str) -> str:
    """Remove a leading ``<h1>`` equal to the title: the page prints the title itself."""
    m = re.match(r"\s*<h1>(.*?)</h1>\s*", html, re.DOTALL)
    if m and " ".join(re.sub(r"<[^>]+>", "", m.group(1)).split()) == title:
        return html[m.end():]
    return html
