"""API keys: shown once when made, only a hash kept; a missing, bad or revoked key is 401."""

import pytest
from django.urls import reverse

from licensing.models import ApiKey
from licensing.services.keys import api_key_revoke
from tests.licensing.conftest import LICENSES, ORDERS, client_for, nothing_sold, order

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("header", [None, "Api-Key nope.nope", "Bearer abc", "Api-Key "])
def test_missing_or_bad_keys_are_401(api_client, clip, header):
    if header:
        api_client.credentials(HTTP_AUTHORIZATION=header)
    response = order(api_client, [{"asset": clip.public_id, "license": "editorial"}])
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Api-Key")
    assert api_client.get(LICENSES).status_code == 401
    assert nothing_sold()


def test_a_revoked_key_is_401(buyer_and_key, clip):
    buyer, raw = buyer_and_key
    api_key_revoke(key=buyer.api_keys.get())
    assert client_for(raw).get(ORDERS).status_code == 401


def test_admin_creates_an_api_key_and_shows_it_once(staff_client, buyer):
    response = staff_client.post(
        reverse("admin:licensing_apikey_add"), {"buyer": buyer.pk, "name": "CMS"}, follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    raw = next(m for m in messages if "API key for" in m).split(": ")[1].split(" ")[0]
    key = ApiKey.objects.get(name="CMS")
    assert key.matches(raw) and raw not in key.hashed_key
    changelist = staff_client.get(reverse("admin:licensing_apikey_changelist")).content.decode()
    assert raw not in changelist and key.prefix in changelist
