"""One territory rule for buying (API and site), download links and downloads: the buyer's
territory and, when known, the request's; the most restrictive wins and the refusal names
which territory refused."""

import pytest
from django.urls import reverse

from licensing.models import Download, License
from licensing.services.territory import BUYER, REQUEST, licensing_territories
from tests.factories import AssetFactory
from tests.licensing.conftest import (
    LICENSES,
    client_for,
    make_buyer,
    nothing_sold,
    with_master,
)

pytestmark = pytest.mark.django_db

FROM_CN = {"HTTP_CF_IPCOUNTRY": "CN"}
FROM_GB = {"HTTP_CF_IPCOUNTRY": "GB"}


@pytest.fixture(autouse=True)
def cdn_header(settings):
    settings.GEO_TRUSTED_HEADER = "CF-IPCountry"


@pytest.fixture
def not_in_cn(db):
    return with_master(AssetFactory(restrictions="No access Chinese mainland"))


def buy(api, clip, key="k1", **extra):
    return api.post(
        "/api/v1/orders/",
        {"items": [{"asset": clip.public_id, "license": "editorial"}]},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
        **extra,
    )


def test_a_gb_buyer_calling_from_cn_is_refused_as_the_clip_page_is(not_in_cn):
    _, key = make_buyer("London Desk", country="GB")
    api = client_for(key)
    assert api.get(f"/api/v1/assets/{not_in_cn.public_id}/", **FROM_CN).status_code == 451
    response = buy(api, not_in_cn, **FROM_CN)
    assert response.status_code == 451
    body = response.json()
    assert body["detail"] == ("This clip is not available in CN, where this request comes from.")
    assert body["items"][0] == {
        "index": 0,
        "asset": not_in_cn.public_id,
        "territory": "CN",
        "refused_by": "request",
        "reasons": ["No access in Chinese mainland (CN)"],
    }
    assert nothing_sold()
    assert buy(api, not_in_cn, key="k2", **FROM_GB).status_code == 201


def test_a_cn_buyer_calling_from_gb_is_refused_for_its_own_territory(not_in_cn):
    _, key = make_buyer("Beijing Desk", country="CN")
    response = buy(client_for(key), not_in_cn, **FROM_GB)
    assert response.status_code == 451
    assert response.json()["detail"] == (
        "This clip is not available in CN, your organisation's territory."
    )
    assert response.json()["items"][0]["refused_by"] == "buyer"


def test_an_unknown_request_territory_leaves_the_buyers_to_decide(not_in_cn):
    _, key = make_buyer("London Desk", country="GB")
    assert buy(client_for(key), not_in_cn, HTTP_CF_IPCOUNTRY="XX").status_code == 201


def test_links_and_downloads_obey_the_request_territory_too(not_in_cn):
    _, key = make_buyer("London Desk", country="GB")
    api = client_for(key)
    assert buy(api, not_in_cn, **FROM_GB).status_code == 201
    license = License.objects.get()
    link = f"{LICENSES}{license.public_id}/download-link/"
    refused = api.post(link, **FROM_CN)
    assert refused.status_code == 451
    assert "CN, where this request comes from" in refused.json()["detail"]
    url = api.post(link, **FROM_GB).json()["url"]
    followed_from_cn = api.get(url, **FROM_CN)
    assert followed_from_cn.status_code == 451
    assert followed_from_cn.json()["items"][0]["refused_by"] == "request"
    assert not Download.objects.exists()
    assert api.get(url, **FROM_GB).status_code == 200


def test_site_checkout_and_download_follow_the_same_rule(client, not_in_cn):
    buyer, _ = make_buyer("London Desk", country="GB")
    user = buyer.members.get()
    client.force_login(user)
    form = {"asset": not_in_cn.public_id, "license": "editorial", "idempotency_key": "a"}
    shown = client.get(reverse("licensing:checkout"), form, **FROM_CN)
    assert shown.status_code == 451
    page = shown.content.decode()
    assert "not available in CN, where this request comes from" in page
    assert not_in_cn.title not in page
    assert client.post(reverse("licensing:checkout"), form, **FROM_CN).status_code == 451
    assert nothing_sold()
    assert client.post(reverse("licensing:checkout"), form, **FROM_GB).status_code == 302
    license = License.objects.get()
    download = client.post(
        reverse("licensing:download", args=[license.public_id]), follow=True, **FROM_CN
    )
    assert "CN, where this request comes from" in download.content.decode()
    assert not Download.objects.exists()


def test_the_offers_on_the_clip_page_follow_the_rule(client):
    clip = AssetFactory(restrictions="No access Chinese mainland")
    buyer, _ = make_buyer("London Desk", country="GB")
    client.force_login(buyer.members.get())
    # From CN the member does not see the clip at all; from GB they may buy it.
    assert client.get(clip.get_absolute_url(), **FROM_CN).status_code == 451
    page = client.get(clip.get_absolute_url(), **FROM_GB).content.decode()
    assert "Not available" not in page


def test_the_territories_checked():
    buyer, _ = make_buyer("London Desk", country="GB")
    assert licensing_territories(buyer=buyer, request_territory=None) == [("GB", BUYER)]
    assert licensing_territories(buyer=buyer, request_territory="GB") == [("GB", BUYER)]
    assert licensing_territories(buyer=buyer, request_territory="CN") == [
        ("GB", BUYER),
        ("CN", REQUEST),
    ]


def test_an_order_of_several_refused_clips_names_each_territory():
    _, key = make_buyer("London Desk", country="GB")
    not_cn = AssetFactory(restrictions="No access Chinese mainland")
    not_gb = AssetFactory(restrictions="No access UK")
    response = client_for(key).post(
        "/api/v1/orders/",
        {
            "items": [
                {"asset": not_cn.public_id, "license": "editorial"},
                {"asset": not_gb.public_id, "license": "editorial"},
            ]
        },
        format="json",
        HTTP_IDEMPOTENCY_KEY="k",
        **FROM_CN,
    )
    assert response.status_code == 451
    items = response.json()["items"]
    assert [(i["territory"], i["refused_by"]) for i in items] == [
        ("CN", "request"),
        ("GB", "buyer"),
    ]
    assert "each item names the territory" in response.json()["detail"]
