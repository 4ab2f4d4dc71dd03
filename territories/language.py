"""The restriction language: wire-agency restriction text in, a RestrictionSet out.

Each sentence (split at ".", ";" or a line break) must match one of the phrase families below;
anything else raises RestrictionError naming the phrase. Matching is case-insensitive and
tolerant of stray punctuation; territory names go through the registry (names, aliases, groups,
upper-case ISO codes).
"""

import re
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from territories.registry import Place, load, normalise
from territories.rules import (
    DutyRule,
    EditorialOnlyRule,
    EmbargoRule,
    HoldRule,
    PlatformRule,
    RestrictionSet,
    TerritoryRule,
)

EXAMPLES = (
    "“No access France”, “UK only”, “Worldwide excluding USA”, “Editorial use only”, "
    "“Embargo until 2026-12-01 09:00 UTC”"
)


class RestrictionError(ValueError):
    """Restriction text that cannot be read. `phrase` is the part that could not be."""

    def __init__(self, phrase: str, problem: str):
        self.phrase = phrase
        self.problem = problem
        super().__init__(f"Cannot read “{phrase}”: {problem}")


def _phrase(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE | re.VERBOSE)


# A sentence ends at ";", a line break, or a "." followed by a space or the end, except the dot
# of an abbreviation: "U.S.", "excl.", "Dec.", "Ltd.".
SENTENCE_BREAK = re.compile(r"[;\n]|\.(?=\s|$)")
ABBREVIATIONS = frozenset(
    {
        *("excl", "ex", "incl", "approx", "ltd", "inc", "co", "corp"),
        *("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"),
    }
)
LABEL = _phrase(r"^\s*\[?\s*restrictions?\s*:\s*")
PART = _phrase(r"^(?:part|pt)\b\.?\s*[:\-–]?\s*(?P<rest>.+)$")

NOTHING = _phrase(
    r"none|no\s+restrictions?|unrestricted|n/?a|-+|worldwide|available\s+worldwide|worldwide\s+rights|all\s+rights"
)
HOLD = _phrase(
    r"(?:hold|held|holding)\s+for\s+release|hold\s+until\s+(?:further\s+notice|released)"
)
EMBARGO = _phrase(r"(?:under\s+)?embargo(?:ed)?\s*(?:until|till|to|:)?\s*:?\s*(?P<when>.+)")
EDITORIAL = _phrase(
    r"(?:for\s+)?editorial\s+(?:use\s+)?only|no\s+commercial\s+use|not\s+for\s+commercial\s+use"
)
BROADCAST_ONLY = _phrase(r"(?:for\s+)?(?:broadcast|tv|television)\s+(?:use\s+)?only")
ONLINE_ONLY = _phrase(r"(?:for\s+)?(?:online|digital)\s+(?:use\s+)?only")
CREDIT = _phrase(
    r"(?:(?:must|mandatory)\s+(?P<kind>credit|courtesy)|(?P<kind2>credit|courtesy)\s*:)"
    r"\s*:?\s*(?:to\s+)?(?P<who>.+)"
)
NO_ARCHIVE = _phrase(r"no\s+archiv(?:e|ing)|not\s+for\s+archiv(?:e|ing)")
NO_RESALE = _phrase(r"no\s+re-?sale|not\s+for\s+re-?sale|no\s+re-?selling")
ALLOW_OUTSIDE = _phrase(
    r"(?:no\s+access|no\s+use|not\s+for\s+use|not\s+available)\s+outside(?:\s+of)?\s*:?\s*(?P<list>.+)"
)
ALLOW_ONLY_IN = _phrase(
    r"(?:only\s+(?:available\s+|for\s+use\s+)?in|available\s+only\s+in|access\s+only\s+in"
    r"|for\s+use\s+only\s+in)\s*:?\s*(?P<list>.+)"
)
ALLOW_X_ONLY = _phrase(
    r"(?:access\s*:?\s*|available\s+|for\s+use\s+)?(?:in\s+)?(?P<list>.+?)\s+only"
)
WORLDWIDE_EXCEPT = _phrase(
    r"(?:available\s+)?(?:worldwide|world|all\s+territories)\s*,?\s+"
    r"(?:excluding|excl\.?|except(?:\s+for|\s+in)?|ex\.?|but\s+not(?:\s+in)?|minus|less)\s*:?\s*(?P<list>.+)"
)
DENY = _phrase(
    r"(?:no\s+access|no\s+use|not\s+for\s+use|not\s+available|no\s+distribution"
    r"|not\s+for\s+distribution)"
    r"(?:\s+(?P<prep>in|to|on|for)\b(?!\s*(?:[,/&+]|and\b|or\b|$)))?\s*:?\s*(?P<list>.+)"
)
X_OUT = _phrase(r"(?P<list>.+?)\s+out")
NO_PLATFORM = _phrase(r"(?:no|not\s+for)\s+(?P<list>.+)")

PLATFORM_WORDS = {
    "online": ("digital", "social"),
    "mobile": ("digital", "social"),
    "internet": ("digital", "social"),
    "web": ("digital", "social"),
    "digital": ("digital",),
    "social": ("social",),
    "social media": ("social",),
    "social networks": ("social",),
    "broadcast": ("broadcast",),
    "tv": ("broadcast",),
    "television": ("broadcast",),
}
LIST_SEPARATOR = re.compile(r"\s*(?:,|/|&|\+|\band\b|\bor\b|\bnor\b)\s*", re.IGNORECASE)


@lru_cache(maxsize=4096)
def compile_restrictions(text: str | None) -> RestrictionSet:
    """Text -> RestrictionSet; raises RestrictionError naming the first phrase it cannot read.

    Cached: a catalogue repeats a few hundred texts, one clip page checks its text once per
    licence type, and the result is immutable (RestrictionSet and its rules are frozen)."""
    text = LABEL.sub("", (text or "").strip()).strip().rstrip("]").strip()
    rules = []
    for sentence in split_sentences(text):
        rules.extend(_read_sentence(sentence))
    return RestrictionSet(tuple(rules))


def split_sentences(text: str) -> list[str]:
    sentences, start = [], 0
    for match in SENTENCE_BREAK.finditer(text):
        if match[0] == ".":
            word = re.search(r"([A-Za-z]+)$", text[: match.start()])
            if word and (len(word[1]) == 1 or word[1].lower() in ABBREVIATIONS):
                continue
        sentences.append(text[start : match.start()])
        start = match.end()
    sentences.append(text[start:])
    cleaned = (sentence.strip(" \t\"'“”‘’()[]:,.-–") for sentence in sentences)
    return [sentence for sentence in cleaned if sentence]


def _read_sentence(sentence: str) -> list:
    """A sentence as written; failing that, a "Part"/"Pt" prefix and the rule after it. Trying
    the whole sentence first keeps "PT, ES out" about Portugal."""
    try:
        return _read_clause(sentence, sentence)
    except RestrictionError as whole_error:
        part = PART.fullmatch(sentence)
        if part is None:
            raise
        try:
            rules = _read_clause(part["rest"].strip(" :-"), sentence)
        except RestrictionError:
            raise whole_error from None
        return [replace_part(rule) for rule in rules]


def replace_part(rule):
    return type(rule)(**{**rule.__dict__, "part": True})


def _read_clause(clause: str, sentence: str) -> list:
    if NOTHING.fullmatch(clause):
        return []
    if HOLD.fullmatch(clause):
        return [HoldRule()]
    if m := EMBARGO.fullmatch(clause):
        return [EmbargoRule(until=parse_instant(m["when"], sentence))]
    if EDITORIAL.fullmatch(clause):
        return [EditorialOnlyRule()]
    if BROADCAST_ONLY.fullmatch(clause):
        return [PlatformRule(denied=("digital", "social"))]
    if ONLINE_ONLY.fullmatch(clause):
        return [PlatformRule(denied=("broadcast",))]
    if m := CREDIT.fullmatch(clause):
        kind = (m["kind"] or m["kind2"]).lower()
        subject, more = _split_credit(m["who"].strip(" :"), sentence)
        return [DutyRule(kind=kind, subject=subject), *more]
    if NO_ARCHIVE.fullmatch(clause):
        return [DutyRule(kind="no_archive")]
    if NO_RESALE.fullmatch(clause):
        return [DutyRule(kind="no_resale")]
    if m := (ALLOW_OUTSIDE.fullmatch(clause) or ALLOW_ONLY_IN.fullmatch(clause)):
        return _allow(m["list"], sentence)
    if m := WORLDWIDE_EXCEPT.fullmatch(clause):
        return [TerritoryRule(effect="deny", places=parse_places(m["list"], sentence))]
    if (m := NO_PLATFORM.fullmatch(clause)) and (platforms := parse_platforms(m["list"])):
        return [PlatformRule(denied=platforms)]
    if m := (DENY.fullmatch(clause) or X_OUT.fullmatch(clause)):
        names = m["list"]
        if m.groupdict().get("prep") == "IN" and not clause.isupper():
            names = f"IN {names}"  # "No access IN, FR": India, not the preposition
        platforms = parse_platforms(names)
        if platforms:
            return [PlatformRule(denied=platforms)]
        return [TerritoryRule(effect="deny", places=parse_places(names, sentence))]
    if m := ALLOW_X_ONLY.fullmatch(clause):
        return _allow(m["list"], sentence)
    raise RestrictionError(
        sentence, f"this is not a restriction we know. Write it like {EXAMPLES}."
    )


RULE_START = _phrase(
    r"(?:no|not|only|access|embargo(?:ed)?|hold|held|editorial|worldwide|available|broadcast"
    r"|online|must|mandatory|credit|courtesy|part|pt)\b|.+\s(?:out|only)$"
)
CREDIT_BREAK = re.compile(r"\s*[,/]\s*|\s+[-–]\s+|\s+")


def _split_credit(who: str, sentence: str) -> tuple[str, list]:
    """ "BBC, no access UK" -> ("BBC", [No access United Kingdom]): a credit line must not swallow
    a rule written after it. A rule-like tail after a comma or slash that does not read is an
    error; after a plain space it is taken as part of the name ("Not Just Pictures")."""
    for gap in CREDIT_BREAK.finditer(who):
        tail = who[gap.end() :]
        if gap.start() == 0 or not RULE_START.match(tail):
            continue
        try:
            return who[: gap.start()], _read_clause(tail, sentence)
        except RestrictionError:
            if gap[0].strip():
                raise
    return who, []


def _allow(names: str, sentence: str) -> list:
    places = parse_places(names, sentence)
    if Place("group", "worldwide") in places:
        return []  # "Worldwide only" limits nothing
    return [TerritoryRule(effect="allow", places=places)]


def parse_platforms(names: str) -> tuple[str, ...] | None:
    """("digital", "social") for "online or mobile"; None unless every item is a platform."""
    items = [item for item in LIST_SEPARATOR.split(names.strip(" .:")) if item]
    denied: set[str] = set()
    for item in items:
        key = re.sub(r"\s+(?:use|platforms?|access)$", "", normalise(item))
        if key not in PLATFORM_WORDS:
            return None
        denied.update(PLATFORM_WORDS[key])
    return tuple(sorted(denied)) or None


TOKEN = re.compile(r"[,/&+]|[^\s,/&+]+")
CONJUNCTIONS = {"and", "or", "nor", "the"}


def parse_places(names: str, sentence: str) -> tuple[Place, ...]:
    """Territories and groups in a list such as "India/US", "France, Germany and Benelux".

    Names are matched longest first over the words, so names that contain "and" or a comma
    ("Trinidad and Tobago", "Bonaire, Sint Eustatius and Saba") stay whole.
    """
    registry = load()
    tokens = TOKEN.findall(names)
    places: set[Place] = set()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if not re.search(r"\w", token) or token.lower() in CONJUNCTIONS:
            i += 1
            continue
        found = None
        for j in range(min(len(tokens), i + 2 * registry.longest_name), i, -1):
            if not re.search(r"\w", tokens[j - 1]):
                continue
            found = registry.lookup(" ".join(tokens[i:j]))
            if found is not None:
                break
        if found is None and re.fullmatch(r"[A-Z]{2}", token) and token in registry.codes:
            found, j = Place("territory", token), i + 1
        if found is None:
            unknown = []
            for word in tokens[i:]:
                if word in ",/&+" or word.lower() in ("and", "or", "nor"):
                    break
                unknown.append(word)
            raise RestrictionError(
                sentence,
                f"“{' '.join(unknown)}” is not a territory, territory group or alias we know.",
            )
        places.add(found)
        i = j
    if not places:
        raise RestrictionError(sentence, "it names no territory.")
    return tuple(sorted(places, key=lambda place: (place.name, place.key)))


# Fixed-offset abbreviations only where one meaning is standard; "IST" or "CST" are ambiguous.
ZONE_ABBREVIATIONS = {
    "UTC": 0, "GMT": 0, "Z": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3,
    "MSK": 3, "EST": -5, "EDT": -4, "PST": -8, "PDT": -7, "MST": -7, "MDT": -6,
    "JST": 9, "KST": 9, "HKT": 8, "SGT": 8, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
}  # fmt: skip
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
ZONE_OFFSET = re.compile(
    r"(?:\b(?:UTC|GMT)\s*)?(?P<sign>[+-])(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?\b", re.I
)
ZONE_NAME = re.compile(r"\b[A-Z][A-Za-z_]+/[A-Za-z_]+(?:/[A-Za-z_]+)?\b")
ZONE_WORD = re.compile(r"(?:(?<=\d)|\b)(?P<abbr>[A-Za-z]{1,5})\b")
ISO_DATE = re.compile(r"\b(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})(?:T|\b)")
DMY = re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mo>[A-Za-z]+)\.?\s+(?P<y>\d{4})\b")
MDY = re.compile(r"\b(?P<mo>[A-Za-z]+)\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<y>\d{4})\b")
CLOCK = re.compile(
    r"\b(?P<h>\d{1,2})(?:[:h](?P<m>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?)?\s*(?P<ampm>am|pm)?\b"
    r"|\b(?P<hh>[01]\d|2[0-3])(?P<mm>[0-5]\d)\b",
    re.I,
)


def parse_instant(when: str, sentence: str) -> datetime:
    """ "2026-12-01 00:00 UTC", "2026-12-01T00:00:00Z", "25 December 2026 09:00 GMT",
    "December 25, 2026 9am EST", "09:00 GMT on 25 Dec 2026", "2026-12-01 10:00 Europe/Paris".
    A time zone is required: an embargo without one would lift at a different moment for
    every reader. A date without a time means midnight."""

    def fail(problem):
        raise RestrictionError(sentence, problem)

    rest = re.sub(r"[,]|\b(?:on|at|the)\b", " ", when)
    zone, rest = _take_zone(rest, fail)
    date_match = ISO_DATE.search(rest) or DMY.search(rest) or MDY.search(rest)
    if date_match is None:
        fail("the embargo has no date we can read; write it like 2026-12-01 09:00 UTC.")
    try:
        month = (
            int(date_match["mo"])
            if date_match["mo"].isdigit()
            else MONTHS[date_match["mo"].lower()]
        )
    except KeyError:
        fail(f"“{date_match['mo']}” is not a month.")
    rest = (rest[: date_match.start()] + " " + rest[date_match.end() :]).strip()
    hour = minute = second = 0
    if rest:
        clock = CLOCK.fullmatch(rest.strip())
        if clock is None:
            fail(f"“{rest.strip()}” in the embargo is not a time we can read.")
        if clock["hh"]:
            hour, minute = int(clock["hh"]), int(clock["mm"])
        else:
            hour, minute, second = int(clock["h"]), int(clock["m"] or 0), int(clock["s"] or 0)
            ampm = (clock["ampm"] or "").lower()
            if ampm and not 1 <= hour <= 12:
                fail(f"“{rest.strip()}” is not a time.")
            if ampm:
                hour = hour % 12 + (12 if ampm == "pm" else 0)
            elif clock["m"] is None:
                fail(f"“{rest.strip()}” in the embargo is not a time we can read.")
    try:
        local = datetime(int(date_match["y"]), month, int(date_match["d"]), hour, minute, second)
    except ValueError as error:
        fail(f"the embargo date is not a real date or time ({error}).")
    if zone is None:
        fail("the embargo has no time zone; add one, as in “09:00 GMT” or “09:00 Europe/London”.")
    early, late = local.replace(tzinfo=zone, fold=0), local.replace(tzinfo=zone, fold=1)
    if early.utcoffset() != late.utcoffset():
        fail(
            f"{local:%Y-%m-%d %H:%M} does not exist or happens twice in that time zone (a clock "
            "change); give the time in UTC or with an offset such as +01:00."
        )
    return early.astimezone(UTC)


def _take_zone(text: str, fail):
    if m := ZONE_NAME.search(text):
        try:
            return ZoneInfo(m[0]), text[: m.start()] + text[m.end() :]
        except (ZoneInfoNotFoundError, ValueError):
            fail(f"“{m[0]}” is not a time zone.")
    # "+01:00" after a time or "UTC+1"; a "-" inside an ISO date is not an offset.
    for m in ZONE_OFFSET.finditer(text):
        before = text[: m.start()].rstrip()
        if m[0][0] in "+-" and not re.search(r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$", before):
            continue
        hours, minutes = int(m["h"]), int(m["m"] or 0)
        if hours > 14 or minutes > 59:
            fail(f"“{m[0].strip()}” is not a time zone offset.")
        offset = timedelta(hours=hours, minutes=minutes) * (-1 if m["sign"] == "-" else 1)
        return timezone(offset), text[: m.start()] + " " + text[m.end() :]
    for m in ZONE_WORD.finditer(text):
        abbr = m["abbr"].upper()
        if abbr in ZONE_ABBREVIATIONS:
            zone = timezone(timedelta(hours=ZONE_ABBREVIATIONS[abbr]))
            return zone, text[: m.start()] + " " + text[m.end() :]
    return None, text
