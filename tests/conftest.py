# ---------------------------------------------------------------- site fixtures (tests/test_site_*.py)
# The sample corpus built into a temporary directory once per session, at the root
# and under a sub-path; a richer corpus (an undated readout, rejected files); a real
# HTTP server and Debian's Chromium for the browser tests. Nothing here is mocked.

import atexit as _atexit
import concurrent.futures as _futures
import contextlib as _contextlib
import functools as _functools
import http.server as _http_server
import os as _os
import shutil as _shutil
import tempfile as _tempfile
import threading as _threading
from pathlib import Path as _Path

import pytest as _pytest

# The user-level cache (the prepared lexicon) of every build the tests run, in-process or not:
# a directory of the test session's own, never the home directory of whoever runs them.
if "READOUT_SITE_CACHE" not in _os.environ:
    _os.environ["READOUT_SITE_CACHE"] = _tempfile.mkdtemp(prefix="readout-site-user-cache-")
    _atexit.register(_shutil.rmtree, _os.environ["READOUT_SITE_CACHE"], True)

SITE_REPO = _Path(__file__).resolve().parents[1]
SITE_CORPUS = SITE_REPO / "corpus"
SITE_EPOCH = 1_700_000_000  # fixed build time: the output is reproducible byte for byte
SITE_SUB_BASE = "/sub/path/"
SITE_CHROMIUM = "/usr/bin/chromium"
SITE_CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Added to a copy of the sample corpus by ``site_extra``: one readout without a date, two rejected files.
SITE_UNDATED_TEXT = (
    "Wang Yi Meets with Kyrgyz Foreign Minister Ruslan Kazakbaev\n\n"
    "State Councilor and Foreign Minister Wang Yi met with Kyrgyz Foreign Minister Ruslan Kazakbaev "
    "in Beijing. They discussed trade and vaccines.\n"
)
SITE_REJECTED = {"empty.txt": b"", "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}


def build_sample_site(corpus: _Path, out: _Path, base_url: str = "/", **settings) -> _Path:
    """Build ``corpus`` into ``out`` with the library's own entry point; returns ``out``."""
    from readout_site.build import build
    from readout_site.config import Config

    config = Config(base_url=base_url, source_date_epoch=SITE_EPOCH, **settings)
    # In a thread of its own: the search stage calls asyncio.run(), which refuses to run when the
    # calling thread already has an event loop (Playwright's sync API keeps one in the main thread).
    with _futures.ThreadPoolExecutor(1) as pool:
        pool.submit(build, config, corpus, out, full=True, jobs=1).result()
    return out


@_pytest.fixture(scope="session")
def site_root(tmp_path_factory) -> _Path:
    """The sample corpus built for base URL "/"."""
    return build_sample_site(SITE_CORPUS, tmp_path_factory.mktemp("site-root") / "site", "/")


@_pytest.fixture(scope="session")
def site_sub(tmp_path_factory) -> _Path:
    """The sample corpus built for base URL "/sub/path/"."""
    return build_sample_site(SITE_CORPUS, tmp_path_factory.mktemp("site-sub") / "site", SITE_SUB_BASE)


@_pytest.fixture(scope="session")
def site_extra(tmp_path_factory) -> _Path:
    """The sample corpus plus one undated readout and two files the build rejects."""
    root = tmp_path_factory.mktemp("site-extra")
    corpus = root / "corpus"
    _shutil.copytree(SITE_CORPUS, corpus)
    (corpus / "undated.txt").write_text(SITE_UNDATED_TEXT, encoding="utf-8")
    for name, data in SITE_REJECTED.items():
        (corpus / name).write_bytes(data)
    return build_sample_site(corpus, root / "site", "/")


class _SiteHandler(_http_server.SimpleHTTPRequestHandler):
    """Serves the site directory under ``base``; anything outside ``base`` is a 404."""

    base = "/"

    def translate_path(self, path):
        if not path.startswith(self.base):
            return str(_Path(self.directory) / "__outside_base__" / "missing")  # never exists
        return super().translate_path("/" + path[len(self.base):])

    def log_message(self, *args):
        pass


@_contextlib.contextmanager
def serve_site(directory: _Path, base: str = "/"):
    """A real HTTP server for ``directory`` under ``base`` on a free localhost port; yields its root URL."""
    handler_class = type("SiteHandler", (_SiteHandler,), {"base": base})
    handler = _functools.partial(handler_class, directory=str(directory))
    server = _http_server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = _threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{base}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@_pytest.fixture(scope="module")
def site_url(site_root):
    """The root-based sample site, served over HTTP."""
    with serve_site(site_root) as url:
        yield url


@_pytest.fixture(scope="module")
def site_sub_url(site_sub):
    """The sub-path sample site, served over HTTP under /sub/path/."""
    with serve_site(site_sub, SITE_SUB_BASE) as url:
        yield url


@_pytest.fixture(scope="module")
def chromium():
    """Debian's headless Chromium driven by Playwright; fails (never skips) when it is missing."""
    if not _Path(SITE_CHROMIUM).exists():
        _pytest.fail(f"{SITE_CHROMIUM} is missing: the browser tests need Debian's Chromium "
                     "(`make browser`, or `apt-get install -y chromium chromium-driver`)", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=SITE_CHROMIUM, args=SITE_CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@_pytest.fixture(scope="session")
def site_hosted(tmp_path_factory) -> _Path:
    """The sample corpus built for a base URL with a host (absolute URLs in feeds and the sitemap)."""
    return build_sample_site(SITE_CORPUS, tmp_path_factory.mktemp("site-hosted") / "site",
                             "https://example.org/archive/", search=False)


# ---------------------------------------------------------------- loader fixtures (tests/test_loader_*.py)
# The packaged lexicon, loaded once; a writer of small inline corpora into tmp_path; a
# one-call parser of inline text. Generic on purpose: any test of records can use them.

LOADER_REPO = _Path(__file__).resolve().parents[1]
LOADER_STYLES = LOADER_REPO / "tests" / "fixtures" / "styles"


@_pytest.fixture(scope="session")
def lexicon():
    """The packaged lexicon (people, countries, places, topics, eras), prepared once per session."""
    from readout_site.lexicon import load_lexicon

    return load_lexicon()


@_pytest.fixture
def write_corpus(tmp_path):
    """Write ``{relative path: str | bytes}`` under ``tmp_path / "corpus"``; returns the corpus root.

    Text is written as UTF-8 bytes exactly as given (no newline translation), so a test
    controls line endings and byte-order marks itself.
    """

    def write(files: dict) -> _Path:
        root = tmp_path / "corpus"
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return root

    return write


@_pytest.fixture
def load_one(write_corpus, lexicon):
    """Write one file (plus optional extra files such as a sidecar) and load its record."""
    from readout_site.records import load_record

    def load(name: str, content, extra: dict | None = None, today=None):
        root = write_corpus({name: content, **(extra or {})})
        return load_record(root / name, root, lexicon, today=today)

    return load


@_pytest.fixture
def parse_text(lexicon):
    """Parse inline text of a given format ("txt", "html", "md") straight to a record."""
    from readout_site.records import parse_record

    def parse(text: str, fmt: str = "txt", name: str = "inline.txt", overrides: dict | None = None):
        return parse_record(text.encode("utf-8"), name, fmt, lexicon, overrides)

    return parse


@_pytest.fixture(scope="session")
def person_key(lexicon):
    """A person's identity for comparisons: the lexicon's canonical name for any of its spellings.

    The lexicon decides how a known person is spelt ("Sauli Niinisto" for "Sauli Niinistö");
    two spellings the lexicon lists for the same person are the same person. Names the
    lexicon does not know compare as printed.
    """

    def key(name: str) -> str:
        entry = lexicon.by_alias.get(name.lower())
        return entry.name if entry else name

    return key
