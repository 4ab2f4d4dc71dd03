"""The territories a rule can name: ISO 3166-1 codes with names from django-countries, plus the
aliases and groups in territories.toml. Everything is read once and looked up by a normalised
key, so "the U.K.", "united kingdom" and "UK" all find GB."""

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

from django_countries import countries
from django_countries.data import COUNTRIES

DATA_FILE = Path(__file__).with_name("territories.toml")
ALWAYS = (None, None)  # a membership interval without a start or an end


def normalise(name: str) -> str:
    """Lower-case, accent-free, punctuation-free words: "Côte d'Ivoire" -> "cote divoire"."""
    return key_of(words(name))


def words(name: str) -> list[str]:
    """normalise()'s words before a leading "the" is dropped. The words of "A B" are those of
    "A" then those of "B", so a key can be built a word at a time (see parse_places)."""
    text = str(name)
    if not text.isascii():  # ASCII has nothing to decompose and no combining marks
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold()
    text = text.replace("'", "").replace("’", "").replace(".", "")
    return NOT_A_KEY.sub(" ", text).split()


def key_of(name_words: list[str]) -> str:
    if name_words and name_words[0] == "the":
        name_words = name_words[1:]
    return " ".join(name_words)


NOT_A_KEY = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True, order=True)
class Place:
    """What a rule names: a territory ("territory", "CN"), a named group ("group", "eu"), a
    place inside one or more territories ("part", "scotland") or a name with several readings
    ("ambiguous", "georgia"). The last two are uncertain: a check knows the territory, not
    which reading or which part of it (docs/rights.md, "What the check cannot know")."""

    kind: str
    key: str

    @property
    def name(self) -> str:
        registry = load()
        if self.kind == "group":
            return registry.groups[self.key].name
        if self.kind in UNCERTAIN:
            return registry.uncertain[self.key].name
        return registry.name(self.key)


UNCERTAIN = ("part", "ambiguous")


@dataclass(frozen=True)
class Uncertain:
    """A part of territories ("Scotland": GB) or a name with several readings ("Georgia": GE,
    and the US by its state): `codes` are every territory it may lie in or mean."""

    key: str
    name: str
    codes: frozenset
    # An ambiguous name's readings ("the country (GE) or the US state"); a part's territories
    # ("United Kingdom"), as a person would say them.
    readings: str


@dataclass(frozen=True)
class Group:
    key: str
    name: str
    source: str
    # code -> (from, until) instants, either of which may be None (open-ended)
    members: dict

    def members_at(self, at: datetime) -> frozenset[str]:
        return frozenset(code for code in self.members if self.covers(code, at))

    def covers(self, code: str | None, at: datetime) -> bool:
        """Whether `code` is a member at `at`: from its start (inclusive) until its end."""
        span = self.members.get(code)
        if span is None:
            return False
        start, end = span
        return (start is None or start <= at) and (end is None or at < end)


class Registry:
    def __init__(self, data: dict):
        self.codes = frozenset(code for code, _ in countries)
        self.display = dict(data.get("display", {}))
        self.groups: dict[str, Group] = {}
        self._index: dict[str, Place] = {}
        # Names with several readings come first: they take the name from the one territory
        # ISO gives it to ("China", "Georgia", "Congo").
        self.uncertain: dict[str, Uncertain] = {}
        for name, spec in data.get("ambiguous", {}).items():
            self._uncertain("ambiguous", name, spec["means"], spec["readings"])
        self._covered: dict = {}  # (place, effect) -> codes: _fixed()'s answers
        self.dependencies = {
            code: frozenset(spec["parts"]) for code, spec in data.get("dependencies", {}).items()
        }
        self._resolved: dict[str, str | None] = {}  # territory(): what each string gave
        self._comma_names = []
        for code, name in countries:
            self._add(name, Place("territory", code))
            self._add(COUNTRIES.get(code, name), Place("territory", code))
        for code, name in self.display.items():
            self._add(name, Place("territory", code))
        for code, names in data.get("aliases", {}).items():
            for alias in names:
                self._add(alias, Place("territory", code))
        for key, spec in data.get("groups", {}).items():
            group = Group(key, spec["name"], spec["source"], self._members(spec))
            self.groups[key] = group
            for alias in [spec["name"], *spec.get("aliases", [])]:
                self._add(alias, Place("group", key))
        for spec in data.get("parts", {}).values():
            within = spec["within"]
            names = " and ".join(self._names_of(within))
            for name in spec["names"]:
                self._uncertain("part", name, within, names)
        self.clients = frozenset(
            normalise(name) for name in data.get("clients", {}).get("names", [])
        )
        self.demonyms = {
            normalise(word): code
            for code, words in data.get("demonyms", {}).items()
            for word in words
        }
        self.longest_name = max(len(key.split()) for key in self._index)
        # Every leading run of words of a key: a longer name can only start with one of these.
        self.prefixes = frozenset(
            " ".join(key.split()[:n])
            for key in self._index
            for n in range(1, self.longest_name + 1)
        )
        # Names are read once, like the index above: a name is a dict lookup, not a gettext
        # call per check (django-countries translates on every access).
        self._names = {code: self.display.get(code) or countries.name(code) for code in self.codes}
        for name in self._comma_names:
            parts = [part for part in name.split(",") if part.strip()]
            if all(normalise(part) in self._index for part in parts):
                raise ValueError(f"{name!r} would swallow a list of {parts} in {DATA_FILE.name}")

    _comma_names: list

    def _names_of(self, codes) -> list[str]:
        return [self.display.get(code) or countries.name(code) for code in codes]

    def _uncertain(self, kind: str, name: str, codes, readings: str) -> None:
        key = normalise(name)
        unknown = set(codes) - self.codes
        if unknown:
            raise ValueError(f"{name!r} names unknown codes {unknown} in {DATA_FILE.name}")
        self.uncertain[key] = Uncertain(key, name, frozenset(codes), readings)
        self._add(name, Place(kind, key))

    def _add(self, name: str, place: Place) -> None:
        if "," in str(name):
            self._comma_names.append(str(name))
        key = normalise(name)
        known = self._index.setdefault(key, place)
        if known != place and known.kind == "ambiguous" and place.kind == "territory":
            return  # ISO's name for one of its readings ("China" for CN): the ambiguity wins
        if known != place:
            raise ValueError(f"{name!r} names both {known} and {place} in {DATA_FILE.name}")

    def _members(self, spec: dict) -> dict:
        if spec.get("members") == "*":
            return dict.fromkeys(self.codes, ALWAYS)
        if "dated" in spec:
            return {
                code: (_instant(span["joined"]), _instant(span.get("left")))
                for code, span in spec["dated"].items()
            }
        return dict.fromkeys(spec["members"], ALWAYS)

    def lookup(self, name: str) -> Place | None:
        return self._index.get(normalise(name))

    def lookup_key(self, key: str) -> Place | None:
        """lookup() for a name already normalised."""
        return self._index.get(key)

    def name(self, code: str) -> str:
        return self._names.get(code) or self.display.get(code) or countries.name(code) or code

    def label(self, code: str | None) -> str:
        """ "Chinese mainland (CN)", as reasons show a territory."""
        return f"{self.name(code)} ({code})" if code else "an unknown territory"

    def territory(self, value) -> str | None:
        """An ISO code from a code ("cn", "CHN") or a name naming one territory; else None."""
        if type(value) is not str:
            return self._territory(value)
        code = self._resolved.get(value, "")
        if code == "":
            code = self._territory(value)
            if len(self._resolved) < 10_000:  # bounded: values may come from visitors' headers
                self._resolved[value] = code
        return code

    def _territory(self, value) -> str | None:
        if not value:
            return None
        value = str(value).strip()
        if len(value) == 2 and value.upper() in self.codes:
            return value.upper()
        if len(value) == 3 and value.isalpha():
            code = countries.alpha2(value.upper())
            if code:
                return code
        place = self.lookup(value)
        return place.key if place is not None and place.kind == "territory" else None

    # What a place covers depends on the rule's effect, so that the most restrictive reading
    # wins either way: a deny of a sovereign covers its dependencies too, a deny of an uncertain
    # place every territory it may lie in or mean; an allow of a sovereign covers it alone, an
    # allow of an uncertain place no territory at all.

    def _fixed(self, place: Place, effect: str) -> frozenset[str]:
        """The territories a territory or an uncertain place covers (no dates), worked out once
        per place and effect."""
        found = self._covered.get((place, effect))
        if found is None:
            if place.kind == "territory" and effect == "deny":
                found = self.dependencies.get(place.key, frozenset()) | {place.key}
            elif place.kind == "territory":
                found = frozenset({place.key})
            else:
                found = self.uncertain[place.key].codes if effect == "deny" else frozenset()
            self._covered[place, effect] = found
        return found

    def members(self, place: Place, at: datetime, effect: str = "deny") -> frozenset[str]:
        if place.kind == "group":
            return self.groups[place.key].members_at(at)
        return self._fixed(place, effect)

    def covers(self, place: Place, code: str | None, at: datetime, effect: str = "deny") -> bool:
        """`code in members(place, at, effect)`, without building a group's set."""
        if place.kind == "group":
            return self.groups[place.key].covers(code, at)
        if place.kind == "territory" and code == place.key:
            return True
        return code in self._fixed(place, effect)

    def span(self, place: Place, code: str, effect: str = "deny") -> tuple | None:
        """(from, until) in which `place` covers `code`, either end None (open); None if never."""
        if place.kind == "group":
            return self.groups[place.key].members.get(code)
        return ALWAYS if code in self._fixed(place, effect) else None

    def intervals(self, place: Place, effect: str = "deny") -> dict:
        """code -> (from, until) for every territory the place ever covers."""
        if place.kind == "group":
            return dict(self.groups[place.key].members)
        return dict.fromkeys(self._fixed(place, effect), ALWAYS)


def _instant(value) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    parsed = datetime.fromisoformat(str(value))
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


@cache
def load() -> Registry:
    with open(DATA_FILE, "rb") as data_file:
        return Registry(tomllib.load(data_file))
