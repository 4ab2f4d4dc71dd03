"""Never a silent allow (docs/rights.md, "What the check cannot know"): a line naming a
sovereign, a name with several readings or a part of a territory is read the most restrictive
way, and a rule the caller gave no facts for is reported, not skipped."""

import pytest

from rights import compile_restrictions


def check(text, territory, **facts):
    return compile_restrictions(text).check(territory, **facts)


@pytest.mark.parametrize(
    ("text", "dependency", "sovereign"),
    [
        ("No access USA", "PR", "United States"),
        ("No access USA", "GU", "United States"),
        ("No access France", "RE", "France"),
        ("No access Denmark", "GL", "Denmark"),
        ("No access Morocco", "EH", "Morocco"),
        ("No access UK", "JE", "United Kingdom"),
        ("Worldwide excluding Netherlands", "AW", "Netherlands"),
    ],
)
def test_denying_a_sovereign_denies_its_dependencies(text, dependency, sovereign):
    decision = check(text, dependency)
    assert not decision.allowed
    assert decision.reasons[0].endswith(f"({dependency}), part of {sovereign}")


def test_allowing_a_sovereign_alone_does_not_allow_its_dependencies():
    assert check("USA only", "US").allowed
    decision = check("USA only", "PR")
    assert not decision.allowed
    assert decision.reasons == ("Only available in United States; not in Puerto Rico (PR)",)


def test_china_alone_means_every_reading_and_says_so():
    for code in ("CN", "HK", "MO", "TW"):
        decision = check("No access China", code)
        assert not decision.allowed, code
        assert "“China” can mean" in decision.reasons[0]
        assert "every reading is denied (CN, HK, MO, TW)" in decision.warnings[0]
    assert check("No access China", "JP").allowed
    # Naming the mainland is exact: Hong Kong stays open.
    assert check("No access Chinese mainland", "HK").allowed


def test_georgia_refuses_the_country_and_the_us_for_its_state():
    for code in ("GE", "US"):
        assert not check("No access Georgia", code).allowed, code
    assert check("No access Georgia", "FR").allowed
    # Allowing only an ambiguous name allows nowhere, with a reason and a warning.
    decision = check("Georgia only", "GE")
    assert not decision.allowed
    assert "“Georgia” can mean the country (GE) or the US state" in decision.reasons[0]
    assert "available nowhere until the line names one territory" in decision.warnings[0]


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("No access Scotland", {"GB"}),
        ("No access Northern Ireland", {"GB"}),
        ("No access Quebec", {"CA"}),
        ("No access Hawaii", {"US"}),
        ("No access Crimea", {"UA", "RU"}),
    ],
)
def test_denying_a_part_denies_every_territory_it_lies_in(text, refused):
    for code in refused:
        decision = check(text, code)
        assert not decision.allowed, code
        assert "a check cannot tell where in" in decision.reasons[0]
    assert check(text, "FR").allowed


def test_allowing_only_a_part_is_refused_everywhere_with_a_warning():
    decision = check("Scotland only", "GB")
    assert not decision.allowed
    assert decision.reasons == (
        "Only available in Scotland: a check cannot tell whether a use in United Kingdom (GB) "
        "is inside it",
    )
    assert "available nowhere until the line names a territory" in decision.warnings[0]


def test_former_names_cover_the_territories_they_became():
    assert not check("No access Zaire", "CD").allowed
    assert not check("No access Ceylon", "LK").allowed
    for code in ("RU", "UA", "EE", "KZ"):
        assert not check("No access USSR", code).allowed, code
    for code in ("CZ", "SK"):
        assert not check("No access Czechoslovakia", code).allowed, code
    assert check("No access Czechoslovakia", "PL").allowed


def test_a_use_rule_without_a_use_is_allowed_with_a_warning_naming_it():
    decision = check("Editorial use only", "GB")
    assert decision.allowed
    assert decision.warnings == (
        "Editorial use only: no use was given, so commercial use was not checked.",
    )
    assert check("Editorial use only", "GB", use="editorial").warnings == ()
    assert not check("Editorial use only", "GB", use="commercial").allowed


def test_a_platform_rule_without_a_platform_is_allowed_with_a_warning_naming_it():
    decision = check("TV only", "GB")
    assert decision.allowed
    assert decision.warnings == (
        "No digital (online or mobile) or social media use: no platform was given, so it was "
        "not checked.",
    )
    assert check("TV only", "GB", platform="broadcast").warnings == ()
    assert not check("TV only", "GB", platform="digital").allowed


def test_digital_only_does_not_allow_social_media():
    for text in ("Digital only", "Online only", "For online use only"):
        assert check(text, "GB", platform="digital").allowed, text
        for platform in ("social", "broadcast"):
            assert not check(text, "GB", platform=platform).allowed, (text, platform)
    assert compile_restrictions("No broadcast").text() == "No broadcast"
    assert check("No broadcast", "GB", platform="social").allowed


def test_every_new_reading_compiles_back_to_itself():
    for text in (
        "No access China", "No access Georgia", "Scotland only", "No access Crimea",
        "No access USSR", "Digital only", "No broadcast", "No access USA",
    ):  # fmt: skip
        rules = compile_restrictions(text)
        assert compile_restrictions(rules.text()) == rules, text
