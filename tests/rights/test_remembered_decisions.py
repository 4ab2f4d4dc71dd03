"""check() remembers decisions per territory and interval of time; it must always say exactly
what working the decision out from the rules (_check_uncached) says."""

import copy
import gc
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from rights import RestrictionError, compile_restrictions, memory
from rights.registry import load

CODES = sorted(load().codes)
BREXIT = datetime(2020, 1, 31, 23, 0, tzinfo=UTC)  # GB leaves the EU
CROATIA = datetime(2013, 7, 1, tzinfo=UTC)  # HR joins
EMBARGOES = [
    datetime(2026, 12, 1, 9, 0, tzinfo=UTC),
    datetime(2020, 1, 31, 23, 0, tzinfo=UTC),  # the same instant as GB leaving
    datetime(2013, 6, 30, 22, 0, tzinfo=UTC),
    datetime(2031, 5, 4, 12, 30, 15, tzinfo=UTC),
]
ONE = timedelta(microseconds=1)
EDGES = [edge + step for edge in [BREXIT, CROATIA, *EMBARGOES] for step in (-ONE, 0 * ONE, ONE)]

NAMES = [
    *("EU", "Europe", "UK", "France", "Croatia", "Greater China", "Chinese mainland", "USA"),
    *("Asia", "Nordics", "GCC", "Japan", "Worldwide", "Middle East"),
]
PHRASES = [
    "No access {}",
    "{} out",
    "Access {} only",
    "Worldwide excluding {}",
    "No access outside {}",
    "Part: No access {}",
    "Editorial use only",
    "Broadcast only",
    "Online only",
    "No social media",
    "Hold for release",
    "Must credit Reuters",
    "Pt no archive",
    "No resale",
    *(f"Embargo until {moment:%Y-%m-%d %H:%M:%S} UTC" for moment in EMBARGOES),
    # Time-dependent rules beside use and platform rules, so decisions kept per interval are
    # also kept per use and platform.
    "Editorial use only. Embargo until 2026-12-01 09:00 UTC",
    "No social media. No access EU",
    "Broadcast only. Access EU only",
]
TERRITORIES = [*CODES, None, "", "gb", "UK", "China", "GBR", "Narnia", "XX", " GB"]
ZONES = [UTC, timezone(timedelta(hours=-5)), timezone(timedelta(hours=13))]
ZONES.append(ZoneInfo("Europe/London"))

texts = st.lists(
    st.tuples(st.sampled_from(PHRASES), st.lists(st.sampled_from(NAMES), min_size=1, max_size=3)),
    min_size=1,
    max_size=4,
).map(lambda parts: ". ".join(phrase.format(", ".join(names)) for phrase, names in parts))

instants = st.one_of(
    st.none(),
    st.sampled_from(EDGES),
    st.sampled_from(EDGES).map(lambda moment: moment.replace(tzinfo=None)),  # naive: UTC
    st.sampled_from(EDGES).map(lambda moment: moment.isoformat()),
    st.builds(
        lambda moment, zone: moment.astimezone(zone),
        st.sampled_from(EDGES),
        st.sampled_from(ZONES),
    ),
    st.datetimes(
        min_value=datetime(1950, 1, 1),
        max_value=datetime(2100, 1, 1),
        timezones=st.sampled_from(ZONES),
    ),
)
# Territories the names above cover, often, so one set is asked about one code many times.
FOCUS = ["GB", "HR", "FR", "CN", "HK", "NO", "CY", "US", "JP", "AE", None, "gb"]
territories = st.one_of(st.sampled_from(FOCUS), st.sampled_from(TERRITORIES))
COMBOS = [
    (use, platform)
    for use in (None, "editorial", "commercial")
    for platform in (None, "broadcast", "digital", "social")
]


def outcome(function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except ValueError as error:
        return (type(error), str(error))


@settings(max_examples=300, deadline=None)
@given(
    texts,
    st.booleans(),
    st.lists(st.tuples(territories, instants), min_size=1, max_size=12),
    st.permutations(COMBOS),
)
def test_remembered_decisions_equal_the_worked_out_ones(text, released, points, combos):
    try:
        rules = compile_restrictions(text)
    except RestrictionError:
        assume(False)
    # A fresh set (compile_restrictions caches), so what it remembers comes from these calls.
    rules = type(rules)(rules.rules, released=released)
    for territory, at in [*points, *points]:  # the second round is answered from memory
        for use, platform in combos:  # every use and platform, in an order drawn per example
            call = (territory, at, use, platform)
            assert outcome(rules.check, *call) == outcome(rules._check_uncached, *call), call


@settings(max_examples=100, deadline=None)
@given(texts, st.lists(st.tuples(st.sampled_from(TERRITORIES), st.text(max_size=12)), max_size=5))
def test_bad_use_or_platform_is_refused_the_same_way(text, pairs):
    try:
        rules = compile_restrictions(text)
    except RestrictionError:
        assume(False)
    for territory, word in pairs:
        for kwargs in ({"use": word}, {"platform": word}):
            expected = outcome(rules._check_uncached, territory, **kwargs)
            assert outcome(rules.check, territory, **kwargs) == expected


def test_a_remembered_decision_follows_the_eu_boundary_both_ways():
    rules = type(compile_restrictions("No access EU"))(compile_restrictions("No access EU").rules)
    after, before = BREXIT, BREXIT - ONE
    assert rules.check("GB", at=after).allowed  # remembered first for after the boundary
    assert not rules.check("GB", at=before).allowed
    assert rules.check("GB", at=after).allowed
    assert rules.check("GB", at=before).reasons == (
        "No access in United Kingdom (GB), part of European Union",
    )


def test_an_embargo_remembered_while_on_lifts_at_its_instant():
    text = "Embargo until 2026-12-01 09:00 UTC. No access France"
    rules = type(compile_restrictions(text))(compile_restrictions(text).rules)
    lift = EMBARGOES[0]
    assert not rules.check("DE", at=lift - ONE).allowed
    assert rules.check("DE", at=lift).allowed
    assert rules.check("DE", at=lift.astimezone(ZoneInfo("Asia/Tokyo"))).allowed
    assert not rules.check("DE", at=(lift - ONE).astimezone(timezone(timedelta(hours=-3)))).allowed


def test_now_is_placed_in_the_right_interval():
    past = compile_restrictions("Embargo until 2020-01-01 00:00 UTC")
    future = compile_restrictions("Embargo until 2999-01-01 00:00 UTC")
    for rules in (past, future):  # both intervals remembered before asking about now
        rules.check("GB", at=datetime(2000, 1, 1, tzinfo=UTC))
        rules.check("GB", at=datetime(3000, 1, 1, tzinfo=UTC))
    assert past.check("GB").allowed
    assert not future.check("GB").allowed


def test_released_and_copied_sets_remember_separately():
    held = compile_restrictions("Hold for release. No access Japan")
    assert not held.check("GB").allowed
    released = held.release()
    assert released is held.release()  # one released copy, so its memory is kept
    assert released.check("GB").allowed
    assert not held.check("GB").allowed
    duplicate = copy.deepcopy(held)  # as pickle does: the rules, not what was remembered
    assert duplicate == held
    assert duplicate._fixed == duplicate._timed == {}
    assert duplicate.check("JP") == held._check_uncached("JP")


@pytest.mark.parametrize("territory", [["GB"], 44, b"GB", object()])
def test_odd_territory_values_are_read_as_before(territory):
    rules = compile_restrictions("No access Japan")
    expected = outcome(rules._check_uncached, territory)
    assert outcome(rules.check, territory) == expected
    assert outcome(rules.check, territory) == expected


def test_a_process_remembers_a_bounded_number_of_decisions(monkeypatch):
    text = "Access Europe only. Embargo until 2026-12-01 09:00 UTC"
    rules = type(compile_restrictions(text))(compile_restrictions(text).rules)
    monkeypatch.setattr(memory, "REMEMBER_AT_MOST", memory.remembered() + 10)
    for code in CODES:
        assert rules.check(code) == rules._check_uncached(code)  # right past the bound too
    assert len(rules._fixed) + len(rules._timed) == 10
    before = memory.remembered()
    del rules
    gc.collect()
    assert memory.remembered() == before - 10  # a collected set gives its count back
