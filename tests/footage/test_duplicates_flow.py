"""The issue's script for duplicates, end to end on the real code paths: another partner sends,
by tus, a re-encoded and letterboxed copy of a published clip; it lands in review naming that
clip under `duplicates`, and publishing it is refused until staff decide."""

import pytest
from django.core.files import File
from rest_framework.test import APIClient

from catalog.models import AssetStatus, VideoAsset
from footage.evidence.duplicates import duplicate_resolve
from footage.models import Duplicate, FingerprintKey
from footage.services import asset_attach_master
from partners.services.review import ReviewError, asset_publish
from tests.factories import AssetFactory, UserFactory
from tests.footage.duplicate_set import build
from tests.partners.tus import create, partner_with_key, patch

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def footage(tmp_path_factory):
    """Two distinct clips of real photographs, and a re-encoded letterboxed copy of the first."""
    made = build(tmp_path_factory.mktemp("dupes"), count=2, with_variants=1)
    return made.originals[0], made.originals[1], made.variants["letterbox"][0]


def _published(path, capture, **fields):
    asset = AssetFactory(status=AssetStatus.DRAFT, **fields)
    with capture(execute=True), open(path, "rb") as handle:
        asset_attach_master(asset=asset, file=File(handle, name=path.name))
    VideoAsset.objects.filter(pk=asset.pk).update(status=AssetStatus.REVIEW)
    asset.refresh_from_db()
    asset_publish(asset, UserFactory(staff=True))
    return asset


def _send_by_tus(path, capture):
    """A partner's upload through the tus endpoint, then the clip submitted from it."""
    _, _, raw = partner_with_key()
    data = path.read_bytes()
    client = APIClient()
    made = create(client, raw, len(data), filename=path.name, filetype="video/mp4")
    assert made.status_code == 201
    location = made["Location"]
    middle = len(data) // 2
    assert patch(client, raw, location, data[:middle], 0).status_code == 204
    assert patch(client, raw, location, data[middle:], middle).status_code == 204
    upload_id = location.rstrip("/").rsplit("/", 1)[-1]
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    with capture(execute=True):
        sent = client.post(
            "/api/v1/partner/clips/",
            {
                "upload": upload_id,
                "title": "Harbour at dawn",
                "rights": {"filmed_by_submitter": True, "people_consented": True},
            },
            format="json",
        )
    assert sent.status_code == 201, sent.json()
    return client, VideoAsset.objects.get(public_id=sent.json()["id"])


def test_a_copy_sent_by_tus_names_the_original_and_waits_for_staff(
    footage, django_capture_on_commit_callbacks
):
    original_path, other_path, copy_path = footage
    capture = django_capture_on_commit_callbacks
    original = _published(original_path, capture)
    unrelated = _published(other_path, capture)
    assert not Duplicate.objects.exists()  # two different clips do not match

    partner_api, copy = _send_by_tus(copy_path, capture)

    assert copy.status == AssetStatus.REVIEW
    body = partner_api.get(f"/api/v1/partner/clips/{copy.public_id}/").json()
    named = {row["asset"]: row for row in body["duplicates"]}
    assert set(named) == {original.public_id}  # and not the unrelated clip
    assert named[original.public_id]["overlap"] >= 0.5
    assert named[original.public_id]["similarity"] > 0.5
    with pytest.raises(ReviewError, match=original.public_id):
        asset_publish(copy, UserFactory(staff=True))
    copy.refresh_from_db()
    assert copy.status == AssetStatus.REVIEW

    match = Duplicate.objects.get(asset=copy, other=original)
    duplicate_resolve(
        duplicate=match,
        resolution=Duplicate.Resolution.NOT_DUPLICATE,
        reason="Checked with both filmers: two cameras on the same pier.",
        actor=UserFactory(staff=True),
    )
    asset_publish(copy, UserFactory(staff=True))
    assert copy.status == AssetStatus.PUBLISHED
    assert unrelated.status == AssetStatus.PUBLISHED


def test_a_deleted_clip_leaves_nothing_to_match(footage, django_capture_on_commit_callbacks):
    original_path, _, copy_path = footage
    capture = django_capture_on_commit_callbacks
    original = _published(original_path, capture)
    assert FingerprintKey.objects.filter(fingerprint__asset=original).exists()
    original.delete()
    assert not FingerprintKey.objects.exists()
    _, copy = _send_by_tus(copy_path, capture)
    assert not Duplicate.objects.filter(asset=copy).exists()


def test_a_copy_never_read_is_read_before_publishing_and_its_match_is_kept(
    footage, django_capture_on_commit_callbacks
):
    original_path, _, copy_path = footage
    original = _published(original_path, django_capture_on_commit_callbacks)
    copy = AssetFactory(status=AssetStatus.DRAFT)
    with django_capture_on_commit_callbacks(execute=False), open(copy_path, "rb") as handle:
        asset_attach_master(asset=copy, file=File(handle, name=copy_path.name))  # no worker ran
    VideoAsset.objects.filter(pk=copy.pk).update(status=AssetStatus.REVIEW)
    copy.refresh_from_db()
    with pytest.raises(ReviewError, match=original.public_id):
        asset_publish(copy, UserFactory(staff=True))
    # Read outside the refused transaction: staff find the match to decide on.
    assert Duplicate.objects.filter(asset=copy, other=original, resolution="open").exists()


def test_reading_a_master_again_keeps_staffs_decisions(footage, django_capture_on_commit_callbacks):
    from footage.evidence.services import evidence_read

    original_path, _, copy_path = footage
    capture = django_capture_on_commit_callbacks
    original = _published(original_path, capture)
    _, copy = _send_by_tus(copy_path, capture)
    match = Duplicate.objects.get(asset=copy, other=original)
    duplicate_resolve(
        duplicate=match, resolution="filmed_first", reason="Raw file first.", actor=None
    )
    evidence_read(asset_id=copy.pk)
    evidence_read(asset_id=original.pk)
    assert list(Duplicate.objects.values_list("resolution", flat=True)) == ["filmed_first"]
