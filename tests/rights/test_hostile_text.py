"""Text written to hurt: every input is read or refused with a RestrictionError naming the phrase,
quickly. The time bounds are generous guards against super-linear matching, not benchmarks."""

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rights import RestrictionError, compile_restrictions
from rights.parser import _compile

QUICK = 0.2  # seconds; each of these takes about a millisecond


def timed(read, text):
    """(seconds, RestrictionSet or RestrictionError) for read(text)."""
    started = time.perf_counter()
    try:
        result = read(text)
    except RestrictionError as error:
        result = error
    return time.perf_counter() - started, result


def test_text_over_a_thousand_characters_is_refused():
    text = "No access France. " + "Must credit Reuters. " * 50
    with pytest.raises(RestrictionError) as caught:
        compile_restrictions(text)
    assert caught.value.problem == (
        f"Restrictions may be at most 1,000 characters; this text has {len(text):,}."
    )
    assert str(caught.value).startswith("Cannot read “No access France. Must credit Reuters. M…”")


def test_a_thousand_characters_are_still_read():
    text = "Must credit " + "x" * 988
    assert len(text) == 1000
    assert compile_restrictions(text).duties == ("Must credit " + "x" * 988,)


def test_the_reviewed_line_is_refused_at_once():
    seconds, result = timed(compile_restrictions, "No access" + " " * 20_000 + "x")
    assert isinstance(result, RestrictionError)
    assert seconds < QUICK


@pytest.mark.parametrize("spaces", [" ", "\t", "\u00a0", " \t"])
def test_long_runs_of_white_space_are_read_in_linear_time_even_past_the_limit(spaces):
    # _compile has no length limit: this is the matching itself staying linear.
    for text in [
        "No access" + spaces * 10_000 + "x",
        "Worldwide" + spaces * 10_000 + "x",
        "No access France" + spaces * 10_000 + "onlyx",
        "x" + spaces * 10_000 + "y",
    ]:
        seconds, result = timed(_compile, text)
        assert isinstance(result, RestrictionError)
        assert seconds < QUICK, text[:20]


NEAR_LIMIT = {
    "spaces": "No access" + " " * 900 + "x",
    "spaces before only": "No access France" + " " * 900 + "only",
    "commas": "No access France" + "," * 980 + "x",
    "commas and spaces": "No access France" + ", " * 490 + "x",
    "and and and": "No access " + "and " * 245 + "x",
    "or or or": "No access France " + "or " * 320 + "x",
    "digits": "Embargo until " + "1" * 980,
    "digits and spaces": "Embargo until " + "1 " * 490,
    "colons": "Embargo until " + ":" * 980,
    "digits and colons": "Embargo until " + "1:" * 490,
    "offsets": "Embargo until 2026-12-01 10:00" + " +1" * 320,
    "clocks": "Embargo until 2026-12-01 " + "10:00 " * 160 + "UTC",
    "zone-like words": "Embargo until " + "Europe/Paris " * 75,
    "month names": "Embargo until " + "1 Jan " * 160,
    "full stops": "No access " + "a. " * 330,
    "part prefixes": "Part: " * 165 + "x",
    "words before only": "x " * 495 + "only",
    "words before out": "x " * 495 + "out",
    "territories before out": "France " * 140 + "x out",
    "credit of rule words": "Must credit " + "no " * 329,
    "credit ending in out": "Must credit " + "a " * 490 + "out",
    "credit of territories": "Must credit " + "France " * 140 + "x out",
    "credits in credits": "Must credit " + "must credit " * 82,
    "dashes in a credit": "Must credit a" + " - " * 328 + "x",
    "long name prefixes": "No access " + "United " * 141,
}


@pytest.mark.parametrize("text", NEAR_LIMIT.values(), ids=NEAR_LIMIT.keys())
def test_pathological_text_near_the_limit_is_settled_quickly(text):
    assert len(text) <= 1000
    compile_restrictions.cache_clear()
    seconds, _ = timed(compile_restrictions, text)
    assert seconds < QUICK


def test_a_credit_inside_a_credit_is_not_tried_exponentially():
    # Each "must credit" tail was read again by every shorter one: 2x per repetition.
    text = "Must credit " + "must credit " * 40 + "x, Narnia out"
    seconds, result = timed(compile_restrictions, text)
    assert isinstance(result, RestrictionError)
    assert seconds < QUICK


def test_a_credit_with_too_many_rule_like_words_is_refused_not_swallowed():
    with pytest.raises(RestrictionError, match="too many words that could start a rule"):
        compile_restrictions("Must credit " + "no " * 40 + "UK")
    # A few are fine, and a rule after them is still found.
    rules = compile_restrictions("Must credit Not Just Pictures Sky News for broadcast use only")
    assert rules.text() == "Broadcast only. Must credit Not Just Pictures Sky News"


@pytest.mark.parametrize(
    "text",
    [
        "Embargo until 2026-12-01 10:00 America/Argentina",  # a directory of zones
        "Embargo until 2026-12-01 10:00 America/__pycache__",
        "Embargo until 9999-12-31 23:59 UTC-14",  # past the last representable instant
        "Embargo until 31 Dec 9999 23:59 GMT -13:59",
        "Embargo until 0001-01-01 00:00 UTC+14",  # before the first
    ],
)
def test_zones_and_instants_that_cannot_be_read_are_restriction_errors(text):
    with pytest.raises(RestrictionError) as caught:
        compile_restrictions(text)
    assert caught.value.phrase == text


ZONE_WORDS = [
    *("9999-12-31", "0001-01-01", "2026-12-01", "31 Dec 9999", "Jan 1 0001", "23:59", "24:00"),
    *("00:00", "12:00:00.5", "9am", "2359", "UTC", "GMT", "Z", "EST", "UTC-14", "UTC+14", "-14"),
    *("+14:00", "-13:59", "America/Argentina", "America/Argentina/Buenos_Aires", "Etc/GMT"),
    *("Europe/London", "Mars/Olympus", "America/__pycache__", "Etc/__init__", "on", "at", "T"),
    *("٩٩٩٩-١٢-٣١", "Europe/Paris/Extra", "US/Pacific"),
]
after_embargo = st.one_of(
    st.text(max_size=60),
    st.lists(st.one_of(st.sampled_from(ZONE_WORDS), st.text(max_size=4)), max_size=6).map(" ".join),
)


@settings(max_examples=400, deadline=None)
@given(after_embargo)
def test_anything_after_embargo_until_is_read_or_a_restriction_error(when):
    text = "Embargo until " + when
    try:
        compile_restrictions(text)
    except RestrictionError as error:
        assert error.phrase
