"""``readout-site serve``: build, serve on localhost, rebuild on change, reload the page.

A watcher polls the corpus, the templates and the config (cheap: sizes and
mtimes) and rebuilds incrementally, in a process of its own, when any of them
changes. Pages served get a
small script that asks ``/__readout_reload`` for the build number and reloads
when it changes; the built files themselves are never modified.
"""

from __future__ import annotations

import functools
import http.server
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from readout_site.build import resolve_args, report_build, run_build
from readout_site.errors import usage_error
from readout_site.render import default_templates_dir

log = logging.getLogger(__name__)

RELOAD_PATH = "/__readout_reload"
# The page knows the build generation it was served from, so a build that ends before its first
# poll still reloads it.
_RELOAD_SCRIPT = (
    "<script>(function(){var n='%%d';setInterval(function(){fetch('%s').then(function(r){return r.text()})"
    ".then(function(t){if(t!==n){location.reload()}n=t}).catch(function(){})},700)})();</script>"
    % RELOAD_PATH
)


def _server(host: str, port: int, handler) -> http.server.ThreadingHTTPServer:
    """The HTTP server bound to ``host:port``; a usage error (exit 2) when it cannot be."""
    try:
        return http.server.ThreadingHTTPServer((host, port), handler)
    except (OSError, OverflowError) as exc:  # in use, not an address of this machine, unknown name
        reason = getattr(exc, "strerror", None) or str(exc)
        raise usage_error(f"cannot serve on {host}:{port}: {reason} (choose another with --port or --host)") from None


class _State:
    def __init__(self):
        self.generation = 0
        self.lock = threading.Lock()


def serve_from_args(args) -> int:
    config, corpus, out = resolve_args(args)
    state = _State()
    base = config.base_path
    handler = functools.partial(_Handler, directory=str(out.resolve()), state=state, base=base)
    server = _server(args.host, args.port, handler)  # before the build: a port in use fails at once
    try:
        result, elapsed, out = run_build(args)
        report_build(args, result, elapsed, out)
        print(f"Serving {out} at http://{args.host}:{server.server_address[1]}{base} (Ctrl-C to stop)",
              file=sys.stderr)
        watched = [corpus, Path(args.config or "readout-site.yaml"), default_templates_dir(), *config.lexicon]
        if config.templates:
            watched.append(config.templates)
        thread = threading.Thread(target=_watch, args=(args, watched, state), daemon=True)
        thread.start()
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def snapshot(paths: list[Path]) -> tuple:
    """Sizes and mtimes of every file under ``paths`` (cheap change detection)."""
    items = []
    for root in paths:
        root = Path(root)
        if root.is_file():
            st = root.stat()
            items.append((str(root), st.st_size, st.st_mtime_ns))
            continue
        for dirpath, _, files in os.walk(root):
            for name in files:
                p = os.path.join(dirpath, name)
                try:
                    st = os.stat(p)
                except OSError:
                    continue
                items.append((p, st.st_size, st.st_mtime_ns))
    return tuple(sorted(items))


def _watch(args, paths: list[Path], state: _State, interval: float = 0.5) -> None:
    before = snapshot(paths)
    while True:
        time.sleep(interval)
        try:
            now = snapshot(paths)
        except OSError as exc:  # a watched file went away while it was being listed: look again
            log.debug("watching: %s", exc)
            continue
        if now == before:
            continue
        before = now
        if _rebuild(args):
            with state.lock:
                state.generation += 1


def _rebuild(args) -> bool:
    """Build again in a process of its own; True when the build succeeded (the site changed or not).

    Not in this process: a build forks workers, and forking a process whose other
    threads serve requests copies whatever locks they hold at that moment. The
    build prints its own diagnostics and summary; a failed build keeps the site as it
    was, and serving goes on.
    """
    command = [sys.executable, "-m", "readout_site", *(["--verbose"] if args.verbose else []), "build",
               *_build_arguments(args)]
    try:
        done = subprocess.run(command, check=False)
    except OSError as exc:
        print(f"error: the rebuild could not start: {exc}", file=sys.stderr)
        return False
    return done.returncode == 0


def _build_arguments(args) -> list[str]:
    """The ``build`` options given to ``serve`` (not ``--full``: rebuilds are incremental; not
    ``--strict``: warnings do not stop serving)."""
    out = []
    for option in ("corpus", "out", "config", "base_url", "report", "jobs"):
        value = getattr(args, option)
        if value is not None:
            out += [f"--{option.replace('_', '-')}", str(value)]
    return out + (["--quiet"] if args.quiet else [])


class _Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, state: _State, base: str, **kw):
        self.state = state
        self.base = base
        super().__init__(*a, **kw)

    def log_message(self, fmt, *args):  # quiet: one line per request at debug level
        log.debug("%s " + fmt, self.address_string(), *args)

    def translate_path(self, path):
        if self.base != "/" and path.startswith(self.base):
            path = "/" + path[len(self.base):]
        return super().translate_path(path)

    def do_GET(self):
        if self.path == RELOAD_PATH:
            self._send(200, str(self.state.generation).encode(), "text/plain")
            return
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if path.endswith(".html") and os.path.isfile(path):
            generation = self.state.generation  # read before the page: a newer page only reloads once more
            with open(path, "rb") as fh:
                script = (_RELOAD_SCRIPT % generation).encode()
                body = fh.read().replace(b"</body>", script + b"</body>", 1)
            self._send(200, body, "text/html; charset=utf-8")
            return
        not_found = os.path.join(self.directory, "404.html")
        if not os.path.exists(path) and os.path.isfile(not_found):
            with open(not_found, "rb") as fh:
                self._send(404, fh.read(), "text/html; charset=utf-8")
            return
        super().do_GET()

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
