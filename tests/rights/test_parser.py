"""The restriction language: what each phrase family compiles to, and what it refuses."""

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rights import RestrictionError, RestrictionSet, compile_restrictions
from rights.registry import Place, load
from rights.rules import (
    DutyRule,
    EditorialOnlyRule,
    EmbargoRule,
    HoldRule,
    PlatformRule,
    TerritoryRule,
)


def territory(*codes):
    return tuple(Place("territory", code) for code in codes)


def deny(*codes):
    return TerritoryRule(effect="deny", places=territory(*codes))


def allow(*codes):
    return TerritoryRule(effect="allow", places=territory(*codes))


def rules_of(text):
    return set(compile_restrictions(text).rules)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("No access Chinese mainland", {deny("CN")}),
        ("no access chinese mainland", {deny("CN")}),
        ("NO ACCESS CHINESE MAINLAND.", {deny("CN")}),
        ("No access Mainland China", {deny("CN")}),
        ("No access China mainland", {deny("CN")}),
        ("No access PRC", {deny("CN")}),
        ("No use Japan", {deny("JP")}),
        ("No use in Japan", {deny("JP")}),
        ("Not for use in Japan", {deny("JP")}),
        ("Japan out", {deny("JP")}),
        ("USA out", {deny("US")}),
        ("No access India/US", {deny("IN", "US")}),
        ("No access: France, Germany", {deny("FR", "DE")}),
        ("No access France, Germany and Italy", {deny("FR", "DE", "IT")}),
        ("No access France or Spain", {deny("FR", "ES")}),
        ("No access U.S.", {deny("US")}),
        ("No access the UK", {deny("GB")}),
        ("No access IN, FR", {deny("IN", "FR")}),
        ("No access in India", {deny("IN")}),
        ("No access UAE", {deny("AE")}),
        ("No access Czech Republic, Czechia", {deny("CZ")}),
        ("No access Ivory Coast", {deny("CI")}),
        ("No access Côte d'Ivoire", {deny("CI")}),
        ("No access Macau", {deny("MO")}),
        ("No access Viet Nam", {deny("VN")}),
        ("No access South Korea", {deny("KR")}),
        ("No access Russia", {deny("RU")}),
        ("No access Trinidad and Tobago", {deny("TT")}),
        ("No access Bonaire, Sint Eustatius and Saba", {deny("BQ")}),
        ("No access Bosnia and Herzegovina and Serbia", {deny("BA", "RS")}),
        ("UK only", {allow("GB")}),
        ("Great Britain only", {allow("GB")}),
        ("Access Japan only", {allow("JP")}),
        ("Only available in Japan", {allow("JP")}),
        ("No access outside Japan", {allow("JP")}),
        ("Worldwide excluding USA", {deny("US")}),
        ("Worldwide except USA", {deny("US")}),
        ("Available worldwide except USA and Canada", {deny("US", "CA")}),
        ("Hold for release", {HoldRule()}),
        ("Editorial use only", {EditorialOnlyRule()}),
        ("Broadcast only", {PlatformRule(denied=("digital", "social"))}),
        ("No access online or mobile", {PlatformRule(denied=("digital", "social"))}),
        ("No social media", {PlatformRule(denied=("social",))}),
        ("Must credit NASA", {DutyRule(kind="credit", subject="NASA")}),
        ("Mandatory credit: Local resident", {DutyRule(kind="credit", subject="Local resident")}),
        ("Must courtesy CCTV", {DutyRule(kind="courtesy", subject="CCTV")}),
        ("No archive", {DutyRule(kind="no_archive")}),
        ("No resale", {DutyRule(kind="no_resale")}),
        ("", set()),
        ("None", set()),
        ("No restrictions", set()),
        ("Worldwide", set()),
        ("Worldwide only", set()),
    ],
)
def test_phrase_families_compile_to_rules(text, expected):
    assert rules_of(text) == expected


def test_groups_are_named_not_expanded():
    rules = compile_restrictions("Access Europe only; No access EU")
    assert set(rules.rules) == {
        TerritoryRule(effect="allow", places=(Place("group", "europe"),)),
        TerritoryRule(effect="deny", places=(Place("group", "eu"),)),
    }


def test_several_sentences_split_by_full_stops_semicolons_and_lines():
    rules = compile_restrictions(
        "No access Chinese mainland; Editorial use only. Must credit N.A.S.A. News\nNo archive"
    )
    assert set(rules.rules) == {
        deny("CN"),
        EditorialOnlyRule(),
        DutyRule(kind="credit", subject="N.A.S.A. News"),
        DutyRule(kind="no_archive"),
    }


def test_a_restrictions_label_and_brackets_are_tolerated():
    assert rules_of("[Restrictions: No access Chinese mainland]") == {deny("CN")}


@pytest.mark.parametrize(
    ("text", "instant"),
    [
        ("Embargo until 2026-12-01 00:00 UTC", datetime(2026, 12, 1, tzinfo=UTC)),
        ("Embargo until 2026-12-01T00:00:00Z", datetime(2026, 12, 1, tzinfo=UTC)),
        ("Embargoed until 2026-12-01T01:00:00+01:00", datetime(2026, 12, 1, tzinfo=UTC)),
        ("Embargoed until 25 December 2026 09:00 GMT", datetime(2026, 12, 25, 9, tzinfo=UTC)),
        ("Embargo until 25th Dec 2026, 09:00 GMT", datetime(2026, 12, 25, 9, tzinfo=UTC)),
        ("Embargo until December 25, 2026 9am EST", datetime(2026, 12, 25, 14, tzinfo=UTC)),
        ("Embargo until 09:00 GMT on 25 December 2026", datetime(2026, 12, 25, 9, tzinfo=UTC)),
        ("Embargo: 2026-07-01 10:00 Europe/London", datetime(2026, 7, 1, 9, tzinfo=UTC)),
        ("Embargo until 2026-12-01 UTC", datetime(2026, 12, 1, tzinfo=UTC)),
    ],
)
def test_embargo_times_are_read_in_their_zone(text, instant):
    assert set(compile_restrictions(text).rules) == {EmbargoRule(until=instant)}


@pytest.mark.parametrize(
    ("text", "phrase", "named"),
    [
        ("Narnia out", "Narnia out", "Narnia"),
        ("No access France and Narnia", "No access France and Narnia", "Narnia"),
        ("No access Atlantis", "No access Atlantis", "Atlantis"),
        ("Editorial use only; Blah blah", "Blah blah", "not a restriction"),
        ("No access", "No access", "not a restriction"),
        ("Embargo until tomorrow", "Embargo until tomorrow", "no date"),
        ("Embargo until 2026-02-30 09:00 UTC", "Embargo until 2026-02-30 09:00 UTC", "real date"),
        ("Embargo until 31 Smarch 2026 09:00 UTC", "Embargo until 31 Smarch 2026", "month"),
        ("Embargo until 2026-12-01 09:00 Mars/Olympus", "Embargo until", "time zone"),
    ],
)
def test_unreadable_text_raises_naming_the_phrase(text, phrase, named):
    with pytest.raises(RestrictionError) as caught:
        compile_restrictions(text)
    message = str(caught.value)
    assert phrase in message
    assert named in message


def test_part_prefix_keeps_the_rule_and_warns():
    rules = compile_restrictions("Part: No access Japan. Pt no social media")
    assert set(rules.rules) == {
        TerritoryRule(effect="deny", places=territory("JP"), part=True),
        PlatformRule(denied=("social",), part=True),
    }
    assert len(rules.warnings) == 2
    assert all("part of the footage" in warning for warning in rules.warnings)
    assert not rules.check("JP").allowed


@pytest.mark.parametrize(
    "text",
    [
        "No access Chinese mainland; Editorial use only",
        "Access Europe only. Must credit NASA",
        "No access India/US. Embargo until 2026-12-01 09:00 GMT",
        "Hold for release; Pt: UK only",
        "Broadcast only; No social media; No resale; No archive",
        "Worldwide excluding Greater China, Bonaire, Sint Eustatius and Saba",
        "None",
    ],
)
def test_canonical_text_compiles_to_an_equal_set(text):
    rules = compile_restrictions(text)
    assert compile_restrictions(rules.text()) == rules
    assert compile_restrictions(rules.text()).text() == rules.text()


def test_every_territory_name_compiles_back_to_its_code():
    registry = load()
    for code in sorted(registry.codes):
        rules = compile_restrictions(f"No access {registry.name(code)}")
        assert set(rules.rules) == {deny(code)}, code


PHRASES = [
    "No access {}",
    "{} only",
    "Worldwide excluding {}",
    "{} out",
    "Editorial use only",
    "Broadcast only",
    "No social media",
    "Hold for release",
    "Must credit Reuters",
    "Embargo until 2027-01-01 00:00 UTC",
]
NAMES = ["France", "USA", "Chinese mainland", "EU", "Asia", "Hong Kong", "GCC", "Nordics"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(PHRASES),
            st.lists(st.sampled_from(NAMES), min_size=1, max_size=3),
        ),
        max_size=4,
    )
)
def test_rendering_round_trips_for_any_combination(parts):
    text = ". ".join(phrase.format(", ".join(names)) for phrase, names in parts)
    rules = compile_restrictions(text)
    assert isinstance(rules, RestrictionSet)
    assert compile_restrictions(rules.text()) == rules


# Lines a review found to loosen the rules; each must keep every rule it states.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Must credit BBC, no access UK",
            {DutyRule(kind="credit", subject="BBC"), deny("GB")},
        ),
        (
            "Mandatory credit: CNN / No access USA",
            {DutyRule(kind="credit", subject="CNN"), deny("US")},
        ),
        (
            "MUST COURTESY CNN/NO ACCESS US",
            {DutyRule(kind="courtesy", subject="CNN"), deny("US")},
        ),
        (
            "Mandatory Credit: BBC No access UK",
            {DutyRule(kind="credit", subject="BBC"), deny("GB")},
        ),
        ("Must credit Not Just Pictures", {DutyRule(kind="credit", subject="Not Just Pictures")}),
        (
            "Must credit Smith, Jones and Co",
            {DutyRule(kind="credit", subject="Smith, Jones and Co")},
        ),
        ("PT, ES out", {deny("PT", "ES")}),
        ("PT/ES/IT out", {deny("PT", "ES", "IT")}),
        ("NO ACCESS IN, PK, BD", {deny("IN", "PK", "BD")}),
        ("NO ACCESS IN AND PK", {deny("IN", "PK")}),
        ("NO ACCESS IN/PK", {deny("IN", "PK")}),
        ("NO ACCESS IN", {deny("IN")}),
        ("No access TO, FJ", {deny("TO", "FJ")}),
        ("No access: Taiwan, Chinese mainland", {deny("TW", "CN")}),
        ("No access: Hong Kong, Mainland China, Macau", {deny("HK", "CN", "MO")}),
        ("Worldwide excl. UK", {deny("GB")}),
        ("Worldwide ex. US", {deny("US")}),
    ],
)
def test_rules_after_credits_codes_and_abbreviations_are_kept(text, expected):
    assert rules_of(text) == expected


def test_a_rule_like_tail_after_a_credit_that_does_not_read_is_an_error():
    with pytest.raises(RestrictionError, match="Narnia"):
        compile_restrictions("Must credit BBC, Narnia out")


def test_abbreviated_month_with_a_dot():
    rules = compile_restrictions("Embargo until 25 Dec. 2026 09:00 GMT")
    assert rules.embargo_until == datetime(2026, 12, 25, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "Embargo until 2026-03-29 01:30 Europe/London",  # the clocks skip this minute
        "Embargo until 2026-10-25 01:30 Europe/London",  # this minute happens twice
    ],
)
def test_local_times_a_clock_change_makes_impossible_or_ambiguous_are_refused(text):
    with pytest.raises(RestrictionError, match="clock change"):
        compile_restrictions(text)
