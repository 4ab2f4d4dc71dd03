"""Admin: partner members and keys, and the review queue (oldest first; publish; return with a
note; every step audited; the release form to staff only)."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from catalog.models import AssetStatus, VideoAsset
from partners.models import (
    PartnerApiKey,
    PartnerMember,
    PartnerNotification,
    ReviewDecision,
    RightsAttestation,
)
from partners.services.members import partner_key_create
from tests.factories import AssetFactory, PartnerFactory, UserFactory
from tests.partners.clips import FAKE_PDF, member_of

pytestmark = pytest.mark.django_db
QUEUE = "admin:partners_assetinreview_changelist"


def in_review(title, age_days=0, **extra):
    asset = AssetFactory(title=title, status=AssetStatus.REVIEW, **extra)
    created = timezone.now() - timedelta(days=age_days)
    VideoAsset.objects.filter(pk=asset.pk).update(created_at=created)
    return asset


def change_url(asset):
    return reverse("admin:partners_assetinreview_change", args=[asset.pk])


@pytest.mark.parametrize("model", ["partnermember", "partnerapikey", "assetinreview"])
def test_the_partner_pages_open(staff_client, model):
    member_of()
    assert staff_client.get(reverse(f"admin:partners_{model}_changelist")).status_code == 200
    assert (
        staff_client.get(reverse(f"admin:partners_{model}_changelist") + "?q=x").status_code == 200
    )


def test_the_queue_lists_only_clips_in_review_oldest_first(
    staff_client, django_assert_max_num_queries
):
    newest = in_review("Newest", age_days=0)
    oldest = in_review("Oldest", age_days=5)
    middle = in_review("Middle", age_days=2)
    AssetFactory(title="Already published")

    with django_assert_max_num_queries(15):
        response = staff_client.get(reverse(QUEUE))

    listed = [clip.pk for clip in response.context["cl"].result_list]
    assert listed == [oldest.pk, middle.pk, newest.pk]


def test_the_review_page_shows_the_attestation_history_and_restrictions(staff_client):
    clip = in_review("Tornado", restrictions="No access Narnia")
    RightsAttestation.objects.create(asset=clip, filmed_by_submitter=True, people_consented=True)

    page = staff_client.get(change_url(clip)).content.decode()

    assert "Filmed by the submitter" in page
    assert "No signed release form was sent" in page
    assert "Cannot read" in page and "Narnia" in page
    assert "clips published" in page
    assert "Not ready yet" in page  # no preview rendition yet


def test_publish_moves_the_clip_writes_the_decision_audits_and_tells_the_partner(staff_client):
    clip = in_review("Tornado")

    response = staff_client.post(change_url(clip), {"decision": "publish", "note": ""})

    assert response.status_code == 302
    clip.refresh_from_db()
    assert clip.status == AssetStatus.PUBLISHED
    decision = ReviewDecision.objects.get(asset=clip)
    assert decision.verdict == "published" and decision.reviewer.is_staff
    actions = set(
        AuditEntry.objects.filter(target_id=str(clip.pk)).values_list("action", flat=True)
    )
    assert {"asset.status", "partner.asset_published"} <= actions
    notice = PartnerNotification.objects.get(partner=clip.partner)
    assert notice.kind == "published" and "Tornado" in notice.message


def test_a_return_needs_a_note(staff_client):
    clip = in_review("Tornado")

    response = staff_client.post(change_url(clip), {"decision": "return", "note": "  "})

    assert response.status_code == 200
    assert "a return needs a note" in response.content.decode()
    clip.refresh_from_db()
    assert clip.status == AssetStatus.REVIEW
    assert not ReviewDecision.objects.exists()


def test_a_return_with_a_note_goes_back_to_the_partner(staff_client):
    clip = in_review("Tornado")

    staff_client.post(change_url(clip), {"decision": "return", "note": "Trim the start."})

    clip.refresh_from_db()
    assert clip.status == AssetStatus.DRAFT
    assert ReviewDecision.objects.get(asset=clip).note == "Trim the start."
    assert AuditEntry.objects.filter(
        target_id=str(clip.pk), action="partner.asset_returned"
    ).exists()
    notice = PartnerNotification.objects.get(partner=clip.partner)
    assert notice.kind == "returned" and "Trim the start." in notice.message


def test_unreadable_restrictions_cannot_be_published(staff_client):
    clip = in_review("Tornado", restrictions="No access Narnia")

    response = staff_client.post(change_url(clip), {"decision": "publish", "note": ""})

    assert response.status_code == 200
    assert "cannot be published" in response.content.decode()
    clip.refresh_from_db()
    assert clip.status == AssetStatus.REVIEW


def test_publish_selected_publishes_each(staff_client):
    clips = [in_review("One"), in_review("Two")]

    staff_client.post(
        reverse(QUEUE),
        {"action": "publish_selected", "_selected_action": [c.pk for c in clips]},
    )

    assert set(VideoAsset.objects.values_list("status", flat=True)) == {AssetStatus.PUBLISHED}


def test_the_release_form_is_served_to_staff_only(staff_client):
    clip = in_review("Tornado")
    sworn = RightsAttestation(asset=clip, filmed_by_submitter=True, people_consented=True)
    sworn.release_form.save("release.pdf", ContentFile(FAKE_PDF), save=False)
    sworn.save()
    url = reverse("admin:partners_assetinreview_release_form", args=[clip.pk])

    response = staff_client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == FAKE_PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert AuditEntry.objects.filter(action="partner.release_form_viewed").exists()
    page = staff_client.get(change_url(clip)).content.decode()
    assert url in page and sworn.release_form.name not in page  # linked, never a media path
    staff_client.force_login(UserFactory())  # the same client, now not staff
    assert staff_client.get(url).status_code == 302  # to the admin sign-in


def test_adding_a_member_is_audited(staff_client):
    partner = PartnerFactory()
    person = UserFactory()

    staff_client.post(
        reverse("admin:partners_partnermember_add"), {"partner": partner.pk, "user": person.pk}
    )

    assert PartnerMember.objects.get(user=person).partner == partner
    assert AuditEntry.objects.filter(action="partner.member_added").exists()


def test_a_new_key_is_shown_once_and_its_hash_never(staff_client):
    member = member_of()

    response = staff_client.post(
        reverse("admin:partners_partnerapikey_add"), {"member": member.pk, "name": "Upload script"}
    )

    key = PartnerApiKey.objects.get()
    assert key.partner == member.partner
    page = response.content.decode()
    assert "ptn_" + key.prefix in page
    listing = staff_client.get(reverse("admin:partners_partnerapikey_changelist")).content.decode()
    assert key.hashed_key not in listing and key.hashed_key not in page


def test_revoking_keys_uses_the_service(staff_client):
    key, _ = partner_key_create(member=member_of())

    staff_client.post(
        reverse("admin:partners_partnerapikey_changelist"),
        {"action": "revoke", "_selected_action": [key.pk]},
    )

    key.refresh_from_db()
    assert key.revoked_at is not None
    assert AuditEntry.objects.filter(action="partner_key.revoked").exists()


def test_staff_who_may_only_view_the_queue_cannot_publish(client):
    from django.contrib.auth.models import Permission

    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(
        Permission.objects.get(codename="view_assetinreview", content_type__app_label="partners")
    )
    client.force_login(viewer)
    clip = in_review("Tornado")

    client.post(reverse(QUEUE), {"action": "publish_selected", "_selected_action": [clip.pk]})
    client.post(change_url(clip), {"decision": "publish", "note": ""})

    clip.refresh_from_db()
    assert clip.status == AssetStatus.REVIEW


def test_staff_bookmarks_of_the_review_queue_from_before_its_rename_still_lead_there(staff_client):
    response = staff_client.get("/admin/partners/clipinreview/?status=review")
    assert response.status_code == 301
    assert response["Location"] == "/admin/partners/assetinreview/?status=review"
    assert staff_client.get(response["Location"]).status_code == 200
