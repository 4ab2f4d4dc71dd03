"""What licensing adds to the catalog's clip page (settings.CLIP_PAGE_PANELS)."""

from django.template.loader import render_to_string
from django.utils import timezone

from licensing.models import License, LicenseType
from licensing.services.purchase import exclusivity_conflict
from licensing.services.territory import territory_refusal
from licensing.services.tiers import PriceBook, default_tier
from licensing.services.upgrades import held_licenses
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


def license_offers(asset, *, buyer, request_territory):
    """Each licence type for this clip: price (at the resolution a purchase buys by default,
    the clip's highest), terms, whether it can be bought here now (the
    territory rule for the licence's use, then exclusivity) with the reason, and the licence of
    that type the buyer already holds, if any."""
    now = timezone.now()
    taken = list(License.objects.not_ended(now).filter(asset=asset).only("exclusive", "ends_at"))
    mine = {}
    if buyer is not None:
        mine = {lic.license_type_id: lic for lic in held_licenses(buyer, [asset.pk], now)}
    book, types = PriceBook.for_asset_types(asset, LicenseType.objects.filter(active=True))
    tier = default_tier(asset)
    offers = []
    for license_type in types:
        price = book.price(asset, license_type, tier)
        reason = _territory_reason(asset, license_type, buyer, request_territory)
        offers.append(
            {
                "type": license_type,
                "price": price.price,
                "currency": price.currency,
                "resolution": tier,
                "reason": reason or exclusivity_conflict(taken, license_type) or "",
                "held": mine.get(license_type.pk),
            }
        )
    return offers


def offers(request, asset):
    buyer = request_buyer(request)
    territory = buyer.territory if buyer is not None else request.territory
    context = {
        "asset": asset,
        "buyer": buyer,
        "offers": license_offers(asset, buyer=buyer, request_territory=request.territory),
        "territory": territory,
    }
    return render_to_string("licensing/_offers.html", context, request=request)
