"""Rules written for part of the footage or one platform apply to the whole clip on every
platform, with a warning (rights.sections); rules run together with commas are each read."""

import pytest

from rights import RestrictionError, compile_restrictions


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("Part 2 (00:45-01:30): No access Canada", "CA"),
        ("Pt 2 from 01:10: No access US", "US"),
        ("Shots 5-7: No access UK", "GB"),
        ("SHOTS 2, 4 AND 6: No access Japan", "JP"),
        ("00:45-01:30: No access Canada", "CA"),
    ],
)
def test_a_part_applies_to_the_whole_clip_with_a_warning(text, refused):
    rules = compile_restrictions(text)
    assert not rules.check(refused).allowed
    assert "covers only part of the footage" in rules.warnings[0]
    assert compile_restrictions(rules.text()) == rules


def test_platform_sections_apply_on_every_platform_with_a_warning():
    rules = compile_restrictions("Broadcast: No use USA. Digital: No use USA, no archive.")
    for platform in (None, "broadcast", "digital", "social"):
        assert not rules.check("US", platform=platform).allowed, platform
    assert rules.duties == ("Digital: No archive",)
    assert any("written for broadcast alone" in warning for warning in rules.warnings)
    assert compile_restrictions(rules.text()) == rules


@pytest.mark.parametrize(
    ("text", "refused", "section"),
    [
        ("TV: No access Spain", "ES", "Broadcast"),
        ("ONLINE: No access France", "FR", "Digital"),
        ("No TV use in Germany", "DE", "Broadcast"),
        ("No social media use in USA", "PR", "Social media"),
    ],
)
def test_a_rule_for_one_platform_refuses_on_all(text, refused, section):
    rules = compile_restrictions(text)
    assert rules.text().startswith(f"{section}: ")
    assert not rules.check(refused, platform="broadcast").allowed


def test_named_social_platforms_are_social_media():
    for name in ("YouTube", "Facebook", "Instagram", "TikTok"):
        rules = compile_restrictions(f"No use on {name}")
        assert not rules.check("GB", platform="social").allowed
        assert rules.check("GB", platform="broadcast").allowed


def test_commas_between_rules_and_lists_stay_apart():
    assert compile_restrictions("No access France, Germany").text() == "No access France, Germany"
    rules = compile_restrictions("Worldwide rights, no access Belarus")
    assert not rules.check("BY").allowed and rules.check("GB").allowed
    with pytest.raises(RestrictionError):
        compile_restrictions("No access France, Narnia")


def test_prefixes_do_not_stack_without_end():
    with pytest.raises(RestrictionError):
        compile_restrictions("Part: " * 50 + "x")
    assert compile_restrictions("Part 2: Broadcast: No access Japan").rules[0].part
