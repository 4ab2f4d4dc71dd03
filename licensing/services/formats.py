"""Delivery formats for a licensee (docs/delivery.md): which formats a licence grants, where
each stands, and asking for one to be prepared.

The formats and tiers are catalog.formats'; preparing them is footage's, reached through the
module settings.DOWNLOAD_DELIVERY names (licensing imports no footage code). A licence grants
every format at or below its resolution tier.
"""

from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.db import transaction

from catalog.formats import (
    ORIGINAL,
    PROFILES,
    TIER_LABELS,
    Offer,
    asset_offer,
    asset_offers,
    tier_for,
    tier_rank,
)
from licensing.models import License
from licensing.services.errors import AboveLicensedTier, FormatFailed, FormatNotOffered
from licensing.services.tiers import license_covers
from licensing.signals import format_requested


def deliveries():
    """The module that turns a master into what a licensee receives (footage.deliveries):
    delivery and format opening, preparing and the state of each format."""
    return import_module(settings.DOWNLOAD_DELIVERY)


@dataclass(frozen=True)
class LicensedFormat:
    """One format of a licensed clip, for the buyer: its offer, whether the licence covers
    it, and where its file stands (ready, preparing, failed, absent)."""

    offer: Offer
    covered: bool
    state: str
    progress: int = 0
    error: str = ""
    retry_after: int = 0

    @property
    def code(self) -> str:
        return self.offer.code

    @property
    def ready(self) -> bool:
        return self.state == "ready"


def license_formats(license: License) -> list[LicensedFormat]:
    """Every format offered for the licence's clip, covered or not, with its state."""
    asset = license.asset
    states = deliveries().formats_state(asset)
    found = []
    for offer in asset_offers(asset):
        state = states.get(offer.code)
        found.append(
            LicensedFormat(
                offer=offer,
                covered=license_covers(license, offer),
                state=state.state if state else "absent",
                progress=state.progress if state else 0,
                error=state.error if state else "",
                retry_after=state.retry_after if state else 0,
            )
        )
    return found


def licensed_offer(license: License, code: str) -> Offer:
    """The offer of format `code` for the licence's clip, if the licence grants it: else
    FormatNotOffered (400, naming what is offered) or AboveLicensedTier (403)."""
    asset = license.asset
    code = code or ORIGINAL
    nominal = nominal_tier(code)
    if nominal is not None and tier_rank(nominal) > tier_rank(license.resolution):
        raise _above(license, code, nominal)
    offer = asset_offer(asset, code)
    if offer is None:
        offered = ", ".join(o.code for o in asset_offers(asset)) or ORIGINAL
        raise FormatNotOffered(
            f"“{code}” is not a delivery format of this clip; it comes as: {offered}.",
            fields=["format"],
        )
    if not license_covers(license, offer):
        raise _above(license, code, offer.tier, f" ({offer.width}×{offer.height})")
    return offer


def nominal_tier(code: str) -> str | None:
    """The tier a format is at whatever the master, for the formats named for their size
    (h264-hd, h264-4k); None for those whose tier follows the master (original, ProRes, ...)."""
    profile = PROFILES.get(code)
    if profile is None or profile.box is None or not profile.min_short_side:
        return None
    return tier_for(*profile.box)


def _above(license: License, code: str, tier: str, size: str = "") -> AboveLicensedTier:
    return AboveLicensedTier(
        f"Licence {license.public_id} is at {TIER_LABELS[license.resolution]}; {code} is "
        f"{TIER_LABELS[tier]}{size}. Order the clip again with the same licence type at "
        f'"resolution": "{tier}" to raise the licence for the difference, where the clip is '
        "sold at that resolution.",
        [{"format": code, "tier": tier, "license_resolution": license.resolution}],
    )


def format_ask(license: License, offer: Offer):
    """Ask for the format's file: its state (footage's FormatState). The first ask queues it
    to be prepared; while it is being prepared the licensee is remembered, to be told when
    it is ready (format_requested). A format that could not be made is FormatFailed (503)."""
    state = deliveries().format_prepare(license.asset, offer.code)
    if state.state == "failed":
        raise FormatFailed(
            state.error or f"The {offer.code} file of this clip could not be made.",
            [{"format": offer.code}],
        )
    if state.state != "ready":
        with transaction.atomic():
            format_requested.send(sender=License, license=license, format=offer.code)
    return state
