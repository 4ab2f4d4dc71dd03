"""Time as agencies write it (rights.time_phrases): a start, an end, a window, and windows no
check can know, which withhold the clip rather than allow it."""

from datetime import UTC, datetime, timedelta

import pytest

from rights import compile_restrictions


def at(*parts):
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "last_allowed", "first_refused"),
    [
        ("No use after 31 March 2027 GMT", at(2027, 3, 31, 23, 59), at(2027, 4, 1)),
        ("Not for use after 2027-03-31 17:00 UTC", at(2027, 3, 31, 16, 59), at(2027, 3, 31, 17)),
        ("Available until 31 March 2027 GMT", at(2027, 3, 31, 23, 59), at(2027, 4, 1)),
        ("Expires 2027-05-01 12:00 UTC", at(2027, 5, 1, 11, 59), at(2027, 5, 1, 12)),
        ("Do not use beyond 1 May 2027 00:00 CET", at(2027, 4, 30, 22, 59), at(2027, 4, 30, 23)),
    ],
)
def test_an_end_refuses_from_its_instant_on(text, last_allowed, first_refused):
    rules = compile_restrictions(text)
    assert rules.check("GB", at=last_allowed).allowed
    decision = rules.check("GB", at=first_refused)
    assert not decision.allowed
    assert decision.reasons[0].startswith("No use from ")
    assert compile_restrictions(rules.text()) == rules  # the canonical sentence reads back


@pytest.mark.parametrize(
    ("text", "lifts"),
    [
        ("HOLD TIL 0500 GMT 12 Dec 2026", at(2026, 12, 12, 5)),
        ("Not for use before 1 January 2027 00:00 UTC", at(2027, 1, 1)),
        ("No access until 2027-01-01 09:00 Europe/London", at(2027, 1, 1, 9)),
    ],
)
def test_a_start_is_an_embargo(text, lifts):
    rules = compile_restrictions(text)
    assert rules.embargo_until == lifts
    assert not rules.check("GB", at=lifts - timedelta(minutes=1)).allowed
    assert rules.check("GB", at=lifts).allowed


def test_a_window_has_a_start_and_an_end_that_includes_its_last_day():
    rules = compile_restrictions("Available from 2027-01-01 UTC to 2027-01-31 UTC")
    assert not rules.check("GB", at=at(2026, 12, 31, 23, 59)).allowed
    assert rules.check("GB", at=at(2027, 1, 31, 23, 59)).allowed
    assert not rules.check("GB", at=at(2027, 2, 1)).allowed


@pytest.mark.parametrize(
    "text",
    [
        "Only for use within 48 hours of transmission",
        "For 24 hours after first broadcast",
        "Valid for 7 days from publication",
        "Use within two days of the event",
    ],
)
def test_a_window_no_check_can_know_withholds_at_every_instant(text):
    rules = compile_restrictions(text)
    for moment in (at(2020, 1, 1), at(2027, 6, 1), None):
        decision = rules.check("GB", at=moment)
        assert not decision.allowed
        assert "a check cannot know when that is" in decision.reasons[0]
    assert compile_restrictions(rules.text()) == rules


def test_a_time_without_a_zone_is_read_the_most_restrictive_way_and_said():
    start = compile_restrictions("Embargo until 2026-12-01 09:00")
    assert start.embargo_until == at(2026, 12, 1, 21)  # 09:00 where it comes last, UTC-12
    assert "gave no time zone" in start.warnings[0]
    end = compile_restrictions("No use after 31 March 2027")
    assert end.expires_at == at(2027, 3, 31, 10)  # the end of 31 March where it comes first
    assert not end.check("GB", at=at(2027, 3, 31, 10)).allowed
    local = compile_restrictions("Embargo until 12:00 local time 1 July 2027")
    assert local.embargo_until == at(2027, 7, 2)
    # Naming the zone says exactly when.
    assert compile_restrictions("Embargo until 2026-12-01 09:00 CET").warnings == ()
