"""Partner members and their keys: made by command, reaching only the partner endpoints and
only their own partner's data."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from catalog.models import AssetStatus
from partners.models import PartnerApiKey, PartnerMember
from partners.services.members import partner_key_revoke
from tests.factories import AssetFactory, PartnerFactory, UserFactory
from tests.partners.clips import key_client, member_of

pytestmark = pytest.mark.django_db


def create_member(*args):
    out = io.StringIO()
    call_command("create_partner_member", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_command_prints_the_user_and_a_key_that_works():
    partner = PartnerFactory(slug="storm-desk")

    printed = create_member("--partner", "storm-desk", "--email", "ana@example.com")

    member = PartnerMember.objects.get(user_id=printed["user"])
    assert member.partner == partner
    assert printed["api_key"].startswith("ptn_")
    assert printed["api_key"] not in str(PartnerApiKey.objects.values_list())  # only a hash
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {printed['api_key']}")
    assert api.get("/api/v1/partner/clips/").status_code == 200


def test_an_unknown_partner_is_a_clear_error():
    with pytest.raises(CommandError, match="No content partner has the slug 'nobody'"):
        create_member("--partner", "nobody", "--email", "ana@example.com")


def test_a_person_of_another_partner_is_a_clear_error():
    member_of(PartnerFactory(name="Storm Desk"), email="ana@example.com")
    PartnerFactory(slug="flood-desk")

    with pytest.raises(CommandError, match=r"ana@example\.com is already a member of Storm Desk"):
        create_member("--partner", "flood-desk", "--email", "ana@example.com")

    assert PartnerMember.objects.count() == 1


def test_a_partner_key_sees_only_its_partners_clips():
    member = member_of()
    mine = AssetFactory(partner=member.partner, status=AssetStatus.REVIEW)
    theirs = AssetFactory(partner=PartnerFactory(), status=AssetStatus.REVIEW)
    api = key_client(member)

    listed = [clip["id"] for clip in api.get("/api/v1/partner/clips/").json()["results"]]

    assert listed == [mine.public_id]
    assert api.get(f"/api/v1/partner/clips/{theirs.public_id}/").status_code == 404


@pytest.mark.parametrize("path", ["/api/v1/orders/", "/api/v1/assets/", "/api/v1/licenses/"])
def test_a_partner_key_is_refused_on_buyer_endpoints(path):
    api = key_client(member_of())

    response = api.get(path)

    assert response.status_code == 401
    assert "content partners' keys only /api/v1/partner/" in response.json()["detail"]


def test_a_buyer_key_is_refused_on_partner_endpoints():
    from tests.licensing.conftest import client_for, make_buyer

    _, raw = make_buyer()

    assert client_for(raw).get("/api/v1/partner/clips/").status_code == 401


def test_a_revoked_key_stops_working():
    member = member_of()
    api = key_client(member)
    partner_key_revoke(key=PartnerApiKey.objects.get())

    assert api.get("/api/v1/partner/clips/").status_code == 401


def test_a_signed_in_member_reaches_the_partner_endpoints_and_others_do_not(client):
    member = member_of()
    client.force_login(member.user)
    assert client.get("/api/v1/partner/clips/").status_code == 200

    client.force_login(UserFactory())
    assert client.get("/api/v1/partner/clips/").status_code == 403


def test_a_removed_members_key_stops_working():
    member = member_of()
    api = key_client(member)
    assert api.get("/api/v1/partner/clips/").status_code == 200

    member.delete()  # staff remove the person from the partner

    assert api.get("/api/v1/partner/clips/").status_code == 401


def test_a_deactivated_persons_key_stops_working():
    member = member_of()
    api = key_client(member)

    member.user.is_active = False
    member.user.save(update_fields=["is_active"])

    assert api.get("/api/v1/partner/clips/").status_code == 401


def test_keys_of_the_other_kind_do_not_lock_their_client_out(settings):
    # Given a tight limit on wrong keys per address
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "api_key_failure": "3/minute",
        },
    }
    member = member_of()
    partner_api = key_client(member)
    # When the partner's client sends its key to buyer endpoints again and again
    answers = [partner_api.get("/api/v1/orders/").status_code for _ in range(6)]

    # Then each is a 401, none counts as a guess, and its own endpoints still answer
    assert answers == [401] * 6
    assert partner_api.get("/api/v1/partner/clips/").status_code == 200
    # while guesses at partner keys are counted and throttled as ever
    guess = APIClient()
    guess.credentials(HTTP_AUTHORIZATION="Api-Key ptn_0a1b2c3d.guess")
    assert [guess.get("/api/v1/partner/clips/").status_code for _ in range(4)] == [401] * 3 + [429]
