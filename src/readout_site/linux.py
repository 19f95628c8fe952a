"""The two Linux system calls the build makes through ctypes, where the C library has them.

``exchange`` swaps two directories in one step (``renameat2`` with
``RENAME_EXCHANGE``): the new site replaces the old one at once. ``die_with_parent``
asks the kernel to kill the calling process when its parent dies (``prctl`` with
``PR_SET_PDEATHSIG``), so that a helper process does not outlive a killed build.
Elsewhere both report that they could not, and the callers take another way.
"""

from __future__ import annotations

import ctypes
import functools
import os
import signal

_AT_FDCWD = -100  # paths relative to the working directory
_RENAME_EXCHANGE = 2  # renameat2 flag: swap the two paths
_PR_SET_PDEATHSIG = 1  # prctl option: the signal sent when the parent dies


@functools.cache
def _libc() -> ctypes.CDLL | None:
    """The C library already loaded into this process (looked up once)."""
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def exchange(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Atomically swap two paths; False when the system cannot."""
    func = getattr(_libc(), "renameat2", None)
    if func is None:
        return False
    return func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def death_signal_setter():
    """A function for a child process to call between fork and exec (``preexec_fn``) so that it
    is killed when its parent dies; None where the system has no such call. Looked up in the
    parent: nothing may be loaded or searched for in the child."""
    prctl = getattr(_libc(), "prctl", None)
    if prctl is None:
        return None
    return lambda: prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
