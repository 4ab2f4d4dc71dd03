"""Input no database may be asked about, and ids parsed by hand: every such request answers
400 or 404 with the same status on SQLite and PostgreSQL (where a NUL in a query was a 500),
and changes nothing."""

import pytest
from django.urls import reverse

from licensing.models import ApiKey, Order
from tests.licensing.conftest import ORDERS, client_for, make_buyer, nothing_sold

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client, buyer):
    client.force_login(buyer.members.get())
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/licenses/verify/AB%00CD/",
        "/licenses/verify/AB%00C-DEFG-HJKL/",
        "/clips/?search=%00",
        "/clips/?tag=a%00b",
        "/partners/a%00/",
        "/api/v1/assets/?search=%00",
        "/api/v1/partners/?country=%00",
        "/api/v1/tags/?search=x%00",
        "/admin/login/?next=/%00",
    ],
)
def test_a_nul_in_a_public_address_is_a_400_before_any_query(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/checkout/?asset=%00&license=editorial",
        "/checkout/?asset=abcdefghijkm&license=%00",
        "/account/orders/a%00/",
        "/account/licenses/a%00/certificate/",
        "/account/?page=%00",
    ],
)
def test_a_nul_in_a_signed_in_buyers_address_is_a_400(member, url):
    assert member.get(url).status_code == 400


def test_a_nul_in_a_header_or_cookie_is_a_400_even_before_sessions(client, buyer_and_key):
    _, raw = buyer_and_key
    prefix = raw.split(".")[0]
    api = client.get(ORDERS, HTTP_AUTHORIZATION=f"Api-Key {prefix}\x00.x")
    assert api.status_code == 400
    assert api.json()["code"] == "nul_character" and api.json()["where"] == "Authorization"
    assert client.get(ORDERS, HTTP_AUTHORIZATION="Api-Key ab\x00cd.x").status_code == 400
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    assert client.get("/").status_code == 400


def test_an_api_key_that_is_not_key_shaped_is_refused_without_a_lookup(
    django_assert_num_queries, buyer_and_key
):
    _, raw = buyer_and_key
    for bad in ("ab.c\u00e9", "a" * 40 + ".x", "nothex.x", raw + "\xff", "x" * 5000):
        with django_assert_num_queries(0):
            assert client_for(bad).get(ORDERS).status_code == 401


def test_addresses_whose_id_is_not_id_shaped_are_404_from_the_resolver(member):
    for url in (
        "/account/orders/a/",
        "/account/orders/ABCDEFGHIJKM/",
        "/account/licenses/" + "a" * 13 + "/certificate/",
        "/licenses/verify/NOT-A-CODE/",
    ):
        assert member.get(url).status_code == 404, url


def test_a_nul_in_a_posted_form_is_refused_and_changes_nothing(member, clip):
    checkout = reverse("licensing:checkout")
    for form in (
        {"asset": clip.public_id + "\x00", "license": "editorial"},
        {"asset": clip.public_id, "license": "editorial\x00"},
        {"asset": clip.public_id, "license": "editorial", "idempotency_key": "k\x00"},
    ):
        assert member.post(checkout, form).status_code == 400
    keys = reverse("licensing:api-keys")
    assert member.post(keys, {"name": "CMS\x00"}).status_code == 400
    assert nothing_sold()
    assert ApiKey.objects.count() == 1  # the one buyer_create made


def test_a_nul_in_a_json_body_is_a_400_naming_the_field(buyer_api, clip):
    response = buyer_api.post(
        ORDERS,
        {"items": [{"asset": "ab\x00cd", "license": "editorial"}]},
        format="json",
        HTTP_IDEMPOTENCY_KEY="nul-1",
    )
    assert response.status_code == 400
    assert "Null characters are not allowed." in str(response.json())
    assert not Order.objects.exists()


def test_an_idempotency_key_with_a_nul_is_a_400(buyer_api, clip):
    response = buyer_api.post(
        ORDERS,
        {"items": [{"asset": clip.public_id, "license": "editorial"}]},
        format="json",
        HTTP_IDEMPOTENCY_KEY="a\x00b",
    )
    assert response.status_code == 400
    assert nothing_sold()


@pytest.mark.parametrize("bad", ["²", "abc", "", "1.5", "-1", "1e3", "9" * 30])
def test_revoking_a_key_by_a_malformed_id_reshows_the_page_with_an_error(member, buyer, bad):
    response = member.post(reverse("licensing:api-keys"), {"revoke": bad})
    assert response.status_code == 400
    assert response.context["error"]
    assert not ApiKey.objects.filter(revoked_at__isnull=False).exists()


def test_revoking_someone_elses_key_is_404_and_changes_nothing(member):
    _, other_raw = make_buyer("Other")
    other = ApiKey.objects.get(prefix=other_raw.split(".")[0])
    response = member.post(reverse("licensing:api-keys"), {"revoke": other.pk})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None


def test_a_key_name_over_a_hundred_characters_is_refused_not_cut(member):
    response = member.post(reverse("licensing:api-keys"), {"name": "x" * 101})
    assert response.status_code == 400
    assert "at most 100 characters" in response.context["error"]
    assert ApiKey.objects.count() == 1


def test_checkout_with_a_malformed_clip_id_says_so(member):
    response = member.get(reverse("licensing:checkout"), {"asset": "x", "license": "editorial"})
    assert response.status_code == 400
    assert "public id" in response.content.decode()
