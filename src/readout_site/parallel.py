"""Run extraction and rendering on every core where that pays.

Workers are forked, so they share the lexicon, the archive and the templates
with the parent without pickling them; only small tasks and results cross.
Small batches run in the parent: starting workers costs more than it saves.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import select
import signal
import sys
import threading
from pathlib import Path

from readout_site.errors import ReadoutError

log = logging.getLogger(__name__)

MIN_PARALLEL = 400  # below this many tasks, work in one process
CHUNK = 64
SWITCH_INTERVAL = 0.0001  # seconds between interpreter lock switches while a pool runs (see _share_out)

_shared: dict = {}


def workers(jobs: int | None) -> int:
    if jobs is not None:
        return max(1, jobs)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _chunks(n: int) -> list[range]:
    """Task indices ``0..n-1`` in runs of ``CHUNK``."""
    return [range(i, min(i + CHUNK, n)) for i in range(0, n, CHUNK)]


def _pool(n: int):
    import multiprocessing  # here: a small rebuild starts no pool and need not import it

    return multiprocessing.get_context("fork").Pool(n, initializer=die_with_parent, initargs=(os.getpid(),))


def die_with_parent(parent: int) -> None:  # pragma: no cover - runs in the child
    """In a forked process: be killed when ``parent`` dies, a ``kill -9`` of the build included (a
    worker left running on its own would spend a core on work nobody will take). Linux only."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it died before the request was made
        os._exit(1)


def each_in_parallel(tasks: list, run, jobs: int | None = None, at_least: int = 2) -> list:
    """``[run(task) for task in tasks]``, on every core (``jobs``) when there are ``at_least`` tasks
    (this process takes its share; the results of the others are pickled back)."""
    n = workers(jobs)
    if n == 1 or len(tasks) < max(at_least, 2):
        return [run(task) for task in tasks]
    results: list = [None] * len(tasks)

    def took(i: int, result, here: bool) -> None:
        results[i] = result

    _share_out(list(range(len(tasks))), lambda i: run(tasks[i]), n, took)
    return results


# ------------------------------------------------------------------ parsing


def parse_in_parallel(todo, lexicon, jobs, progress):
    """Yield ``(source, stamp, digest, record or ReadoutError or OSError)`` for every ``(source, stamp,
    digest)`` task, in order; a task without a digest gets it from the process that reads the file.

    With several cores this process reads its share of the files (see ``_share_out``) while
    workers read the rest: a record read here need not be pickled back, and one process
    fewer holds a copy of the heap.
    """
    import readout_site.records  # noqa: F401  (imported once here, not again in every worker)

    _shared.update(lexicon=lexicon, todo=todo)
    n = workers(jobs)
    bar = _Progress("reading", len(todo), progress)
    try:
        if n == 1 or len(todo) < MIN_PARALLEL:
            for i in range(len(todo)):
                yield (*todo[i][:2], *_digest_and_parse(i))
                bar.step()
            return
        done: list = [None] * len(todo)

        def took(chunk: range, outcomes: list, here: bool) -> None:
            done[chunk.start:chunk.stop] = outcomes
            bar.step(len(chunk))

        _share_out(_chunks(len(todo)), _digest_and_parse_chunk, n, took)
        for i, outcome in enumerate(done):
            yield (*todo[i][:2], *outcome)
    finally:
        bar.done()
        _shared.clear()


class _Claims:
    """Task numbers handed out one at a time to this process and its forked workers alike (a
    counter in shared memory): whoever is free takes the next, so neither a slower core nor a
    run of costly tasks leaves the other idle."""

    def __init__(self, total: int):
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.total, self._next, self._lock = total, context.RawValue("q", 0), context.Lock()

    def next(self) -> int | None:
        with self._lock:
            i = self._next.value
            self._next.value = i + 1
        return i if i < self.total else None


def _share_out(tasks: list, run, n: int, took) -> None:
    """``run(task)`` for every task, in this process and ``n - 1`` forked workers at once (what this
    process does itself need not be pickled back); ``took(task, result, here)`` gets each result
    in this process, ``here`` telling whether this process made it."""
    claims = _Claims(len(tasks))
    _shared.update(claims=claims, tasks=tasks, run=run)
    interval = sys.getswitchinterval()
    # The pool's threads in this process read each worker's results off a pipe, a few
    # hundred kB a chunk, and need the interpreter lock for every read; with the default
    # 5 ms between switches they waited behind this process's own work while the worker
    # sat blocked on a full pipe (reading 10,000 readouts used 1.4-1.75 of two cores).
    sys.setswitchinterval(SWITCH_INTERVAL)
    try:
        with _pool(n - 1) as pool:
            theirs = pool.imap_unordered(_run_claimed, range(len(tasks)))  # one try per task at most
            while (i := claims.next()) is not None:
                took(tasks[i], run(tasks[i]), True)
            for claimed in theirs:
                if claimed is not None:
                    took(tasks[claimed[0]], claimed[1], False)
    finally:
        sys.setswitchinterval(interval)
        for key in ("claims", "tasks", "run"):
            _shared.pop(key, None)


def _run_claimed(_try: int) -> tuple[int, object] | None:
    """In a worker: the next unclaimed task's number and result, or None when all are claimed."""
    i = _shared["claims"].next()
    return None if i is None else (i, _shared["run"](_shared["tasks"][i]))


def _digest_and_parse_chunk(indices: range) -> list[tuple]:
    return [_digest_and_parse(i) for i in indices]


def _digest_and_parse(i: int) -> tuple:
    """(digest, outcome) of task ``i``, both from one reading of the readout and its sidecar (the
    digest a task may carry, made earlier from another reading, is not used). An unreadable
    file gives ("", OSError), an unreadable sidecar ("", the record built without it): no digest,
    so that the next build reads them again."""
    from readout_site.cache import digest_from, digest_of
    from readout_site.records import MAX_BYTES, sidecar_bytes, too_large

    source = _shared["todo"][i][0]
    try:
        if source.size > MAX_BYTES:  # hashed as it is read, never held: it is not a readout
            return digest_of(source), too_large(source.rel, source.size)
        data = source.read_bytes()
    except OSError as exc:
        return "", exc
    except MemoryError:  # it grew since the scan
        return "", ReadoutError(source.rel, "the file is too large to read in memory")
    try:
        sidecar = sidecar_bytes(source)
    except ReadoutError as exc:  # built without it, and no digest: the next build reads both again
        return "", _parse_one(source, data, exc)
    return digest_from(data, sidecar), _parse_one(source, data, sidecar)


def _parse_one(source, data: bytes, sidecar: bytes | None):
    from readout_site.records import record_of

    try:
        return record_of(source, data, sidecar, _shared["lexicon"])
    except ReadoutError as exc:
        return exc
    except RecursionError:
        return ReadoutError(source.rel, "the text is nested too deeply to read")
    except MemoryError:
        return ReadoutError(source.rel, "the file is too large to read in memory")
    except Exception as exc:  # a loader bug must not stop the archive; it is reported on the file
        log.debug("loader failure on %s", source.rel, exc_info=True)
        return ReadoutError(source.rel, f"the loader failed on this file ({type(exc).__name__}: {exc})")


class ParseAhead:
    """Readouts probably changed since the last build, read and understood in a forked process
    while this one loads the build cache (an incremental build's two slowest starts, side by side).

    The guess is cheap and may be wrong either way: files newer than any the cached records
    were made from. ``results`` hands over only what matches the exact freshness check
    the build makes; whatever the guess missed, or the process failed to give, the build
    reads itself. A large change is left to ``parse_in_parallel``'s pool.

    ``prepare`` starts the process before the files are known: it imports the loader (a
    twentieth of a second) while this one reads the cache, at a low priority, so that the
    scan of the corpus, running then too, keeps its core; ``start`` gives it its work.
    """

    def __init__(self, jobs: int | None):
        self._enabled = workers(jobs) > 1
        self._child: tuple[int, int] | None = None  # (pid, read end of its pipe)
        self._tasks: int | None = None  # write end of the pipe a prepared process waits on for its work
        self._telling: threading.Thread | None = None  # writing the work to that pipe

    def prepare(self) -> None:
        """Start the process now; it waits for ``start`` (and ends without work at ``results`` or ``close``)."""
        if not self._enabled or self._child is not None:
            return
        told, tell = os.pipe()
        try:
            self._child = _fork_with_report(lambda: _parse_when_told(told, tell))
        except OSError as exc:  # no process to spare: the build reads them itself
            os.close(tell)
            log.debug("no reading ahead: %s", exc)
        else:
            self._tasks = tell
        finally:
            os.close(told)

    def start(self, sources, make_lexicon) -> None:
        """Read ``sources`` (``sources.SourceFile``) in the forked process, if any and not too many;
        ``make_lexicon()`` (picklable) gives it the lexicon."""
        if not self._enabled or not sources or len(sources) >= MIN_PARALLEL:
            return
        if self._child is None:
            self.prepare()
        tell, self._tasks = self._tasks, None
        if tell is None:  # started already, or no process
            return
        # Written by a thread: the work (the lexicon's texts among it) fills the pipe, and the
        # process reads it only once it has imported the loader, while this one reads on.
        try:
            telling = _telling(tell, (sources, make_lexicon), "read-ahead-work")
        except Exception as exc:  # noqa: BLE001 - reading ahead is only a shortcut: the build reads them itself
            os.close(tell)  # the process sees no work and ends
            log.debug("no reading ahead: %s: %s", type(exc).__name__, exc)
            return
        self._telling = telling

    def results(self, todo: list) -> tuple[list, list]:
        """``(done, rest)``: of ``todo``'s ``(source, stamp, digest)`` tasks, those read ahead with that
        stamp (and digest, when known), as ``(source, stamp, digest, outcome)``, and the others."""
        got = self._collect()
        done, rest = [], []
        for source, stamp, digest in todo:
            ahead = got.get(source.rel)
            if ahead is not None and ahead[0] == stamp and ahead[1] and digest in (None, ahead[1]):
                done.append((source, stamp, ahead[1], ahead[2]))
            else:
                rest.append((source, stamp, digest))
        if done:
            log.debug("%d readout(s) read ahead, %d read now", len(done), len(rest))
        return done, rest

    def close(self) -> None:
        """Stop waiting for the process (a build that ends before it needs its records)."""
        self._collect(wanted=False)

    def _collect(self, wanted: bool = True) -> dict:
        """What the process read, ``{rel: (stamp, digest, outcome)}`` (empty when it failed); reaps it
        (see ``_report_of``).
        A prepared process never given work is stopped, not waited for."""
        child, self._child = self._child, None
        if self._tasks is not None:
            os.close(self._tasks)
            self._tasks, wanted = None, False
        got = _given(child, dict, wanted, "nothing read ahead")
        if self._telling is not None:
            self._telling.join()  # done: the process read it all, or ended
            self._telling = None
        return {} if got is None else got


def _telling(fd: int, value, name: str) -> threading.Thread:
    """A thread, started, writing ``value`` pickled to the pipe ``fd`` (``_tell``): more than a pipe
    holds, written while this process goes on. Raises, ``fd`` left open, when ``value`` does not
    pickle or the thread cannot start."""
    work = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    thread = threading.Thread(target=_tell, args=(fd, work), name=name, daemon=True)
    thread.start()
    return thread


def _told(fd: int) -> bytes:
    """What ``_tell`` wrote to the pipe whose read end is ``fd`` (closed after); empty when the
    pipe was closed without it."""
    with os.fdopen(fd, "rb") as pipe:
        size = pipe.read(8)
        return pipe.read(int.from_bytes(size, "little")) if len(size) == 8 else b""


def _tell(fd: int, work: bytes) -> None:
    """Write ``work``, after its length, to the pipe ``fd`` and close it (a process gone meanwhile
    is only debug news). The length lets the process read it whole without waiting for the pipe
    to close (a process forked meanwhile would hold it open)."""
    try:
        with os.fdopen(fd, "wb") as pipe:
            pipe.write(len(work).to_bytes(8, "little") + work)
    except OSError as exc:
        log.debug("work not handed to another process: %s", exc)


def _given(child: tuple[int, int] | None, kind: type, wanted: bool, failed: str):
    """What a process started by ``_fork_with_report`` gave, when it is a ``kind``, else None (it
    failed, or it is not ``wanted``: then it is stopped); the process is reaped (see ``_report_of``)."""
    if child is None:
        return None
    if not wanted:  # stopped now, not waited for to the end of its work
        with contextlib.suppress(ProcessLookupError):
            os.kill(child[0], signal.SIGKILL)
    try:
        got, status = _report_of(*child, wanted=wanted)
    except Exception as exc:  # noqa: BLE001 - work done ahead is only a shortcut
        got, status = exc, "unknown"
    if isinstance(got, kind):
        return got
    if wanted:
        log.debug("%s: %s (wait status %s)", failed, got, status)
    return None


class ScanAhead:
    """The corpus scanned in a forked process while this one imports what a build needs: each
    takes a tenth of a second or more at 10,000 readouts, one after the other on one core.

    Started by the command line before it imports the build. ``corpus`` gives the scan
    when it succeeded for that directory; otherwise (no process to spare, a failure,
    one core) the build scans itself, and reports a failure as it always does.
    """

    def __init__(self, root: Path, child: tuple[int, int] | None):
        self._root, self._child = root, child

    @classmethod
    def start(cls, root: Path, jobs: int | None) -> "ScanAhead":
        child = None
        if workers(jobs) > 1:
            try:
                child = _fork_with_report(lambda: _scan_in_child(root))
            except OSError as exc:  # no process to spare: the build scans itself
                log.debug("no scanning ahead: %s", exc)
        return cls(root, child)

    def ready(self) -> bool:
        """True when taking the corpus need not wait: its scan has ended (or there is none)."""
        if self._child is None:
            return True
        try:
            readable, _, _ = select.select([self._child[1]], [], [], 0)
        except (OSError, ValueError):
            return True
        return bool(readable)

    def corpus(self, root: Path):
        """The ``sources.Corpus`` of ``root``: as scanned ahead when it is the directory scanned, else now."""
        from readout_site.sources import Corpus, scan

        child, self._child = self._child, None
        got = _given(child, tuple, root == self._root, "no corpus scanned ahead")
        return Corpus.unpacked(got) if got is not None else scan(root)

    def close(self) -> None:
        """Stop the process if its scan was not taken (a build that failed before it scanned)."""
        child, self._child = self._child, None
        _given(child, object, False, "")


def _scan_in_child(root: Path) -> tuple:  # pragma: no cover - runs in the child
    from readout_site.sources import scan, stamps_digest

    corpus = scan(root)
    corpus.stamps = stamps_digest(corpus)
    return corpus.packed()


def _parse_when_told(told: int, tell: int) -> dict:  # pragma: no cover - runs in the child
    """``_parse_in_child`` of the work read from the pipe ``told`` (nothing when it is closed unwritten)."""
    os.close(tell)  # this process's copy of the write end: without it, a closed pipe reads as ended
    with contextlib.suppress(OSError):
        os.nice(10)  # the scan and the build come first
    import readout_site.records  # noqa: F401  (the loader, imported while the build reads its cache)

    work = _told(told)
    if not work:
        return {}
    sources, make_lexicon = pickle.loads(work)
    return _parse_in_child(sources, make_lexicon)


def _parse_in_child(sources, get_lexicon) -> dict:  # pragma: no cover - runs in the child
    """``{rel: (stamp, digest, outcome)}`` of ``sources``, digested and parsed."""
    from readout_site.sources import stamp_of

    _shared.update(lexicon=get_lexicon(), todo=[(source, None, None) for source in sources])
    got = {}
    for i, source in enumerate(sources):
        stamp = stamp_of(source)
        digest, outcome = _digest_and_parse(i)
        got[source.rel] = (stamp, digest, outcome)
    return got


# ------------------------------------------------------------------ per-readout fragments


def fragments_in_parallel(records, makers: dict, jobs):
    """``(record id, {kind: fragment})`` for every record, made by ``makers`` on every core (this
    process makes its share, see ``_share_out``).

    Returns nothing for a small batch: the build makes those one by one as it needs them.
    """
    n = workers(jobs)
    if n == 1 or len(records) < MIN_PARALLEL:
        return []
    _shared.update(records=records, makers=makers)
    try:
        made: list = []
        _share_out(_chunks(len(records)), _fragments_chunk, n, lambda chunk, done, here: made.extend(done))
        return made
    finally:
        _shared.clear()


def _fragments_chunk(indices: range) -> list[tuple[str, dict]]:
    records, makers = _shared["records"], _shared["makers"]
    return [(records[i].id, {kind: make(records[i]) for kind, make in makers.items()}) for i in indices]


# ------------------------------------------------------------------ rendering


def render_in_parallel(todo, env, staging, jobs, progress, side=None) -> None:
    """Render ``(rel, page)`` tasks into ``staging``; counts are added to the staging totals.

    ``side``, optional ``(records, makers, take)``: per-readout fragments for the same
    workers to make between pages, each handed to ``take(record id, {kind: fragment})``.
    Made here rather than before the pool starts, the parent's heap stays as small as
    it can be when the workers are forked (each would count a copy of it). A small
    batch makes no fragments: the build makes them one by one as it needs them.
    """
    from readout_site.render import render_page

    n = workers(jobs)
    bar = _Progress("rendering", len(todo), progress)
    if n == 1 or len(todo) < MIN_PARALLEL:
        for rel, page in todo:
            staging.write(rel, render_page(env, page))
            bar.step()
        bar.done()
        return
    for rel, _ in todo:
        staging.want(rel)  # the workers write these; the parent must know them as part of the site
    records, makers, take = side or ((), {}, None)
    _shared.update(todo=todo, env=env, staging=staging, records=records, makers=makers)
    try:
        tasks = [("pages", chunk) for chunk in _chunks(len(todo))]
        tasks += [("fragments", chunk) for chunk in _chunks(len(records))]

        def took(task: tuple[str, range], done, here: bool) -> None:
            kind, indices = task
            if kind == "fragments":
                for record_id, made in done[1]:
                    take(record_id, made)
                return
            bar.step(len(indices))
            if not here:  # what this process wrote, staging counted already
                _count_written(staging, done[1])

        _share_out(tasks, _render_task, n, took)
    finally:
        bar.done()
        _shared.clear()


def _render_task(task: tuple[str, range]) -> tuple[str, object]:
    kind, indices = task
    return kind, _render_chunk(indices) if kind == "pages" else _fragments_chunk(indices)


def _render_chunk(indices: range) -> tuple[list[str], int, bool]:
    """Render and write some pages; the files written anew, the count kept, and whether linking
    one into a first build's twin failed."""
    from readout_site.render import render_page

    todo, env = _shared["todo"], _shared["env"]
    return _write_counted(_shared["staging"], ((todo[i][0], lambda i=i: render_page(env, todo[i][1])) for i in indices))


def _write_counted(staging, files) -> tuple[list[str], int, bool]:
    """Write ``files``, ``(rel, make)`` pairs where ``make()`` gives the bytes, into ``staging``; what
    ``_count_written`` takes in: the files written anew, how many were kept as they were, and
    whether linking one into a first build's twin failed."""
    kept_before, written = staging.kept, []
    for rel, make in files:
        before = staging.written
        staging.write(rel, make())
        if staging.written > before:
            written.append(rel)
    return written, staging.kept - kept_before, staging.twin_failed


def _count_written(staging, report: tuple[list[str], int, bool]) -> None:
    """Count in ``staging`` what another process wrote into it (``_write_counted``'s report)."""
    written, kept, twin_failed = report
    staging.wrote(written, twin_failed)
    staging.written += len(written)
    staging.kept += kept


# ------------------------------------------------------------------ files written beside


def write_files(files, staging) -> None:
    """Write ``files``, ``(rel, make)`` pairs where ``make()`` gives the bytes, into ``staging``."""
    for rel, make in files:
        staging.write(rel, make())


class Then:
    """What ``beside``'s ``then`` gave, once the block has ended (``result``); ``send(value)`` gives
    ``beside``'s ``more`` its value."""

    result: object = None
    sent: object = None  # the value sent (where there is no other process)
    send = None  # set by beside when it takes ``more``


@contextlib.contextmanager
def beside(files, staging, jobs, then=None, more=None):
    """Write ``files`` (as ``write_files``) in a forked process while the body runs.

    A small rebuild renders its few pages in the parent; the data files and the
    sitemap, large and changed by any readout, are written meanwhile on another core.
    With one core (or no process to spare) they are written in the parent after the
    body. An error in the child is raised in the parent after the body. ``then()``,
    when given, runs where the files were written, after them; what it returns is the
    ``result`` of the :class:`Then` the context gives. ``more(value)``, when given, is
    the files to write once the body knows ``value`` (the pages listed by the sitemap),
    which it gives with ``send(value)``: so the process can start before the body has
    planned them.
    """
    child = _beside_process(files, staging, jobs, then, more) if workers(jobs) > 1 and files else None
    if child is None:
        yield from _beside_here(files, staging, then, more)
        return
    pid, report, tell = child
    after, telling = Then(), []

    def send(value) -> None:
        nonlocal tell
        for rel, _ in more(value):
            staging.want(rel)
        telling.append(_telling(tell, value, "beside-more"))
        tell = None  # the thread closes it

    if more is not None:
        after.send = send
    try:
        yield after
    finally:
        if tell is not None:
            os.close(tell)  # nothing more: the process ends without it
        outcome, status = _report_of(pid, report)
        for thread in telling:
            thread.join()
    if outcome is None:
        raise RuntimeError(f"the process writing {', '.join(rel for rel, _ in files)} "
                           f"ended without a word (wait status {status})")
    if isinstance(outcome, BaseException):
        raise outcome
    counts, after.result, got_more = outcome
    if telling and not got_more:
        raise RuntimeError(f"the process writing {', '.join(rel for rel, _ in files)} did not get the rest of its work")
    _count_written(staging, counts)


def _beside_here(files, staging, then, more):
    """``beside`` in this process: the files are written after the body."""
    after = Then()
    if more is not None:
        after.send = lambda value: setattr(after, "sent", (value,))  # kept: written after the body
    yield after
    write_files(files, staging)
    after.result = then() if then is not None else None
    if more is not None and after.sent is not None:
        write_files(more(after.sent[0]), staging)


def _beside_process(files, staging, jobs, then, more) -> tuple[int, int, int | None] | None:
    """``beside``'s forked process: ``(pid, the read end of its report, the write end of what it is
    sent later or None)``; None when no process can be made (then the files are written here)."""
    told, tell = os.pipe() if more is not None else (None, None)
    try:
        pid, report = _fork_with_report(lambda: _beside_work(staging, files, then, more, told, tell))
    except OSError as exc:
        log.debug("files written after the pages, not beside them: %s", exc)
        for fd in (told, tell):
            if fd is not None:
                os.close(fd)
        return None
    if told is not None:
        os.close(told)  # the child's end
    for rel, _ in files:
        staging.want(rel)  # the child writes these; the parent must know them as part of the site
    return pid, report, tell


def _beside_work(staging, files, then, more, told, tell):  # pragma: no cover - runs in the child
    """``beside``'s process: ``files``, then ``then()``, then what ``more`` makes of the value sent:
    ``(the counts of what it wrote, what then() gave, whether it was sent a value)``."""
    written, kept, twin_failed = _write_counted(staging, files)
    result = then() if then is not None else None
    sent = b""
    if told is not None:
        os.close(tell)  # this process's copy of the write end: without it, a closed pipe reads as ended
        sent = _told(told)
        if sent:
            more_written, more_kept, more_failed = _write_counted(staging, more(pickle.loads(sent)))
            written, kept, twin_failed = written + more_written, kept + more_kept, twin_failed or more_failed
    return (written, kept, twin_failed), result, bool(sent)


# ------------------------------------------------------------------ forked processes that report back


def _fork_with_report(work) -> tuple[int, int]:
    """Run ``work()`` in a forked process: ``(its pid, the read end of a pipe)`` that gets, pickled,
    what it returns or the exception it raises (see ``_report_of``)."""
    read_end, write_end = os.pipe()
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        raise
    if pid == 0:  # pragma: no cover - the child (its coverage is not collected)
        die_with_parent(parent)
        os.close(read_end)
        _report_in_child(work, write_end)
    os.close(write_end)
    return pid, read_end


def _report_in_child(work, fd: int) -> None:  # pragma: no cover - runs in the child
    try:
        report = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException as exc:  # noqa: BLE001 - every failure is the parent's to report
        try:
            report = pickle.dumps(exc)
            pickle.loads(report)
        except Exception:  # noqa: BLE001 - an exception that does not survive pickling
            report = pickle.dumps(RuntimeError(f"{type(exc).__name__}: {exc}"))
    try:
        with os.fdopen(fd, "wb") as pipe:
            pipe.write(report)
    finally:
        os._exit(0)


def _report_of(pid: int, read_end: int, wanted: bool = True) -> tuple[object, object]:
    """``(what the process returned or raised, its wait status)``, once it has reported (a process
    that did and is still ending is reaped later, by ``reap_ended``: its status is then "ending");
    the first is None when it ended without a word, or when not ``wanted`` (the pipe is then closed
    unread, which ends a process still writing)."""
    with os.fdopen(read_end, "rb") as pipe:
        report = pipe.read() if wanted else b""
    if report and _reap(pid, os.WNOHANG) is None:  # it said all it had to and is still ending: reaped later
        _ending.append(pid)
        return pickle.loads(report), "ending"
    return (pickle.loads(report) if report else None), _reap(pid, 0)


_ending: list[int] = []  # forked processes that reported and were still ending (``reap_ended``)


def _reap(pid: int, options: int):
    """The wait status of ``pid`` once it has ended ("unknown": reaped elsewhere); None when
    ``options`` has ``WNOHANG`` and it has not ended yet."""
    try:
        done, status = os.waitpid(pid, options)
    except ChildProcessError:  # reaped elsewhere (or not this process's child)
        return "unknown"
    return status if done else None


def reap_ended() -> None:
    """Reap the processes ``_report_of`` left ending. Waiting for each as soon as it reported cost
    a build milliseconds: a forked process ends only once the kernel has torn down its copy of
    the build's memory. By the end of the build they are long gone."""
    while _ending:
        _reap(_ending.pop(), 0)


class _Progress:
    """A one-line progress bar on a terminal; silent otherwise."""

    def __init__(self, label: str, total: int, enabled: bool):
        self.label, self.total, self.enabled, self.count = label, total, enabled and total > 200, 0

    def step(self, n: int = 1) -> None:
        if not self.enabled:
            return
        self.count = min(self.total, self.count + n)
        if self.count % 100 < n or self.count == self.total:
            width = 30
            filled = int(width * self.count / self.total)
            sys.stderr.write(f"\r{self.label:>10} [{'#' * filled}{'.' * (width - filled)}] {self.count}/{self.total}")
            sys.stderr.flush()

    def done(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
