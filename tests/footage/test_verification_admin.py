"""The Verification panel staff see, and deciding a duplicate in admin."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.files import File

from audit.models import AuditEntry
from catalog.models import AssetStatus
from footage.services import asset_attach_master
from tests.factories import AssetFactory
from tests.footage.evidence_files import match_between, phone_clip

pytestmark = pytest.mark.django_db


@pytest.fixture
def clip_and_copy(tmp_path, django_capture_on_commit_callbacks):
    yesterday = datetime.now(UTC) - timedelta(days=1)
    copy = AssetFactory(status=AssetStatus.REVIEW, recorded_at=yesterday.date())
    path = phone_clip(tmp_path / "copy.mov", recorded_at=yesterday, location="+48.8566+002.3522/")
    with django_capture_on_commit_callbacks(execute=True), open(path, "rb") as handle:
        asset_attach_master(asset=copy, file=File(handle, name=path.name))
    original = AssetFactory(title="The first upload")
    match = match_between(copy, original, similarity=0.95, other_covered=0.25)
    return copy, original, match


def test_the_review_queue_shows_the_verification_panel(staff_client, clip_and_copy):
    copy, original, match = clip_and_copy
    page = staff_client.get(f"/admin/partners/assetinreview/{copy.pk}/change/").content.decode()
    assert "Content Credentials (C2PA)" in page and "No Content Credentials" in page
    assert "48.85660, 2.35220 (France)" in page  # staff see where the file says
    assert (
        "The file&#x27;s location is in France; the clip says it was filmed in United Kingdom."
        in page
    )
    assert "The first upload" in page and f"/admin/catalog/videoasset/{original.pk}/change/" in page
    assert "100% of this clip in the other; 25% of the other in this one" in page
    assert f"/admin/footage/duplicate/{match.pk}/change/" in page


def test_the_clip_admin_page_shows_it_too(staff_client, clip_and_copy):
    copy, _, _ = clip_and_copy
    page = staff_client.get(f"/admin/catalog/videoasset/{copy.pk}/change/").content.decode()
    assert "Capture metadata against the claims" in page and "Not yet resolved" in page


def test_staff_decide_in_admin_with_a_reason(staff_client, clip_and_copy):
    copy, original, match = clip_and_copy
    url = f"/admin/footage/duplicate/{match.pk}/change/"
    refused = staff_client.post(url, {"resolution": "not_duplicate", "reason": ""})
    assert refused.status_code == 200 and "This field is required" in refused.content.decode()
    match.refresh_from_db()
    assert match.resolution == "open"
    done = staff_client.post(
        url, {"resolution": "not_duplicate", "reason": "Same square, different day and angle."}
    )
    assert done.status_code == 302
    match.refresh_from_db()
    assert match.resolution == "not_duplicate" and match.resolved_by is not None
    entry = AuditEntry.objects.get(action="asset.duplicate_resolved")
    assert entry.target_id == str(copy.pk) and entry.after["other"] == original.public_id
    page = staff_client.get(f"/admin/catalog/videoasset/{copy.pk}/change/").content.decode()
    assert "Decision history" in page and "Same square, different day and angle." in page
