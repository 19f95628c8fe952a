"""The ``readout-site`` command.

Exit codes (also in the README):

* 0: success;
* 1: the build or check failed, or ``--strict`` found warnings or rejected files;
* 2: usage error (bad arguments, bad configuration, unreadable lexicon);
* 3: the output directory is locked by another build;
* 141: the reader of the output stopped reading (``| head``), as a shell reports SIGPIPE.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import logging
import os
import signal
import sys
from pathlib import Path

from readout_site.errors import BuildError, ConfigError, LexiconError, ReadoutError

log = logging.getLogger("readout_site")

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if getattr(args, "verbose", False) else logging.INFO,
        format="%(levelname)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        return args.func(args)
    except (ConfigError, LexiconError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return getattr(exc, "exit_code", EXIT_FAILED)


def run() -> None:
    """The ``readout-site`` command: ``main``, then exit without tearing the heap down.

    A build of a large archive ends holding hundreds of thousands of objects;
    freeing them one by one at interpreter exit took longer than a build with
    nothing to do. Everything is written and flushed before the process ends.
    """
    global _ends_with_exit
    _ends_with_exit = True
    # One command, then the process ends: the imports and the build make hundreds of thousands
    # of objects and few cycles; with the default thresholds the collector ran over the
    # young modules' objects every few hundred allocations (a tenth of the imports' time).
    gc.set_threshold(50_000, 20, 100)
    try:
        code = main()
    except BrokenPipeError:  # whoever read the output stopped reading (`| head`): end quietly, as SIGPIPE would
        code = 128 + signal.SIGPIPE
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # the reader went away (| head) or the stream is closed
            pass
    os._exit(code)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="readout-site", description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="log debugging detail")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    p = sub.add_parser("extract", help="print the records the loader makes of files")
    _verbose(p)
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="readout files or directories")
    p.add_argument("--format", choices=("json", "yaml"), default="json")
    p.add_argument("--lexicon", action="append", type=Path, default=[], help="extra lexicon YAML file")
    p.add_argument("--config", type=Path, default=None,
                   help="config file whose lexicon files are read too (default: readout-site.yaml if present)")
    p.set_defaults(func=_cmd_extract)

    for name, helptext in (("build", "build the site"), ("check", "build and report problems")):
        p = sub.add_parser(name, help=helptext)
        _build_options(p)
        _verbose(p)
        # check prints every file's warnings (it lists what is wrong); build only those of files read anew
        p.set_defaults(func=_cmd_build if name == "build" else _cmd_check, every_message=name == "check")

    p = sub.add_parser("serve", help="build, serve on localhost, rebuild and reload on changes")
    _build_options(p)
    _verbose(p)
    p.add_argument("--port", type=_port, default=8000, help="port to serve on (default: 8000; 0: any free one)")
    p.add_argument("--host", default="127.0.0.1", help="address to serve on (default: 127.0.0.1)")
    p.set_defaults(func=_cmd_serve)
    return parser


def _verbose(p: argparse.ArgumentParser) -> None:
    """-v after the command too (``readout-site build -v``), as before it."""
    p.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="log debugging detail")


def _port(text: str) -> int:
    """A TCP port number, for argparse."""
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0 to 65535)")
    return int(text)


def _positive(text: str) -> int:
    """A whole number of at least one, for argparse."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def _build_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--corpus", type=Path, default=None, help="readouts directory (default: corpus/)")
    p.add_argument("--out", type=Path, default=None, help="output directory (default: build/)")
    p.add_argument("--config", type=Path, default=None, help="config file (default: readout-site.yaml if present)")
    p.add_argument("--base-url", default=None, help="URL the site is served from, e.g. https://example.org/archive/")
    p.add_argument("--full", action="store_true", help="ignore the cache and rebuild everything")
    p.add_argument("--strict", action="store_true", help="exit 1 when any file has warnings or is rejected")
    p.add_argument("--report", type=Path, default=None, help="write a JSON report of every input file")
    p.add_argument("--jobs", type=_positive, default=None, help="worker processes (default: one per core)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress and no summary")


# ------------------------------------------------------------------ extract


def _cmd_extract(args) -> int:
    from readout_site.config import load_config
    from readout_site.lexicon import load_lexicon
    from readout_site.records import load_record
    from readout_site.sources import scan

    configured = load_config(args.config, Path.cwd()).lexicon  # the lexicon files the site is built with
    records, failed, seen = [], 0, set()
    for path in args.paths:
        problem = _not_extractable(path)
        if problem:
            print(f"error: {path}: {problem}", file=sys.stderr)
            failed += 1
            continue
        root = path if path.is_dir() else path.parent
        corpus = scan(root, None if path.is_dir() else [path])
        extra = corpus.lexicon_files or _enclosing_lexicon(root)
        lexicon = load_lexicon(tuple(extra) + tuple(configured) + tuple(args.lexicon), user_cache=True)
        for rel, reason in corpus.skipped:
            print(f"{_shown(root, rel)}: skipped: {reason}", file=sys.stderr)
        for source in corpus.readouts:
            real = os.path.realpath(source.path)
            if real in seen:  # named twice (a file and its folder): one record
                continue
            seen.add(real)
            try:
                record = load_record(source.path, corpus.root, lexicon)
            except ReadoutError as exc:
                print(f"{_shown(root, exc.path)}{':' + str(exc.line) if exc.line else ''}: error: {exc.message}",
                      file=sys.stderr)
                failed += 1
                continue
            for warning in record.warnings:
                print(f"{_shown(root, record.source_path)}: warning: {warning}", file=sys.stderr)
            records.append(record)
    records.sort(key=lambda r: (r.date is None, r.date or "", r.source_path))
    data = [r.to_dict() for r in records]
    for item in data:
        item.pop("text", None)
    if args.format == "json":
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        import yaml

        yaml.safe_dump(data, sys.stdout, allow_unicode=True, sort_keys=False, width=100)
    return EXIT_FAILED if failed and not records else EXIT_OK


def _not_extractable(path: Path) -> str | None:
    """Why ``extract`` cannot read ``path``, or None for a file or directory it can."""
    if path.is_symlink() and not path.exists():
        return "a symbolic link that leads nowhere (or to itself)"
    if not path.exists():
        return "no such file or directory"
    if not path.is_dir() and not path.is_file():
        return "not a regular file (a pipe, a device or a socket)"
    return None


def _enclosing_lexicon(directory: Path) -> list[Path]:
    """The ``_lexicon/`` files of the nearest directory above ``directory`` that has one: a file or
    folder inside a corpus is read with the corpus's lexicon, as the build reads it."""
    from readout_site.sources import LEXICON_DIR, SIDECAR_SUFFIXES

    here = directory.resolve()
    for parent in (here, *here.parents):
        folder = parent / LEXICON_DIR
        if folder.is_dir():
            return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SIDECAR_SUFFIXES
                          and not p.name.startswith("."))
    return []


def _shown(root: Path, rel: str) -> str:
    return str(root / rel) if not Path(rel).is_absolute() else rel


# ------------------------------------------------------------------ build, check, serve


def _cmd_build(args) -> int:
    with _scanning_ahead(args) as scanning:
        from readout_site.build import build_from_args

        _one_build_then_exit()
        return build_from_args(args, scanning)


def _cmd_check(args) -> int:
    with _scanning_ahead(args) as scanning:
        from readout_site.check import check_from_args

        _one_build_then_exit()
        return check_from_args(args, scanning)


@contextlib.contextmanager
def _scanning_ahead(args):
    """The corpus scanned in another process (``parallel.ScanAhead``) while this one imports the build."""
    from readout_site.parallel import ScanAhead
    from readout_site.sources import corpus_dir

    args.corpus = corpus_dir(args.corpus)  # the directory the build will take
    scanning = ScanAhead.start(args.corpus, args.jobs)
    try:
        yield scanning
    finally:
        scanning.close()


_ends_with_exit = False  # set by run(): the process ends with os._exit once the command returns


def _one_build_then_exit() -> None:
    """A command that builds once: in a process that then ends with ``os._exit`` (``run``), what the
    build worked with need not be freed."""
    if _ends_with_exit:
        from readout_site.build import hold_until_exit

        hold_until_exit()


def _cmd_serve(args) -> int:
    from readout_site.serve import serve_from_args

    return serve_from_args(args)
