"""partners.services.review: publish or return a clip in review, each decision kept, audited
and told to the partner."""

import pytest

from audit.models import AuditEntry
from catalog.models import AssetStatus
from partners.models import PartnerNotification, ReviewDecision
from partners.services.review import ReviewError, asset_publish, asset_return
from tests.factories import AssetFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(staff=True)


def test_publishing_puts_the_clip_on_sale_and_tells_the_partner(staff):
    clip = AssetFactory(status=AssetStatus.REVIEW, published_at=None)

    decision = asset_publish(clip, staff, note="Lovely footage.")

    clip.refresh_from_db()
    assert clip.status == AssetStatus.PUBLISHED and clip.published_at is not None
    assert (decision.verdict, decision.note, decision.reviewer) == (
        "published",
        "Lovely footage.",
        staff,
    )
    notice = PartnerNotification.objects.get()
    assert notice.asset == clip and "Lovely footage." in notice.message
    assert AuditEntry.objects.filter(action="partner.asset_published", actor=staff).exists()


def test_unreadable_restrictions_are_never_published(staff):
    clip = AssetFactory(status=AssetStatus.REVIEW, restrictions="Japan outt")

    with pytest.raises(ReviewError, match="cannot be read"):
        asset_publish(clip, staff)

    clip.refresh_from_db()
    assert clip.status == AssetStatus.REVIEW
    assert not ReviewDecision.objects.exists() and not PartnerNotification.objects.exists()


@pytest.mark.parametrize("note", ["", "   "])
def test_a_return_needs_a_note(staff, note):
    clip = AssetFactory(status=AssetStatus.REVIEW)

    with pytest.raises(ReviewError, match="needs a note"):
        asset_return(clip, staff, note)

    clip.refresh_from_db()
    assert clip.status == AssetStatus.REVIEW


def test_a_return_sends_it_back_as_a_draft_with_the_note(staff):
    clip = AssetFactory(status=AssetStatus.REVIEW)

    asset_return(clip, staff, "The horizon is tilted.")

    clip.refresh_from_db()
    assert clip.status == AssetStatus.DRAFT
    assert ReviewDecision.objects.get().note == "The horizon is tilted."
    assert PartnerNotification.objects.get().kind == PartnerNotification.Kind.RETURNED
    assert AuditEntry.objects.filter(action="partner.asset_returned").exists()
    assert AuditEntry.objects.filter(action="asset.status", target_id=str(clip.pk)).exists()


@pytest.mark.parametrize("status", [AssetStatus.DRAFT, AssetStatus.PUBLISHED])
def test_only_a_clip_in_review_is_decided(staff, status):
    clip = AssetFactory(status=status)

    with pytest.raises(ReviewError, match="not in review"):
        asset_publish(clip, staff)
    with pytest.raises(ReviewError, match="not in review"):
        asset_return(clip, staff, "Note")
