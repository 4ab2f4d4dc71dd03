"""Licences priced by resolution tier: the tier's factor (or the clip's own) times the licence
type's price; the default is the clip's highest tier; a tier above the master is refused; a
higher tier of a licence held is an upgrade for the difference, which a refund undoes."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from ledger.models import Earning, PartnerBalance
from licensing.models import (
    AssetPrice,
    AssetTierFactor,
    License,
    LicenseType,
    Order,
    OrderLine,
    ResolutionTier,
)
from licensing.services.buyers import buyer_add_credits
from licensing.services.errors import RefundConflict
from licensing.services.orders import order_refund
from tests.factories import AssetFactory
from tests.licensing.conftest import ORDERS, nothing_sold, with_master

pytestmark = pytest.mark.django_db

UHD_MASTER = {"width": 3840, "height": 2160}
HD_MASTER = {"width": 1920, "height": 1080}
WEB_MASTER = {"width": 1280, "height": 720}


def clip_of(size=None, **fields):
    return AssetFactory(restrictions="", **(size or {}), **fields)


def buy(api, clip, resolution=None, key="key-1", license="editorial", **body):
    item = {"asset": clip.public_id, "license": license}
    if resolution is not None:
        item["resolution"] = resolution
    return api.post(ORDERS, {"items": [item], **body}, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_a_web_licence_costs_40_percent_of_the_list_price(buyer, buyer_api):
    response = buy(buyer_api, clip_of(HD_MASTER), "web")

    assert response.status_code == 201, response.content
    [line] = response.json()["lines"]
    assert (line["price"], line["resolution"], line["upgrade_of"]) == ("60.00", "web", None)
    stored = OrderLine.objects.get()
    assert stored.tier_factor == Decimal("0.400") and stored.upgraded_from == ""
    assert License.objects.get().resolution == "web"
    buyer.refresh_from_db()
    assert buyer.credit_balance == Decimal("940.00")


@pytest.mark.parametrize(
    ("size", "tier", "price"),
    [
        (UHD_MASTER, "4k", "225.00"),
        (HD_MASTER, "hd", "150.00"),
        (WEB_MASTER, "web", "60.00"),
        ({"width": 1080, "height": 1920}, "hd", "150.00"),  # portrait phone footage is HD
        (None, "hd", "150.00"),  # size unknown: hd, the list price
    ],
)
def test_without_a_resolution_an_item_buys_the_clips_highest_tier(buyer_api, size, tier, price):
    response = buy(buyer_api, clip_of(size))

    assert response.status_code == 201, response.content
    [line] = response.json()["lines"]
    assert (line["resolution"], line["price"]) == (tier, price)
    assert License.objects.get().resolution == tier


def test_a_clips_own_factor_wins_over_the_tiers_and_applies_to_its_own_price(buyer_api):
    clip = clip_of(HD_MASTER)
    hd = ResolutionTier.objects.get(code="hd")
    AssetTierFactor.objects.create(asset=clip, tier=hd, factor=Decimal("0.800"))
    editorial = LicenseType.objects.get(code="editorial")
    AssetPrice.objects.create(asset=clip, license_type=editorial, price=Decimal("200.00"))

    response = buy(buyer_api, clip, "hd")

    assert response.status_code == 201, response.content
    assert response.json()["lines"][0]["price"] == "160.00"
    assert OrderLine.objects.get().tier_factor == Decimal("0.800")


def test_staff_factors_price_the_next_sale_rounded_half_up_to_the_cent(buyer_api):
    clip = clip_of(HD_MASTER)
    editorial = LicenseType.objects.get(code="editorial")
    AssetPrice.objects.create(asset=clip, license_type=editorial, price=Decimal("10.05"))
    ResolutionTier.objects.filter(code="web").update(factor=Decimal("0.500"))

    response = buy(buyer_api, clip, "web")

    assert response.json()["lines"][0]["price"] == "5.03"  # 5.025, half up (not half even)


def test_a_tier_above_the_master_is_refused_naming_its_size_and_the_tiers_offered(buyer_api):
    clip = clip_of(HD_MASTER)

    response = buy(buyer_api, clip, "4k")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "1920×1080" in body["detail"] and "web, hd" in body["detail"]
    assert body["items"] == [
        {
            "index": 0,
            "asset": clip.public_id,
            "resolution": "4k",
            "detail": body["items"][0]["detail"],
        }
    ]
    assert nothing_sold()


@pytest.mark.parametrize("tier", ["4k", "web"])
def test_a_clip_of_unknown_size_is_sold_at_hd_only(buyer_api, tier):
    response = buy(buyer_api, clip_of(), tier)

    assert response.status_code == 400
    assert "size is not known yet" in response.json()["detail"]
    assert nothing_sold()


def test_an_unknown_resolution_is_refused_by_the_api(buyer_api):
    response = buy(buyer_api, clip_of(HD_MASTER), "8k")

    assert response.status_code == 400
    assert nothing_sold()


@pytest.fixture
def held_hd(buyer, buyer_api, time_machine):
    """A 4k clip licensed at hd a day ago; the clock is now."""
    start = datetime.datetime(2027, 5, 4, 9, 0, tzinfo=datetime.UTC)
    time_machine.move_to(start, tick=False)
    clip = clip_of(UHD_MASTER)
    assert buy(buyer_api, clip, "hd", key="first").status_code == 201
    time_machine.move_to(start + datetime.timedelta(days=1), tick=False)
    return clip, License.objects.get()


def test_an_upgrade_charges_the_difference_credits_its_share_and_raises_the_licence(
    buyer, buyer_api, held_hd
):
    clip, licence = held_hd
    term = (licence.starts_at, licence.ends_at)

    response = buy(buyer_api, clip, "4k", key="upgrade")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["total"] == "75.00"  # 225.00 at 4k less 150.00 at hd
    [line] = body["lines"]
    assert line["upgrade_of"] == line["license_id"] == licence.public_id
    assert (line["resolution"], line["upgraded_from"], line["price"]) == ("4k", "hd", "75.00")
    assert License.objects.count() == 1  # no new licence
    licence.refresh_from_db()
    assert licence.resolution == "4k"
    assert (licence.starts_at, licence.ends_at) == term
    upgrade = OrderLine.objects.get(order__public_id=body["id"])
    assert upgrade.target_license == licence and upgrade.tier_factor == Decimal("1.500")
    earning = Earning.objects.get(line=upgrade)
    assert earning.amount == Decimal("37.50")  # the partner's half of 75.00
    balance = PartnerBalance.objects.get(partner=clip.partner)
    assert balance.available == Decimal("75.00") + Decimal("37.50")
    buyer.refresh_from_db()
    assert buyer.credit_balance == Decimal("1000.00") - Decimal("150.00") - Decimal("75.00")
    shown = buyer_api.get(f"/api/v1/licenses/{licence.public_id}/").json()
    assert shown["resolution"] == "4k"


def test_refunding_the_upgrade_puts_the_licence_back_to_hd(buyer, buyer_api, held_hd, staff_user):
    clip, licence = held_hd
    upgrade_order = Order.objects.get(
        public_id=buy(buyer_api, clip, "4k", key="upgrade").json()["id"]
    )

    order_refund(order=upgrade_order, actor=staff_user, reason="Asked by mistake")

    licence.refresh_from_db()
    assert licence.resolution == "hd" and licence.revoked_at is None
    buyer.refresh_from_db()
    assert buyer.credit_balance == Decimal("850.00")
    reversal = Earning.objects.get(line__order=upgrade_order, kind=Earning.Kind.REFUND)
    assert reversal.amount == Decimal("-37.50")
    entry = AuditEntry.objects.get(action="order.refunded")
    assert entry.after["restored"] == {licence.public_id: "hd"}


def test_the_first_order_is_refunded_only_after_an_upgrade_paid_since(
    buyer_api, held_hd, staff_user
):
    clip, licence = held_hd
    upgrade = Order.objects.get(public_id=buy(buyer_api, clip, "4k", key="upgrade").json()["id"])

    with pytest.raises(RefundConflict) as refused:
        order_refund(order=licence.line.order, actor=staff_user)
    assert upgrade.public_id in refused.value.detail
    licence.refresh_from_db()
    assert licence.revoked_at is None and licence.resolution == "4k"

    order_refund(order=upgrade, actor=staff_user)
    order_refund(order=licence.line.order, actor=staff_user)
    licence.refresh_from_db()
    assert licence.revoked_at is not None and licence.resolution == "hd"


def test_an_upgrade_raised_again_since_is_refunded_only_after_the_later_one(buyer_api, staff_user):
    clip = clip_of(UHD_MASTER)
    buy(buyer_api, clip, "web", key="web")
    to_hd = Order.objects.get(public_id=buy(buyer_api, clip, "hd", key="hd").json()["id"])
    to_4k = Order.objects.get(public_id=buy(buyer_api, clip, "4k", key="4k").json()["id"])

    with pytest.raises(RefundConflict):
        order_refund(order=to_hd, actor=staff_user)
    to_hd.refresh_from_db()
    assert to_hd.status == "paid" and License.objects.get().resolution == "4k"

    order_refund(order=to_4k, actor=staff_user)
    order_refund(order=to_hd, actor=staff_user)
    assert License.objects.get().resolution == "web"


def test_staff_are_told_why_an_upgrade_is_not_refunded_yet(buyer_api, staff_client):
    clip = clip_of(UHD_MASTER)
    buy(buyer_api, clip, "web", key="web")
    to_hd = buy(buyer_api, clip, "hd", key="hd").json()["id"]
    buy(buyer_api, clip, "4k", key="4k")

    response = staff_client.post(
        reverse("admin:licensing_order_changelist"),
        {"action": "refund", "_selected_action": [Order.objects.get(public_id=to_hd).pk]},
        follow=True,
    )

    assert f"Did not refund {to_hd}: Licence" in response.content.decode()
    assert "refund that order first" in response.content.decode()
    assert not Order.objects.filter(status="refunded").exists()


@pytest.mark.parametrize("tier", ["hd", "web"])
def test_the_same_or_a_lower_tier_than_held_is_still_already_licensed(buyer_api, held_hd, tier):
    clip, licence = held_hd

    response = buy(buyer_api, clip, tier, key="again")

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "already_licensed"
    assert body["items"][0]["held_license"] == licence.public_id
    assert body["items"][0]["held_resolution"] == "hd"
    assert Order.objects.count() == 1


def test_allow_duplicate_buys_a_second_licence_rather_than_an_upgrade(buyer_api, held_hd):
    clip, licence = held_hd

    response = buy(buyer_api, clip, "4k", key="second", allow_duplicate=True)

    assert response.status_code == 201
    [line] = response.json()["lines"]
    assert line["upgrade_of"] is None and line["price"] == "225.00"
    assert License.objects.count() == 2
    licence.refresh_from_db()
    assert licence.resolution == "hd"


def test_an_exclusive_licence_can_be_upgraded_by_its_holder(buyer, buyer_api):
    buyer_add_credits(buyer=buyer, amount=Decimal("4000.00"))
    clip = clip_of(UHD_MASTER)
    assert buy(buyer_api, clip, "hd", key="first", license="exclusive").status_code == 201

    response = buy(buyer_api, clip, "4k", key="upgrade", license="exclusive")

    assert response.status_code == 201, response.content
    assert response.json()["total"] == "1250.00"  # 2500 x (1.5 - 1.0)


def test_an_upgrade_never_costs_less_than_nothing(buyer_api, held_hd):
    clip, _ = held_hd
    uhd = ResolutionTier.objects.get(code="4k")
    AssetTierFactor.objects.create(asset=clip, tier=uhd, factor=Decimal("0.500"))

    response = buy(buyer_api, clip, "4k", key="upgrade")

    assert response.status_code == 201
    assert response.json()["total"] == "0.00"
    assert License.objects.get().resolution == "4k"


def test_a_replay_returns_the_same_order_and_another_resolution_is_422(buyer_api):
    clip = clip_of(UHD_MASTER)
    first = buy(buyer_api, clip, "hd", key="same")

    replay = buy(buyer_api, clip, "hd", key="same")
    other = buy(buyer_api, clip, "web", key="same")
    unnamed = buy(buyer_api, clip, key="same")

    assert (first.status_code, replay.status_code) == (201, 200)
    assert replay.json()["id"] == first.json()["id"]
    assert other.status_code == unnamed.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert Order.objects.count() == 1


def test_a_link_stops_serving_a_format_the_licence_no_longer_covers(buyer_api, staff_user):
    clip = with_master(clip_of(UHD_MASTER))
    buy(buyer_api, clip, "hd", key="hd")
    upgrade = Order.objects.get(public_id=buy(buyer_api, clip, "4k", key="4k").json()["id"])
    licence = License.objects.get()
    link = buyer_api.post(f"/api/v1/licenses/{licence.public_id}/download-link/").json()

    order_refund(order=upgrade, actor=staff_user)  # the licence is back at hd; the 4k master
    answer = buyer_api.get(link["url"])

    assert answer.status_code == 403
    assert answer.json()["code"] == "above_licensed_tier"
    assert not licence.downloads.exists()
