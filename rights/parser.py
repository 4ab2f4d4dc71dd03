"""The restriction language: wire-agency restriction text in, a RestrictionSet out.

Each sentence (split at ".", ";" or a line break) must match one of the phrase families below;
anything else raises RestrictionError naming the phrase. Matching is case-insensitive and
tolerant of stray punctuation; territory names go through the registry (names, aliases, groups,
upper-case ISO codes).
"""

import re
from functools import lru_cache
from string import ascii_letters as ASCII_LETTERS

from rights.duty_phrases import read_duty
from rights.errors import RestrictionError
from rights.patterns import phrase
from rights.registry import Place, key_of, load, normalise, words
from rights.rules import (
    DutyRule,
    EditorialOnlyRule,
    EmbargoRule,
    HoldRule,
    PlatformRule,
    RestrictionSet,
    TerritoryRule,
)
from rights.sections import read_narrowed
from rights.time_phrases import read_time
from rights.times import parse_instant, zone_given
from rights.wording import reworded

EXAMPLES = (
    "“No access France”, “UK only”, “Worldwide excluding USA”, “Editorial use only”, "
    "“Embargo until 2026-12-01 09:00 UTC”"
)


# A sentence ends at ";", a line break, or a "." followed by a space or the end, except the dot
# of an abbreviation: "U.S.", "excl.", "Dec.", "Ltd.".
SENTENCE_BREAK = re.compile(r"[;\n]|\.(?=\s|$)")
ABBREVIATIONS = frozenset(
    {
        *("excl", "ex", "incl", "approx", "ltd", "inc", "co", "corp"),
        *("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"),
    }
)
LABEL = phrase(r"^\s*\[?\s*restrictions?\s*:\s*")

NOTHING = phrase(
    r"none|no\s+restrictions?|unrestricted|n/?a|-+|worldwide|available\s+worldwide|worldwide\s+rights|all\s+rights"
)
HOLD = phrase(r"(?:hold|held|holding)\s+for\s+release|hold\s+until\s+(?:further\s+notice|released)")
EMBARGO = phrase(r"(?:under\s+)?embargo(?:ed)?\s*(?:until|till|to|:)?\s*:?\s*(?P<when>.+)")
EDITORIAL = phrase(
    r"(?:for\s+)?editorial\s+(?:use\s+)?only|no\s+commercial\s+use|not\s+for\s+commercial\s+use"
)
BROADCAST_ONLY = phrase(r"(?:for\s+)?(?:broadcast|tv|television)\s+(?:use\s+)?only")
ONLINE_ONLY = phrase(r"(?:for\s+)?(?:online|digital)\s+(?:use\s+)?only")
CREDIT = phrase(
    r"(?:(?:must|mandatory)\s+(?P<kind>credit|courtesy)|(?P<kind2>credit|courtesy)\s*:)"
    r"\s*:?\s*(?:to\s+)?(?P<who>.+)"
)
NO_ARCHIVE = phrase(r"no\s+archiv(?:e|ing)|not\s+for\s+archiv(?:e|ing)")
NO_RESALE = phrase(r"no\s+re-?sale|not\s+for\s+re-?sale|no\s+re-?selling")
ALLOW_OUTSIDE = phrase(
    r"(?:no\s+access|no\s+use|not\s+for\s+use|not\s+available)\s+outside(?:\s+of)?\s*:?\s*(?P<list>.+)"
)
ALLOW_ONLY_IN = phrase(
    r"(?:only\s+(?:available\s+|for\s+use\s+)?in|available\s+only\s+in|access\s+only\s+in"
    r"|for\s+use\s+only\s+in)\s*:?\s*(?P<list>.+)"
)
ALLOW_X_ONLY = phrase(
    r"(?:access\s*:?\s*|available\s+|for\s+use\s+)?(?:in\s+)?(?P<list>.+?)\s+only"
)
WORLDWIDE_EXCEPT = phrase(
    r"(?:available\s+)?(?:worldwide|world|all\s+territories)\s*,?\s+"
    r"(?:excluding|excl\.?|except(?:\s+for|\s+in)?|ex\.?|but\s+not(?:\s+in)?|minus|less)\s*:?\s*(?P<list>.+)"
)
DENY = phrase(
    r"(?:no\s+access|no\s+use|not\s+for\s+use|not\s+available|no\s+distribution"
    r"|not\s+for\s+distribution)"
    r"(?:\s+(?P<prep>in|to|on|for)\b(?!\s*(?:[,/&+]|and\b|or\b|$)))?\s*:?\s*(?P<list>.+)"
)
X_OUT = phrase(r"(?P<list>.+?)\s+out")
NO_PLATFORM = phrase(r"(?:no|not\s+for)\s+(?P<list>.+)")

PLATFORM_WORDS = {
    "online": ("digital", "social"),
    "mobile": ("digital", "social"),
    "internet": ("digital", "social"),
    "web": ("digital", "social"),
    "digital": ("digital",),
    **dict.fromkeys(("vod", "streaming", "on demand", "video on demand"), ("digital",)),
    "social": ("social",),
    "social media": ("social",),
    "social networks": ("social",),
    "broadcast": ("broadcast",),
    # Named social platforms: the line is read as all social media (the stricter reading).
    **dict.fromkeys(
        ("youtube", "facebook", "instagram", "tiktok", "twitter", "snapchat", "whatsapp"),
        ("social",),
    ),
    "tv": ("broadcast",),
    "television": ("broadcast",),
}
LIST_SEPARATOR = re.compile(r"\s*(?:,|/|&|\+|\band\b|\bor\b|\bnor\b)\s*", re.IGNORECASE)


LONGEST_TEXT = 1000  # characters; a wire agency's line is a sentence or three


@lru_cache(maxsize=4096)
def compile_restrictions(text: str | None) -> RestrictionSet:
    """Text -> RestrictionSet; raises RestrictionError naming the first phrase it cannot read.

    Cached: a catalogue repeats a few hundred texts, one clip page checks its text once per
    licence type, and the result is immutable (RestrictionSet and its rules are frozen)."""
    text = text or ""
    if len(text) > LONGEST_TEXT:
        raise RestrictionError(
            f"{text[:40].strip()}…",
            f"Restrictions may be at most {LONGEST_TEXT:,} characters; "
            f"this text has {len(text):,}.",
        )
    return _compile(text)


def _compile(text: str) -> RestrictionSet:
    """compile_restrictions() without the cache or the length limit."""
    text = LABEL.sub("", text.strip()).strip().rstrip("]").strip()
    rules = []
    for sentence in split_sentences(text):
        rules.extend(_read_sentence(sentence))
    return RestrictionSet(tuple(rules))


def split_sentences(text: str) -> list[str]:
    sentences, start = [], 0
    for match in SENTENCE_BREAK.finditer(text):
        if match[0] == ".":
            word = _word_before(text, match.start())
            if word and (len(word) == 1 or word.lower() in ABBREVIATIONS):
                continue
        sentences.append(text[start : match.start()])
        start = match.end()
    sentences.append(text[start:])
    cleaned = (sentence.strip(" \t\"'“”‘’()[]:,.-–") for sentence in sentences)
    return [sentence for sentence in cleaned if sentence]


def _word_before(text: str, end: int) -> str:
    """The run of ASCII letters ending at `end`: looking back over that word only keeps
    splitting linear in the text (a search over text[:end] at every dot would not be)."""
    start = end
    while start > 0 and text[start - 1] in ASCII_LETTERS:
        start -= 1
    return text[start:end]


def _read_sentence(sentence: str) -> list:
    """A sentence as written; failing that, a "Part"/"Pt" prefix and the rule after it. Trying
    the whole sentence first keeps "PT, ES out" about Portugal.

    Phrases are matched with every run of white space read as one space: then no pattern can
    split a long run between two of its parts in many ways, and matching stays linear in the
    length of the sentence. Errors still quote the sentence as written."""
    clause = reworded(" ".join(sentence.split()))
    memo: dict = {}
    try:
        return _read_clause(clause, sentence, memo)
    except RestrictionError as whole_error:
        try:
            rules = read_narrowed(
                clause, sentence, lambda c: _read_clause(reworded(c), sentence, memo)
            )
        except RestrictionError:
            raise whole_error from None
        if rules is None:
            raise
        return rules


def _read_clause(clause: str, sentence: str, memo: dict) -> list:
    if NOTHING.fullmatch(clause):
        return []
    if HOLD.fullmatch(clause):
        return [HoldRule()]
    if m := EMBARGO.fullmatch(clause):
        guessed = not zone_given(m["when"])
        until = parse_instant(m["when"], sentence, zoneless="start")
        return [EmbargoRule(until=until, guessed_zone=guessed)]
    if (rules := read_duty(clause)) is not None:
        return rules
    if (rules := read_time(clause, sentence)) is not None:
        return rules
    if EDITORIAL.fullmatch(clause):
        return [EditorialOnlyRule()]
    if BROADCAST_ONLY.fullmatch(clause):
        return [PlatformRule(denied=("digital", "social"))]
    if ONLINE_ONLY.fullmatch(clause):
        # Several agencies license social media apart from online: "digital only" allows
        # neither broadcast nor social (the most restrictive reading).
        return [PlatformRule(denied=("broadcast", "social"))]
    if m := CREDIT.fullmatch(clause):
        kind = (m["kind"] or m["kind2"]).lower()
        subject, more = _split_credit(m["who"].strip(" :"), sentence, memo)
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
    if normalise(clause) in load().clients:
        return []  # an agency's or broadcaster's name alone: a byline ("AFPTV - No archive")
    raise RestrictionError(
        sentence, f"this is not a restriction we know. Write it like {EXAMPLES}."
    )


# A tail of a credit line looks like a rule when it starts with one of these words, or ends
# with "out" or "only" after at least one other character and a space.
RULE_START = phrase(
    r"(?:no|not|only|access|embargo(?:ed)?|hold|held|editorial|worldwide|available|broadcast"
    r"|online|must|mandatory|credit|courtesy|part|pt)\b"
)
RULE_END = phrase(r"\s(?:out|only)$")
CREDIT_BREAK = re.compile(r"\s*[,/]\s*|\s+[-–]\s+|\s+")


def _split_credit(who: str, sentence: str, memo: dict) -> tuple[str, list]:
    """ "BBC, no access UK" -> ("BBC", [No access United Kingdom]): a credit line must not swallow
    a rule written after it. A rule-like tail after a comma or slash that does not read is an
    error; after a plain space it is taken as part of the name ("Not Just Pictures")."""
    # Every tail shares the line's end, so whether it ends like a rule is found once.
    end = RULE_END.search(who)
    for gap in CREDIT_BREAK.finditer(who):
        tail = who[gap.end() :]
        if gap.start() == 0:
            continue
        if not (RULE_START.match(tail) or (end is not None and end.start() > gap.end())):
            continue
        try:
            return who[: gap.start()], _read_once(tail, sentence, memo)
        except _TooManyTails:
            raise
        except RestrictionError:
            if gap[0].strip():
                raise
    return who, []


# A credit line's tails tried per sentence. Each try reads the rest of the line, so without a
# bound a line of many rule-like words ("Must credit no no no …") takes time quadratic in its
# length. Real credit lines need a handful; past the bound the text is refused, never read
# with a rule swallowed into the name.
CREDIT_TAILS = 24


class _TooManyTails(RestrictionError):
    pass


def _read_once(clause: str, sentence: str, memo: dict) -> list:
    """_read_clause(), remembered per sentence. A credit line tries each of its tails, and a
    tail that is itself a credit line tries each of its own: without this, "Must credit must
    credit … x, Narnia out" takes time exponential in its length."""
    if clause not in memo:
        if len(memo) >= CREDIT_TAILS:
            raise _TooManyTails(
                sentence,
                "the credit line has too many words that could start a rule to tell where the "
                "credit ends; end the credit with a full stop and write each rule after it.",
            )
        try:
            memo[clause] = _read_clause(clause, sentence, memo)
        except _TooManyTails:
            raise
        except RestrictionError as error:
            memo[clause] = error
    known = memo[clause]
    if isinstance(known, RestrictionError):
        raise RestrictionError(known.phrase, known.problem)
    return known


def _allow(names: str, sentence: str) -> list:
    places = parse_places(names, sentence)
    if Place("group", "worldwide") in places:
        return []  # "Worldwide only" limits nothing
    return [TerritoryRule(effect="allow", places=places)]


def parse_platforms(names: str) -> tuple[str, ...] | None:
    """("digital", "social") for "online or mobile"; None unless every item is a platform."""
    denied: set[str] = set()
    for item in _list_items(names.strip(" .:")):
        if not item:
            continue
        key = re.sub(r"\s+(?:use|platforms?|access)$", "", normalise(item))
        if key not in PLATFORM_WORDS:
            return None
        denied.update(PLATFORM_WORDS[key])
    return tuple(sorted(denied)) or None


def _list_items(names: str):
    """LIST_SEPARATOR.split(names), one item at a time: a list that fails at its first item
    is not split to the end."""
    start = 0
    for separator in LIST_SEPARATOR.finditer(names):
        yield names[start : separator.start()]
        start = separator.end()
    yield names[start:]


TOKEN = re.compile(r"[,/&+]|[^\s,/&+]+")
# Where the words of an unknown name end, in its tokens joined by spaces: a separator, or
# "and", "or", "nor" as a word of their own.
UNKNOWN_END = re.compile(r" (?:[,/&+]|(?:and|or|nor)(?= |$))", re.IGNORECASE)
CONJUNCTIONS = {"and", "or", "nor", "the"}


WORD = re.compile(r"\w")


@lru_cache(maxsize=8192)
def _token_words(token: str) -> tuple[str, ...]:
    """A token's normalised words; territory words recur in every list, so they are kept."""
    return tuple(words(token))


def _longest_name(tokens: list[str], i: int, registry) -> tuple:
    """(place, end): the longest name in tokens[i:end] (at most 2 * longest_name tokens, ending
    in a word), or (None, i). The key grows a token at a time and stops once no name starts
    with it, so a long list costs a few lookups per token rather than one per possible end."""
    found, end, key_words = None, i, []
    for j in range(i + 1, min(len(tokens), i + 2 * registry.longest_name) + 1):
        key_words += _token_words(tokens[j - 1])
        if not WORD.search(tokens[j - 1]):
            continue
        key = key_of(key_words)
        if key and key not in registry.prefixes:
            break
        place = registry.lookup_key(key)
        if place is not None:
            found, end = place, j
    return found, end


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
        if not WORD.search(token) or token.lower() in CONJUNCTIONS:
            i += 1
            continue
        found, j = _longest_name(tokens, i, registry)
        if found is None and re.fullmatch(r"[A-Z]{2}", token) and token in registry.codes:
            found, j = Place("territory", token), i + 1
        if found is None:
            rest = " ".join(tokens[i:])
            end = UNKNOWN_END.search(rest)
            unknown = rest[: end.start()] if end else rest
            raise RestrictionError(
                sentence, f"“{unknown}” is not a territory, territory group or alias we know."
            )
        places.add(found)
        i = j
    if not places:
        raise RestrictionError(sentence, "it names no territory.")
    return tuple(sorted(places, key=lambda place: (place.name, place.key)))
