"""The one territory rule of licensing, for buying (site and API), making a download link and
the download itself: the clip's restrictions must allow the buyer organisation's territory
and, when the request's territory is known, the request's too. The most restrictive wins, and a
refusal names which territory refused: a GB newsroom calling from CN is refused in CN, "where
this request comes from", and a CN newsroom calling from GB in CN, "your organisation's
territory".

The request's territory is what rights.middleware resolved for viewing (a CDN header, an IP
lookup or GEO_DEFAULT_TERRITORY); None means unknown, and then the buyer's territory alone
decides (an unknown request must not stop a newsroom whose proxy hides its country).
"""

from dataclasses import dataclass

from licensing.models import Buyer
from licensing.services.errors import PurchaseUnavailable

BUYER, REQUEST, CLIENT = "buyer", "request", "client"
WHOSE = {
    BUYER: "your organisation's territory",
    REQUEST: "where this request comes from",
    CLIENT: "your organisation",
}


@dataclass(frozen=True)
class TerritoryRefusal:
    territory: str
    refused_by: str  # BUYER or REQUEST
    reasons: tuple[str, ...]

    def sentence(self) -> str:
        if self.refused_by == CLIENT:
            return "This clip is not licensed to your organisation: its restrictions name clients."
        return f"This clip is not available in {self.territory}, {WHOSE[self.refused_by]}."

    def short(self) -> str:
        """For a list of offers: "No access in … (in CN, where this request comes from)"."""
        return f"{'; '.join(self.reasons)} (in {self.territory}, {WHOSE[self.refused_by]})"

    def as_item(self, asset_public_id: str, **extra) -> dict:
        return {
            **extra,
            "asset": asset_public_id,
            "territory": self.territory,
            "refused_by": self.refused_by,
            "reasons": list(self.reasons),
        }


def licensing_territories(*, buyer: Buyer, request_territory: str | None) -> list[tuple]:
    """(territory, whose) pairs every licensing action is checked in: the buyer's first (it is
    what the licence is granted for), then the request's when known and different."""
    places = [(buyer.territory, BUYER)]
    if request_territory and request_territory != buyer.territory:
        places.append((request_territory, REQUEST))
    return places


def territory_refusal(
    asset, *, buyer: Buyer, request_territory: str | None, use: str | None, at=None
) -> TerritoryRefusal | None:
    """Why this clip may not be licensed or downloaded here now, or None when it may."""
    for territory, whose in licensing_territories(buyer=buyer, request_territory=request_territory):
        decision = asset.availability(territory, at=at, use=use)
        if not decision.allowed:
            return TerritoryRefusal(territory, whose, tuple(decision.reasons))
    # The clip's text compiled (the checks above refuse text that does not), so this reads.
    reason = asset.restriction_set().client_refusal(buyer.known_names())
    if reason is not None:
        return TerritoryRefusal(buyer.territory, CLIENT, (reason,))
    return None


def ensure_territory_allows(
    asset, *, buyer: Buyer, request_territory: str | None, use: str | None
) -> None:
    """Raise PurchaseUnavailable (451), naming the territory that refused, unless the rule
    allows this clip for `use` here."""
    refusal = territory_refusal(asset, buyer=buyer, request_territory=request_territory, use=use)
    if refusal is not None:
        raise PurchaseUnavailable(refusal.sentence(), [refusal.as_item(asset.public_id)])


def refuse_items(refusals: list[tuple[int, str, TerritoryRefusal]]) -> None:
    """Raise one PurchaseUnavailable for an order's refused items, (index, asset id, refusal)
    each; the sentence names the territory when every item was refused by the same one."""
    if not refusals:
        return
    distinct = {(refusal.territory, refusal.refused_by) for _, _, refusal in refusals}
    if len(distinct) == 1:
        detail = refusals[0][2].sentence()
        if len(refusals) > 1:
            detail = detail.replace("This clip is", f"{len(refusals)} of these clips are", 1)
    else:
        detail = "Some clips are not available here; each item names the territory that refused it."
    raise PurchaseUnavailable(
        detail, [refusal.as_item(asset, index=index) for index, asset, refusal in refusals]
    )
