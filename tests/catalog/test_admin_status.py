"""A clip's status in admin: the bulk publish and withdraw actions (and what they refuse, by name),
the status buttons on the change page, releasing a hold, deleting only never-published drafts,
and staff who may only look."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from audit.models import AuditEntry
from catalog.models import AssetStatus, VideoAsset
from catalog.services import AssetRuleError, asset_delete
from tests.catalog.admin_forms import asset_form
from tests.factories import AssetFactory, UserFactory

pytestmark = pytest.mark.django_db


def run_action(client, action, assets):
    return client.post(
        reverse("admin:catalog_videoasset_changelist"),
        {"action": action, "_selected_action": [a.pk for a in assets]},
        follow=True,
    )


def test_bulk_publish_publishes_what_is_in_review_and_names_what_it_refused(staff_client):
    ready = AssetFactory(status=AssetStatus.REVIEW, title="Ready clip")
    draft = AssetFactory(status=AssetStatus.DRAFT, title="Unfinished clip")
    response = run_action(staff_client, "publish", [ready, draft])
    messages = [str(m) for m in response.context["messages"]]
    ready.refresh_from_db()
    draft.refresh_from_db()
    assert ready.status == AssetStatus.PUBLISHED
    assert draft.status == AssetStatus.DRAFT
    assert any("Unfinished clip" in m and draft.public_id in m for m in messages)
    assert any("Publish: 1 asset" in m for m in messages)


def test_bulk_withdraw_uses_the_service_and_audits(staff_client, staff_user):
    live = AssetFactory()
    run_action(staff_client, "withdraw", [live])
    live.refresh_from_db()
    assert live.status == AssetStatus.WITHDRAWN
    assert AuditEntry.objects.get(action="asset.status").actor == staff_user


def test_bulk_withdraw_refuses_a_draft_with_its_name(staff_client):
    draft = AssetFactory(status=AssetStatus.DRAFT, title="Never published")
    response = run_action(staff_client, "withdraw", [draft])
    messages = [str(m) for m in response.context["messages"]]
    assert any("Did not withdraw" in m and "Never published" in m for m in messages)


def test_status_button_on_change_page_saves_then_moves_status(staff_client):
    asset = AssetFactory(status=AssetStatus.REVIEW)
    data = asset_form(
        asset.partner,
        title="Retitled",
        slug=asset.slug,
        duration_seconds="00:45",
        _transition="published",
    )
    response = staff_client.post(
        reverse("admin:catalog_videoasset_change", args=[asset.pk]), data, follow=True
    )
    asset.refresh_from_db()
    assert asset.title == "Retitled"
    assert asset.status == AssetStatus.PUBLISHED
    assert any("now published" in str(m) for m in response.context["messages"])


def test_status_cannot_be_posted_directly(staff_client):
    asset = AssetFactory(status=AssetStatus.DRAFT)
    data = asset_form(
        asset.partner,
        title="Saved title",
        slug=asset.slug,
        status="published",
        duration_seconds="00:45",
    )
    response = staff_client.post(reverse("admin:catalog_videoasset_change", args=[asset.pk]), data)
    assert response.status_code == 302  # the form saved...
    asset.refresh_from_db()
    assert asset.title == "Saved title"
    assert asset.status == AssetStatus.DRAFT  # ...but ignored the posted status


@pytest.fixture
def viewer_client(client):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_videoasset"))
    client.force_login(viewer)
    return client


def test_view_only_staff_cannot_publish_or_see_status_buttons(viewer_client):
    asset = AssetFactory(status=AssetStatus.REVIEW)
    response = viewer_client.post(
        reverse("admin:catalog_videoasset_changelist"),
        {"action": "publish", "_selected_action": [asset.pk]},
    )
    asset.refresh_from_db()
    assert asset.status == AssetStatus.REVIEW
    assert response.status_code in (200, 302, 403)
    page = viewer_client.get(reverse("admin:catalog_videoasset_change", args=[asset.pk]))
    assert 'name="_transition"' not in page.content.decode()


def test_only_never_published_drafts_can_be_deleted_and_deletion_is_audited(staff_client):
    live = AssetFactory()
    draft = AssetFactory(status=AssetStatus.DRAFT)
    assert (
        staff_client.get(reverse("admin:catalog_videoasset_delete", args=[live.pk])).status_code
        == 403
    )
    changelist = staff_client.get(reverse("admin:catalog_videoasset_changelist")).content.decode()
    assert 'value="delete_selected"' not in changelist
    response = staff_client.post(
        reverse("admin:catalog_videoasset_delete", args=[draft.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not VideoAsset.objects.filter(pk=draft.pk).exists()
    assert AuditEntry.objects.filter(action="asset.delete", target_id=str(draft.pk)).exists()
    with pytest.raises(AssetRuleError, match="withdraw it instead"):
        asset_delete(asset=live)


def test_bulk_publish_refuses_unreadable_restrictions_by_name(staff_client):
    # Text that arrived by another road (an import, a partner feed) with an unreadable phrase.
    asset = AssetFactory(status=AssetStatus.REVIEW, title="Feed clip", restrictions="Nope out")
    response = run_action(staff_client, "publish", [asset])
    messages = [str(m) for m in response.context["messages"]]
    assert any("Did not publish" in m and "Feed clip" in m and "“Nope”" in m for m in messages)
    asset.refresh_from_db()
    assert asset.status == AssetStatus.REVIEW


def test_release_hold_button_releases_and_audits(staff_client, staff_user):
    asset = AssetFactory(restrictions="Hold for release")
    url = reverse("admin:catalog_videoasset_change", args=[asset.pk])
    assert "Release the hold" in staff_client.get(url).content.decode()
    data = asset_form(
        asset.partner,
        title=asset.title,
        slug=asset.slug,
        restrictions="Hold for release",
        duration_seconds="01:51",
        _release_hold="1",
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302
    asset.refresh_from_db()
    assert asset.hold_released_at is not None and not asset.held_for_release
    assert AuditEntry.objects.get(action="asset.release").actor == staff_user
