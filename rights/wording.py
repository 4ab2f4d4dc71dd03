"""Ways agencies write a phrase the parser already knows, said its way before it is read:
"STRICTLY", typos, "other than", "all media worldwide in perpetuity except", editorial use
said as news use or no advertising, weekday names and "noon" in times. Each rewrite is one
pass of a fixed pattern over the clause, so reading stays linear; errors still quote the
sentence as written."""

import re


def _sub(pattern: str, replacement: str):
    return re.compile(pattern, re.IGNORECASE), replacement


REWRITES = [
    _sub(r"^strictly\s+", ""),
    _sub(r"^(?:kill|mandatory\s+kill)\s*[:\-–]\s*", ""),
    _sub(r"\b(?:acess|acces|accesss|acccess)\b", "access"),
    _sub(
        r"^(no\s+access|no\s+use|not\s+for\s+use|not\s+available)\s+(?:anywhere\s+)?"
        r"(?:other\s+than|except(?:\s+(?:for|in))?|apart\s+from|but)\s+",
        r"\1 outside ",
    ),
    _sub(r"^(?:excluding|except|excl\.?)\s+", "Worldwide excluding "),
    _sub(r"^cleared\s+for\s+", ""),
    _sub(r"\s+(?:tv\s+)?market$", ""),  # "No access Boston market": the city's market
    _sub(r"^all\s+(?:media|platforms|rights)\s*,?\s*", ""),
    _sub(r",?\s+in\s+perpetuity\b,?", ""),
    _sub(r"\s+(?:or|and|/|&)\s+(?:its|their)\s+(?:overseas\s+)?(?:territories|dependencies)$", ""),
    _sub(
        r"^(?:restricted\s+to\s+editorial\s+use|(?:for\s+)?(?:news|editorial)"
        r"(?:\s+and\s+current\s+affairs)?\s+(?:use\s+|purposes\s+)?only"
        r"|short\s+extracts?\s+for\s+(?:general\s+)?news\s+(?:programmes|programs|reports)\s+only"
        r"|no\s+sales|no\s+advertising\s+campaigns|not\s+for\s+sale"
        r"|non-?commercial\s+use\s+only|not\s+for\s+(?:use\s+in\s+)?advertising"
        r"|no\s+advertising(?:\s+use)?|no\s+commercial\s+(?:or|and|/)\s+promotional\s+use"
        r"|no\s+promotional\s+use|no\s+marketing(?:\s+use)?|not\s+for\s+marketing)$",
        "Editorial use only",
    ),
    _sub(r"^(?:no\s+access|not\s+for\s+use|no\s+use)\s+elsewhere$", "No restrictions"),
    _sub(
        r"^(?:access\s+all|all\s+access|unrestricted\s+access|handout|pool"
        r"|distributed\s+as\s+a\s+service\s+to\s+clients)$",
        "No restrictions",
    ),
    _sub(
        r"^(?:the\s+)?source\s+must\s+be\s+(?:identified|credited|named)$",
        "Must credit the source",
    ),
    _sub(r"^embargo(?:ed)?\s*(?:lifts?|ends?)\s*(?:at|on)?\s*:?", "Embargo until "),
    _sub(r"^embargo(?:ed)?\s*:\s*(?=not\b|no\b|do\b|hold\b)", ""),
    _sub(r"^usage\s+period\s+ends\s*(?:at|on)?\s*:?", "Available until "),
]
TIME_WORDS = [
    _sub(r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b,?", " "),
    _sub(r"\s*a\.m\.", "am"),
    _sub(r"\s*p\.m\.", "pm"),
    _sub(r"\b12:00\s+noon\b|\bnoon\b|\bmidday\b", "12:00"),
    _sub(r"\bET\b", "America/New_York"),
]
MIDNIGHT = re.compile(r"\b(?:12:00\s+)?midnight\b", re.IGNORECASE)
STARTS = re.compile(
    r"(?:embargo|hold|held|not\s+for\s+(?:use|broadcast|publication)\s+(?:before|until)"
    r"|no\s+(?:use|access)\s+(?:before|until))",
    re.IGNORECASE,
)
NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")


def reworded(clause: str) -> str:
    """`clause` in the parser's own words (unchanged when none of these applies)."""
    for pattern, replacement in REWRITES:
        clause = pattern.sub(replacement, clause, count=1)
    if re.search(r"\d", clause):
        for pattern, replacement in TIME_WORDS:
            clause = pattern.sub(replacement, clause)
        # "Midnight" on a date: its end when something waits for it, its start when something
        # stops at it; either way the most restrictive reading.
        waits = STARTS.match(clause) is not None
        clause = MIDNIGHT.sub("24:00" if waits else "00:00", clause)
        clause = NUMERIC_DATE.sub(_iso_date, clause)
    return " ".join(clause.split())


def _iso_date(match: re.Match) -> str:
    """31/12/2027 or 15.06.2027 as an ISO date; day and month must be told apart (one of them
    over 12), or it is left as written, for the reader to refuse."""
    first, second, year = int(match[1]), int(match[2]), match[3]
    if first > 12 >= second:
        return f"{year}-{second:02d}-{first:02d}"
    if second > 12 >= first:
        return f"{year}-{first:02d}-{second:02d}"
    return match[0]
