"""The suite's clock: `pytest --clock=WHEN` runs every test at a moved time.

WHEN is an ISO 8601 instant (`2028-02-29T23:30:00+00:00`) or the name of one of the days where
date code breaks (`pytest --clock=list` prints them). Each named day is the next one after the
real today, so it stays ahead of us. Every test starts at that instant and the clock ticks on
from there, so timeouts, throttles and `time.monotonic` keep working; a clock a test or fixture
sets itself (time-machine's marker or `time_machine` fixture, at any scope) travels on from it.
Collection and session fixtures run at the moved time too.

CI runs the suite once more at `far`, another month of another year; `make test-clocks` runs
the whole suite at every named day (see docs/testing.md).
"""

import calendar
import datetime

import pytest
import time_machine

UTC = datetime.UTC


def _next(today, make):
    """The first day `make(year)` gives that is after today (None where a year has none)."""
    for year in range(today.year, today.year + 9):
        moment = make(year)
        if moment is not None and moment.date() > today:
            return moment
    raise AssertionError("no such day in the next eight years")


def _at(day, hour, minute):
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def _sunday(year, month, index):
    """A month's Sunday by its index: 0 the first, 1 the second, -1 the last."""
    sundays = [
        week[calendar.SUNDAY]
        for week in calendar.monthcalendar(year, month)
        if week[calendar.SUNDAY]
    ]
    return datetime.date(year, month, sundays[index])


def _month_end(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def named_days(today):
    """The days where date code breaks, each the next one after `today`, at the hour where it
    bites: half an hour before midnight UTC on the last day of a month (so the next 30 minutes
    are another day, month or year), half an hour before the clocks change in Europe (01:00
    UTC) and in the US (2am local in New York)."""
    leap_today = (today.month, today.day) == (2, 29)
    in_a_year = today.replace(year=today.year + 1, day=28 if leap_today else today.day)
    return {
        # A 31st before a shorter month: "the same day next month" does not exist.
        "month-end": min(
            _next(today, lambda y, m=m: _at(datetime.date(y, m, 31), 23, 30))
            for m in (1, 3, 5, 8, 10)
        ),
        "feb-end": _next(
            today,
            lambda y: None if calendar.isleap(y) else _at(datetime.date(y, 2, 28), 23, 30),
        ),
        "year-end": _next(today, lambda y: _at(datetime.date(y, 12, 31), 23, 30)),
        "leap-day": _next(
            today,
            lambda y: _at(datetime.date(y, 2, 29), 23, 30) if calendar.isleap(y) else None,
        ),
        "eu-spring": _next(today, lambda y: _at(_sunday(y, 3, -1), 0, 30)),
        "eu-autumn": _next(today, lambda y: _at(_sunday(y, 10, -1), 0, 30)),
        "us-spring": _next(today, lambda y: _at(_sunday(y, 3, 1), 6, 30)),
        "us-autumn": _next(today, lambda y: _at(_sunday(y, 11, 0), 5, 30)),
        "year-ahead": _at(in_a_year, 12, 0),
        # Another month of another year, at a month's last half hour.
        "far": _at(_month_end(today + datetime.timedelta(days=400)), 23, 30),
    }


def destination(value, today):
    days = named_days(today)
    if value in days:
        return days[value]
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise pytest.UsageError(
            f"--clock={value}: give an ISO 8601 instant or one of {', '.join(days)}"
        ) from None
    if moment.tzinfo is None:
        raise pytest.UsageError(f"--clock={value}: give a time zone, as in {value}+00:00")
    return moment


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        metavar="WHEN",
        help="run every test at this moment: an ISO 8601 instant, or a named day "
        "(month-end, feb-end, year-end, leap-day, eu-spring, eu-autumn, us-spring, us-autumn, "
        "year-ahead, far); 'list' prints them",
    )


def pytest_configure(config):
    value = config.getoption("--clock")
    if not value:
        return
    today = datetime.datetime.now(UTC).date()
    if value == "list":
        for name, moment in named_days(today).items():
            print(f"{name:11} {moment.isoformat()}")
        pytest.exit("", returncode=0)
    moment = destination(value, today)
    config.stash[_moment] = moment
    travel = time_machine.travel(moment, tick=True)
    config.stash[_traveller] = travel.start()
    config.add_cleanup(travel.stop)


_moment = pytest.StashKey[datetime.datetime]()
_traveller = pytest.StashKey[time_machine.Traveller]()


def pytest_report_header(config):
    if _moment in config.stash:
        return f"clock: every test starts at {config.stash[_moment].isoformat()}"
    return None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """The moved clock is the first fixture of every test, so a test's own clock (the
    `time_machine` marker puts its fixture first too) is set after it and wins."""
    if _moment not in config.stash:
        return
    for item in items:
        if hasattr(item, "fixturenames"):
            item.fixturenames.insert(0, "moved_clock")


@pytest.fixture
def moved_clock(request):
    """Each test starts at the moved instant, not where the previous test left the clock. The
    suite's traveller is moved back, not stacked on: a clock a wider fixture set stays above."""
    request.config.stash[_traveller].move_to(request.config.stash[_moment])
    return request.config.stash[_moment]
