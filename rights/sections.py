"""What narrows a rule to something a check cannot tell apart, so that the rule is applied to the
whole clip on every platform, with a warning (the clip is sold whole): a part of the footage
("Part 2 (00:45-01:30): No access Canada", "Pt 2 from 01:10:", "Shots 5-7:"), one platform
("Broadcast: No use USA", "TV:", "ONLINE:", "No TV use in X", "No social media use in X"), and
rules run together with commas ("No use USA, no archive").

Each is tried only once the sentence as written cannot be read, with `read` the parser's own
reading of a clause, so "PT, ES out" stays about Portugal.
"""

import dataclasses
import re

from rights.clients import read_client
from rights.errors import RestrictionError

PART = re.compile(
    r"""^(?:
        (?:parts?|pt)\b\.?(?:\s*\d{1,2}(?:\s*[-–]\s*\d{1,2})?)?(?:\s*\([^)]{0,40}\))?
        (?:\s+from\s+[\d:.]{1,12})?\s*[:\-–]?
      | partial(?:ly)?\b
      | shots?\s+\d[\d\s,&\-–]{0,30}(?:and\s+\d{1,3})?(?:\s*\([^)]{0,40}\))?\s*[:\-–]
      | (?:from\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:-|–|to)\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*[:\-–]
    )\s*(?P<rest>.+)$""",
    re.IGNORECASE | re.VERBOSE,
)
SECTIONS = {
    **dict.fromkeys(("broadcast", "tv", "television", "radio"), "broadcast"),
    **dict.fromkeys(("digital", "online", "web", "internet", "mobile"), "digital"),
    **dict.fromkeys(("social", "social media"), "social"),
}
SECTION_WORDS = (
    r"(?P<section>broadcast|tv|television|radio|digital|online|web|internet|mobile"
    r"|social(?:\s+media)?)"
)
SECTION = re.compile(
    r"^" + SECTION_WORDS + r"(?:\s+(?:use|rights|clients|platforms?))?\s*[:\-–]\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
PLATFORM_IN = re.compile(
    r"^(?:no|not\s+for)\s+"
    + SECTION_WORDS
    + r"(?:\s+(?:use|access|rights|distribution))?\s+(?:in|for|to)\s+(?P<list>.+)$",
    re.IGNORECASE,
)
BREAK = re.compile(r",|\s[-–]\s|\s*/\s*")  # commas, slashes, dashes with spaces round them
MOST_PIECES = 8  # commas tried as rule breaks, at most: each try reads a run of pieces


def read_narrowed(clause: str, sentence: str, read, ways=("client", "part", "section", "commas")):
    """The rules of `clause` read through one of these, or None when none applies. Each way is
    taken once at most ("Part 2: Broadcast: …" reads; "Part: Part: …" does not), so reading
    stays linear in the sentence."""
    if "client" in ways and (rules := read_client(clause, read)) is not None:
        return rules
    if "part" in ways and (m := PART.fullmatch(clause)):
        rules = _read_rest(m["rest"], sentence, read, ("client", "section", "commas"))
        return [_mark(rule, part=True) for rule in rules]
    if "section" in ways and (m := SECTION.fullmatch(clause)):
        section = SECTIONS[" ".join(m["section"].lower().split())]
        rules = _read_rest(m["rest"], sentence, read, ("client", "commas"))
        return [_mark(rule, section=section) for rule in rules]
    if "section" in ways and (m := PLATFORM_IN.fullmatch(clause)):
        section = SECTIONS[" ".join(m["section"].lower().split())]
        return [_mark(rule, section=section) for rule in read(f"No access {m['list']}")]
    return _by_commas(clause, read) if "commas" in ways else None


def _read_rest(clause: str, sentence: str, read, ways) -> list:
    clause = clause.strip(" :-")
    try:
        return read(clause)
    except RestrictionError:
        rules = read_narrowed(clause, sentence, read, ways)
        if rules is None:
            raise
        return rules


def _mark(rule, **flags):
    return dataclasses.replace(rule, **{k: v or getattr(rule, k) for k, v in flags.items()})


def _by_commas(clause: str, read) -> list | None:
    """Rules run together with commas: from each piece, the longest run of pieces that reads.
    None unless every piece is read so ("No access France, Germany" never gets here: it reads
    whole)."""
    pieces = [piece.strip() for piece in BREAK.split(clause)]
    if not 1 < len(pieces) <= MOST_PIECES or not all(pieces):
        return None
    rules, i = [], 0
    while i < len(pieces):
        for j in range(len(pieces), i, -1):
            try:
                rules.extend(read(", ".join(pieces[i:j])))
            except RestrictionError:
                continue
            i = j
            break
        else:
            return None
    return rules
