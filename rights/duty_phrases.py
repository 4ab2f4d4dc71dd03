"""Duties agencies add that never block a use but must reach the licence: an on-screen credit
("Must on-screen courtesy X", "Mandatory on-screen credit"), how long it stays ("credit visible
for 5 seconds") and a cap on how much footage is used ("Max 90 secs", "No use more than 2
minutes")."""

from rights.patterns import phrase
from rights.rule_kinds import DutyRule

ON_SCREEN = r"on[\s-]?screen"
NAMED_ON_SCREEN = phrase(
    r"(?:(?:must|mandatory|compulsory)\s+)?(?:show\s+(?:an?\s+)?)?"
    + ON_SCREEN
    + r"\s+(?P<kind>credit|courtesy)(?:\s+(?:to|of))?\s*:?\s*(?P<who>.*)"
)
NAME_THEN_ON_SCREEN = phrase(
    r"(?:must|mandatory)\s+(?P<kind>credit|courtesy)\s*:?\s*(?P<who>.+?)\s+" + ON_SCREEN
)
VISIBLE_FOR = phrase(
    r"(?:keep\s+)?(?:the\s+)?(?:credit|courtesy)\s+(?:must\s+be\s+|to\s+be\s+|should\s+be\s+)?"
    r"(?:visible|shown|kept\s+on\s+screen|on\s+screen)\s+for\s+(?:at\s+least\s+|a\s+minimum\s+of\s+)?"
    r"(?P<n>\d{1,3})\s*(?:seconds?|secs?|s)"
)
LENGTH_CAP = phrase(
    r"(?:max(?:imum)?\.?|no\s+use\s+(?:of\s+)?more\s+than|not\s+more\s+than|no\s+more\s+than"
    r"|use\s+(?:up\s+to|at\s+most)|at\s+most|limited\s+to)\s*:?\s*"
    r"(?:(?:use|clip\s+length|length|duration|usage)\s*:?\s*(?:of\s+)?)?"
    r"(?P<n>\d{1,4})\s*(?P<unit>seconds?|secs?|s|minutes?|mins?|m)"
    r"(?:\s+(?:of\s+)?(?:footage|use|material|video|clip))?(?:\s+(?:may\s+be\s+)?used)?"
)


CREDIT_MUST_READ = phrase(r"(?:the\s+)?credit\s+(?:must|should|to)\s+read\s*:?\s*(?P<who>.+)")
KEEP_LOGO = phrase(
    r"(?:do\s+not|don'?t|must\s+not)\s+(?:obscure|remove|crop|cover)\s+(?:the\s+)?"
    r"(?:logo|watermark|bug|branding)|keep\s+the\s+logo\s+visible"
)
ARCHIVE_LIMIT = phrase(
    r"no\s+archiv(?:e|ing)\s+(?:after|beyond|for\s+more\s+than)\s+(?P<n>\d{1,3})\s*"
    r"(?P<unit>days?|weeks?|months?)"
)


def read_duty(clause: str) -> list | None:
    """The duty a clause names, or None when it is not one of these."""
    if m := CREDIT_MUST_READ.fullmatch(clause):
        return [DutyRule(kind="credit", subject=m["who"].strip(" '\"‘’“”"))]
    if KEEP_LOGO.fullmatch(clause):
        return [DutyRule(kind="keep_logo")]
    if m := ARCHIVE_LIMIT.fullmatch(clause):
        unit = m["unit"].lower().rstrip("s")
        count = int(m["n"])
        return [
            DutyRule(kind="archive_limit", subject=f"{count} {unit}{'' if count == 1 else 's'}")
        ]
    if m := (NAMED_ON_SCREEN.fullmatch(clause) or NAME_THEN_ON_SCREEN.fullmatch(clause)):
        who = m["who"].strip(" :.")
        return [DutyRule(kind=f"on_screen_{m['kind'].lower()}", subject=who)]
    if m := VISIBLE_FOR.fullmatch(clause):
        return [DutyRule(kind="credit_visible", subject=seconds_text(int(m["n"])))]
    if m := LENGTH_CAP.fullmatch(clause):
        minutes = m["unit"].lower().startswith("m")
        return [
            DutyRule(kind="max_length", subject=seconds_text(int(m["n"]) * (60 if minutes else 1)))
        ]
    return None


def seconds_text(count: int) -> str:
    """How a length cap's or a credit's duration is written: "90 seconds", "1 second"."""
    return f"{count} second{'' if count == 1 else 's'}"
