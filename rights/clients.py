"""Lines about who may use a clip rather than where: named clients ("No access BBC", "Not for use
by CNN", "AP clients only", "EBU members only") and a territory's broadcasters ("Spanish
broadcasters: no access", "No access Canadian broadcasters", "Not for use by US networks").

A check does not know the buyer, so a client rule warns and a purchase decides it against the
buyer's names (RestrictionSet.client_refusal). A territory's broadcasters are read as no
broadcast use there, applied on every platform like any platform section.
"""

import dataclasses
import re

from rights.registry import load, normalise
from rights.rule_kinds import ClientRule

DENIES = (
    r"(?:no\s+access|no\s+use|not\s+for\s+use|not\s+available|not\s+for\s+distribution"
    r"|worldwide\s+excluding|access\s+all\s+except)"
)
BY = re.compile(DENIES + r"\s+(?P<prep>by|to|for)?\s*(?P<names>.+)", re.IGNORECASE)
ONLY = re.compile(
    r"(?:(?P<names>.+?)\s+(?P<kind>clients|members|subscribers)\s+only"
    r"|only\s+for\s+(?P<names2>.+)|no\s+access\s+for\s+non-?(?P<names3>.+?)\s+(?P<kind3>clients|members))",
    re.IGNORECASE,
)
BROADCASTERS = re.compile(
    r"(?:" + DENIES + r"\s+(?:by\s+|to\s+|for\s+)?)?(?P<who>.+?)\s+"
    r"(?:broadcasters?|broadcast|networks?|tv\s+stations|tv\s+channels|channels)"
    r"(?:\s*:\s*(?:no\s+access|no\s+use|not\s+for\s+use))?",
    re.IGNORECASE,
)
# Words that name everybody, not a client: a line saying them is never read as a client rule.
EVERYONE = re.compile(
    r"(?:any|all|every|each|no|other|others|third|the\s+public|anyone|anybody|everyone|nobody)\b",
    re.IGNORECASE,
)
SEPARATOR = re.compile(r"\s*(?:,|/|&|\+|\band\b|\bor\b)\s*", re.IGNORECASE)


def read_client(clause: str, read) -> list | None:
    """The rules of a line about clients, or None when `clause` is not one. `read` reads a
    clause the parser's own way (for a territory's broadcasters)."""
    registry = load()
    if m := BROADCASTERS.fullmatch(clause):
        code = registry.demonyms.get(normalise(m["who"])) or registry.territory(m["who"])
        if code is not None:
            rules = read(f"No access {code}")
            return [dataclasses.replace(rule, section="broadcast") for rule in rules]
    if m := ONLY.fullmatch(clause):
        names = m["names"] or m["names3"]
        kind = (m["kind"] or m["kind3"] or "").lower()
        if names is None:
            return [ClientRule(effect="allow", names=tuple(_names(m["names2"])))]
        label = f" {kind}" if kind else ""
        return [ClientRule(effect="allow", names=tuple(f"{n}{label}" for n in _names(names)))]
    if m := BY.fullmatch(clause):
        names = _names(m["names"])
        by = (m["prep"] or "").lower() == "by"
        if any(EVERYONE.match(name) for name in names):
            return None  # "Not for use by anyone": not a client; left unreadable, so refused
        if names and (by or all(normalise(name) in registry.clients for name in names)):
            return [ClientRule(effect="deny", names=tuple(names))]
    return None


def _names(text: str) -> list[str]:
    return [name.strip(" .:\"'“”") for name in SEPARATOR.split(text) if name.strip(" .:\"'“”")]
