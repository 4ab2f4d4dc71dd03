"""What other parts call to price and check by tier (licensing.services.tiers), the tiers in
admin, and the migration that gives every earlier licence and line its clip's top tier."""

import hashlib
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from catalog.formats import asset_offer
from licensing.models import AssetTierFactor, LicenseType, ResolutionTier
from licensing.services.errors import PurchaseInvalid
from licensing.services.purchase import PurchaseItem, fingerprint
from licensing.services.tiers import (
    PriceBook,
    asset_tier_prices,
    license_covers,
    tier_price,
)
from tests.factories import AssetFactory
from tests.test_upgrade import migrate, migrate_to_latest

UHD_MASTER = {"width": 3840, "height": 2160}


@pytest.mark.django_db
def test_tier_price_is_what_a_purchase_charges():
    clip = AssetFactory(**UHD_MASTER)
    commercial = LicenseType.objects.get(code="commercial")
    AssetTierFactor.objects.create(
        asset=clip, tier=ResolutionTier.objects.get(code="4k"), factor=Decimal("2.000")
    )

    assert tier_price(clip, commercial, "web") == (Decimal("180.00"), "USD")
    assert tier_price(clip, commercial, "4k") == (Decimal("900.00"), "USD")
    with pytest.raises(PurchaseInvalid):
        tier_price(clip, commercial, "8k")


@pytest.mark.django_db
def test_asset_tier_prices_lists_each_type_at_each_tier_the_clip_is_sold_at():
    clip = AssetFactory(width=1920, height=1080)
    types = LicenseType.objects.filter(code__in=["editorial", "commercial"])

    listed = asset_tier_prices(clip, types)

    assert listed == {
        ("commercial", "web"): Decimal("180.00"),
        ("commercial", "hd"): Decimal("450.00"),
        ("editorial", "web"): Decimal("60.00"),
        ("editorial", "hd"): Decimal("150.00"),
    }
    assert asset_tier_prices(clip, list(types)) == listed


@pytest.mark.django_db
def test_one_clips_prices_take_two_queries():
    clip = AssetFactory(**UHD_MASTER)
    AssetTierFactor.objects.create(
        asset=clip, tier=ResolutionTier.objects.get(code="hd"), factor=Decimal("0.900")
    )
    with CaptureQueriesContext(connection) as queries:
        book, types = PriceBook.for_asset_types(clip, LicenseType.objects.all())
    assert len(queries) == 2
    editorial = next(t for t in types if t.code == "editorial")
    assert book.price(clip, editorial, "hd").price == Decimal("135.00")
    assert book.price(clip, editorial, "4k").price == Decimal("225.00")


@pytest.mark.django_db
def test_a_database_without_its_tier_rows_prices_at_the_default_factors():
    ResolutionTier.objects.all().delete()
    clip = AssetFactory(**UHD_MASTER)

    assert tier_price(clip, LicenseType.objects.get(code="editorial"), "web")[0] == Decimal("60.00")


@pytest.mark.django_db
def test_a_licence_covers_the_formats_of_its_tier_and_below(sold):
    _, licence = sold
    clip = licence.asset
    clip.width, clip.height = 3840, 2160
    licence.resolution = "hd"

    assert license_covers(licence, asset_offer(clip, "h264-web"))
    assert license_covers(licence, asset_offer(clip, "h264-hd"))
    assert license_covers(licence, asset_offer(clip, "xdcam-hd422"))
    assert not license_covers(licence, asset_offer(clip, "h264-4k"))
    assert not license_covers(licence, asset_offer(clip, "original"))


def test_an_item_without_a_resolution_keeps_the_fingerprint_it_had_before_tiers():
    before_tiers = hashlib.sha256(json.dumps([["abc", "editorial"]]).encode()).hexdigest()

    assert fingerprint([PurchaseItem("abc", "editorial")]) == before_tiers
    assert fingerprint([PurchaseItem("abc", "editorial", "hd")]) != before_tiers


@pytest.mark.django_db
def test_staff_change_a_tiers_factor_and_it_is_audited(staff_client, staff_user):
    web = ResolutionTier.objects.get(code="web")
    url = reverse("admin:licensing_resolutiontier_change", args=[web.pk])

    response = staff_client.post(
        url, {"name": "Web", "factor": "0.350", "position": "0"}, follow=False
    )

    assert response.status_code == 302, response.content
    web.refresh_from_db()
    assert (web.code, web.factor) == ("web", Decimal("0.350"))
    entry = AuditEntry.objects.get(action="resolution_tier.changed")
    assert entry.actor == staff_user
    assert (entry.before["factor"], entry.after["factor"]) == ("0.400", "0.350")
    assert not ResolutionTier.objects.filter(code="web").exclude(factor=Decimal("0.350")).exists()
    delete = reverse("admin:licensing_resolutiontier_delete", args=[web.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    assert staff_client.get(reverse("admin:licensing_resolutiontier_add")).status_code == 403


@pytest.mark.django_db
def test_staff_set_a_clips_own_factor_beside_its_prices(staff_client):
    clip = AssetFactory(**UHD_MASTER)
    uhd = ResolutionTier.objects.get(code="4k")

    response = staff_client.post(
        reverse("admin:licensing_assettierfactor_add"),
        {"asset": clip.pk, "tier": uhd.pk, "factor": "1.250"},
    )

    assert response.status_code == 302, response.content
    assert AssetTierFactor.objects.get(asset=clip, tier=uhd).factor == Decimal("1.250")
    assert AuditEntry.objects.get(action="asset_tier_factor.added").after["factor"] == "1.250"
    refused = staff_client.post(
        reverse("admin:licensing_assettierfactor_add"),
        {"asset": clip.pk, "tier": uhd.pk, "factor": "-1"},
    )
    assert refused.status_code == 200 and AssetTierFactor.objects.count() == 1


BEFORE_TIERS = [("licensing", "0010_buyer_known_as")]


@pytest.fixture
def back_to_latest():
    """Whatever the test does, the database ends at the latest migrations for the next one
    (taking licensing back also takes back the apps and migrations built on it)."""
    yield
    migrate_to_latest()


def sell_before_tiers(old, asset, key):
    now = timezone.now()
    buyer = old.get_model("licensing", "Buyer").objects.get_or_create(
        name="Daily Planet", slug="daily-planet", country="US"
    )[0]
    editorial = old.get_model("licensing", "LicenseType").objects.get(code="editorial")
    order = old.get_model("licensing", "Order").objects.create(
        buyer=buyer, status="paid", currency="USD", total=Decimal("150.00"),
        payment_method="credits", territory="US", idempotency_key=key,
        request_fingerprint="f" * 64, paid_at=now,
    )  # fmt: skip
    line = old.get_model("licensing", "OrderLine").objects.create(
        order=order, asset=asset, license_type=editorial, partner=asset.partner,
        asset_public_id=asset.public_id, title=asset.title, license_code="editorial",
        license_name="Editorial", use="editorial", exclusive=False, duration_days=365,
        terms="Editorial use", territory="US", price=Decimal("150.00"), currency="USD",
        partner_share=Decimal("0.500"),
    )  # fmt: skip
    return old.get_model("licensing", "License").objects.create(
        line=line, buyer=buyer, asset=asset, license_type=editorial, exclusive=False,
        starts_at=now, ends_at=now + timedelta(days=365),
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_latest")
def test_licences_sold_before_tiers_become_their_clips_top_tier():
    old = migrate(BEFORE_TIERS)
    partner = old.get_model("catalog", "ContentPartner").objects.create(name="P", slug="p")
    Asset = old.get_model("catalog", "VideoAsset")

    def clip(slug, width=None, height=None):
        return Asset.objects.create(
            public_id=f"tiers{slug:0>7}", title=slug, slug=slug, duration_seconds=10,
            partner=partner, status="published", published_at=timezone.now(), width=width,
            height=height,
        )  # fmt: skip

    sold = {
        "hd": sell_before_tiers(old, clip("hd", 1920, 1080), "k1").pk,
        "web": sell_before_tiers(old, clip("web", 640, 360), "k2").pk,
        "uhd": sell_before_tiers(old, clip("uhd", 4096, 2160), "k3").pk,
        "unknown": sell_before_tiers(old, clip("unknown"), "k4").pk,
    }

    new = migrate([("licensing", "0012_resolution_tiers_seed_and_backfill")])

    License = new.get_model("licensing", "License")
    found = {name: License.objects.get(pk=pk) for name, pk in sold.items()}
    assert {name: lic.resolution for name, lic in found.items()} == {
        "hd": "hd", "web": "web", "uhd": "4k", "unknown": "4k",
    }  # fmt: skip
    lines = new.get_model("licensing", "OrderLine").objects.filter(upgrade_of__isnull=True)
    assert sorted(lines.values_list("resolution", "tier_factor")) == [
        ("4k", Decimal("1.000")), ("4k", Decimal("1.000")),
        ("hd", Decimal("1.000")), ("web", Decimal("1.000")),
    ]  # fmt: skip
    factors = new.get_model("licensing", "ResolutionTier").objects.values_list("code", "factor")
    assert dict(factors) == {
        "web": Decimal("0.400"), "hd": Decimal("1.000"), "4k": Decimal("1.500"),
    }  # fmt: skip

    migrate(BEFORE_TIERS)  # and back: the columns go, the rows stay
    assert old.get_model("licensing", "License").objects.count() == 4
    migrate([("licensing", "0012_resolution_tiers_seed_and_backfill")])
