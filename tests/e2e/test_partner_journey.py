"""The issue's partner journey, end to end over a real socket: a member uploads a 111-second
clip with tuspy in chunks, the connection is cut half-way through a chunk and the upload
resumes where it stopped; the member submits it (in review, 01:51); staff publish it; a buyer
buys it; the partner sees the sale, the earnings at its share, and the statement line."""

import csv
import hashlib
import io
import json
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient
from tusclient import client as tus
from tusclient.exceptions import TusCommunicationError, TusUploadFailed

from catalog.models import VideoAsset
from devdata.videos import synthetic_video
from footage.models import Upload
from footage.uploads.files import upload_path
from tests.factories import PartnerFactory, UserFactory
from tests.partners.test_uploads_tuspy import settled
from tests.partners.tus import CuttingProxy

pytestmark = pytest.mark.django_db(transaction=True)


def member_key(partner) -> str:
    out = io.StringIO()
    call_command(
        "create_partner_member", "--partner", partner.slug, "--email", "filmer@example.com",
        stdout=out,
    )  # fmt: skip
    return json.loads(out.getvalue())["api_key"]


def test_upload_cut_and_resumed_submitted_published_sold_and_seen_by_the_partner(
    live_server, tmp_path, settings
):
    partner = PartnerFactory(name="Storm Chasers", revenue_share=Decimal("0.600"))
    key = member_key(partner)
    video = tmp_path / "storm.mp4"
    synthetic_video(111, target=str(video))
    size = video.stat().st_size

    # Upload with tuspy in chunks (three quarters of the file, then the rest) through a relay
    # that cuts the connection half-way through the file, in the middle of the first chunk.
    host, port = live_server.thread.host, live_server.thread.port
    proxy = CuttingProxy((host, port), cut_after=size // 2)
    headers = {"Authorization": f"Api-Key {key}"}
    endpoint = f"http://{host}:{proxy.port}/api/v1/uploads/"
    uploader = tus.TusClient(endpoint, headers=headers).uploader(
        str(video), chunk_size=size * 3 // 4, metadata={"filename": "storm.mp4"}
    )
    try:
        with pytest.raises((TusCommunicationError, TusUploadFailed)):
            uploader.upload()
        assert proxy.cut_done.is_set()
        kept = settled(uploader.url, headers)
        assert 0 < kept.offset < size  # what arrived before the cut was kept

        # A new client resumes from the server's offset and finishes, in smaller chunks.
        resumed = tus.TusClient(endpoint, headers=headers).uploader(
            str(video), url=uploader.url, chunk_size=size // 4 + 1
        )
        assert resumed.offset == kept.offset
        resumed.upload()
    finally:
        proxy.close()
    upload = Upload.objects.get()
    assert (upload.status, upload.offset, upload.duration_seconds) == ("ready", size, 111)
    assert (
        hashlib.sha256(upload_path(upload).read_bytes()).digest()
        == hashlib.sha256(video.read_bytes()).digest()
    )

    # Submit it: in review, 01:51 long, taken from the file.
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    submitted = api.post(
        "/api/v1/partner/clips/",
        {
            "upload": upload.public_id,
            "title": "Tornado crosses the highway near Norman",
            "description": "A tornado crosses Interstate 35.",
            "restrictions": "No access Chinese mainland",
            "rights": {"filmed_by_submitter": True, "people_consented": True},
        },
        format="json",
    )
    assert submitted.status_code == 201, submitted.content
    clip = submitted.json()
    assert (clip["status"], clip["duration"]) == ("review", "01:51")

    # Staff find it in the review queue and publish it.
    asset = VideoAsset.objects.get(public_id=clip["id"])
    staff = Client()
    staff.force_login(UserFactory(staff=True))
    queue = staff.get(reverse("admin:partners_assetinreview_changelist"))
    assert clip["title"] in queue.content.decode()
    change = reverse("admin:partners_assetinreview_change", args=[asset.pk])
    assert staff.post(change, {"decision": "publish", "note": ""}).status_code == 302

    # A buyer buys an editorial licence.
    out = io.StringIO()
    call_command(
        "create_buyer", "--name", "Daily Planet", "--country", "US",
        "--email", "desk@planet.example", "--credits", "1000", stdout=out,
    )  # fmt: skip
    buyer = APIClient()
    buyer.credentials(HTTP_AUTHORIZATION=f"Api-Key {json.loads(out.getvalue())['api_key']}")
    placed = buyer.post(
        "/api/v1/orders/",
        {"items": [{"asset": clip["id"], "license": "editorial"}]},
        format="json",
        HTTP_IDEMPOTENCY_KEY="planet-storm-1",
    )
    assert placed.status_code == 201, placed.content
    price = Decimal(placed.json()["lines"][0]["price"])
    share = (price * Decimal("0.600")).quantize(Decimal("0.01"))

    # The partner sees the sale on the clip, in its notices, and on this month's statement.
    seen = api.get(f"/api/v1/partner/clips/{clip['id']}/").json()
    assert seen["status"] == "published"
    assert (seen["sales"], seen["refunds"]) == (1, 0)
    assert [Decimal(e["amount"]) for e in seen["earnings"]] == [share]
    mailed = {m.subject.split(": ")[1]: m for m in mail.outbox if m.to == ["filmer@example.com"]}
    assert set(mailed) == {"Clip published", "Sale"}
    assert clip["title"] in mailed["Sale"].body and str(share) in mailed["Sale"].body
    notices = api.get("/api/v1/partner/notifications/").json()["results"]
    assert notices[0]["kind"] == "sale" and clip["title"] in notices[0]["message"]
    month = timezone.now().strftime("%Y-%m")
    statement = api.get(f"/api/v1/partner/statements/{month}.csv")
    assert statement.status_code == 200
    rows = list(csv.DictReader(io.StringIO(statement.content.decode())))
    lines = [row for row in rows if clip["title"] in row.get("clip", "")]
    assert len(lines) == 1
    assert Decimal(lines[0]["amount"]) == share
