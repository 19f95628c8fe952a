"""A real HTTP server and Debian's headless Chromium for browser tests (nothing is mocked)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class _Handler(http.server.SimpleHTTPRequestHandler):
    base = "/"

    def translate_path(self, path):
        if self.base != "/" and path.startswith(self.base):
            path = "/" + path[len(self.base):]
        return super().translate_path(path)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path, base: str = "/"):
    """Serve ``directory`` under ``base`` on a free localhost port; yields the root URL."""
    handler = functools.partial(type("H", (_Handler,), {"base": base}), directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{base}"
    finally:
        server.shutdown()
        server.server_close()


def launch(playwright):
    """Debian's Chromium, headless; fails loudly when it is not installed."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        raise RuntimeError(f"{CHROMIUM} is missing: install Debian's chromium (make browser)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
