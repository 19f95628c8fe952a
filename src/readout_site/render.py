"""Stage five: templates to bytes.

Template lookup: the site's own templates directory first, then the packaged
defaults; ``default:NAME`` always names the packaged one, so a site template can
``{% extends "default:readout.html" %}`` and change one block. Autoescaping is on
for HTML and XML.
"""

from __future__ import annotations

import calendar
import collections
import datetime as dt
import functools
import hashlib
import logging
import re
import types
from importlib import resources
from pathlib import Path

import jinja2
import jinja2.compiler
from markupsafe import Markup, escape

from readout_site import jsontext
from readout_site.archive import Archive
from readout_site.config import Config
from readout_site.errors import BuildError
from readout_site.model import Record
from readout_site.pages import Page, context_of
from readout_site.urls import Urls

log = logging.getLogger(__name__)

KIND_LABELS = {
    "meeting": "Meeting",
    "phone_call": "Phone call",
    "video_call": "Video call",
    "talks": "Talks",
    "visit": "Visit",
    "other": "Other",
}


MONTH_NAMES = tuple(calendar.month_name)  # "", "January", ... "December", read once


def default_templates_dir() -> Path:
    """The packaged templates (in a wheel) or the repository's top-level ``templates/``."""
    packaged = resources.files("readout_site") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "templates"


class _Context(jinja2.runtime.Context):
    """Jinja's context, calling plain functions without looking for ``pass_context`` and the like first.

    Pages call small helpers (``url``, ``kind_label``...) tens of times each; a
    function, method or builtin that carries no ``jinja_pass_arg`` mark and gets
    only the loop or block variables Jinja adds to every call is called
    directly, exactly as ``Context.call`` would call it. Anything else goes
    through ``Context.call``.
    """

    def call(__self, __obj, *args, **kwargs):  # noqa: N805 - Jinja's own signature
        if _plain(__obj) and kwargs.keys() <= _JINJA_CALL_VARS:
            try:
                return __obj(*args)
            except StopIteration:
                return __self.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception")
        return super().call(__obj, *args, **kwargs)


class _Globals(collections.ChainMap):
    """A template's globals over the environment's, as Jinja layers them, looked up without a KeyError per layer.

    Jinja copies them into the context of every page and checks them at every
    ``{% from ... import %}``; the standard ChainMap raises and catches an
    exception for each name the first (empty) layer lacks.
    """

    def __getitem__(self, key):
        for mapping in self.maps:
            if key in mapping:
                return mapping[key]
        return self.__missing__(key)

    def __contains__(self, key):
        for mapping in self.maps:
            if key in mapping:
                return True
        return False

    def flat(self) -> dict:
        """What ``dict(self)`` gives, made from the layers with no Python call per name."""
        merged: dict = {}
        for mapping in reversed(self.maps):
            merged.update(mapping)
        return merged


class _Template(jinja2.Template):
    """Jinja's template, handing each new context its globals as one plain dict.

    Jinja copies a template's globals into every context it makes (each page, each
    partial rendered once per readout: about 28,000 at 10,000 readouts) with ``dict()``
    and ``set()`` over the layered mapping, a Python call per name; a plain dict made of
    the same layers is copied in C. The context gets the same names and values.
    """

    def new_context(self, vars=None, shared=False, locals=None):
        layered = self.globals
        flat = layered.flat() if type(layered) is _Globals else layered
        return jinja2.runtime.new_context(self.environment, self.name, self.blocks, vars, shared, flat, locals)


try:  # markupsafe's escaping of a str, in C, without wrapping the result in a Markup
    from markupsafe._speedups import _escape_inner
except ImportError:  # pragma: no cover - markupsafe built without its C speedups

    def _escape_inner(s: str) -> str:
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(
            "'", "&#39;").replace('"', "&#34;")


def escape_output(value) -> str:
    """What ``{{ value }}`` writes in an autoescaped template: the text of ``markupsafe.escape(value)``.

    ``escape`` wraps every value in a ``Markup`` (two more Python calls, about half of
    the time of a readout page's 70-odd values); a value written out is only ever joined
    with the rest of the page, so its text is all that counts.
    """
    if type(value) is str:
        return _escape_inner(value)
    if type(value) is Markup:
        return value  # its __html__ gives itself
    return escape(value)  # numbers, None, other HTML-giving objects: rare, and exactly as Jinja does


class _CodeGenerator(jinja2.compiler.CodeGenerator):
    """Jinja's code generator, writing each ``{{ ... }}`` of an autoescaped template through
    :func:`escape_output` (Jinja writes ``escape(...)``). Output is only joined: into the page,
    or into a block, macro or ``set`` whose joined text Jinja itself makes a Markup. Where
    autoescaping can change while the template runs (``{% autoescape %}`` blocks), Jinja's
    own code is kept.

    ``a.b`` is read with the builtin ``getattr(a, "b", missing)``, and only when that finds
    nothing through ``environment.getattr`` (which then tries ``a["b"]``, else gives an
    undefined): Jinja calls ``environment.getattr`` for each, a Python call that was a
    tenth of a readout page's time, about 120 a page.
    """

    @jinja2.compiler.optimizeconst
    def visit_Getattr(self, node, frame) -> None:
        if self.environment.is_async:
            super().visit_Getattr(node, frame)
            return
        owner, found = self.temporary_identifier(), self.temporary_identifier()
        self.write(f"({found} if ({found} := getattr(({owner} := ")
        self.visit(node.node, frame)
        self.write(f"), {node.attr!r}, missing)) is not missing else environment.getattr({owner}, {node.attr!r}))")

    def _output_child_pre(self, node, frame, finalize) -> None:
        if not frame.eval_ctx.autoescape or frame.eval_ctx.volatile:
            super()._output_child_pre(node, frame, finalize)
            return
        self.write("environment.escape_output(")
        if finalize.src is not None:
            self.write(finalize.src)


class _Environment(jinja2.Environment):
    """Jinja's environment, giving each template its globals as a :class:`_Globals`, and
    compiling templates with :class:`_CodeGenerator`."""

    code_generator_class = _CodeGenerator
    template_class = _Template
    escape_output = staticmethod(escape_output)

    def make_globals(self, d):
        return _Globals({} if d is None else d, self.globals)


_CACHED_FUNCTION = type(functools.cache(abs))  # what functools.cache gives
_JINJA_CALL_VARS = frozenset({"_block_vars", "_loop_vars"})  # what compiled templates add to every call


def _plain(obj) -> bool:
    """True for a function, method or builtin that Jinja would call as it is: one without the
    ``jinja_pass_arg`` mark of ``pass_context`` and the like. A function's mark is in its
    ``__dict__`` (``functools`` wrappers copy it there); a builtin can carry none."""
    kind = type(obj)
    if kind is types.BuiltinFunctionType:
        return True
    if kind is types.FunctionType or kind is _CACHED_FUNCTION:
        return "jinja_pass_arg" not in obj.__dict__
    return kind is types.MethodType and not hasattr(obj, "jinja_pass_arg")


def make_environment(config: Config, archive: Archive, urls: Urls, build_time: dt.datetime,
                     bytecode: Path | None = None) -> jinja2.Environment:
    """The Jinja environment of a build; ``bytecode`` is a directory where compiled templates are kept."""
    defaults = jinja2.FileSystemLoader(str(default_templates_dir()))
    loaders: list[jinja2.BaseLoader] = [jinja2.PrefixLoader({"default": defaults}, delimiter=":")]
    if config.templates is not None:
        loaders.append(jinja2.FileSystemLoader(str(config.templates)))
    loaders.append(defaults)
    env = _Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: templates cannot change under it
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(bytecode)) if bytecode else None,
    )
    env.context_class = _Context
    env.globals.update(  # the name -> link helpers are cached: a name is slugged once per build
        site=config,
        archive=archive,
        urls=urls,
        url=urls.href,
        links=urls.links(),  # links.years_index: the link to a fixed page, made once
        absolute=urls.absolute,
        build_time=build_time,
        kind_label=lambda k: KIND_LABELS.get(k, k),
        month_name=lambda m: MONTH_NAMES[m] if m else "Month unknown",
        person_url=functools.cache(lambda name: urls.href(urls.person(archive.person_slug(name)))),
        country_url=functools.cache(lambda name: urls.href(urls.country(archive.country_slug(name)))),
        has_country_page=functools.cache(lambda name: archive.country_slug(name) in archive.countries),
        jsonld=lambda r: _jsonld(r, urls, archive),
        cite=lambda r: _citation(r, config, urls),
    )
    env.filters.update(date_display=date_display, date_short=date_short, iso_datetime=_iso_datetime, names=names,
                       day_display=day_display)
    _use_rows(env, row_maker(env))
    env.globals["feed_entry"] = _once_per_readout(env, "partials/entry.xml")
    return env


def _once_per_readout(env: jinja2.Environment, name: str, done: dict[str, Markup] | None = None):
    """A function giving partial ``name`` rendered for a readout (``r``), once per readout.

    ``done`` holds what is rendered, by readout id (and may start with some).
    """
    done = {} if done is None else done

    def rendered(record: Record) -> Markup:
        text = done.get(record.id)
        if text is None:
            text = done[record.id] = Markup(render_template(env, name, {"r": record}, f" (for {record.source_path})").strip())
        return text

    return rendered


def row_maker(env: jinja2.Environment, done: dict[str, Markup] | None = None):
    """A function giving a readout's list row (``partials/row.html``), rendered once per readout.

    ``done`` holds rows already made, by readout id.
    """
    return _once_per_readout(env, "partials/row.html", done)


def use_rows(env: jinja2.Environment, rows) -> None:
    """Show the list rows of ``rows`` (a mapping by readout id, as ``cache.FragmentView``), making
    those it lacks; rows made before pages are rendered are shared with worker processes."""
    _use_rows(env, row_maker(env, rows))


def _use_rows(env: jinja2.Environment, row) -> None:
    """``readout_row(r)``: one readout's list row; ``readout_rows(records)``: theirs, one per line as in a list."""
    env.globals["readout_row"] = row
    env.globals["readout_rows"] = lambda records: Markup("".join([f"  {row(r)}\n" for r in records]))


def templates_digest(config: Config) -> str:
    """A hash of every template that can be used (defaults and the site's own); a template that is
    not UTF-8 text, which Jinja could not load, is an error naming it."""
    h = hashlib.sha256()
    for root in filter(None, [default_templates_dir(), config.templates]):
        for path in sorted(Path(root).rglob("*")):
            if path.is_file():
                rel = path.relative_to(root).as_posix()
                data = path.read_bytes()
                if rel.endswith(_TEMPLATE_SUFFIXES) and not rel.startswith("static/"):
                    _check_utf8(path, data)
                h.update(rel.encode("utf-8", "surrogateescape") + b"\0" + data)  # a name may not be UTF-8
    return h.hexdigest()


def _check_utf8(path: Path, data: bytes) -> None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BuildError(f"template error in {path}:{line}: the template is not UTF-8 text "
                         f"(byte {data[exc.start]:#04x} at offset {exc.start}); the previous site is kept") from None


# Jinja's expressions and statements in a template's text.
_JINJA_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
# What a page template may read of the archive as a whole and still be followed by page
# fingerprints, written exactly so: the home country, a topic's label, whether a topic is
# known (a test, not a loop: "if t in archive.topics"), whether there are undated readouts.
_FOLLOWED_ARCHIVE_USE = re.compile(
    r"archive\.home_country\b(?!\s*[.\[|(])"
    r"|archive\.topics\[\s*\w+\s*\]\.label\b(?!\s*[.\[(])"
    r"|\b(?:if|and|or|not)\s+\w+\s+(?:not\s+)?in\s+archive\.topics\b(?!\s*[.\[|(])"
    r"|^\{%-?\s*if\s+archive\.undated\s*-?%\}$")
# Pages whose fingerprints record which countries they link (has_country_page).
_COUNTRY_LINKING_TEMPLATES = {"readout.html", "person.html"}
# Partials rendered once per readout and kept by the cache under the readout's own key: no
# page fingerprint follows what they read, so any read of the whole archive (even those above),
# any helper that looks a name up in it, and any other template they pull in count.
_PER_READOUT_PARTIALS = {"partials/row.html", "partials/entry.xml"}
_BEYOND_A_READOUT = re.compile(r"\b(?:archive|has_country_page|person_url|country_url|include|import|from|extends)\b")


def templates_beyond_inputs(config: Config) -> list[str]:
    """The site's own templates that read more of the archive than page fingerprints follow.

    A template may use the ``archive`` global or ``has_country_page`` in ways no page
    records as an input (``archive.records|length`` in a footer); with such a template a
    change anywhere must render every page again.
    """
    if config.templates is None:
        return []
    root = Path(config.templates)
    found = []
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if not path.is_file() or name.startswith("static/"):
            continue
        code = _JINJA_CODE.findall(path.read_text(encoding="utf-8", errors="replace"))
        if name in _PER_READOUT_PARTIALS:
            if any(_BEYOND_A_READOUT.search(c) for c in code):
                found.append(name)
            continue
        code = [_FOLLOWED_ARCHIVE_USE.sub("", c) for c in code]
        if any(re.search(r"\barchive\b", c) for c in code) or (
                name not in _COUNTRY_LINKING_TEMPLATES and any("has_country_page" in c for c in code)):
            found.append(name)
    return found


def render_page(env: jinja2.Environment, page: Page) -> bytes:
    """The page's bytes; a failure in a template becomes a BuildError naming template file and line."""
    context = {"page": page, "path": page.path, **context_of(page)}
    return render_template(env, page.template, context, f" (rendering /{page.path})").encode("utf-8")


def render_template(env: jinja2.Environment, name: str, context: dict, rendering: str = "") -> str:
    """Template ``name`` rendered with ``context``; a failure in it becomes a BuildError naming the
    template file and line (also when raised in a worker process, which would lose the traceback)."""
    try:
        return env.get_template(name).render(context)
    except BuildError:
        raise
    except Exception as exc:
        failure = template_failure(exc, rendering, name)
        if failure is None:
            raise
        raise failure from None


def template_failure(exc: Exception, rendering: str = "", template: str | None = None) -> BuildError | None:
    """The BuildError for ``exc`` when a template caused it, naming the file and line (the innermost
    template frame: where a template called the function that failed), else None.

    Jinja's own errors (syntax, undefined values) and any exception raised while a template
    runs ("{{ 1 // 0 }}") are a template's; ``template``: the one being rendered, named when the
    error says nothing more precise.
    """
    where = _template_frame(exc)
    if isinstance(exc, jinja2.TemplateError):
        if where is None:
            name = getattr(exc, "filename", None) or getattr(exc, "name", None) or template or "a template"
            where = f"{name}:{exc.lineno}" if getattr(exc, "lineno", None) else name
        message = getattr(exc, "message", None) or str(exc)
        if isinstance(exc, jinja2.TemplatesNotFound):
            message = f"no template named {', '.join(map(repr, exc.templates))} (neither yours nor a default)"
        elif isinstance(exc, jinja2.TemplateNotFound):
            message = f"no template named {exc.name!r} (neither yours nor a default)"
    elif where is not None:
        message = f"{type(exc).__name__}: {exc}"
    else:
        return None
    return BuildError(f"template error in {where}{rendering}: {message}; the previous site is kept")


def _template_frame(exc: BaseException) -> str | None:
    """"file:line" of the innermost template frame in the traceback."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(_TEMPLATE_SUFFIXES):
            found = f"{name}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found


_TEMPLATE_SUFFIXES = (".html", ".xml", ".txt")  # what Jinja loads as templates here (static/ aside)


def date_display(record: Record) -> str:
    """"13 September 2020", "September 2020", "2020", or "Date unknown"; ranges shown in full."""
    d = record.date
    if not d or record.date_precision == "unknown":
        return "Date unknown"
    if record.date_precision == "year":
        return d[:4]
    if record.date_precision == "month":
        return f"{MONTH_NAMES[int(d[5:7])]} {d[:4]}"
    day = dt.date.fromisoformat(d)
    text = f"{day.day} {MONTH_NAMES[day.month]} {day.year}"
    if record.date_end:
        end = dt.date.fromisoformat(record.date_end)
        if (end.year, end.month) == (day.year, day.month):
            text = f"{day.day}–{end.day} {MONTH_NAMES[day.month]} {day.year}"
        else:
            text += f" – {end.day} {MONTH_NAMES[end.month]} {end.year}"
    return text


def names(people) -> str:
    """"Wang Yi, Sergey Lavrov": the people's names, comma-separated."""
    return ", ".join([p.name for p in people])


def day_display(value: str | None) -> str:
    """An ISO date as shown: "2023-01-02" as "2 January 2023", "2023-01" as "January 2023", "2023" as is."""
    if not value:
        return ""
    if len(value) == 4:
        return value
    month = MONTH_NAMES[int(value[5:7])]
    return f"{month} {value[:4]}" if len(value) == 7 else f"{int(value[8:10])} {month} {value[:4]}"


def date_short(record: Record) -> str:
    """"2020-09-13" style, for aligned lists ("—" when unknown)."""
    if not record.date or record.date_precision == "unknown":
        return "—"
    return record.date


def _iso_datetime(value: str | None, fallback: dt.datetime) -> str:
    if value and len(value) == 10:
        return f"{value}T00:00:00Z"
    if value and len(value) == 7:
        return f"{value}-01T00:00:00Z"
    if value and len(value) == 4:
        return f"{value}-01-01T00:00:00Z"
    return fallback.strftime("%Y-%m-%dT%H:%M:%SZ")


def _jsonld(record: Record, urls: Urls, archive) -> str:
    """schema.org Event with the source as a NewsArticle, as safe JSON for a script tag."""
    event = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": record.title_display,
        "url": urls.absolute(urls.readout(record.id)),
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode"
        if record.kind in {"phone_call", "video_call"}
        else "https://schema.org/OfflineEventAttendanceMode",
        "attendee": [
            {"@type": "Person", "name": p.name, **({"jobTitle": p.role} if p.role else {}),
             **({"nationality": {"@type": "Country", "name": p.country}} if p.country else {})}
            for p in record.participants
        ],
        "about": [archive.topics[t].label if t in archive.topics else t for t in record.topics],  # names, not slugs
    }
    if record.date and record.date_precision != "unknown":
        event["startDate"] = record.date
        if record.date_end:
            event["endDate"] = record.date_end
    if record.venue:
        address = {"@type": "PostalAddress"}
        if record.venue.city:
            address["addressLocality"] = record.venue.city
        if record.venue.country:
            address["addressCountry"] = record.venue.country
        event["location"] = {"@type": "Place", "name": record.venue.city or record.venue.country, "address": address}
    article = {"@type": "NewsArticle", "headline": record.title}
    if record.source.url:
        article["url"] = record.source.url
    if record.source.outlet:
        article["publisher"] = {"@type": "Organization", "name": record.source.outlet}
    if record.published:
        article["datePublished"] = record.published
    event["subjectOf"] = article
    text = jsontext.dumps(event)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _citation(record: Record, config: Config, urls: Urls) -> str:
    parts = []
    if record.source.outlet:
        parts.append(record.source.outlet + ".")
    parts.append(f"“{record.title_display}.”")
    if record.published:
        parts.append(f"Published {record.published}.")
    elif record.date and record.date_precision != "unknown":  # no page date: the event's, as the page shows it
        parts.append(f"{date_display(record)}.")
    if record.source.url:
        parts.append(record.source.url + ".")
    parts.append(f"In {config.title}, {urls.absolute(urls.readout(record.id))}.")
    return " ".join(parts)
