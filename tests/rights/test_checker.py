"""RestrictionSet.check(): decisions, reasons, duties; the most restrictive rule wins."""

from datetime import UTC, datetime

import pytest

from rights import Decision, compile_restrictions

BEFORE = datetime(2026, 11, 30, 23, 59, tzinfo=UTC)
AFTER = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)


def check(text, territory, **kwargs):
    return compile_restrictions(text).check(territory, **kwargs)


def test_chinese_mainland_means_cn_alone():
    text = "No access Chinese mainland"
    assert check(text, "CN") == Decision(False, ("No access in Chinese mainland (CN)",))
    for code in ("HK", "MO", "TW", "GB", "US"):
        assert check(text, code).allowed, code


def test_greater_china_covers_hong_kong_macao_and_taiwan():
    for code in ("CN", "HK", "MO", "TW"):
        decision = check("No access Greater China", code)
        assert not decision.allowed
        assert decision.reasons[0].endswith("part of Greater China")


def test_allow_lists_refuse_everywhere_else():
    assert check("UK only", "GB").allowed
    decision = check("UK only", "FR")
    assert decision.reasons == ("Only available in United Kingdom; not in France (FR)",)
    assert check("Access Europe only", "CY").allowed  # an EU member, in Western Asia for M49
    assert not check("Access Europe only", "US").allowed


def test_territory_codes_are_case_insensitive_and_names_work():
    assert not check("No access Chinese mainland", "cn").allowed
    assert not check("No access Chinese mainland", "China").allowed


@pytest.mark.parametrize("unknown", [None, "", "XX", "T1", "Narnia"])
def test_unknown_territory_is_denied_anything_with_territory_rules(unknown):
    decision = check("No access Chinese mainland", unknown)
    assert not decision.allowed
    assert "Territory unknown" in decision.reasons[0]
    assert check("Editorial use only", unknown).allowed  # no territory rule to apply


def test_eu_membership_is_dated():
    text = "No access EU"
    assert not check(text, "GB", at=datetime(2020, 1, 31, 22, 59, tzinfo=UTC)).allowed
    assert check(text, "GB", at=datetime(2020, 1, 31, 23, 0, tzinfo=UTC)).allowed
    assert check(text, "HR", at=datetime(2013, 6, 30, tzinfo=UTC)).allowed
    assert not check(text, "HR", at=datetime(2013, 7, 1, tzinfo=UTC)).allowed
    assert not check(text, "FR").allowed


def test_embargo_lifts_at_its_instant():
    text = "Embargo until 2026-12-01 00:00 UTC"
    assert check(text, "GB", at=BEFORE).reasons == ("Embargoed until 2026-12-01 00:00 UTC",)
    assert check(text, "GB", at=AFTER).allowed
    assert check(text, "GB", at="2026-12-01T00:00:00+00:00").allowed


def test_hold_for_release_blocks_everyone_until_released():
    rules = compile_restrictions("Hold for release")
    assert not rules.check("GB").allowed
    assert rules.release().check("GB").allowed


def test_use_and_platform_rules():
    assert check("Editorial use only", "GB", use="editorial").allowed
    assert check("Editorial use only", "GB", use="commercial").reasons == (
        "Editorial use only: no commercial use",
    )
    online = "No access online or mobile"
    assert check(online, "GB", platform="broadcast").allowed
    assert not check(online, "GB", platform="digital").allowed
    assert not check(online, "GB", platform="social").allowed
    assert check("No social media", "GB", platform="digital").allowed
    assert not check("No social media", "GB", platform="social").allowed
    assert check("Broadcast only", "GB").allowed  # viewing is not a platform use


def test_most_restrictive_wins_and_every_reason_is_given():
    text = "No access Chinese mainland; Editorial use only; Embargo until 2026-12-01 00:00 UTC"
    decision = check(text, "CN", at=BEFORE, use="commercial")
    assert not decision.allowed
    assert len(decision.reasons) == 3
    assert check(text, "GB", at=AFTER, use="editorial").allowed
    # Two allow lists: only where both allow.
    assert check("Access Europe only. EU only", "FR").allowed
    assert not check("Access Europe only. EU only", "NO").allowed


def test_duties_never_block_but_are_reported():
    decision = check("Must credit NASA. No archive. Mandatory credit: Local resident", "US")
    assert decision.allowed
    assert decision.duties == ("Must credit Local resident", "Must credit NASA", "No archive")


def test_bad_use_or_platform_is_an_error_not_a_pass():
    rules = compile_restrictions("")
    with pytest.raises(ValueError, match="use must be one of"):
        rules.check("GB", use="personal")
    with pytest.raises(ValueError, match="platform must be one of"):
        rules.check("GB", platform="cinema")


def test_territory_scope_intersects_allow_lists_and_keeps_denies_apart():
    scope = compile_restrictions("Access Europe only; EU only; No access France").territory_scope()
    assert scope.mode == "allow"
    assert "NO" not in scope.allowed  # Europe but not EU
    joined, left = datetime(1973, 1, 1, tzinfo=UTC), datetime(2020, 1, 31, 23, 0, tzinfo=UTC)
    assert scope.allowed["GB"] == [(joined, left)]
    # Denying France denies its overseas parts too (rights/territories.toml, [dependencies]).
    assert set(scope.denied) == {
        "FR",
        "RE",
        "GP",
        "MQ",
        "GF",
        "YT",
        "PM",
        "BL",
        "MF",
        "WF",
        "PF",
        "NC",
        "TF",
    }
    assert scope.denied["FR"] == scope.denied["RE"] == [(None, None)]
    assert compile_restrictions("UK only. France only").territory_scope().allowed == {}
    assert compile_restrictions("Editorial use only").territory_scope().mode == "none"
