"""Phrases about time besides "Embargo until …": a start ("Not for use before …", "HOLD TIL
…"), an end ("No use after …", "Available until …", "Expires …"), a window ("from … to …"), and
windows no check can know ("within 48 hours of transmission"), which withhold the clip.

Instants are read by rights.times (a zone is required). A date without a time that ends a
window ends with its day: "No use after 31 March 2027" allows 31 March.
"""

import dataclasses
from datetime import timedelta

from rights.patterns import phrase
from rights.rule_kinds import EmbargoRule, ExpiryRule, WithheldRule
from rights.times import parse_instant, zone_given

NOT_USE = (
    r"(?:no\s+(?:use|access)|not\s+(?:for\s+use|to\s+be\s+used|available|for\s+broadcast"
    r"|for\s+publication)|do\s+not\s+(?:use|publish|broadcast)|must\s+not\s+be\s+used)"
)
NOT_BEFORE = phrase(NOT_USE + r"\s+(?:before|prior\s+to|until|till|til)\s*:?\s*(?P<when>.+)")
HOLD_UNTIL = phrase(r"(?:hold|held)\s+(?:til|till|until|to)\s*:?\s*(?P<when>.+)")
NO_USE_AFTER = phrase(NOT_USE + r"\s+(?P<how>after|beyond|past|from)\s*:?\s*(?P<when>.+)")
AVAILABLE_UNTIL = phrase(
    r"(?:available|for\s+use|usable|use|access|licen[cs]ed?|rights?)\s+(?:only\s+)?"
    r"(?:until|till|til|through|thru|up\s+to)\s*:?\s*(?P<when>.+)"
)
EXPIRES = phrase(
    r"(?:usage\s+|rights?\s+|licen[cs]e\s+)?(?:expires?|expiry(?:\s+date)?|kill\s+date)"
    r"\s*(?:on|at)?\s*:?\s*(?P<when>.+)"
)
WINDOW = phrase(
    r"(?:(?:available|for\s+use|use|access|licen[cs]ed?)\s+(?:only\s+)?)?(?:from|between)\s+"
    r"(?P<start>.+?)"
    r"\s+(?:to|until|till|through|and)\s+(?P<end>.+)"
)
UNIT = (
    r"(?:\d+|one|two|three|four|five|six|seven|ten|twelve)\s*-?\s*"
    r"(?:hours?|hrs?|h|days?|weeks?|months?)"
)
# Searched, not matched whole: one pass over the sentence whatever its length.
RELATIVE = phrase(
    r"\b(?:within|for|up\s+to|no\s+later\s+than|valid\s+for|after)\s+(?:the\s+)?"
    r"(?:first\s+|next\s+)?" + UNIT + r"\b"
)


FOR_FROM = phrase(
    r"(?:may\s+be\s+used|available|for\s+use|use|licen[cs]ed?)\s+(?:only\s+)?for\s+"
    r"(?P<n>\d{1,3})\s*(?P<unit>hours?|days?|weeks?)\s+from\s+(?P<start>.+)"
)
UNITS = {"hour": timedelta(hours=1), "day": timedelta(days=1), "week": timedelta(weeks=1)}


def read_time(clause: str, sentence: str) -> list | None:
    """The rules of a time phrase, or None when `clause` is not one; a time without a zone is
    read the most restrictive way and marked so (a warning says it)."""
    rules = _read_time(clause, sentence)
    if rules and not zone_given(clause):
        return [dataclasses.replace(rule, guessed_zone=True) for rule in rules]
    return rules


def _read_time(clause: str, sentence: str) -> list | None:
    if m := FOR_FROM.fullmatch(clause):  # a fixed window: "for 7 days from 2027-03-01 …"
        length = UNITS[m["unit"].lower().rstrip("s")] * int(m["n"])
        start = parse_instant(m["start"], sentence, zoneless="start")
        end = parse_instant(m["start"], sentence, zoneless="end") + length
        return [EmbargoRule(until=start), ExpiryRule(until=end)]
    if RELATIVE.search(clause):
        return [WithheldRule(clause=clause)]
    if m := HOLD_UNTIL.fullmatch(clause):
        return [EmbargoRule(until=parse_instant(m["when"], sentence, zoneless="start"))]
    if m := NOT_BEFORE.fullmatch(clause):
        return [EmbargoRule(until=parse_instant(m["when"], sentence, zoneless="start"))]
    if m := NO_USE_AFTER.fullmatch(clause):
        until = parse_instant(
            m["when"], sentence, end_of_day=m["how"].lower() != "from", zoneless="end"
        )
        return [ExpiryRule(until=until)]
    if m := AVAILABLE_UNTIL.fullmatch(clause):
        return [
            ExpiryRule(until=parse_instant(m["when"], sentence, end_of_day=True, zoneless="end"))
        ]
    if m := EXPIRES.fullmatch(clause):
        return [ExpiryRule(until=parse_instant(m["when"], sentence, zoneless="end"))]
    if m := WINDOW.fullmatch(clause):
        return [
            EmbargoRule(until=parse_instant(m["start"], sentence, zoneless="start")),
            ExpiryRule(until=parse_instant(m["end"], sentence, end_of_day=True, zoneless="end")),
        ]
    return None
