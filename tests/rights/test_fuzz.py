"""Fuzzing the restriction language as a whole: any text either compiles or is refused with a
RestrictionError naming the phrase, never another exception; and a text that compiles answers
check() for any territory and any instant without raising."""

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rights import RestrictionError, RestrictionSet, compile_restrictions
from rights.parser import LONGEST_TEXT
from rights.rules import PLATFORMS, USES

# Pieces of real restriction text, so generated texts reach every phrase family and its
# corners, mixed with arbitrary characters and the punctuation the sentence splitter reads.
WORDS = [
    *("No access", "No use", "not available in", "out", "only", "Access", "Worldwide"),
    *("excluding", "except", "excl.", "Editorial use only", "Broadcast only", "online"),
    *("mobile", "social media", "No social media", "Must credit", "Mandatory credit:"),
    *("Courtesy:", "No archive", "No resale", "Hold for release", "Embargo until", "Part:"),
    *("Pt", "Chinese mainland", "China", "UK", "USA", "US", "IN", "EU", "Europe", "Benelux"),
    *("Trinidad and Tobago", "Bonaire, Sint Eustatius and Saba", "Narnia", "and", "or"),
    *("Georgia", "Scotland", "Crimea", "USSR", "Congo", "Puerto Rico", "Digital only", "No TV"),
    *("2026-12-01", "9999-12-31", "0001-01-01", "25 December 2026", "Dec 25, 2026", "09:00"),
    *("23:59", "9am", "2359", "UTC", "GMT", "UTC-14", "UTC+14", "+01:00", "-13:59"),
    *("Europe/Paris", "America/Argentina", "America/Argentina/Buenos_Aires", "Mars/Base"),
    *(".", ";", ",", "/", "&", "+", "\n", "-", "–", "“", "”", "[", "]", "(", ")", ":"),
    *("\x00", "\u200b", "\u00a0", "\t", "٩", "²", "Ⅻ", "ǅ", "İ", "ß", "\ud7ff", "\U0001f4a5"),
]
texts = st.one_of(
    st.text(max_size=80),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=5)), max_size=12).map(" ".join),
    st.lists(st.sampled_from(WORDS), max_size=30).map("".join),
)
territories = st.one_of(
    st.none(),
    st.sampled_from(["CN", "GB", "US", "HK", "FR", "DE", "IN", "XX", "ZZ", "", "cn", "EU"]),
    st.text(max_size=6),
)
offsets = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
instants = st.one_of(
    st.none(),
    st.datetimes(),  # naive: read as UTC
    st.datetimes(timezones=st.just(UTC)),
    st.datetimes(timezones=offsets),  # including the first and last days, at any offset
)


def compile_or_refuse(text: str):
    try:
        return compile_restrictions(text)
    except RestrictionError as error:
        assert error.phrase and error.problem
        return None


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_any_text_compiles_or_is_a_restriction_error(text):
    rules = compile_or_refuse(text)
    assert rules is None or isinstance(rules, RestrictionSet)


@given(st.text(min_size=LONGEST_TEXT + 1, max_size=LONGEST_TEXT + 50))
@settings(max_examples=25, deadline=None)
def test_any_text_over_the_limit_is_a_restriction_error(text):
    assert compile_or_refuse(text) is None


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts,
    territories,
    instants,
    st.sampled_from([None, *USES]),
    st.sampled_from([None, *PLATFORMS]),
)
def test_a_compiled_text_checks_any_territory_at_any_instant(text, territory, at, use, platform):
    rules = compile_or_refuse(text)
    if rules is None:
        return
    decision = rules.check(territory, at=at, use=use, platform=platform)
    assert isinstance(decision.allowed, bool)
    assert all(isinstance(reason, str) for reason in decision.reasons)


EDGE_INSTANTS = [
    datetime.min,
    datetime.max,
    datetime.min.replace(tzinfo=timezone(timedelta(hours=14))),
    datetime.max.replace(tzinfo=timezone(timedelta(hours=-14))),
    datetime.max.replace(tzinfo=timezone(timedelta(hours=23, minutes=59))),
    datetime.min.replace(tzinfo=timezone(timedelta(hours=-23, minutes=-59))),
]


def test_the_first_and_last_instants_at_any_offset_are_checked_without_error():
    for text in [
        "Embargo until 9999-12-30 00:00 UTC",
        "Embargo until 0001-01-02 00:00 UTC",
        "No access EU",  # EU membership changes over time
        "Hold for release",
        "",
    ]:
        rules = compile_restrictions(text)
        for at in EDGE_INSTANTS:
            for territory in ("CN", "FR", "GB", None, "??"):
                assert isinstance(rules.check(territory, at=at).allowed, bool)
