"""Text written to hurt: every input is read or refused with a RestrictionError naming the phrase,
quickly. The time bounds are generous guards against super-linear matching, not benchmarks."""

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rights import RestrictionError, compile_restrictions

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
