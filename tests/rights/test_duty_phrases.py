"""Duties that never block but must reach the licence: on-screen credits, how long a credit
stays, and caps on how much footage is used (rights.duty_phrases)."""

import pytest

from rights import compile_restrictions


@pytest.mark.parametrize(
    ("text", "duty"),
    [
        ("Must on-screen courtesy Storyful", "Must courtesy Storyful on screen"),
        ("MUST ON SCREEN CREDIT: Jane Doe", "Must credit Jane Doe on screen"),
        ("Mandatory on-screen credit", "Must show an on-screen credit"),
        ("On-screen credit to @stormchaser", "Must credit @stormchaser on screen"),
        ("Must credit Reuters on screen", "Must credit Reuters on screen"),
        ("Credit visible for 5 seconds", "Keep the credit on screen for at least 5 seconds"),
        (
            "Credit must be shown for a minimum of 3 secs",
            "Keep the credit on screen for at least 3 seconds",
        ),
        ("Max 90 secs", "Use at most 90 seconds"),
        ("Maximum clip length 90 seconds", "Use at most 90 seconds"),
        ("No use more than 2 minutes", "Use at most 120 seconds"),
        ("Max use 1 min", "Use at most 60 seconds"),
        ("Use up to 60 seconds of footage", "Use at most 60 seconds"),
    ],
)
def test_duties_are_read_and_never_refuse(text, duty):
    rules = compile_restrictions(text)
    assert rules.duties == (duty,)
    for facts in ({}, {"use": "commercial", "platform": "social"}):
        decision = rules.check("GB", **facts)
        assert decision.allowed and decision.duties == (duty,)
    assert compile_restrictions(rules.text()) == rules


def test_a_duty_and_a_rule_in_one_line_are_both_kept():
    rules = compile_restrictions("Must on-screen courtesy CNN. Max 90 secs. No access USA")
    assert rules.duties == ("Must courtesy CNN on screen", "Use at most 90 seconds")
    assert not rules.check("PR").allowed
