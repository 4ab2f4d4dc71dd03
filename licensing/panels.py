"""What licensing adds to the catalog's clip page (settings.CLIP_PAGE_PANELS)."""

from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone

from catalog.formats import TIER_LABELS, asset_offers, tier_rank
from licensing.models import License, LicenseType
from licensing.services.purchase import exclusivity_conflict
from licensing.services.territory import territory_refusal
from licensing.services.tiers import PriceBook, default_tier, sellable_tiers
from licensing.services.upgrades import held_licenses, highest_held
from licensing.site import request_buyer


def _territory_reason(asset, license_type, buyer, request_territory) -> str:
    """The purchase's own territory rule for a buyer; for a visitor who is not one, what the
    clip's restrictions say where they are."""
    if buyer is None:
        return "; ".join(asset.availability(request_territory, use=license_type.use).reasons)
    refusal = territory_refusal(
        asset, buyer=buyer, request_territory=request_territory, use=license_type.use
    )
    return refusal.short() if refusal is not None else ""


def license_offers(asset, *, buyer, request_territory, tier=None):
    """Each licence type for this clip: price at `tier` (by default the resolution a purchase
    buys, the clip's highest) and at every tier it is sold at, terms, whether it can be bought
    here now (the territory rule for the licence's use, then exclusivity) with the reason, the
    licence of that type the buyer already holds, if any, and what raising it to `tier` costs
    (the difference) when it is held at a lower one."""
    now = timezone.now()
    taken = list(License.objects.not_ended(now).filter(asset=asset).only("exclusive", "ends_at"))
    mine = {}
    if buyer is not None:  # per type, the licence a purchase at a higher tier would raise
        held = highest_held(held_licenses(buyer, [asset.pk], now).order_by("pk"))
        mine = {type_id: lic for (_, type_id), lic in held.items()}
    book, types = PriceBook.for_asset_types(asset, LicenseType.objects.filter(active=True))
    tier = tier or default_tier(asset)
    tiers = sellable_tiers(asset)
    offers = []
    for license_type in types:
        price = book.price(asset, license_type, tier)
        reason = _territory_reason(asset, license_type, buyer, request_territory)
        held = mine.get(license_type.pk)
        upgrade = None
        if held is not None and tier_rank(held.resolution) < tier_rank(tier):
            before = book.price(asset, license_type, held.resolution).price
            upgrade = max(price.price - before, Decimal("0.00"))
        offers.append(
            {
                "type": license_type,
                "price": price.price,
                "currency": price.currency,
                "resolution": tier,
                "tier_prices": [(t, book.price(asset, license_type, t).price) for t in tiers],
                "reason": reason or exclusivity_conflict(taken, license_type) or "",
                "held": held,
                "upgrade_price": upgrade,
            }
        )
    return offers


def resolution_choices(asset, offers=()) -> list[dict]:
    """The tiers a clip is sold at, lowest first, each with its label, the delivery formats
    it adds to the ones below it (catalog.formats) and, given license_offers, each licence
    type's price at that tier."""
    found = asset_offers(asset)
    return [
        {
            "code": tier,
            "label": TIER_LABELS[tier],
            "formats": [offer for offer in found if offer.tier == tier],
            "prices": [
                {
                    "type": o["type"],
                    "price": dict(o["tier_prices"])[tier],
                    "currency": o["currency"],
                }
                for o in offers
            ],
        }
        for tier in sellable_tiers(asset)
    ]


def offers(request, asset):
    buyer = request_buyer(request)
    territory = buyer.territory if buyer is not None else request.territory
    found = license_offers(asset, buyer=buyer, request_territory=request.territory)
    context = {
        "asset": asset,
        "buyer": buyer,
        "offers": found,
        "tiers": resolution_choices(asset, found),
        "default_tier": default_tier(asset),
        "territory": territory,
    }
    return render_to_string("licensing/_offers.html", context, request=request)
