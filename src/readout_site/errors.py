"""The project's error types. Every error names the file it concerns."""

from __future__ import annotations


class ReadoutError(Exception):
    """A problem with one input file; the build goes on without (or around) it.

    ``path`` is the file (relative to the corpus where known), ``line`` the
    1-based line where that helps, ``message`` a sentence a user understands.
    """

    def __init__(self, path: str, message: str, line: int | None = None):
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


class LexiconError(ReadoutError):
    """A malformed lexicon or vocabulary file (names the file and the key)."""


class ConfigError(ReadoutError):
    """A malformed or unknown configuration entry (names the file and the key)."""


class BuildError(Exception):
    """The build as a whole cannot proceed (locked output, unwritable directory...)."""


def usage_error(message: str) -> BuildError:
    """A BuildError for bad arguments: the command exits 2 (README, exit codes)."""
    err = BuildError(message)
    err.exit_code = 2
    return err
