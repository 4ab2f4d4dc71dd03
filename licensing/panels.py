"""What licensing adds to the catalog's clip page (settings.CLIP_PAGE_PANELS)."""

from django.template.loader import render_to_string
from django.utils import timezone

from licensing.models import AssetPrice, License, LicenseType
from licensing.services.purchase import exclusivity_conflict, price_for
from licensing.site import request_buyer


def license_offers(asset, territory):
    """Each licence type for this clip: price, terms, and whether it can be bought here now
    (the checker for `territory` and the licence's use, then exclusivity), with the reason."""
    held = list(
        License.objects.not_ended(timezone.now()).filter(asset=asset).only("exclusive", "ends_at")
    )
    overrides = {(p.asset_id, p.license_type_id): p for p in AssetPrice.objects.filter(asset=asset)}
    offers = []
    for license_type in LicenseType.objects.filter(active=True):
        price, currency = price_for(asset, license_type, overrides)
        decision = asset.availability(territory, use=license_type.use)
        reason = "; ".join(decision.reasons) or exclusivity_conflict(held, license_type) or ""
        offers.append(
            {"type": license_type, "price": price, "currency": currency, "reason": reason}
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
