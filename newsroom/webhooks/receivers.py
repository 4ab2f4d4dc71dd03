"""What the catalog and licensing tell us, turned into webhook events for the buyers concerned.

The receivers run inside the sender's transaction, so the deliveries are written with the
change itself (an event exists if and only if the change committed); the POSTs go out on
commit (newsroom.webhooks.publishing).

Who hears about a clip: every buyer holding a licence of it that was not revoked (expired
ones too: a clip aired last year may still be online). One event per buyer, listing that
buyer's licences, however many it holds.
"""

from django.db import transaction

from catalog.models import AssetStatus
from licensing.models import License
from newsroom.links import ninjs_url
from newsroom.models import DeliveryWatch
from newsroom.webhooks.publishing import Event, events_publish, iso_timestamp


def _asset_data(asset) -> dict:
    return {
        "id": asset.public_id,
        "title": asset.title,
        "status": asset.status,
        "ninjs": ninjs_url(asset.public_id),
    }


def _licensees(asset) -> dict[int, list[str]]:
    """buyer id -> the public ids of its licences of `asset` that were not revoked."""
    holders: dict[int, list[str]] = {}
    rows = (
        License.objects.filter(asset=asset, revoked_at__isnull=True)
        .order_by("buyer_id", "pk")
        .values_list("buyer_id", "public_id")
    )
    for buyer_id, public_id in rows:
        holders.setdefault(buyer_id, []).append(public_id)
    return holders


def _to_licensees(asset, type: str, data: dict) -> int:
    events = [
        Event(buyer_id=buyer_id, type=type, data={**data, "licenses": licenses})
        for buyer_id, licenses in _licensees(asset).items()
    ]
    return events_publish(events)


def on_asset_status_changed(sender, *, asset, previous, status, **kwargs):
    if status != AssetStatus.WITHDRAWN or previous == AssetStatus.WITHDRAWN:
        return
    data = {
        "event": "The clip was withdrawn: stop using it; its licences stay on record.",
        "asset": _asset_data(asset),
        "previous_status": previous,
    }
    _to_licensees(asset, "asset.withdrawn", data)


def on_asset_restrictions_changed(sender, *, asset, previous, restrictions, **kwargs):
    data = {
        "event": "What the clip's restrictions allow changed; check them before further use.",
        "asset": _asset_data(asset),
        "restrictions": {
            "before": previous,  # None when the text stayed and its meaning changed
            "after": restrictions,
        },
    }
    _to_licensees(asset, "asset.restrictions_changed", data)


def on_license_revoked(sender, *, license, reason, **kwargs):
    asset = license.asset
    data = {
        "event": "The licence was revoked: it no longer covers use of the clip.",
        "license": {
            "id": license.public_id,
            "revoked_at": iso_timestamp(license.revoked_at) if license.revoked_at else None,
            "reason": reason,
        },
        "asset": _asset_data(asset),
    }
    events_publish([Event(buyer_id=license.buyer_id, type="license.revoked", data=data)])


def on_order_created(sender, *, order, **kwargs):
    lines = order.lines.select_related("license", "upgrade_of").order_by("pk")
    data = {
        "event": "An order was placed and paid.",
        "order": {
            "id": order.public_id,
            "status": order.status,
            "total": str(order.total),
            "currency": order.currency,
            "created_at": iso_timestamp(order.created_at),
        },
        "lines": [
            {
                "asset": {
                    "id": line.asset_public_id,
                    "title": line.title,
                    "ninjs": ninjs_url(line.asset_public_id),
                },
                "license_type": line.license_code,
                # The licence issued, or for an upgrade the one raised to `resolution`.
                "license": getattr(line.target_license, "public_id", None),
                "resolution": line.resolution,
                "upgrade": line.upgrade_of_id is not None,
                "price": str(line.price),
            }
            for line in lines
        ],
    }
    events_publish([Event(buyer_id=order.buyer_id, type="order.created", data=data)])


def on_format_requested(sender, *, license, format, **kwargs):
    """Remember who waits for this format, to tell them once it is ready."""
    DeliveryWatch.objects.get_or_create(
        license=license,
        format=format,
        defaults={"buyer_id": license.buyer_id, "asset_id": license.asset_id},
    )


@transaction.atomic  # footage sends these on commit: the events and the spent watches together
def _to_watchers(asset, format: str, type: str, data: dict) -> int:
    """One event per buyer waiting for `format` of `asset`, naming their licences; the
    watches are spent."""
    watches = DeliveryWatch.objects.filter(asset=asset, format=format).select_related("license")
    waiting: dict[int, list[str]] = {}
    spent = []
    for watch in watches.order_by("buyer_id", "license_id"):
        waiting.setdefault(watch.buyer_id, []).append(watch.license.public_id)
        spent.append(watch.pk)
    # Only those read: a watch made meanwhile waits for the next event rather than vanish.
    DeliveryWatch.objects.filter(pk__in=spent).delete()
    events = [
        Event(buyer_id=buyer_id, type=type, data={**data, "licenses": licenses})
        for buyer_id, licenses in waiting.items()
    ]
    return events_publish(events)


def on_format_ready(sender, *, asset, format, **kwargs):
    data = {
        "event": "The delivery format you asked for is ready: ask for its download link again.",
        "asset": _asset_data(asset),
        "format": format,
    }
    _to_watchers(asset, format, "delivery.ready", data)


def on_format_failed(sender, *, asset, format, error="", **kwargs):
    data = {
        "event": "The delivery format you asked for could not be made.",
        "asset": _asset_data(asset),
        "format": format,
        "error": error,
    }
    _to_watchers(asset, format, "delivery.failed", data)
