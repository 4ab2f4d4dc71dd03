"""The controls a filmer picks write restriction text the rights compiler reads, and the
decisions that text makes are the ones the controls promised."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partners.restriction_controls import (
    ControlsError,
    RestrictionControls,
    controls_check,
    controls_from_restrictions,
    restrictions_check,
)
from rights import RestrictionError, compile_restrictions
from rights.registry import Place, load

REGISTRY = load()
CODES = sorted(REGISTRY.codes)
GROUP_NAMES = sorted(group.name for group in REGISTRY.groups.values())


def test_controls_write_the_sentences_the_compiler_reads():
    controls = RestrictionControls(
        territory_mode="deny",
        territories=("Chinese mainland", "HK"),
        embargo_until=datetime(2026, 12, 1, tzinfo=UTC),
        editorial_only=True,
        no_social_media=True,
    )

    assert controls.text() == (
        "No access Chinese mainland, Hong Kong. Embargo until 2026-12-01 00:00 UTC. "
        "Editorial use only. No social media"
    )
    check = controls_check(controls)
    assert check.canonical == controls.text()
    assert check.rules == (
        "No access Chinese mainland, Hong Kong",
        "Embargo until 2026-12-01 00:00 UTC",
        "Editorial use only",
        "No social media",
    )
    assert check.reasons[0] == "Buyers in Chinese mainland, Hong Kong cannot license it."


def test_allow_mode_names_where_it_may_be_used():
    assert RestrictionControls(territory_mode="allow", territories=["UK"]).text() == (
        "Access United Kingdom only"
    )


def test_no_controls_write_no_text():
    assert RestrictionControls().text() == ""
    assert restrictions_check("").canonical == ""


@pytest.mark.parametrize(
    ("controls", "field", "message"),
    [
        ({"territory_mode": "deny", "territories": ["Narnia"]}, "territories", "“Narnia” is not"),
        ({"territory_mode": "allow", "territories": []}, "territories", "at least one"),
        ({"territory_mode": "maybe"}, "territory_mode", "one of none, deny, allow"),
    ],
)
def test_controls_that_cannot_be_written_name_the_control(controls, field, message):
    with pytest.raises(ControlsError) as error:
        RestrictionControls(**controls)

    assert error.value.field == field
    assert message in error.value.message


def test_hand_written_text_gets_its_canonical_form_or_the_compilers_error():
    check = restrictions_check("UK only; editorial use only")
    assert check.canonical == "Access United Kingdom only. Editorial use only"

    with pytest.raises(RestrictionError) as error:
        restrictions_check("No access Narnia")
    assert error.value.phrase == "No access Narnia"


def test_text_the_controls_wrote_fills_the_controls_again():
    controls = RestrictionControls(territory_mode="allow", territories=["EU"], editorial_only=True)

    again = controls_from_restrictions(controls.text())

    assert again.text() == controls.text()
    assert controls_from_restrictions("Must credit NASA") is None
    assert controls_from_restrictions("No access Narnia") is None


territory_names = st.one_of(
    st.sampled_from(CODES),
    st.sampled_from(CODES).map(REGISTRY.name),
    st.sampled_from(GROUP_NAMES),
)
controls_strategy = st.builds(
    RestrictionControls,
    territory_mode=st.sampled_from(["none", "deny", "allow"]),
    territories=st.lists(territory_names, min_size=1, max_size=6),
    embargo_until=st.none()
    | st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    ),
    editorial_only=st.booleans(),
    no_social_media=st.booleans(),
    max_seconds=st.none() | st.integers(min_value=1, max_value=3600),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(controls=controls_strategy, probe=st.sampled_from(CODES))
def test_any_controls_compile_to_the_decisions_they_promise(controls, probe):
    compiled = compile_restrictions(controls.text())
    at = (controls.embargo_until or datetime(2026, 1, 1, tzinfo=UTC)) + timedelta(days=1)

    # Where: denied territories are denied (with their dependencies and every reading of an
    # ambiguous name), allow-only lets in only what is listed (the sovereign alone).
    effect = "allow" if controls.territory_mode == "allow" else "deny"
    covered = any(REGISTRY.covers(place, probe, at, effect) for place in controls.places)
    expected = {"none": True, "deny": not covered, "allow": covered}[controls.territory_mode]
    if controls.territory_mode == "allow" and Place("group", "worldwide") in controls.places:
        expected = True
    assert compiled.check(probe, at=at).allowed is expected
    # When: the embargo holds until its moment.
    if controls.embargo_until is not None:
        assert not compiled.check(probe, at=controls.embargo_until - timedelta(seconds=1)).allowed
        assert compiled.embargo_until == controls.embargo_until
    # Use and platform.
    assert compiled.editorial_only is controls.editorial_only
    assert ("social" in compiled.denied_platforms) is controls.no_social_media
    # How much footage: a duty, never a refusal.
    if controls.max_seconds is not None:
        assert f"Use at most {controls.max_seconds} second" in " ".join(compiled.duties)
    # The text is already canonical.
    assert compiled.text() == (controls.text() or "No restrictions")


def test_an_end_of_use_and_a_length_cap_write_canonical_sentences_and_read_back():
    from datetime import UTC, datetime

    from partners.restriction_controls import RestrictionControls, controls_from_restrictions

    controls = RestrictionControls(
        territory_mode="deny",
        territories=("China",),
        use_until=datetime(2027, 4, 1, tzinfo=UTC),
        max_seconds=90,
    )
    text = controls.text()
    assert text == "No access China. No use from 2027-04-01 00:00 UTC. Use at most 90 seconds"
    again = controls_from_restrictions(text)
    assert (again.use_until, again.max_seconds) == (controls.use_until, 90)


def test_an_end_before_the_embargo_or_a_cap_out_of_range_is_refused():
    from datetime import UTC, datetime

    from partners.restriction_controls import ControlsError, RestrictionControls

    with pytest.raises(ControlsError, match="after the embargo"):
        RestrictionControls(
            embargo_until=datetime(2027, 2, 1, tzinfo=UTC),
            use_until=datetime(2027, 1, 1, tzinfo=UTC),
        )
    with pytest.raises(ControlsError, match="1 to 3600 seconds"):
        RestrictionControls(max_seconds=0)


def test_the_plain_sentence_says_when_a_name_has_several_readings():
    from partners.restriction_controls import restrictions_check

    assert (
        "every territory it may mean is refused" in restrictions_check("No access China").reasons[0]
    )
    assert restrictions_check("Georgia only").reasons[0].startswith("Nobody can license it")
    assert restrictions_check("No access Japan").reasons == ("Buyers in Japan cannot license it.",)
