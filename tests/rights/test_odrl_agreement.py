"""The ODRL policy says what the checker decides: for many texts, territories, instants, uses
and platforms, an ODRL evaluator reading the expanded policy (tests/rights/odrl_eval.py) and
RestrictionSet.check() agree every time.

A policy expands groups at the instant it is made, so each is evaluated at that instant: the
comparisons before and after a change of membership (the UK leaving the EU, Croatia joining)
use a policy made before and one made after."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rights import PLATFORMS, USES, compile_restrictions
from rights.odrl import odrl_policy
from rights.registry import load
from tests.rights.odrl_eval import expand_offline, read_policy
from tests.rights.second_pass_lines import SECOND_PASS

BREXIT = datetime(2020, 1, 31, 23, 0, tzinfo=UTC)  # when GB left the EU (territories.toml)
CROATIA = datetime(2013, 7, 1, tzinfo=UTC)  # when HR joined
EMBARGO = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)
INSTANTS = [
    CROATIA - SECOND,
    CROATIA,
    BREXIT - SECOND,
    BREXIT,
    EMBARGO - SECOND,
    EMBARGO,
    datetime(2030, 1, 1, tzinfo=UTC),
]
TERRITORIES = [
    *("CN", "HK", "MO", "TW", "GB", "DE", "FR", "HR", "US", "CA", "JP", "IN", "PK"),
    *("AE", "SA", "NO", "AT", "CH", "BR", "AU", "CY", "ES", "PT"),
    None,  # unknown: what check() makes of "XX" or a missing header
]
USES_ASKED = [None, *USES]
PLATFORMS_ASKED = [None, *PLATFORMS]

# Every family of restriction (docs/rights.md) and the examples of tests/rights, alone and
# combined.
TEXTS = [
    "No restrictions",
    "No access Chinese mainland",
    "No use Japan",
    "Japan out",
    "No access India/US",
    "NO ACCESS IN, PK, BD",
    "No access Greater China",
    "No access: Hong Kong, China, Macau",
    "No access EU",
    "UK only",
    "Access Europe only",
    "Access Europe only. EU only",
    "Access Europe only; EU only; No access France",
    "Access Europe only; No access EU",
    "Worldwide excluding USA",
    "Available worldwide except USA and Canada",
    "No access outside Japan",
    "Only available in Japan",
    "EU only",
    "Access GCC only",
    "No access Nordics",
    "No access DACH, Scandinavia",
    "Access Latin America, North America only",
    "Embargo until 2026-12-01 09:00 UTC",
    "Embargoed until 2026-12-01T10:00:00+01:00",
    "Hold for release",
    "Editorial use only",
    "Broadcast only",
    "Online only",
    "No access online or mobile",
    "No social media",
    "Must credit NASA",
    "Mandatory credit: CNN / No access USA",
    "MUST COURTESY CNN/NO ACCESS US",
    "No archive",
    "No resale",
    "Broadcast only; No social media; No resale; No archive",
    "No access Chinese mainland. Editorial use only. Must credit X",
    "No access India/US. Embargo until 2026-12-01 09:00 GMT",
    "Hold for release; Pt: UK only",
    "Part: No access Japan. Pt no social media",
    "EU only. Embargo until 2026-12-01 09:00 UTC. Editorial use only. Online only",
    "No access EU. UK only",
    "Access Asia only. No access Greater China. No social media. Must credit Reuters",
    "Worldwide excluding EU. Editorial use only. No resale",
    *SECOND_PASS,
]


def evaluator(restrictions, at):
    policy = odrl_policy(restrictions, uid="urn:clipwire:asset:t:policy:1", target="urn:t", at=at)
    fetched = []
    evaluated = read_policy(expand_offline(policy, fetched=fetched))
    assert fetched == []
    return evaluated


def disagreements(restrictions, at, territories=TERRITORIES):
    """Every (territory, use, platform) on which the policy and check() disagree at `at`."""
    policy = evaluator(restrictions, at)
    found = []
    for territory in territories:
        code = load().territory(territory)
        for use in USES_ASKED:
            for platform in PLATFORMS_ASKED:
                expected = restrictions.check(territory, at=at, use=use, platform=platform)
                if policy.permitted(code, at, use, platform) != expected.allowed:
                    found.append((territory, use, platform, expected.reasons))
    return found


@pytest.mark.parametrize("text", TEXTS)
def test_the_policy_agrees_with_the_checker(text):
    restrictions = compile_restrictions(text)
    for at in INSTANTS:
        assert disagreements(restrictions, at) == [], at
    if restrictions.held:
        assert disagreements(restrictions.release(), EMBARGO) == []


def test_the_comparison_sees_both_answers():
    """The table is not trivially all-yes or all-no: each text is both allowed somewhere and
    refused somewhere, except those that refuse nothing or everything."""
    outcomes = set()
    for text in TEXTS:
        restrictions = compile_restrictions(text)
        policy = evaluator(restrictions, EMBARGO)
        outcomes |= {
            policy.permitted(load().territory(t), EMBARGO, use, platform)
            for t in TERRITORIES
            for use in USES_ASKED
            for platform in PLATFORMS_ASKED
        }
    assert outcomes == {True, False}


def test_a_group_change_is_in_the_policy_made_after_it():
    restrictions = compile_restrictions("No access EU")
    assert not evaluator(restrictions, BREXIT - SECOND).permitted("GB", BREXIT - SECOND)
    assert evaluator(restrictions, BREXIT).permitted("GB", BREXIT)
    assert evaluator(restrictions, CROATIA - SECOND).permitted("HR", CROATIA - SECOND)
    assert not evaluator(restrictions, CROATIA).permitted("HR", CROATIA)


SENTENCES = [
    "No access Chinese mainland",
    "No access France, Germany",
    "Japan out",
    "No access EU",
    "No access Greater China",
    "UK only",
    "Access Europe only",
    "EU only",
    "Access Asia, Oceania only",
    "Worldwide excluding USA",
    "Embargo until 2026-12-01 09:00 UTC",
    "Embargo until 2020-01-31 23:00 UTC",
    "Hold for release",
    "Editorial use only",
    "Broadcast only",
    "Online only",
    "No social media",
    "No access online or mobile",
    "Must credit NASA",
    "Must courtesy CCTV",
    "No archive",
    "No resale",
    "Part: No access Japan",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sentences=st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=5),
    at=st.sampled_from(INSTANTS)
    | st.datetimes(
        min_value=datetime(2010, 1, 1), max_value=datetime(2031, 1, 1), timezones=st.just(UTC)
    ),
    released=st.booleans(),
)
def test_any_combination_agrees(sentences, at, released):
    restrictions = compile_restrictions(". ".join(sentences))
    if released:
        restrictions = restrictions.release()
    assert disagreements(restrictions, at) == []
