"""Lines about clients (rights.clients): a check does not know the buyer, so it allows with a
warning; client_refusal() decides for a buyer's names. A territory's broadcasters are no
broadcast use there, on every platform."""

import pytest

from rights import RestrictionError, compile_restrictions


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("No access BBC", "Not for use by BBC"),
        ("Not for use by CNN", "Not for use by CNN"),
        ("No access ITV/Sky/BBC", "Not for use by BBC, ITV, Sky"),
        ("Access all except BBC", "Not for use by BBC"),
        ("AP CLIENTS ONLY", "Only for AP clients"),
        ("EBU members only", "Only for EBU members"),
        ("No access for non-EBU members", "Only for EBU members"),
    ],
)
def test_client_lines_warn_and_read_back(text, canonical):
    rules = compile_restrictions(text)
    assert rules.text() == canonical
    decision = rules.check("GB")
    assert decision.allowed
    assert "names clients" in decision.warnings[0]
    assert compile_restrictions(canonical) == rules


def test_a_buyer_is_refused_by_name_or_for_want_of_one():
    deny = compile_restrictions("No access BBC, Sky News")
    assert deny.client_refusal(["British Broadcasting Corporation", "bbc"]) is not None
    assert deny.client_refusal(["Daily Planet"]) is None
    allow = compile_restrictions("Reuters clients only")
    assert allow.client_refusal(["Reuters clients"]) is None
    assert allow.client_refusal(["Daily Planet"]) is not None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Spanish broadcasters: no access", "ES"),
        ("No access Canadian broadcasters", "CA"),
        ("Not for use by US networks", "US"),
    ],
)
def test_a_territorys_broadcasters_are_no_broadcast_use_there(text, code):
    rules = compile_restrictions(text)
    assert rules.text().startswith("Broadcast: No access ")
    assert not rules.check(code, platform="broadcast").allowed


def test_an_unknown_name_is_still_an_error_not_a_client():
    with pytest.raises(RestrictionError, match="Narnia"):
        compile_restrictions("No access Narnia")


@pytest.mark.parametrize(
    "text", ["Not for use by anyone", "Not for use by any broadcaster", "No use by third parties"]
)
def test_a_line_naming_everybody_is_never_a_client_rule(text):
    with pytest.raises(RestrictionError):
        compile_restrictions(text)
