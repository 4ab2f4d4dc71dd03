"""API keys: shown once when made, only a hash kept; a missing, bad or revoked key is 401."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
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


def test_admin_creates_an_api_key_and_shows_it_once_never_in_a_cookie(staff_client, buyer):
    response = staff_client.post(
        reverse("admin:licensing_apikey_add"), {"buyer": buyer.pk, "name": "CMS"}
    )
    assert response.status_code == 200  # the page itself shows it, not a redirect to a message
    assert response["Cache-Control"].count("no-store")
    raw = re.search(r'<code class="one-time-secret">([^<]+)</code>', response.content.decode())[1]
    key = ApiKey.objects.get(name="CMS")
    assert key.matches(raw) and raw not in key.hashed_key
    cookies = " ".join(morsel.OutputString() for morsel in response.cookies.values())
    cookies += " ".join(m.value for m in staff_client.cookies.values())
    assert raw not in cookies and key.prefix not in cookies
    secret_part = raw.split(".", 1)[1]
    assert not Session.objects.filter(session_data__contains=secret_part).exists()
    assert all(raw not in str(row.get_decoded()) for row in Session.objects.all())
    assert all(raw not in e.change_message + e.object_repr for e in LogEntry.objects.all())

    changelist = staff_client.get(reverse("admin:licensing_apikey_changelist")).content.decode()
    assert raw not in changelist and key.prefix in changelist
    again = staff_client.get(reverse("admin:licensing_apikey_changelist")).content.decode()
    assert raw not in again


def test_messages_are_kept_server_side_not_in_a_cookie(staff_client, buyer):
    staff_client.post(
        reverse("admin:licensing_apikey_changelist"),
        {"action": "revoke", "_selected_action": [buyer.api_keys.get().pk]},
    )
    assert "messages" not in staff_client.cookies
    listed = staff_client.get(reverse("admin:licensing_apikey_changelist"))
    assert "Revoked 1 keys." in listed.content.decode()


def test_wrong_keys_from_one_address_are_throttled_and_good_keys_are_not(
    api_client, buyer_and_key, settings
):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "api_key_failure": "5/minute",
        },
    }
    _, raw = buyer_and_key
    good = client_for(raw)
    for _ in range(5):
        assert good.get(ORDERS).status_code == 200  # successes are never counted
    prefix = raw.split(".")[0]
    guesses = [
        api_client.get(ORDERS, HTTP_AUTHORIZATION=f"Api-Key {prefix}.guess{n}").status_code
        for n in range(8)
    ]
    assert guesses == [401] * 5 + [429] * 3
    refused = api_client.get(ORDERS, HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert refused.status_code == 429
    assert "not valid came from this address" in refused.json()["detail"]
    assert int(refused["Retry-After"]) > 0
    other_address = api_client.get(
        ORDERS, HTTP_AUTHORIZATION=f"Api-Key {raw}", REMOTE_ADDR="198.51.100.5"
    )
    assert other_address.status_code == 200
