"""Delivery, end to end over the API (docs/delivery.md): a buyer licenses a clip at a
resolution tier, asks for delivery formats, is told to wait while they are prepared, then
downloads files that probe as asked; a second buyer gets the same files without a second
transcode; tiers price and limit what a licence grants; uses are reported back to the
partner."""

import io
from decimal import Decimal

import av
import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from django_tasks.signals import task_enqueued
from rest_framework.test import APIClient

from catalog.models import VideoAsset
from devdata.videos import synthetic_video
from footage.models import PreparedFormat
from footage.tasks import prepare_format
from licensing.models import LicenseType
from tests.factories import AssetFactory
from tests.licensing.conftest import client_for, make_buyer
from tests.partners.tus import partner_with_key

pytestmark = pytest.mark.django_db


def clip_1080(**fields):
    """A published clip whose master is a real 2 s 1920x1080 25 fps video with sound."""
    asset = AssetFactory(width=1920, height=1080, frame_rate=Decimal("25"), **fields)
    data = synthetic_video(2, width=1920, height=1080, fps=25, audio=True, distinct_frames=4)
    asset.master.save(f"{asset.slug}.mp4", ContentFile(data), save=False)
    VideoAsset.objects.filter(pk=asset.pk).update(master=asset.master.name)
    return asset


def buy(api, asset, key, resolution=None, license="editorial"):
    item = {"asset": asset.public_id, "license": license}
    if resolution:
        item["resolution"] = resolution
    answer = api.post("/api/v1/orders/", {"items": [item]}, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert answer.status_code == 201, answer.json()
    return answer.json()["lines"][0]


def fetch(url: str) -> bytes:
    answer = APIClient().get(url)
    assert answer.status_code == 200
    return b"".join(answer.streaming_content)


def probed(data: bytes) -> dict:
    with av.open(io.BytesIO(data)) as container:
        video = container.streams.video[0]
        audio = container.streams.audio[0] if container.streams.audio else None
        return {
            "format": container.format.name,
            "codec": video.codec_context.name,
            "profile": video.codec_context.profile,
            "size": (video.codec_context.width, video.codec_context.height),
            "rate": float(video.average_rate),
            "audio": audio.codec_context.name if audio else None,
        }


def test_a_buyer_licenses_at_hd_prepares_formats_and_a_second_buyer_gets_the_same_files(
    django_capture_on_commit_callbacks,
):
    clip = clip_1080(title="Flood in Valencia")
    list_price = LicenseType.objects.get(code="editorial").price
    _, key = make_buyer("Daily Planet")
    api = client_for(key)

    line = buy(api, clip, "planet-1", "hd")
    assert line["resolution"] == "hd"
    assert Decimal(line["price"]) == list_price  # hd is 100%
    detail = api.get(f"/api/v1/assets/{clip.public_id}/").json()
    formats = {f["format"]: f for f in detail["formats"]}
    assert set(formats) == {"original", "h264-web", "h264-hd", "prores-hq", "xdcam-hd422"}
    assert formats["h264-hd"]["tier"] == "hd" and formats["h264-hd"]["ready"] is False
    assert formats["original"]["ready"] is True

    link_url = f"{line['license_url']}download-link/"
    queued = []

    def note(sender, task_result, **kwargs):
        queued.append(task_result.task.name)

    task_enqueued.connect(note)
    try:
        for code, codec, container in (
            ("h264-hd", "h264", "mov,mp4,m4a,3gp,3g2,mj2"),
            ("prores-hq", "prores", "mov,mp4,m4a,3gp,3g2,mj2"),
        ):
            with django_capture_on_commit_callbacks(execute=True):  # the task runs after
                waiting = api.post(link_url, {"format": code}, format="json")
            assert waiting.status_code == 202, waiting.json()
            assert int(waiting["Retry-After"]) >= 1
            assert waiting.json()["format"] == code
            # The immediate task backend made it on commit: the same request is now a link.
            ready = api.post(link_url, {"format": code}, format="json")
            assert ready.status_code == 200, ready.json()
            assert ready.json()["format"] == code
            got = probed(fetch(ready.json()["url"]))
            assert (got["codec"], got["format"], got["size"]) == (codec, container, (1920, 1080))
            assert got["rate"] == 25
            assert got["audio"] is not None
            if code == "prores-hq":
                assert got["profile"] == "HQ"
        assert queued == [prepare_format.name] * 2
        refused = api.post(link_url, {"format": "h264-4k"}, format="json")
        assert refused.status_code == 403
        assert refused.json()["code"] == "above_licensed_tier"

        # A second buyer asks for the same format: the same stored file, no second transcode.
        _, other_key = make_buyer("Morning Star", email="desk@star.example")
        other = client_for(other_key)
        other_line = buy(other, clip, "star-1")
        assert other_line["resolution"] == "hd"  # the clip's highest, by default
        again = other.post(
            f"{other_line['license_url']}download-link/", {"format": "h264-hd"}, format="json"
        )
        assert again.status_code == 200
        assert len(queued) == 2
    finally:
        task_enqueued.disconnect(note)
    row = PreparedFormat.objects.get(asset=clip, format="h264-hd")
    assert row.attempts == 1
    license = api.get(line["license_url"]).json()
    assert [d["format"] for d in license["downloads"]] == ["prores-hq", "h264-hd"]
    states = {f["format"]: (f["covered"], f["state"]) for f in license["formats"]}
    assert states["h264-hd"] == (True, "ready")
    assert states["h264-web"] == (True, "absent")


def test_tiers_price_a_licence_and_an_upgrade_costs_the_difference():
    list_price = LicenseType.objects.get(code="editorial").price
    uhd = AssetFactory(width=3840, height=2160, frame_rate=Decimal("25"))
    _, key = make_buyer("Daily Planet")
    api = client_for(key)

    web = buy(api, AssetFactory(width=1920, height=1080), "web-1", "web")
    assert Decimal(web["price"]) == (list_price * Decimal("0.40")).quantize(Decimal("0.01"))
    hd = buy(api, uhd, "uhd-1", "hd")
    upgrade = buy(api, uhd, "uhd-2", "4k")
    assert upgrade["upgrade_of"] == hd["license_id"]
    assert Decimal(upgrade["price"]) == Decimal(hd["price"]) * Decimal("0.5")
    assert api.get(hd["license_url"]).json()["resolution"] == "4k"


def test_a_use_outside_the_licence_is_refused_and_one_inside_reaches_the_partner():
    clip = AssetFactory(
        width=1920, height=1080, restrictions="No access Chinese mainland", title="Harbour fire"
    )
    _, key = make_buyer("Daily Planet")
    api = client_for(key)
    line = buy(api, clip, "use-1")
    uses = f"{line['license_url']}usages/"
    when = timezone.now().isoformat()
    outside = api.post(
        uses,
        {"used_at": when, "platform": "digital", "territory": "CN", "title": "Night news"},
        format="json",
    )
    assert outside.status_code == 422
    assert outside.json()["code"] == "outside_license"
    abroad = api.post(  # the clip may be seen in France; the licence covers the licensee's GB
        uses,
        {"used_at": when, "platform": "digital", "territory": "FR", "title": "Night news"},
        format="json",
    )
    assert abroad.status_code == 422
    assert "the licensee's territory" in abroad.json()["detail"]
    inside = api.post(
        uses,
        {"used_at": when, "platform": "digital", "territory": "GB", "title": "Night news"},
        format="json",
    )
    assert inside.status_code == 201
    _, _, partner_key = partner_with_key(clip.partner)
    partner_api = client_for(partner_key)
    detail = partner_api.get(f"/api/v1/partner/clips/{clip.public_id}/").json()
    assert [(u["territory"], u["title"]) for u in detail["usages"]] == [("GB", "Night news")]


def test_a_link_to_a_format_of_a_replaced_master_asks_for_a_new_link(
    django_capture_on_commit_callbacks,
):
    clip = clip_1080(title="Bridge at night")
    _, key = make_buyer("Daily Planet")
    api = client_for(key)
    link_url = f"{buy(api, clip, 'k1')['license_url']}download-link/"
    with django_capture_on_commit_callbacks(execute=True):
        assert api.post(link_url, {"format": "h264-web"}, format="json").status_code == 202
    link = api.post(link_url, {"format": "h264-web"}, format="json").json()

    data = synthetic_video(2, width=1920, height=1080, fps=25, audio=True, distinct_frames=4)
    clip.master.save("replaced.mp4", ContentFile(data), save=False)
    VideoAsset.objects.filter(pk=clip.pk).update(master=clip.master.name)
    answer = APIClient().get(link["url"])

    assert answer.status_code == 409
    assert answer.json()["code"] == "format_not_ready"
