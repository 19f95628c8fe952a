"""The per-user cache directory: what a build prepares once and any site may reuse (the
prepared lexicon, the parsed config), kept like compiled bytecode.

``$READOUT_SITE_CACHE``, else ``$XDG_CACHE_HOME/readout-site``, else
``~/.cache/readout-site``. The directory is made with mode 0700; one that is not the
user's own, that others may write to, or that the user cannot write to, is not used:
what is kept there is read back as trusted.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

log = logging.getLogger(__name__)


def user_cache_dir() -> Path:
    """Where the per-user cache is (it may not exist yet)."""
    explicit = os.environ.get("READOUT_SITE_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "readout-site"


def private_cache_dir() -> Path | None:
    """The per-user cache directory, made if need be; None when it cannot be made, or is not
    private to this user and writable by them."""
    root = user_cache_dir()
    try:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = root.stat()
    except OSError as exc:
        log.debug("no user cache directory %s (%s)", root, exc)
        return None
    if st.st_uid != os.getuid() or st.st_mode & 0o022 or not os.access(root, os.W_OK):
        log.debug("user cache directory %s is not private and writable: not used", root)
        return None
    return root


STALE_TEMPORARY = 3600  # seconds: a temporary file older than this is no write in progress


def prune(directory: Path, pattern: str, keep: int, spare: Path | None = None) -> None:
    """Leave the ``keep`` files matching ``pattern`` in ``directory`` most recently modified (their
    users may touch them when they use them), ``spare``, the one in use, always among them; and
    remove the temporary files (``<name>.<pid>.tmp``) that builds killed while writing one left."""
    try:
        found = sorted(directory.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in [p for p in found if p != spare][keep - 1 if spare is not None else keep:]:
            old.unlink()
        stale = time.time() - STALE_TEMPORARY
        for left in directory.glob(f"{pattern}.*.tmp"):
            if left.stat().st_mtime < stale:
                left.unlink()
    except OSError:  # another build pruning at the same time: nothing lost
        pass
