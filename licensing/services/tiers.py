"""Prices by resolution tier (docs/licensing.md, "Resolution tiers").

A licence at a tier costs the licence type's price for the clip (its list price, or the clip's
AssetPrice) times a factor: the clip's own factor for that tier (AssetTierFactor) where staff set
one, else the tier's (ResolutionTier), rounded to the cent, half up. A database without its
tier rows (a flushed test database) prices at catalog.formats.DEFAULT_TIER_FACTORS.

Which tiers a clip is sold at is catalog.formats': every tier up to its master's. A clip whose
size is not known yet (no master read) is sold at hd only: the list price, as before tiers;
never 4k, which its master may not reach, nor web, whose licence would fetch a master of any
size (its original is its one format).

- price_for(asset, license_type, overrides): the licence type's price for the clip
- sellable_tiers(asset), default_tier(asset), tier_refusal(asset, tier), and item_tiers(items,
  assets): each order item's tier, refusing those its clip is not sold at
- PriceBook.for_assets(assets): every price of these clips with one query per table
- tier_price(asset, license_type, tier), asset_tier_prices(asset, license_types)
- license_covers(license, offer): whether a licence grants a delivery format
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import BigIntegerField, OuterRef, Subquery, Value

from catalog.formats import (
    DEFAULT_TIER_FACTORS,
    HD,
    TIERS,
    Offer,
    covers,
    tiers_offered,
    top_tier,
)
from licensing.models import CENT, AssetPrice, AssetTierFactor, ResolutionTier
from licensing.services.errors import PurchaseInvalid

# A clip whose master's size is not known yet sells only at hd, at the list price: its one
# format, the original, may be any size, so no cheaper tier may fetch it (catalog.formats).
UNKNOWN_SIZE_TIERS = (HD,)
UNKNOWN_SIZE_DEFAULT = HD


def price_for(asset, license_type, overrides: dict) -> tuple:
    """The licence type's price for the clip before any tier: the clip's own AssetPrice from
    `overrides` ({(asset pk, licence type pk): AssetPrice}), else the list price."""
    override = overrides.get((asset.pk, license_type.pk))
    if override is not None:
        return override.price, override.currency
    return license_type.price, license_type.currency


def sellable_tiers(asset) -> list[str]:
    """The tiers a clip can be licensed at, lowest first."""
    return tiers_offered(asset) or list(UNKNOWN_SIZE_TIERS)


def default_tier(asset) -> str:
    """The tier an order item without a resolution buys: the highest the clip is sold at."""
    return top_tier(asset) or UNKNOWN_SIZE_DEFAULT


def tier_refusal(asset, tier: str) -> str | None:
    """Why the clip is not sold at `tier`, as a sentence; None when it is."""
    offered = sellable_tiers(asset)
    if tier in offered:
        return None
    listed = ", ".join(offered)
    if tier not in TIERS:
        return f"Resolutions are {', '.join(TIERS)}."
    top = top_tier(asset)
    if top is None:
        return f"This clip's size is not known yet, so it is sold at {listed} only."
    return (
        f"The master is {asset.width}×{asset.height} ({top}), so this clip is sold at "
        f"{listed}, not {tier}."
    )


def item_tiers(items, assets) -> list[str]:
    """Each item's tier: the one it names, or the highest its clip is sold at. Refuses (400)
    every item naming a tier its clip is not sold at."""
    tiers, problems = [], []
    for index, item in enumerate(items):
        asset = assets[item.asset]
        tier = item.resolution or default_tier(asset)
        refusal = tier_refusal(asset, tier)
        if refusal is not None:
            problems.append(
                {"index": index, "asset": item.asset, "resolution": tier, "detail": refusal}
            )
        tiers.append(tier)
    if problems:
        raise PurchaseInvalid(
            f"Some items ask for a resolution their clip is not sold at. {problems[0]['detail']}",
            problems,
        )
    return tiers


@dataclass(frozen=True)
class TierPrice:
    price: Decimal
    currency: str
    factor: Decimal


@dataclass
class PriceBook:
    """The prices of some clips: their AssetPrices and tier factors, read once."""

    overrides: dict
    factors: dict[str, Decimal]
    asset_factors: dict[tuple[int, str], Decimal]

    @classmethod
    def for_assets(cls, assets) -> "PriceBook":
        """Two queries: the clips' AssetPrices, and the tiers' factors with theirs."""
        ids = [asset.pk for asset in assets]
        overrides = {
            (p.asset_id, p.license_type_id): p for p in AssetPrice.objects.filter(asset__in=ids)
        }
        return cls(overrides, *_factors(ids))

    @classmethod
    def for_asset_types(cls, asset, license_types) -> tuple["PriceBook", list]:
        """One clip's book and the licence types of the queryset `license_types`, in two
        queries: the types with the clip's own prices beside them, and the factors."""
        own = AssetPrice.objects.filter(asset=asset, license_type=OuterRef("pk"))
        types = list(
            license_types.annotate(
                own_price=Subquery(own.values("price")[:1]),
                own_currency=Subquery(own.values("currency")[:1]),
            )
        )
        overrides = {
            (asset.pk, t.pk): AssetPrice(
                asset_id=asset.pk, license_type_id=t.pk, price=t.own_price, currency=t.own_currency
            )
            for t in types
            if t.own_price is not None
        }
        return cls(overrides, *_factors([asset.pk])), types

    def factor(self, asset, tier: str) -> Decimal:
        own = self.asset_factors.get((asset.pk, tier))
        return own if own is not None else self.factors[tier]

    def price(self, asset, license_type, tier: str) -> TierPrice:
        base, currency = price_for(asset, license_type, self.overrides)
        factor = self.factor(asset, tier)
        return TierPrice((base * factor).quantize(CENT, rounding=ROUND_HALF_UP), currency, factor)

    def upgrade_price(self, asset, license_type, held: str, wanted: str) -> TierPrice:
        """What raising a licence from `held` to `wanted` costs at today's prices: the
        difference between the two tiers' prices, never below 0."""
        high = self.price(asset, license_type, wanted)
        low = self.price(asset, license_type, held)
        return TierPrice(max(high.price - low.price, Decimal("0.00")), high.currency, high.factor)


def _factors(asset_ids) -> tuple[dict, dict]:
    """({tier: factor}, {(asset pk, tier): the clip's own factor}) in one query."""
    factors = {code: Decimal(factor) for code, factor in DEFAULT_TIER_FACTORS.items()}
    asset_factors = {}
    tiers = ResolutionTier.objects.order_by().values_list(
        "code", "factor", Value(None, output_field=BigIntegerField())
    )
    own = (
        AssetTierFactor.objects.filter(asset__in=asset_ids)
        .order_by()
        .values_list("tier__code", "factor", "asset_id")
    )
    for code, factor, asset_id in tiers.union(own, all=True):
        if asset_id is None:
            factors[code] = factor
        else:
            asset_factors[(asset_id, code)] = factor
    return factors, asset_factors


def tier_price(asset, license_type, tier: str, buyer=None) -> tuple[Decimal, str]:
    """(price, currency) of a licence of this type for the clip at `tier`, as a purchase would
    charge it. Prices do not depend on the buyer; `buyer` is accepted for callers that have
    one. An unknown tier is refused (PurchaseInvalid); a tier above the clip's is priced all
    the same (a purchase refuses it: tier_refusal)."""
    if tier not in TIERS:
        raise PurchaseInvalid(f"Resolutions are {', '.join(TIERS)}.")
    found = PriceBook.for_assets([asset]).price(asset, license_type, tier)
    return found.price, found.currency


def asset_tier_prices(asset, license_types) -> dict[tuple[str, str], Decimal]:
    """{(licence type code, tier): price} for every tier the clip is sold at, for listing.
    `license_types` is a list, or a queryset (then read with the clip's prices beside it)."""
    if hasattr(license_types, "annotate"):
        book, license_types = PriceBook.for_asset_types(asset, license_types)
    else:
        book = PriceBook.for_assets([asset])
    return {
        (license_type.code, tier): book.price(asset, license_type, tier).price
        for license_type in license_types
        for tier in sellable_tiers(asset)
    }


def license_covers(license, offer: Offer) -> bool:
    """Whether the licence grants this delivery format (catalog.formats.covers at the
    licence's resolution); revocation and term are ensure_license_usable's."""
    return covers(license.resolution, offer)
