"""The parser's work grows linearly with its input, counted in steps rather than timed: the
characters handed to phrase matching (_read_clause) and to place lookups (parse_places), and
the names looked up (_longest_name). Four times the text may cost at most about four times the
steps; a quadratic parser costs sixteen. Deterministic, so no CI machine is too slow for it.
_compile() has no length limit, so sizes past LONGEST_TEXT test the matching itself."""

from collections import Counter
from contextlib import suppress

import pytest

import rights.parser as parser
from rights import RestrictionError

COUNTED = ("_read_clause", "parse_places", "parse_platforms", "_longest_name")

# Text families that once cost super-linear time, as a function of a repeat count.
FAMILIES = {
    "spaces": lambda n: "No access" + " " * n + "x",
    "commas": lambda n: "No access France" + "," * n + "x",
    "and and and": lambda n: "No access " + "and " * n + "x",
    "digits and spaces": lambda n: "Embargo until " + "1 " * n,
    "full stops": lambda n: "No access " + "a. " * n,
    "part prefixes": lambda n: "Part: " * n + "x",
    "words before only": lambda n: "x " * n + "only",
    "territories before out": lambda n: "France " * n + "x out",
    "credit of rule words": lambda n: "Must credit " + "no " * n,
    "credit ending in out": lambda n: "Must credit " + "a " * n + "out",
    "credit of territories": lambda n: "Must credit " + "France " * n + "x out",
    "credits in credits": lambda n: "Must credit " + "must credit " * n,
    "long name prefixes": lambda n: "No access " + "United " * n,
    "list of territories": lambda n: "No access " + "France, " * n + "Narnia",
}


def steps(monkeypatch, text: str) -> int:
    """Characters passed to the counted functions (calls, for _longest_name) for one text."""
    counter = Counter()
    for name in COUNTED:
        original = getattr(parser, name)

        def counting(*args, _original=original, _name=name, **kwargs):
            first = args[0]
            counter[_name] += 1 if _name == "_longest_name" else len(first)
            return _original(*args, **kwargs)

        monkeypatch.setattr(parser, name, counting)
    with suppress(RestrictionError):
        parser._compile(text)
    monkeypatch.undo()
    return sum(counter.values())


@pytest.mark.parametrize("family", FAMILIES.values(), ids=FAMILIES.keys())
def test_four_times_the_text_costs_at_most_about_four_times_the_steps(monkeypatch, family):
    small, large = steps(monkeypatch, family(250)), steps(monkeypatch, family(1000))
    assert large <= 4.5 * max(small, 1), (small, large)
