"""POST /api/v1/partner/restrictions/compile/: what restrictions mean before a submission."""

import pytest

from tests.partners.clips import key_client, member_of

pytestmark = pytest.mark.django_db
COMPILE = "/api/v1/partner/restrictions/compile/"


@pytest.fixture
def api():
    return key_client(member_of())


def test_text_answers_its_canonical_form_and_what_each_rule_means(api):
    response = api.post(
        COMPILE, {"text": "No access Chinese mainland/Hong Kong; UK only"}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == {
        "text": "No access Chinese mainland/Hong Kong; UK only",
        "canonical": "Access United Kingdom only. No access Chinese mainland, Hong Kong",
        "rules": ["Access United Kingdom only", "No access Chinese mainland, Hong Kong"],
        "reasons": [
            "Only buyers in United Kingdom can license it.",
            "Buyers in Chinese mainland, Hong Kong cannot license it.",
        ],
    }


def test_controls_answer_the_text_they_write(api):
    response = api.post(
        COMPILE,
        {
            "controls": {
                "territory_mode": "allow",
                "territories": ["GB"],
                "embargo_until": "2026-12-01T09:00:00+01:00",
                "no_social_media": True,
            }
        },
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["text"] == (
        "Access United Kingdom only. Embargo until 2026-12-01 08:00 UTC. No social media"
    )


def test_unreadable_text_is_a_400_naming_the_phrase(api):
    response = api.post(COMPILE, {"text": "UK only. No access Narnia"}, format="json")

    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Cannot read “No access Narnia”: “Narnia” is not a territory, territory group or alias "
        "we know."
    )
    assert response.json()["fields"]["text"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"controls": {"territory_mode": "deny", "territories": []}}, "controls.territories"),
        ({"controls": {"territory_mode": "sometimes"}}, "controls.territory_mode"),
        ({"controls": {"editorial_only": "yes"}}, "controls.editorial_only"),
        ({"text": "UK only", "controls": {}}, "non_field_errors"),
        ({}, "non_field_errors"),
    ],
)
def test_bad_controls_are_a_400_naming_the_control(api, payload, field):
    response = api.post(COMPILE, payload, format="json")

    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_only_partners_may_ask(client):
    assert (
        client.post(COMPILE, {"text": "UK only"}, content_type="application/json").status_code
        == 401
    )
