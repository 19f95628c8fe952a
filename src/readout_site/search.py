"""The search index: Pagefind's indexer, run over the new site at build time.

Pagefind indexes the readout pages of the new site (``readouts/*/index.html``),
reading only each page's ``data-pagefind-body`` (the readout's title and text,
not navigation or listing pages) and the hidden filter, metadata and sort fields
of ``partials/search_fields.html``: year, country, person, topic and kind, the
date and the participants. The bundle is written to ``pagefind/`` in the site and
served from the site itself. When no readout page changed since the last build,
the previous bundle is kept as it is; an archive without readouts has no bundle
(its search page says so).

The indexer is Pagefind's command-line program (from the ``pagefind_bin``
package), run to its end: its exit is the only sign that every file of the bundle
is whole. (Pagefind's service mode, behind its Python API, answers "written"
while its writes may still be under way, and is then stopped by a signal: a file
of the bundle could be cut short.)
"""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import tempfile
from pathlib import Path

from readout_site import linux
from readout_site.errors import BuildError
from readout_site.write import Staging

log = logging.getLogger(__name__)

BUNDLE = "pagefind"
PAGES_GLOB = "readouts/*/index.html"


def index_site(staging: Staging, cache, fingerprints: dict[str, str]) -> None:
    """Write the Pagefind bundle for the readout pages in the staging site."""
    digest = _pages_digest(cache.pages_key, fingerprints)
    old = staging.out / BUNDLE
    if cache.pages.get(f"{BUNDLE}/") == digest and old.is_dir():
        for path in sorted(old.rglob("*")):
            if path.is_file():
                staging.keep(path.relative_to(staging.out).as_posix())
        cache.search_digest = digest
        return
    staging.clear(BUNDLE)  # Pagefind writes files in place: never into links to the live site
    pages = sum(1 for rel in fingerprints if rel.startswith("readouts/"))
    if pages:  # Pagefind refuses a site with no page to index
        _index(staging.dir, staging.dir / BUNDLE)
        staging.adopt(BUNDLE)
    log.debug("search index: %s pages", pages)
    cache.search_digest = digest


def _pages_digest(pages_key: str, fingerprints: dict[str, str]) -> str:
    """A digest of every readout page's inputs (templates and config are in ``pages_key``)."""
    h = hashlib.sha256(pages_key.encode())
    for rel in sorted(r for r in fingerprints if r.startswith("readouts/")):
        h.update(f"{rel}\0{fingerprints[rel]}\0".encode())
    return h.hexdigest()


def _index(site: Path, bundle: Path) -> None:
    """Index the readout pages of ``site`` into ``bundle``; returns when the indexer has exited."""
    from pagefind_bin import get_executable

    command = [str(get_executable()), "--site", str(site), "--glob", PAGES_GLOB,
               "--output-path", str(bundle), "--force-language", "en", "--silent"]
    env = {key: value for key, value in os.environ.items() if not key.startswith("PAGEFIND_")}
    # Pagefind also reads pagefind.yml (and .json, .toml) from its working directory: give it an empty one.
    with tempfile.TemporaryDirectory(prefix="readout-site-search-") as cwd:
        try:
            done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                                  errors="replace", preexec_fn=linux.death_signal_setter())
        except OSError as exc:
            raise BuildError(f"the search index could not be built: {exc}") from exc
    if done.returncode != 0:
        said = (done.stderr.strip() or done.stdout.strip() or "no message").splitlines()
        raise BuildError(f"the search index could not be built (Pagefind exited with {done.returncode}): "
                         + " ".join(said[-3:]))

