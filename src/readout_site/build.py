"""The build, top to bottom: sources -> records -> archive -> pages -> render -> write.

``build`` is the whole pipeline, one call per stage. Incremental by default: the
cache beside the output (see ``cache.py``) gives back records whose source did
not change and tells which pages' inputs did not change, so those are linked
from the previous site instead of rendered again. The output of an incremental
build is byte-identical to a full build's.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import gc
import json
import logging
import operator
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from readout_site import exports, pages as pages_mod, parallel, render, sources
from readout_site.archive import archive_state, build_archive, update_archive
from readout_site.cache import BuildCache, CacheFiles, code_digest, load_records
from readout_site.config import MAX_EPOCH, Config, load_config
from readout_site.errors import BuildError, usage_error
from readout_site.lexicon import lexicon_cache_path, lexicon_from, lexicon_sources
from readout_site.urls import Urls
from readout_site.write import OutputLock, Spliced, Staging, file_stamp

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    """What a build did, for the summary and the report."""

    files: list[dict] = field(default_factory=list)  # one per input: {path, state, messages}
    pages_written: int = 0  # rendered or changed files
    pages_kept: int = 0  # unchanged files kept from the previous site
    pages_reused: int = 0  # readout pages known unchanged without being planned (pages.readouts_to_plan)
    removed: int = 0  # files of the previous site no longer produced
    readouts: int = 0  # records in the archive
    cached: int = 0  # records taken from the cache
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds
    unchanged: bool = False  # nothing to do: the site on disk already is this build's output
    reread: set = field(default_factory=set)  # source paths read anew (not from the cache), or unreadable anew
    unreadable: set = field(default_factory=set)  # directories of the corpus that could not be listed (rel + "/")
    renamed: set = field(default_factory=set)  # source paths read from the cache whose id changed (another took it)
    archive: object = None  # the Archive that was built (for `check`)
    lexicon_of: object = None  # a function giving the Lexicon used (for `check`; loaded on demand)
    working: list | None = None  # with build(hold=True): the build's large working objects (see hold_until_exit)
    withheld: bool = False  # build(strict=True) found warnings or rejected files: nothing was published

    def hold(self, *objects) -> None:
        """Keep ``objects`` with the result when the build was asked to (``working``)."""
        if self.working is not None:
            self.working.extend(objects)

    @property
    def counts(self) -> dict[str, int]:
        out = {"built": 0, "built with warnings": 0, "rejected": 0, "skipped": 0}
        for f in self.files:
            out[f["state"]] = out.get(f["state"], 0) + 1
        return out


def build(config: Config, corpus_dir: Path, out: Path, full: bool = False, jobs: int | None = None,
          progress: bool = False, quick: bool = True, hold: bool = False,
          scanning: parallel.ScanAhead | None = None, strict: bool = False) -> BuildResult:
    """Build the site for ``corpus_dir`` into ``out``.

    With ``strict``, a build in which any file has warnings or is rejected publishes nothing:
    the previous site stays (``BuildResult.withheld``).

    With ``hold``, the result keeps the build's large working objects (see ``hold_until_exit``).
    ``scanning``: the corpus being scanned already (the command line starts it).

    With ``quick``, a build whose inputs all have the stamps of the last build
    stops at once; ``check`` turns it off because it needs the archive.
    """
    result = BuildResult(working=[] if hold else None)
    stage = functools.partial(_timed, result.timings)
    config = _with_build_time(config)
    scanning = scanning or parallel.ScanAhead(corpus_dir, None)
    with contextlib.ExitStack() as later:
        later.callback(parallel.reap_ended)  # last: the forked processes that reported, ended by now
        later.callback(scanning.close)
        out = _checked_output(corpus_dir, out)
        later.enter_context(OutputLock(out))
        later.enter_context(_long_lived_heap())
        with stage("sources"), _kept_to_the_end():
            inputs = _Inputs.read(config, corpus_dir, out, full, quick, jobs, scanning)
            later.callback(inputs.ahead.close)  # a process reading ahead is not left waiting, whatever happens
        result.hold(inputs)
        result.unreadable = {rel for rel, _ in inputs.corpus.unreadable}
        if not inputs.corpus.readouts and (out / "readouts").is_dir():
            log.warning("%s: no readouts found; the site built from it has none (is --corpus the right folder?)",
                        corpus_dir)
        if quick and inputs.cache.quick_unchanged():
            return _nothing_to_do(result, inputs)
        with stage("records"):
            records, rejected, result.cached, result.reread = load_records(
                inputs.corpus, inputs.lexicon, inputs.cache, jobs, progress, inputs.ahead)
        rejected += [{"path": rel, "message": message, "line": None} for rel, message in inputs.corpus.unreadable]
        result.hold(records)
        later.callback(inputs.cache.settle)
        inputs.cache.save_records_beside(jobs)  # many new records: written meanwhile, on the other core
        with stage("archive"), _kept_to_the_end():
            terms = inputs.archive_terms(config)
            archive = _updated_archive(inputs.cache.archive_state, records, result.reread, terms) or \
                build_archive(records, *terms)
            inputs.cache.new_archive_state = archive_state(archive, *terms)
        result.renamed = _renamed(inputs.cache.archive_state, archive, result.reread)
        _check_home_country(config, archive)
        result.files = inputs.cache.files = _file_states(inputs.corpus, archive, rejected)
        if strict and any(f["state"] in {"rejected", "built with warnings"} for f in result.files):
            inputs.cache.forget_stamps()  # the site on disk is not this build's: no later build may stop at once
            result.withheld = True
            return result
        result.readouts, result.archive, result.lexicon_of = len(archive.records), archive, inputs.lexicon
        record_keys = inputs.cache.record_keys(archive.records)
        inputs.cache.new_site_key = inputs.cache.site_key(record_keys, (rejected, inputs.corpus.skipped, config.search))
        if inputs.cache.site_unchanged(inputs.cache.new_site_key, out):
            result.unchanged = True  # the site on disk is exactly this build's
            inputs.cache.new_placements = inputs.cache.placements  # and so is where each readout stands
            inputs.cache.new_layouts = inputs.cache.layouts  # and what its data files hold
            inputs.cache.save(inputs.cache.pages)
            return result
        inputs.cache.forget_stamps()
        urls = Urls(config)
        whole = _whole_archive_digest(config, inputs.cache.new_site_key)
        facts = pages_mod.site_facts(archive, whole)

        def planned() -> tuple[list, tuple]:  # the pages, and the keys they are fingerprinted with
            with stage("pages"), _kept_to_the_end():
                inputs.cache.new_placements = pages_mod.placements(archive, record_keys, facts, inputs.cache.placements)
                readouts = pages_mod.readouts_to_plan(archive, inputs.cache.new_placements, inputs.cache.placements)
                plan = pages_mod.plan(archive, urls, config.feeds, config.search, rejected, config.latest, readouts,
                                      config.list_limit)
                result.hold(plan)
                result.pages_reused = len(archive.records) - len(readouts) if readouts is not None else 0
            return plan, (record_keys, inputs.cache.new_placements, facts, bool(whole))

        staging = Staging(out, trust_manifest=not full)  # a full build checks both trees on disk
        result.timings.setdefault("pages", 0.0)  # (planned within rendering: the summary names it first)
        _render_and_publish(config, archive, urls, planned, inputs.cache, (record_keys, bool(whole)), staging,
                            result, stage, jobs, progress)
    return result


def _renamed(state, archive, reread: set) -> set[str]:
    """Source paths not read anew whose readout id is not the last build's: a new readout of the
    same date and headline took it (the warning saying so is news, though the file is unchanged)."""
    if state is None:
        return set()
    before = dict(zip(state.paths, state.ids))
    return {r.source_path for r in archive.records
            if r.source_path not in reread and before.get(r.source_path, r.id) != r.id}


def _check_home_country(config: Config, archive) -> None:
    """Warn when the configured ``home_country`` is no participant's country: a misspelling (or a
    name the lexicon does not know) leaves the archive without a home side, every country listed."""
    home = archive.home_country
    if config.home_country and archive.records and not any(home in r.countries for r in archive.records):
        log.warning("home_country %r: no participant of any readout is from %s; check the spelling "
                    "(or add the country to the lexicon)", config.home_country, home)


def _updated_archive(state, records, changed: set[str], terms: tuple):
    """The last build's archive updated (``archive.update_archive``), or None: then it is built anew,
    also when the kept state does not hold together (a cache written by other code)."""
    try:
        return update_archive(state, records, changed, *terms)
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        log.debug("the last build's archive could not be updated (%s: %s); indexing every readout", type(exc).__name__, exc)
        return None


def _whole_archive_digest(config: Config, site_key: str) -> str:
    """The site key when the site's own templates read more of the archive than pages follow, else ""."""
    beyond = render.templates_beyond_inputs(config)
    if not beyond:
        return ""
    log.info("templates %s read the archive as a whole: every change renders every page", ", ".join(beyond))
    return site_key


@dataclass
class _Inputs:
    """What a build reads before deciding what to do: the files, the cache, the lexicon (lazily)."""

    corpus: sources.Corpus
    lexicon_input: tuple  # lexicon_sources(): key and texts
    lexicon_fallback: Path  # where the prepared lexicon is kept when the user's cache directory is unusable
    ahead: parallel.ParseAhead  # readouts read while the cache loads
    cache: BuildCache | None = None
    _lexicon: object = None

    @classmethod
    def read(cls, config: Config, corpus_dir: Path, out: Path, full: bool, quick: bool,
             jobs: int | None, scanning: parallel.ScanAhead) -> "_Inputs":
        files, ahead = CacheFiles(out), parallel.ParseAhead(jobs)
        if not full and files.path.is_file():  # (without a cache, no readout is read ahead)
            ahead.prepare()
        try:
            return cls._read(config, corpus_dir, out, full, quick, scanning, files, ahead)
        except BaseException:
            ahead.close()  # not left waiting when the build stops here
            raise

    @classmethod
    def _read(cls, config: Config, corpus_dir: Path, out: Path, full: bool, quick: bool,
              scanning: parallel.ScanAhead, files: CacheFiles, ahead: parallel.ParseAhead) -> "_Inputs":
        while not full and not scanning.ready() and files.read_next():
            pass  # the cache read while another process scans the corpus (of 10,000 readouts, a tenth of a second)
        corpus = scanning.corpus(corpus_dir)
        for rel, message in corpus.unreadable:
            if rel.startswith(sources.LEXICON_DIR + "/"):  # built without it, every name and topic of it is lost
                raise usage_error(f"{corpus.root / rel}: {message.split(';')[0]}; the corpus's lexicon cannot be "
                                  "read, so nothing is built")
        lexicon_input = lexicon_sources(tuple(corpus.lexicon_files) + tuple(config.lexicon))
        inputs = cls(corpus, lexicon_input, out.parent / f".{out.name}.lexicon", ahead)

        def read_ahead(newest_mtime: int) -> None:  # files newer than any the cached records were made from
            newer = [source for source in corpus.readouts if source.mtime_ns > newest_mtime]
            inputs.ahead.start(newer, inputs.lexicon_maker())

        inputs.cache = BuildCache.open(out, config, lexicon_input[0], render.templates_digest(config),
                                       full=full, corpus=corpus, quick=quick, before_records=read_ahead,
                                       files=files)
        return inputs

    def lexicon(self):
        """The prepared lexicon, loaded on first use (a build with nothing to read never needs it)."""
        if self._lexicon is None:
            with _kept_to_the_end():
                self._lexicon = self.lexicon_maker()()
        return self._lexicon

    def lexicon_maker(self):
        """A function (picklable, for another process) that loads the prepared lexicon."""
        kept = lexicon_cache_path(self.lexicon_input[0], self.lexicon_fallback)
        return functools.partial(lexicon_from, self.lexicon_input, cache_path=kept)

    def archive_terms(self, config: Config) -> tuple[dict[str, str], str | None]:
        """What the archive takes from the lexicon: topic labels by slug, and the home country's
        canonical name. Kept by the cache with the records, so a build that reads no file
        does not load the lexicon for them."""
        kept = self.cache.lexicon_terms
        if kept is None or kept[0] != config.home_country:
            lexicon = self.lexicon()
            home = config.home_country and (lexicon.country(config.home_country) or config.home_country)
            kept = self.cache.lexicon_terms = (config.home_country, {t.slug: t.label for t in lexicon.topics}, home)
        return kept[1], kept[2]


def _checked_output(corpus_dir: Path, out: Path) -> Path:
    """The output directory, absolute, when the corpus and it can be built (else a usage error)."""
    if not corpus_dir.is_dir():
        what = "is a file, not a directory" if corpus_dir.exists() else "the corpus directory does not exist"
        raise usage_error(f"{corpus_dir}: {what}")
    out = out.resolve()
    corpus = corpus_dir.resolve()
    if out == corpus or corpus.is_relative_to(out):
        raise usage_error(f"{out}: the output directory must not contain the corpus")
    if out.is_relative_to(corpus):
        raise usage_error(f"{out}: the output directory must not be inside the corpus ({corpus}): "
                           "its pages would be read back as readouts")
    if out.exists() and not out.is_dir():
        raise usage_error(f"{out}: the output path exists and is not a directory; the build does not replace it")
    if out.is_dir() and not _made_by_a_build(out) and any(out.iterdir()):
        raise usage_error(f"{out}: the output directory holds files no build made, which a build would replace; "
                           "give an empty or new directory (or empty this one)")
    return out


def _made_by_a_build(out: Path) -> bool:
    """True when ``out`` is a site a build wrote: the build's files beside it, or its data file in it."""
    beside = (f".{out.name}.{kind}" for kind in ("cache", "trees", "staging", "lock"))
    return any((out.parent / name).exists() for name in beside) or (out / "data" / "readouts.json").is_file()


def _nothing_to_do(result: BuildResult, inputs: _Inputs) -> BuildResult:
    result.files, result.unchanged = inputs.cache.previous_files, True
    result.readouts = sum(1 for f in result.files if f["state"].startswith("built"))
    result.cached = len(inputs.corpus.readouts)
    return result


def _render_and_publish(config, archive, urls, planned, cache, known, staging, result, stage, jobs,
                        progress) -> None:
    """Render into the staging tree, index, swap it in; a failure leaves the live site as it was.

    ``planned()`` plans the pages: ``(plan, keys)``, with ``keys`` each record's content key,
    ``pages.placements``, ``pages.site_facts``, and whether the site's templates read the
    archive as a whole (``_whole_archive_digest``); ``known``: the first and the last of
    these, known before. The data files, which follow from the archive alone, are written
    by another process (when there is one) while the pages are planned and rendered.
    """
    record_keys, whole = known
    out = staging.out
    staging.prepare()
    try:
        with stage("render"):
            env = render.make_environment(config, archive, urls, _build_time(config), _bytecode_dir(out))
            fragments = _Fragments(env, urls, cache, record_keys)
            result.hold(env, staging)
            exported = set(exports.FRAGMENTS)
            lacking = fragments.missing(archive.records, {"row"} | exported)[0]  # one pass over the archive
            if whole:  # the row template may be one that reads the archive as a whole: rows are made anew
                render.use_rows(env, {})
            else:  # every list page shows rows: made once per readout, and kept
                fragments.make_now(lacking, {"row"}, jobs)
                render.use_rows(env, cache.view("row", record_keys, Markup))
            side = fragments.missing(lacking, exported)  # made by the render workers
            early = len(side[0]) < parallel.MIN_PARALLEL  # then the few missing are made here, now
            if early:
                fragments.make_here(side)
            data_files = _DataFiles(archive, urls, cache, record_keys, str(out))
            data = _data_files(urls, config, data_files)
            listed = functools.partial(_listed_files, urls, env, config)  # of the paths a sitemap lists
            layouts = functools.partial(data_files.layouts, staging)  # made where the data files are written

            def beside() -> tuple:  # then, there: what the data files hold, and what the cache saves of what is known
                return layouts(), cache.prepare_save()

        with parallel.beside(data if early else [], staging, jobs, beside if early else None,
                             listed if early else None) as after:
            plan, keys = planned()
            with stage("render"):
                sitemap = [p.path for p in plan if p.sitemap]
                if early:
                    after.send(sitemap)  # the sitemap and robots.txt: written there too
                fingerprints = _render_pages(plan, env, staging, cache, keys, jobs, progress,
                                             None if early else side, archive)
                result.hold(fingerprints)
        with stage("render"):
            if not early:
                fragments.make_here(fragments.missing(lacking, exported))  # when rendered in one process
                parallel.write_files(data + listed(sitemap), staging)
            cache.new_layouts, prepared = after.result if early else (layouts(), None)
        if config.search:
            with stage("search"):
                from readout_site.search import index_site

                index_site(staging, cache, fingerprints, jobs)
        with stage("write"):
            cache.forget()  # until saved again, no cache may vouch for pages of a site being swapped
            staging.publish()
            cache.save(fingerprints, prepared)
            staging.finish()
    except BaseException as exc:
        staging.abandon()
        if isinstance(exc, Exception) and not isinstance(exc, BuildError):
            failure = render.template_failure(exc)  # a list row, a feed entry, the sitemap: not in render_page
            if failure is not None:
                raise failure from exc
        raise
    result.pages_written, result.pages_kept, result.removed = staging.written, staging.kept, staging.removed


def _bytecode_dir(out: Path) -> Path | None:
    """Where compiled templates are kept between builds (``.OUT.jinja/<code digest>``).

    Jinja checks each template's source against its entry; the code digest keeps
    templates compiled by another version of the environment apart.
    """
    root = out.parent / f".{out.name}.jinja"
    here = root / code_digest()
    try:
        here.mkdir(parents=True, exist_ok=True)
        for old in root.iterdir():
            if old != here:
                shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:  # compiled templates are only a shortcut
        log.debug("no template bytecode cache in %s: %s", root, exc)
        return None
    return here


@contextlib.contextmanager
def _long_lived_heap():
    """Collect garbage less often while the build holds its records.

    A build keeps hundreds of thousands of objects alive to its end (records, the
    archive, the cache); with the default thresholds the collector scans them again
    and again while they are being made, which cost a third of an incremental build.
    """
    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


@contextlib.contextmanager
def _kept_to_the_end():
    """Make objects that live to the end of the build (the cache, records, lexicon, archive).

    The collector is paused while they are made, then they are frozen: it need not scan
    them again (unpickling the cache of 10,000 readouts took three times as long with
    collections running), and forked workers do not copy them by touching their headers.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


@contextlib.contextmanager
def _timed(timings: dict[str, float], name: str):
    """Add the time spent in the block to ``timings[name]``."""
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - start


def _with_build_time(config: Config) -> Config:
    """``config`` with the build time it stands for set: its own, else SOURCE_DATE_EPOCH, else 0.
    Set before the cache is opened, so that a build under another time is not taken for the
    last one (the time dates what has no date of its own, as a feed entry of an undated readout)."""
    epoch = config.source_date_epoch
    if epoch is None and os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        epoch = _epoch_from_environment(os.environ["SOURCE_DATE_EPOCH"])
    return dataclasses.replace(config, source_date_epoch=epoch or 0)


def _epoch_from_environment(value: str) -> int:
    """SOURCE_DATE_EPOCH as a number of seconds; a value that is not one stops the build, as the
    reproducible-builds specification asks, rather than be ignored."""
    text = value.strip()
    if not text.isascii() or not text.isdigit() or int(text) > MAX_EPOCH:
        raise usage_error(f"SOURCE_DATE_EPOCH={value!r} is not a number of seconds since 1970 "
                           f"(0 to {MAX_EPOCH}); set it to one, or unset it")
    return int(text)


def _build_time(config: Config) -> dt.datetime:
    """The time of a config made by ``_with_build_time``."""
    return dt.datetime.fromtimestamp(config.source_date_epoch, tz=dt.timezone.utc)


def _render_pages(plan, env, staging: Staging, cache: BuildCache, keys, jobs, progress,
                  side=None, archive=None) -> dict[str, str]:
    """Render the pages whose inputs changed; link the rest from the old site."""
    fingerprints: dict[str, str] = {}
    todo = []
    _, placements, facts, _ = keys
    tokens = pages_mod.input_tokens(placements)
    old = cache.pages
    rels = [Urls.output_path(page.path) for page in plan]
    kept = staging.keep_all([rel for rel, page in zip(rels, plan) if page.reused and rel in old])
    fingerprints.update((rel, old[rel]) for rel in kept)
    for rel, page in zip(rels, plan):
        if page.reused:
            if rel in kept:
                continue
            page = pages_mod.readout_page(archive, page.context["record"])  # the last build has no such file
        fp = pages_mod.fingerprint(page, tokens, facts)
        if fp is not None:
            fingerprints[rel] = fp
            if cache.page_unchanged(rel, fp) and staging.keep(rel):
                continue
        todo.append((rel, page))
    from readout_site.parallel import render_in_parallel

    render_in_parallel(todo, env, staging, jobs, progress, side)
    return fingerprints


def _render_extra(env, path: str, template: str, context: dict) -> bytes:
    """A file of the site made from a template but no planned page (robots.txt, the sitemap)."""
    return render.render_page(env, pages_mod.Page(path, template, context, (), sitemap=False))


def _data_files(urls: Urls, config: Config, data_file: "_DataFiles") -> list[tuple[str, object]]:
    """Static assets and data exports: ``(output path, make bytes)``.

    ``data_file.make(name)`` makes a data file (in a forked process when ``parallel.beside``
    writes them).
    """
    files = []
    static = render.default_templates_dir() / "static"
    for root in filter(None, [static, config.templates and config.templates / "static"]):
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                rel = path.relative_to(root).as_posix()
                if path.is_file() and (reason := sources.skip_reason(rel)) is None:
                    files.append((f"static/{rel}", path.read_bytes))
                elif path.is_file():
                    log.info("%s: not published (%s)", path, reason)
    files += [(getattr(urls, name), functools.partial(data_file.make, name)) for name in exports.SHAPES]
    return files


def _listed_files(urls: Urls, env, config: Config, listed: list[str]) -> list[tuple[str, object]]:
    """robots.txt and the sitemap of the pages at ``listed``: ``(output path, make bytes)``."""
    files = [(urls.robots, functools.partial(_render_extra, env, urls.robots, "robots.txt", {}))]
    if config.site_url:  # a sitemap lists full URLs: with a base URL that is only a path, there is none
        files.append((urls.sitemap, functools.partial(_render_extra, env, urls.sitemap, "sitemap.xml", {"paths": listed})))
    else:
        log.debug("no sitemap.xml: the base URL %r has no host (a sitemap lists full URLs)", config.base_url)
    return files


@dataclass
class _Fragments:
    """The per-readout fragments of a build (list rows, data file parts), made ahead on every core.

    Each is made once per readout and reused by every page and file that shows the
    readout, and kept by the cache; after a cold start there are tens of thousands,
    which the parent would otherwise make one by one.
    """

    env: object  # the Jinja environment (rows are rendered with it)
    urls: Urls
    cache: BuildCache
    record_keys: dict[str, str]

    def makers(self, kinds: set[str]) -> dict:
        made = {"row": render.row_maker(self.env)}
        made.update({kind: functools.partial(make, urls=self.urls) for kind, make in exports.FRAGMENTS.items()})
        return {kind: make for kind, make in made.items() if kind in kinds}

    def missing(self, records, kinds: set[str]) -> tuple[list, dict, object]:
        """``(records, makers, take)``: the records lacking some of ``kinds``, and how to keep what is made."""
        makers = self.makers(kinds)
        return self.cache.lacking(makers, records, self.record_keys), makers, self.take

    def take(self, record_id: str, made: dict) -> None:
        self.cache.add_fragments(record_id, self.record_keys[record_id], made)

    def make_now(self, records, kinds: set[str], jobs) -> None:
        """Make the missing ``kinds``: in a pool of their own, or here for a small batch."""
        from readout_site.parallel import fragments_in_parallel

        side = self.missing(records, kinds)
        made = fragments_in_parallel(side[0], side[1], jobs)
        for record_id, parts in made:
            self.take(record_id, parts)
        if not made:
            self.make_here(side)

    def make_here(self, side: tuple[list, dict, object]) -> None:
        """Make, in this process, what ``missing`` found missing."""
        todo, makers, take = side
        for r in todo:
            take(r.id, {kind: make(r) for kind, make in makers.items()})



@dataclass
class _DataFiles:
    """The data files (``exports.SHAPES``): spliced from the live site's files where the cache
    describes them (``exports.Layout``) and few readouts changed, else made whole."""

    archive: object
    urls: Urls
    cache: BuildCache
    record_keys: dict[str, str]
    live: str  # the live site's directory

    def make(self, name: str):
        """The file's bytes, or a ``Spliced`` file: runs of the live file and the new parts."""
        shape, before = exports.SHAPES[name], (self.cache.layouts or {}).get(name)
        whole = functools.partial(exports.whole_file, name, self.archive, self.urls,
                                  self.cache.parts(self.archive.records, self.record_keys))
        parts = self._parts(name, before)
        if parts is None:
            return whole()
        same = len(parts) == len(before.ids) and all(type(p) is int and p == i for i, p in enumerate(parts))
        return Spliced(tuple(exports.splice(shape, parts, before)), before.stamp, whole, same)

    def _parts(self, name: str, before) -> list | None:
        """Each readout's part in archive order: the number of its part in the live file when it is
        unchanged, else its bytes; None when the live file is not known or much changed.

        A changed readout whose part is still the bytes the live file holds for it (an
        edit to the text leaves its CSV rows as they were) counts as unchanged, so that
        a file no readout's part changed in is kept as it is.
        """
        if not self._follows(before):
            return None
        _, numbers, moved = self._unchanged
        kind = exports.SHAPES[name].kind
        parts: list = []
        with _LiveFile(f"{self.live}/{getattr(self.urls, name)}", before) as live:
            for k, (i, r) in enumerate(zip(numbers, self.archive.records)):
                if i is None:
                    part, j = self._part(r, kind), moved.get(k)
                    i = j if j is not None and live.holds(j, part) else part
                parts.append(i)
        return parts

    def _follows(self, before) -> bool:
        """Whether ``before`` (a data file's layout, or None) describes the live file that
        ``_unchanged`` numbers this build's parts against."""
        unchanged = self._unchanged
        return before is not None and before.stamp is not None and unchanged is not None and \
            before.ids == unchanged[0]

    def _part(self, r, kind: str) -> bytes:
        """The readout's ``kind`` part: as kept (every part is made and kept by now), else made."""
        part = self.cache.kept_fragment(r.id, self.record_keys[r.id], kind)
        return part if part is not None else exports.FRAGMENTS[kind](r, urls=self.urls)

    @functools.cached_property
    def _unchanged(self) -> tuple[tuple, list, dict] | None:
        """``(ids of the live files, [for each readout in archive order, the number of its part in
        them when it is unchanged, else None], {place in that list: number of its part} of the
        changed readouts the files hold)``; None when they are not known or much changed."""
        layouts, old_keys = self.cache.layouts or {}, (self.cache.placements or {}).get("readouts")
        if not layouts or not isinstance(old_keys, dict):
            return None
        ids = next(iter(layouts.values())).ids
        where, keys, out, moved = {rid: i for i, rid in enumerate(ids)}, self.record_keys, [], {}
        for k, r in enumerate(self.archive.records):
            i = where.get(r.id)
            if i is not None and old_keys.get(r.id, ("",))[0] != keys[r.id]:
                moved[k], i = i, None
            out.append(i)
        new = out.count(None)
        return (ids, out, moved) if new * 4 <= len(out) else None  # mostly new: as cheap to make whole

    def layouts(self, staging: Staging) -> dict:
        """``{name: exports.Layout}`` of the files as written into ``staging`` (for the next build)."""
        ids, records = tuple(r.id for r in self.archive.records), self.archive.records
        out = {}
        for name, shape in exports.SHAPES.items():
            before, kind = (self.cache.layouts or {}).get(name), shape.kind
            if self._follows(before):  # an unchanged part keeps its length in the live file
                spans = before.spans
                lengths = [len(self._part(r, kind)) if i is None else spans[2 * i + 1] - spans[2 * i]
                           for i, r in zip(self._unchanged[1], records)]
            else:
                lengths = [len(self._part(r, kind)) for r in records]
            out[name] = exports.Layout(ids, shape.spans(lengths), file_stamp(f"{staging.dir}/{getattr(self.urls, name)}"))
        return out


class _LiveFile:
    """The live site's data file, to tell whether a part it holds is the same bytes as a new one."""

    def __init__(self, path: str, layout):
        self.path, self.spans, self._fd = path, layout.spans, None

    def __enter__(self):
        with contextlib.suppress(OSError):  # no live file: no part is the same
            self._fd = os.open(self.path, os.O_RDONLY)
        return self

    def __exit__(self, *exc):
        if self._fd is not None:
            os.close(self._fd)

    def holds(self, number: int, part: bytes) -> bool:
        """True when the file's part ``number`` is ``part``, byte for byte."""
        start, end = self.spans[2 * number], self.spans[2 * number + 1]
        if self._fd is None or end - start != len(part):
            return False
        try:
            return os.pread(self._fd, len(part), start) == part
        except OSError:
            return False


def _file_states(corpus, archive, rejected: list[dict]) -> list[dict]:
    states = []
    for r in archive.records:
        states.append({"path": r.source_path, "state": "built with warnings" if r.warnings else "built",
                       "id": r.id, "messages": list(r.warnings)})
    states.extend({"path": rej["path"], "state": "rejected", "messages": [rej["message"]]} for rej in rejected)
    states.extend({"path": rel, "state": "skipped", "messages": [reason]} for rel, reason in corpus.skipped)
    states.extend({"path": rel, "state": "sidecar", "messages": []} for rel in corpus.sidecars)
    states.extend({"path": sources.shown_path(p.relative_to(corpus.root).as_posix()), "state": "lexicon", "messages": []}
                  for p in corpus.lexicon_files)  # relative to the corpus, as every other file's
    states.sort(key=operator.itemgetter("path"))
    return states


# ------------------------------------------------------------------ command line


def build_from_args(args, scanning: parallel.ScanAhead | None = None) -> int:
    result, elapsed, out = run_build(args, scanning=scanning)
    return report_build(args, result, elapsed, out)


_held: list | None = None  # results kept to the end of the process (see hold_until_exit)


def hold_until_exit() -> None:
    """Keep what every build from now on works with (``BuildResult.working``) to the end of the
    process, for a process that then ends without tearing its heap down (the command line).

    Freeing the records, pages and cache entries of 10,000 readouts one by one took
    a tenth of the time of a rebuild that adds one readout.
    """
    global _held
    if _held is None:
        _held = []


def run_build(args, quick: bool = True, scanning: parallel.ScanAhead | None = None) -> tuple[BuildResult, float, Path]:
    """Build as the command line asks; returns the result, the time taken and the output."""
    config, corpus, out = resolve_args(args)
    _check_report_path(args.report, out, corpus)
    interactive = sys.stderr.isatty() and not args.quiet and not os.environ.get("CI")
    start = time.perf_counter()
    strict = args.strict and not getattr(args, "every_message", False)  # check reads the site it builds
    result = build(config, corpus, out, full=args.full, jobs=args.jobs, progress=interactive, quick=quick,
                   hold=_held is not None, scanning=scanning, strict=strict)
    if _held is not None:
        _held.append(result)
    return result, time.perf_counter() - start, out


def _check_report_path(report: Path | None, out: Path, corpus: Path | None = None) -> None:
    """Refuse, before building, a ``--report`` path that cannot be written, that the next build would
    delete (inside the output directory) or that would be read as a readout (inside the corpus)."""
    if report is None:
        return
    where = report.resolve()
    if where.is_dir():
        raise usage_error(f"--report {report}: that is a directory; name a file")
    if where.is_relative_to(out.resolve()):
        raise usage_error(f"--report {report}: inside the output directory, which every build replaces; "
                           "write it elsewhere")
    if corpus is not None and where.is_relative_to(corpus.resolve()):
        raise usage_error(f"--report {report}: inside the corpus, where it would replace or join the readouts; "
                           "write it elsewhere")
    if not where.parent.is_dir():
        raise usage_error(f"--report {report}: the directory {report.parent} does not exist")


def report_build(args, result: BuildResult, elapsed: float, out: Path) -> int:
    """Print diagnostics and the summary, write the report; the exit code."""
    earlier = 0
    news = result.reread | result.unreadable | result.renamed  # files whose messages may be new
    every = args.full or args.strict or getattr(args, "every_message", False)  # --strict: what it fails for
    for f in result.files:
        if f["state"] in {"rejected", "built with warnings"}:
            if f["path"] not in news and not every:
                earlier += 1
                continue
            for message in f["messages"]:
                level = "error" if f["state"] == "rejected" else "warning"
                print(f"{f['path']}: {level}: {message}", file=sys.stderr)
    if earlier and not args.quiet:
        print(f"({earlier} unchanged file(s) still have the warnings or errors reported before; "
              "--report FILE or `readout-site check` lists them all)", file=sys.stderr)
    if args.report:
        report = {"output": str(out), "counts": result.counts, "files": result.files}
        try:
            args.report.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        except OSError as exc:
            print(f"error: --report {args.report}: {exc.strerror or exc} (the site was built)", file=sys.stderr)
            return 1
    if not args.quiet:
        _print_summary(result, elapsed, out)
    counts = result.counts
    if args.strict and (counts.get("rejected") or counts.get("built with warnings")):
        kept = "; the previous site is kept (nothing was published)" if result.withheld else ""
        print(f"strict: failing because of the warnings and rejected files above{kept}", file=sys.stderr)
        return 1
    return 0


def resolve_args(args) -> tuple[Config, Path, Path]:
    root = Path.cwd()
    overrides = {"base_url": args.base_url} if args.base_url else {}
    config = load_config(args.config, root, overrides)
    corpus = sources.corpus_dir(args.corpus)
    out = args.out or root / "build"
    return config, corpus, out


def _print_summary(result: BuildResult, elapsed: float, out: Path) -> None:
    c = result.counts
    stages = ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items())
    if result.withheld:
        pages = "Nothing published (--strict)."
    elif result.unchanged:
        pages = "Nothing changed since the last build."
    else:
        pages = f"Pages: {result.pages_written} written, {result.pages_kept} unchanged, {result.removed} removed."
    print(
        f"{'Read' if result.withheld else 'Built'} {out}: {result.readouts} readouts ({c.get('built', 0)} clean, "
        f"{c.get('built with warnings', 0)} with warnings, {c.get('rejected', 0)} rejected, "
        f"{c.get('skipped', 0)} skipped; {result.cached} from cache). {pages} {elapsed:.2f}s ({stages}).",
        file=sys.stderr,
    )
