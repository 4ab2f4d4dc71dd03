"""delivery.ready and delivery.failed: a buyer who asked for a delivery format while it was
being prepared is told once it is made, or why it could not be (docs/newsroom.md)."""

import pytest

from footage.models import PreparedFormat
from footage.signals import format_failed, format_ready
from licensing.models import License
from licensing.signals import format_requested
from newsroom.models import DeliveryWatch, WebhookDelivery
from tests.factories import AssetFactory
from tests.newsroom.webhooks_support import buyer_holding, endpoint_for

pytestmark = pytest.mark.django_db
URL = "https://93.184.215.14/hook"
EVENTS = ("delivery.ready", "delivery.failed")


def asked(buyer, asset, format="h264-hd"):
    for license in License.objects.filter(buyer=buyer, asset=asset):
        format_requested.send(sender=License, license=license, format=format)


def payloads(type: str) -> dict[int, dict]:
    return {
        d.endpoint.buyer_id: d.payload
        for d in WebhookDelivery.objects.filter(type=type).select_related("endpoint")
    }


def test_each_buyer_that_asked_is_told_once_when_the_format_is_ready():
    clip = AssetFactory(width=1920, height=1080)
    first, second, silent = (buyer_holding(clip, name) for name in ("First", "Second", "Silent"))
    for buyer in (first, second, silent):
        endpoint_for(buyer, URL, events=EVENTS)
    asked(first, clip)
    asked(first, clip)  # asking twice is still one watch
    asked(second, clip)
    asked(second, clip, "prores-hq")
    assert DeliveryWatch.objects.filter(asset=clip, format="h264-hd").count() == 2

    format_ready.send(sender=PreparedFormat, asset=clip, format="h264-hd")

    told = payloads("delivery.ready")
    assert set(told) == {first.pk, second.pk}
    data = told[first.pk]["data"]
    assert data["format"] == "h264-hd"
    assert data["asset"]["id"] == clip.public_id
    assert data["licenses"] == [License.objects.get(buyer=first).public_id]
    # The watches for h264-hd are spent; the one for prores-hq still waits.
    assert list(DeliveryWatch.objects.values_list("format", flat=True)) == ["prores-hq"]
    format_ready.send(sender=PreparedFormat, asset=clip, format="h264-hd")
    assert WebhookDelivery.objects.filter(type="delivery.ready").count() == 2


def test_a_failure_tells_those_waiting_why():
    clip = AssetFactory(width=1920, height=1080)
    buyer = buyer_holding(clip, "Desk")
    endpoint_for(buyer, URL, events=EVENTS)
    asked(buyer, clip, "xdcam-hd422")

    reason = "The master could not be read to make this format; staff were told."
    format_failed.send(sender=PreparedFormat, asset=clip, format="xdcam-hd422", error=reason)

    data = payloads("delivery.failed")[buyer.pk]["data"]
    assert (data["format"], data["error"]) == ("xdcam-hd422", reason)
    assert not DeliveryWatch.objects.exists()
    assert not WebhookDelivery.objects.filter(type="delivery.ready").exists()
