"""Dates, times and time zones in restriction text ("Embargo until 25 December 2026 09:00 GMT").

A zone is required: an embargo without one would lift at a different moment for every reader.
"""

import re
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rights.errors import RestrictionError

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


# A time without a zone happens first at UTC+14 and last at UTC-12: a start is read at the
# last of these, an end at the first, so the line never allows a moment it may refuse.
ZONELESS = {"start": timezone(timedelta(hours=-12)), "end": timezone(timedelta(hours=14))}
LOCAL_TIME = re.compile(r"\blocal(?:\s+time)?\b", re.IGNORECASE)


def parse_instant(
    when: str, sentence: str, *, end_of_day: bool = False, zoneless: str | None = None
) -> datetime:
    """ "2026-12-01 00:00 UTC", "2026-12-01T00:00:00Z", "25 December 2026 09:00 GMT",
    "December 25, 2026 9am EST", "09:00 GMT on 25 Dec 2026", "2026-12-01 10:00 Europe/Paris".
    A time zone is required: an embargo without one would lift at a different moment for
    every reader. A date without a time means midnight: its start, or with `end_of_day` its
    end ("no use after 31 March" allows 31 March). With `zoneless` ("start" or "end") a time
    without a zone (or in "local time") is read the most restrictive way (ZONELESS) instead of
    refused."""

    def fail(problem):
        raise RestrictionError(sentence, problem)

    rest = _without_fillers(when)
    if zoneless is not None:
        rest = LOCAL_TIME.sub(" ", rest)
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
        day_end = hour == 24 and minute == second == 0  # "24:00": the end of that day
        local = datetime(
            int(date_match["y"]), month, int(date_match["d"]), hour % 24, minute, second
        )
        if day_end or (end_of_day and not rest):
            local += timedelta(days=1)
    except (ValueError, OverflowError) as error:
        fail(f"the embargo date is not a real date or time ({error}).")
    if zone is None and zoneless is not None:
        zone = ZONELESS[zoneless]
    if zone is None:
        fail("the embargo has no time zone; add one, as in “09:00 GMT” or “09:00 Europe/London”.")
    early, late = local.replace(tzinfo=zone, fold=0), local.replace(tzinfo=zone, fold=1)
    if early.utcoffset() != late.utcoffset():
        fail(
            f"{local:%Y-%m-%d %H:%M} does not exist or happens twice in that time zone (a clock "
            "change); give the time in UTC or with an offset such as +01:00."
        )
    try:
        return early.astimezone(UTC)
    except OverflowError:  # 9999-12-31 23:59 at UTC-14 is past the last datetime
        fail(f"{local:%Y-%m-%d %H:%M} in that time zone is outside the dates we can store.")


def _take_zone(text: str, fail):
    if m := ZONE_NAME.search(text):
        try:
            return ZoneInfo(m[0]), text[: m.start()] + text[m.end() :]
        except (ZoneInfoNotFoundError, ValueError, OSError):
            # OSError: "America/Argentina" is a directory of zones, not a zone.
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


def _without_fillers(when: str) -> str:
    """`when` with its commas and the words "on", "at", "the" blanked: what the zone and date
    patterns read."""
    return re.sub(r"[,]|\b(?:on|at|the)\b", " ", when)


def zone_given(when: str) -> bool:
    """Whether `when` names a time zone (an offset, an abbreviation or an IANA name)."""
    try:
        zone, _ = _take_zone(_without_fillers(when), _ignore)
    except RestrictionError:
        return True  # it names one we cannot read: parse_instant says so
    return zone is not None


def _ignore(problem):
    raise RestrictionError("", problem)
