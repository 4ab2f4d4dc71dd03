"""Footage in: probing, storing, renditions in tasks, and every kind of bad file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog.models import VideoAsset
from tests.factories import PartnerFactory
from tests.footage.conftest import masters_on_disk

pytestmark = pytest.mark.django_db


def test_admin_upload_takes_duration_from_the_file_and_makes_renditions(
    staff_client, clip_111, django_capture_on_commit_callbacks
):
    partner = PartnerFactory()
    upload = SimpleUploadedFile("tornado.mp4", clip_111.read_bytes(), content_type="video/mp4")
    data = {
        "title": "Tornado near Norman", "slug": "tornado-near-norman", "partner": partner.pk,
        "duration_seconds": "", "restrictions": "", "master_upload": upload,
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("admin:catalog_videoasset_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    asset = VideoAsset.objects.get(slug="tornado-near-norman")
    assert asset.duration == "01:51" and asset.master
    assert asset.renditions.filter(status="done").count() == 5
    page = staff_client.get(reverse("admin:catalog_videoasset_change", args=[asset.pk]))
    assert "Watermarked 360p preview" in page.content.decode()


def test_admin_refuses_a_bad_upload_beside_the_field(staff_client):
    before = masters_on_disk()
    upload = SimpleUploadedFile("fake.mp4", b"GIF89a not really", content_type="video/mp4")
    data = {
        "title": "Fake",
        "slug": "fake",
        "partner": PartnerFactory().pk,
        "master_upload": upload,
    }
    response = staff_client.post(reverse("admin:catalog_videoasset_add"), data)
    assert response.status_code == 200
    assert "not a video" in str(response.context["adminform"].form.errors["master_upload"])
    assert not VideoAsset.objects.exists() and masters_on_disk() == before
