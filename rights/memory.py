"""What RestrictionSet.check() remembers, and how much of it a process may keep.

Each set remembers its decisions (see RestrictionSet.check). A set holds at most ~3,000 of
them (every territory, use and platform), but the compile cache holds 4,096 sets, so an audit
of every territory over a large catalogue could otherwise keep gigabytes. The count is
process-wide: past REMEMBER_AT_MOST, decisions are worked out and not kept, until sets that
kept some are collected (evicted from the compile cache) and give their count back.
"""

import weakref
from datetime import datetime

REMEMBER_AT_MOST = 200_000  # decisions; a few hundred bytes each
_remembered = [0]  # across every set alive; approximate under threads, which is enough


def has_room() -> bool:
    return _remembered[0] < REMEMBER_AT_MOST


def count_one(owner) -> None:
    """`owner` (a RestrictionSet) keeps one more decision; its count is given back when it is
    collected."""
    tally = owner.__dict__.get("_tally")
    if tally is None:
        tally = [0]
        object.__setattr__(owner, "_tally", tally)
        weakref.finalize(owner, _give_back, tally)
    tally[0] += 1
    _remembered[0] += 1


def remembered() -> int:
    return _remembered[0]


def _give_back(tally: list) -> None:
    _remembered[0] -= tally[0]


class Timeline:
    """Instants (sorted) at which a code's decisions can change; they cut time into intervals,
    numbered 0 (before the first) to len(instants) (after the last), as bisect_right counts.
    `stamps` are the same instants as POSIX seconds, to place time.time() quickly."""

    __slots__ = ("instants", "stamps")

    def __init__(self, instants: tuple[datetime, ...]):
        self.instants = instants
        self.stamps = tuple(instant.timestamp() for instant in instants)
