"""The site's configuration: one typed, documented object.

Read from ``readout-site.yaml`` at the project root when present (or ``--config``).
Every key is optional; an unknown key, or a key left without a value (except the
few that may be none), is an error naming it and the file.

Example::

    title: Kyrgyzstan–China readouts
    description: Official readouts of meetings and calls, 2018–2024.
    base_url: https://example.org/archive/
    home_country: China
    templates: templates
    lexicon: [extra-people.yaml]
    feeds: true
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from readout_site.errors import ConfigError
from readout_site.usercache import private_cache_dir, prune

DEFAULT_CONFIG_NAME = "readout-site.yaml"


@dataclass(frozen=True)
class Config:
    """Settings of one site."""

    title: str = "Readout archive"  # the site's name, in the header and feeds
    description: str = "An archive of official readouts of meetings and calls."  # home page and feeds
    base_url: str = "/"  # where the site is served: "/", "/archive/" or "https://example.org/archive/"
    home_country: str | None = None  # whose archive this is; None: the commonest participant country
    templates: Path | None = None  # a directory of templates overriding the defaults
    lexicon: tuple[Path, ...] = ()  # extra lexicon files (people, countries, places, topics, eras)
    feeds: bool = True  # write Atom feeds
    search: bool = True  # build the Pagefind search index
    language: str = "en"  # the `lang` of every page
    latest: int = 10  # readouts listed as latest on the home page
    list_limit: int = 500  # readouts (or mentions of a person) listed on one page; more: one page per year
    source_date_epoch: int | None = None  # fixed "built on" time (also from SOURCE_DATE_EPOCH)

    @property
    def base_path(self) -> str:
        """The path part of ``base_url``, always starting and ending with "/"."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    @property
    def site_url(self) -> str | None:
        """The absolute base URL (scheme and host), or None when only a path is known."""
        parts = urlsplit(self.base_url)
        if parts.scheme and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}{self.base_path}"
        return None


_FIELDS = {f.name: f for f in dataclasses.fields(Config)}
MAX_EPOCH = 253_402_300_799  # 9999-12-31T23:59:59Z: the last build time a date can show
_NULLABLE = {"home_country", "templates", "source_date_epoch"}  # settings whose value may be none (YAML null)


def load_config(path: Path | None, project_root: Path, overrides: dict | None = None) -> Config:
    """The config from ``path`` (or the default file if present), with CLI ``overrides`` applied."""
    data: dict = {}
    label = None
    if path is None and (project_root / DEFAULT_CONFIG_NAME).is_file():
        path = project_root / DEFAULT_CONFIG_NAME
    if path is not None:
        label = str(path)
        if path.is_dir():
            raise ConfigError(label, "a directory, not a config file")
        if not path.is_file():
            raise ConfigError(label, "the config file does not exist")
        data = _settings_in(path.read_bytes(), label)
        if not isinstance(data, dict):
            raise ConfigError(label, "the config must be a mapping of settings")
    base = path.parent if path is not None else project_root
    values = {}
    for key, value in {**data, **(overrides or {})}.items():
        if key not in _FIELDS:
            raise ConfigError(label or "config", f"unknown setting `{key}` (known: {', '.join(sorted(_FIELDS))})")
        if value is None and key == "lexicon":
            value = []  # `lexicon:` with no files
        elif value is None and key not in _NULLABLE:
            raise ConfigError(label or "config", f"`{key}` has no value: give one, or leave the setting out "
                                                 f"for the default ({_FIELDS[key].default!r})")
        values[key] = _coerce(label or "config", key, value, base)
    return Config(**values)


def _settings_in(raw: bytes, label: str):
    """The YAML of a config file's bytes: as parsed by an earlier build when one kept it
    (``KEPT_CONFIGS``), else parsed now; a ConfigError naming the file when it cannot be.

    Importing the YAML parser took a fifth of a build that changes one readout; the
    settings, plain data, are kept as JSON in the user's cache directory by the hash of
    the file's bytes and of this package's code.
    """
    from readout_site.cache import code_digest

    root = private_cache_dir()
    if root is None:
        return _parsed(raw, label)
    kept = root / f"config-{hashlib.sha256(raw + code_digest().encode()).hexdigest()[:32]}.json"
    try:
        return json.loads(kept.read_bytes())["settings"]
    except (OSError, ValueError, KeyError, TypeError, RecursionError):  # not kept (or not readable): parsed now
        data = _parsed(raw, label)
        _keep(kept, data)
        return data


def _parsed(raw: bytes, label: str):
    import yaml

    from readout_site.yamltext import RepeatedKey, load_yaml

    try:
        return load_yaml(raw.decode("utf-8")) or {}
    except UnicodeDecodeError as exc:
        raise ConfigError(label, f"not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    except RepeatedKey as exc:  # the first value would be lost without a word
        raise ConfigError(label, f"`{exc.key}` is set twice (lines {exc.first} and {exc.again}); "
                                 "keep one", line=exc.again) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(label, f"not valid YAML: {str(exc).splitlines()[0]}",
                          line=mark.line + 1 if mark is not None else None) from None


KEPT_CONFIGS = 20  # parsed config files kept in the user's cache directory, the most recently made


def _keep(path: Path, data) -> None:
    """Keep parsed settings that JSON gives back as they are (not a key that is a number, say)."""
    try:
        text = json.dumps({"settings": data}, ensure_ascii=False)  # keys in the file's order: errors come in it
        if json.loads(text)["settings"] != data:
            return
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except (OSError, TypeError, ValueError):  # not plain data, or not writable: parsed again next time
        return
    prune(path.parent, "config-*.json", KEPT_CONFIGS, path)


_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")  # a BCP 47 tag: "en", "zh-Hans", "pt-BR"
_BASE_URL = re.compile(r"/|https?://[^/\s]+(?:/|\Z)", re.IGNORECASE)  # "/..." or "http(s)://host[/...]"


def _coerce(label: str, key: str, value, base: Path):
    if key in {"title", "description", "base_url", "home_country", "language"}:
        if value is not None and not isinstance(value, str):
            raise ConfigError(label, f"`{key}` must be text")
        if key == "base_url" and not _BASE_URL.match(value):
            raise ConfigError(label, f"`base_url` {value!r} must be a path from the host's root (/archive/) or a "
                                     "full URL (https://example.org/archive/); links would otherwise lead nowhere")
        if key == "base_url" and any(c.isspace() or c in '"<>\\^`{|}' for c in value):
            raise ConfigError(label, f"`base_url` {value!r} holds a character a URL cannot (write a space as %20)")
        if key == "language" and not _LANGUAGE.fullmatch(value or ""):
            raise ConfigError(label, f"`language` {value!r} must be a language tag such as en, fr, zh-Hans or pt-BR")
        return value
    if key in {"feeds", "search"}:
        if not isinstance(value, bool):
            raise ConfigError(label, f"`{key}` must be true or false")
        return value
    if key in {"latest", "source_date_epoch", "list_limit"}:
        least = 1 if key == "list_limit" else 0
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < least):
            raise ConfigError(label, f"`{key}` must be a whole number, {least} or more")
        if key == "source_date_epoch" and value is not None and value > MAX_EPOCH:
            raise ConfigError(label, f"`source_date_epoch` must be at most {MAX_EPOCH} (the end of the year 9999)")
        return value
    if key == "templates":
        if value is None:
            return None
        if not isinstance(value, (str, Path)):
            raise ConfigError(label, "`templates` must be a directory path")
        directory = (base / value).resolve()
        if not directory.is_dir():
            raise ConfigError(label, f"`templates`: {directory} is not a directory")
        return directory
    if key == "lexicon":
        if isinstance(value, (str, Path)):
            value = [value]
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, (str, Path)) for v in value):
            raise ConfigError(label, "`lexicon` must be a list of file paths")
        paths = tuple((base / v).resolve() for v in value)
        for p in paths:
            if not p.is_file():
                raise ConfigError(label, f"`lexicon`: {p} does not exist")
        return paths
    raise ConfigError(label, f"unknown setting `{key}`")  # pragma: no cover - guarded above


def config_fields() -> dict[str, dataclasses.Field]:
    """The documented settings (for the README and error messages)."""
    return dict(_FIELDS)


__all__ = ["Config", "load_config", "config_fields", "DEFAULT_CONFIG_NAME"]
