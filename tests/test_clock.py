"""The suite's moved clocks (tests/clock.py): each named day is ahead of today and is the day
it says, whatever today is."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.clock import named_days

UTC = datetime.UTC
START = datetime.date(2024, 1, 1)
TODAYS = [START + datetime.timedelta(days=n) for n in range(0, 366 * 8, 3)] + [
    datetime.date(2028, 2, 29),
    datetime.date(2026, 12, 31),
    datetime.date(2027, 3, 28),
]
CHANGES = {
    "eu-spring": "Europe/London",
    "eu-autumn": "Europe/Berlin",
    "us-spring": "America/New_York",
    "us-autumn": "America/New_York",
}


@pytest.mark.parametrize("today", TODAYS, ids=str)
def test_every_named_day_is_ahead_and_is_what_it_says(today):
    days = named_days(today)

    assert all(moment.date() > today for moment in days.values())
    assert days["month-end"].day == 31 and days["month-end"].month in (1, 3, 5, 8, 10)
    assert (days["feb-end"].month, days["feb-end"].day) == (2, 28)
    assert (days["feb-end"] + datetime.timedelta(days=1)).month == 3
    assert (days["leap-day"].month, days["leap-day"].day) == (2, 29)
    assert (days["year-end"].month, days["year-end"].day) == (12, 31)
    for name in ("month-end", "feb-end", "leap-day", "year-end", "far"):
        half_an_hour_later = days[name] + datetime.timedelta(minutes=30)
        assert half_an_hour_later.month != days[name].month, name
    assert (days["far"].year, days["far"].month) != (today.year, today.month)
    assert days["far"].year != today.year
    assert days["year-ahead"].year == today.year + 1
    assert days["year-ahead"].day == (28 if (today.month, today.day) == (2, 29) else today.day)
    for name, zone in CHANGES.items():
        before, after = days[name], days[name] + datetime.timedelta(hours=1)
        local = ZoneInfo(zone)
        assert before.astimezone(local).utcoffset() != after.astimezone(local).utcoffset(), name
