import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.durations import format_duration, parse_duration


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (1, "00:01"),
        (59, "00:59"),
        (60, "01:00"),
        (111, "01:51"),
        (3599, "59:59"),
        (3600, "1:00:00"),
        (3735, "1:02:15"),
        (36000, "10:00:00"),
    ],
)
def test_format_duration_uses_mm_ss_and_hours_past_an_hour(seconds, shown):
    assert format_duration(seconds) == shown


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("01:51", 111), ("1:51", 111), ("1:02:15", 3735), ("111", 111), (" 00:12 ", 12)],
)
def test_parse_duration_reads_clock_and_plain_seconds(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "1:60", "abc", "1:2:3:4", "-5", "01:5"])
def test_parse_duration_refuses_what_is_not_a_duration(text):
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(text)


@given(st.integers(min_value=0, max_value=100 * 3600))
def test_format_then_parse_round_trips(seconds):
    assert parse_duration(format_duration(seconds)) == seconds
