"""What licensing adds to the catalog's clip page (settings.CLIP_PAGE_PANELS)."""

from django.template.loader import render_to_string
from django.utils import timezone

from licensing.models import AssetPrice, License, LicenseType
from licensing.site import request_buyer


def license_offers(asset, territory):
    """Each licence type for this clip: price, terms, and whether it can be bought here now
    (the checker for `territory` and the licence's use, then exclusivity), with the reason."""
    held = list(
        License.objects.active(timezone.now()).filter(asset=asset).only("exclusive", "ends_at")
    )
    exclusive = next((lic for lic in held if lic.exclusive), None)
    prices = {p.license_type_id: p for p in AssetPrice.objects.filter(asset=asset)}
    offers = []
    for license_type in LicenseType.objects.filter(active=True):
        override = prices.get(license_type.pk)
        decision = asset.availability(territory, use=license_type.use)
        reason = "; ".join(decision.reasons)
        if not reason and exclusive is not None:
            reason = f"Licensed exclusively until {exclusive.ends_at:%d %B %Y}"
        elif not reason and license_type.exclusive and held:
            reason = "Others hold licences, so it cannot be licensed exclusively now"
        offers.append(
            {
                "type": license_type,
                "price": override.price if override else license_type.price,
                "currency": override.currency if override else license_type.currency,
                "reason": reason,
            }
        )
    return offers


def offers(request, asset):
    buyer = request_buyer(request)
    territory = buyer.territory if buyer is not None else request.territory
    context = {
        "asset": asset,
        "buyer": buyer,
        "offers": license_offers(asset, territory),
        "territory": territory,
    }
    return render_to_string("licensing/_offers.html", context, request=request)
