"""Upgrades: raising a licence the buyer holds to a higher resolution tier (docs/licensing.md,
"Upgrades").

An order item for a clip and licence type the buyer already holds (not revoked, not ended) at a
lower tier is an upgrade: its line costs the difference between the two tiers' prices today,
names the licence (`upgrade_of`) and the tier it had (`upgraded_from`), and issues no licence;
the held licence's resolution goes up, its term stays. An item at the same or a lower tier
than one held is refused (409, already_licensed) unless the buyer asks for a second licence
(allow_duplicate). A refund of the order puts the licence back to the tier it had.

The purchase calls held_upgrades under the buyer's and the clips' locks; the licences it
upgrades are locked after them, by primary key (docs/architecture.md, "Lock order"). A refund
calls upgrades_undo under the buyer's and the order's locks.
"""

from catalog.formats import tier_rank
from licensing.models import Buyer, License, OrderLine, OrderStatus
from licensing.services.errors import PurchaseConflict, RefundConflict


def held_licenses(buyer: Buyer, asset_ids, now=None):
    """The buyer's licences still in force or yet to start (not revoked, not ended) for these
    clips: what a second purchase of the same clip and type would duplicate or upgrade."""
    return License.objects.not_ended(now).filter(buyer=buyer, asset__in=asset_ids)


def highest_held(licenses) -> dict[tuple[int, int], License]:
    """{(clip id, licence type id): the licence held at the highest tier}, the first of
    `licenses` on a tie: the licence a purchase at a higher tier raises."""
    held: dict[tuple[int, int], License] = {}
    for lic in licenses:
        key = (lic.asset_id, lic.license_type_id)
        if key not in held or tier_rank(lic.resolution) > tier_rank(held[key].resolution):
            held[key] = lic
    return held


def held_upgrades(items, tiers, assets, types, buyer: Buyer, now) -> dict[int, License]:
    """{item index: the held licence it upgrades} for items above the tier the buyer holds
    (the highest held of that clip and type, locked). Raises PurchaseConflict (409,
    already_licensed) naming every item at or below a tier already held."""
    ids = [asset.pk for asset in assets.values()]
    held = highest_held(held_licenses(buyer, ids, now).order_by("pk").select_for_update())
    upgrades, conflicts = {}, []
    for index, item in enumerate(items):
        license_type = types[item.license]
        found = held.get((assets[item.asset].pk, license_type.pk))
        if found is None:
            continue
        if tier_rank(tiers[index]) > tier_rank(found.resolution):
            upgrades[index] = found
            continue
        conflicts.append(
            {
                "index": index,
                "asset": item.asset,
                "license": item.license,
                "resolution": tiers[index],
                "held_license": found.public_id,
                "held_resolution": found.resolution,
                "detail": f"You already hold {license_type.name} licence {found.public_id} "
                f"for this clip (resolution {found.resolution}), in force until "
                f"{found.ends_at:%Y-%m-%d}.",
            }
        )
    if conflicts:
        first = conflicts[0]
        raise PurchaseConflict(
            f'{first["detail"]} To buy it again, send "allow_duplicate": true; to upgrade, '
            "ask for a higher resolution.",
            conflicts,
            code="already_licensed",
        )
    return upgrades


def upgrades_undo(order) -> list[License]:
    """Put each licence the (locked, refunding) order upgraded back to the tier it had; returns
    them. Refused (RefundConflict, 409) when a later order raised one further: that order is
    refunded first, so no refund takes away a tier paid for by another."""
    lines = list(
        OrderLine.objects.filter(order=order, upgrade_of__isnull=False)
        .select_related("upgrade_of")
        .order_by("pk")
    )
    later = [line for line in lines if line.upgrade_of.resolution != line.resolution]
    if later:
        names = ", ".join(line.upgrade_of.public_id for line in later)
        raise RefundConflict(
            f"Licence {names} was upgraded again by a later order after this one; refund that "
            "order first.",
            [
                {"license": line.upgrade_of.public_id, "resolution": line.upgrade_of.resolution}
                for line in later
            ],
        )
    restored = []
    for line in lines:
        License.objects.filter(pk=line.upgrade_of_id).update(resolution=line.upgraded_from)
        line.upgrade_of.resolution = line.upgraded_from
        restored.append(line.upgrade_of)
    return restored


def ensure_not_upgraded_since(order) -> None:
    """Refuse (RefundConflict, 409) to refund an order whose licence a later paid order
    upgraded: revoking it would take away the tier that order paid for. The upgrade is
    refunded first."""
    later = (
        OrderLine.objects.filter(upgrade_of__line__order=order, order__status=OrderStatus.PAID)
        .exclude(order=order)
        .select_related("order", "upgrade_of")
        .order_by("pk")
    )
    found = list(later)
    if found:
        names = ", ".join(sorted({line.order.public_id for line in found}))
        raise RefundConflict(
            f"A licence of this order was upgraded by order {names}, paid since; refund that "
            "order first, so no refund takes away a tier another order paid for.",
            [
                {"license": line.upgrade_of.public_id, "order": line.order.public_id}
                for line in found
            ],
        )
