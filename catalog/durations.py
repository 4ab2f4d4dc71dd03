"""Clip durations: whole seconds in the database, `MM:SS` (or `H:MM:SS` past an hour) on screen."""

import re

# ASCII digits only: str.isdigit() accepts "²", which int() then refuses; at most 9 digits,
# which a PositiveIntegerField holds on every database.
_SECONDS = re.compile(r"[0-9]{1,9}")
_CLOCK = re.compile(r"(?:([0-9]{1,5}):)?([0-5]?[0-9]):([0-5][0-9])")


def format_duration(seconds: int | None) -> str:
    """111 -> "01:51"; 3735 -> "1:02:15"."""
    if seconds is None:
        return ""
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


def parse_duration(text: str) -> int:
    """Read "01:51", "1:02:15" or a plain number of seconds; raise ValueError otherwise."""
    value = text.strip()
    if _SECONDS.fullmatch(value):
        return int(value)
    match = _CLOCK.fullmatch(value)
    if not match:
        raise ValueError(
            f"{text!r} is not a duration; write MM:SS, H:MM:SS or a number of seconds."
        )
    hours, minutes, secs = (int(part) if part else 0 for part in match.groups())
    return hours * 3600 + minutes * 60 + secs
