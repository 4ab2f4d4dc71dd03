import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEntry
from catalog.models import AssetStatus, ContentPartner, Story, Tag, VideoAsset
from catalog.services import (
    AssetRuleError,
    asset_delete,
)
from tests.factories import (
    AssetFactory,
    CategoryFactory,
    PartnerFactory,
    StoryFactory,
    TagFactory,
    UserFactory,
    image_upload,
)

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(captured)


def make_rows(model_name: str, count: int):
    for _ in range(count):
        if model_name == "videoasset":
            category, tag = CategoryFactory(), TagFactory()
            AssetFactory(categories=[category], tags=[tag], poster=image_upload("p.png"))
        elif model_name == "contentpartner":
            AssetFactory(partner=PartnerFactory(profile_image=image_upload("f.png")))
        elif model_name == "category":
            AssetFactory(categories=[CategoryFactory(parent=CategoryFactory())])
        elif model_name == "tag":
            AssetFactory(tags=[TagFactory()])
        elif model_name == "story":
            StoryFactory(related_assets=[AssetFactory()])


# The most queries each changelist may run: session, user, count(s), rows, filter choices.
CHANGELIST_BUDGET = {"videoasset": 9, "contentpartner": 7, "category": 7, "tag": 7, "story": 7}


@pytest.mark.parametrize("model_name", list(CHANGELIST_BUDGET))
def test_changelist_runs_a_fixed_number_of_queries(staff_client, model_name):
    url = reverse(f"admin:catalog_{model_name}_changelist")
    make_rows(model_name, 2)
    few = queries_for(staff_client, url)
    make_rows(model_name, 12)
    many = queries_for(staff_client, url)
    assert few == many
    assert many <= CHANGELIST_BUDGET[model_name]


def test_asset_changelist_shows_thumbnail_duration_and_filters(staff_client):
    AssetFactory(
        title="Hail on the motorway",
        duration_seconds=111,
        poster=image_upload("p.png"),
        location_country="NO",
        categories=[CategoryFactory()],
        tags=[TagFactory()],
    )
    AssetFactory(location_country="GB", categories=[CategoryFactory()], tags=[TagFactory()])
    response = staff_client.get(reverse("admin:catalog_videoasset_changelist"))
    html = response.content.decode()
    assert "Hail on the motorway" in html
    assert "01:51" in html
    assert '<img src="/media/assets/posters/' in html
    for heading in ("status", "partner", "categories", "tags", "country", "published at"):
        assert f'data-filter-title="{heading}"' in html
    assert "Norway" in html  # the country filter names the countries in use


def test_asset_changelist_search_and_filters_narrow_the_list(staff_client):
    norway = AssetFactory(title="Aurora over Tromsø", location_country="NO")
    AssetFactory(title="Heatwave in Seville", location_country="ES", status=AssetStatus.DRAFT)
    url = reverse("admin:catalog_videoasset_changelist")
    assert "Heatwave" not in staff_client.get(url, {"q": "aurora"}).content.decode()
    by_country = staff_client.get(url, {"country": "NO"}).content.decode()
    assert norway.title in by_country and "Heatwave" not in by_country
    drafts = staff_client.get(url, {"status__exact": "draft"}).content.decode()
    assert "Heatwave" in drafts and "Aurora" not in drafts


@pytest.mark.parametrize("model_name", list(CHANGELIST_BUDGET))
def test_change_page_opens(staff_client, model_name):
    make_rows(model_name, 1)
    model = {"videoasset": VideoAsset, "contentpartner": ContentPartner, "story": Story}.get(
        model_name
    )
    if model is None:
        from catalog.models import Category, Tag

        model = {"category": Category, "tag": Tag}[model_name]
    obj = model.objects.first()
    response = staff_client.get(reverse(f"admin:catalog_{model_name}_change", args=[obj.pk]))
    assert response.status_code == 200


def test_asset_change_page_shows_poster_duration_and_legal_status_buttons(staff_client):
    asset = AssetFactory(
        status=AssetStatus.REVIEW, duration_seconds=111, poster=image_upload("p.png")
    )
    html = staff_client.get(
        reverse("admin:catalog_videoasset_change", args=[asset.pk])
    ).content.decode()
    assert 'value="01:51"' in html
    assert f'src="{asset.poster.url}"' in html
    assert 'name="_transition" value="published"' in html
    assert 'name="_transition" value="draft"' in html
    assert 'name="_transition" value="withdrawn"' not in html


def test_asset_change_page_runs_a_fixed_number_of_queries(staff_client):
    asset = AssetFactory(categories=[CategoryFactory()], tags=[TagFactory()])
    url = reverse("admin:catalog_videoasset_change", args=[asset.pk])
    few = queries_for(staff_client, url)
    asset.categories.add(*CategoryFactory.create_batch(5))
    asset.tags.add(*TagFactory.create_batch(8))
    assert queries_for(staff_client, url) == few


def asset_form(partner, **overrides):
    data = {
        "title": "Tornado near Norman",
        "slug": "tornado-near-norman",
        "partner": partner.pk,
        "duration_seconds": "01:51",
        "description": "A tornado crosses fields.",
        "shotlist": "1. Wide of tornado",
        "restrictions": "No access Chinese mainland",
        "recorded_at": "2026-05-01",
        "location_name": "Norman, Oklahoma, United States",
        "location_country": "US",
        "width": "",
        "height": "",
        "frame_rate": "",
        "categories": [],
        "tags": [],
    }
    data.update(overrides)
    return data


def test_staff_add_an_asset_with_a_clock_duration(staff_client, staff_user):
    partner = PartnerFactory()
    tag = TagFactory(name="tornado")
    response = staff_client.post(
        reverse("admin:catalog_videoasset_add"), asset_form(partner, tags=[tag.pk])
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    asset = VideoAsset.objects.get(slug="tornado-near-norman")
    assert asset.duration_seconds == 111
    assert asset.status == AssetStatus.DRAFT
    assert asset.restrictions == "No access Chinese mainland"
    assert "tornado" in asset.search_document  # tag names reach search after the m2m save
    assert AuditEntry.objects.filter(action="asset.create", actor=staff_user).exists()


def test_editing_restrictions_in_admin_is_audited(staff_client, staff_user):
    asset = AssetFactory(restrictions="")
    data = asset_form(
        asset.partner,
        title=asset.title,
        slug=asset.slug,
        restrictions="No access UK",
        duration_seconds="00:30",
    )
    response = staff_client.post(reverse("admin:catalog_videoasset_change", args=[asset.pk]), data)
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="asset.restrictions")
    assert entry.before == {"restrictions": ""}
    assert entry.after == {"restrictions": "No access UK"}
    assert entry.actor == staff_user


@pytest.mark.parametrize("duration", ["00:00", "soon", "1:75", "²", "٣:٠٠", "9" * 12, "1:2:3:4"])
def test_a_bad_duration_gets_a_clear_error_and_saves_nothing(staff_client, duration):
    partner = PartnerFactory()
    response = staff_client.post(
        reverse("admin:catalog_videoasset_add"), asset_form(partner, duration_seconds=duration)
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "duration_seconds" in errors
    assert "invalid literal" not in errors["duration_seconds"][0]
    assert not VideoAsset.objects.exists()


def test_a_corrupt_image_gets_a_clear_error_and_nothing_is_saved(staff_client, media_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {
        "name": "Broken Pictures Ltd",
        "slug": "broken-pictures",
        "kind": "agency",
        "country": "GB",
        "revenue_share": "0.500",
        "bio": "",
        "profile_image": SimpleUploadedFile("face.png", b"\x89PNG\r\n\x1a\n broken", "image/png"),
    }
    response = staff_client.post(reverse("admin:catalog_contentpartner_add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "not a readable image" in str(errors["profile_image"])
    assert not ContentPartner.objects.exists()
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def test_an_oversized_image_gets_a_clear_error(staff_client, settings):
    settings.IMAGE_MAX_PIXELS = 50 * 50
    data = {
        "name": "Huge Pictures",
        "slug": "huge",
        "kind": "agency",
        "country": "GB",
        "revenue_share": "0.500",
        "bio": "",
        "cover_image": image_upload("c.png", size=(60, 60)),
    }
    response = staff_client.post(reverse("admin:catalog_contentpartner_add"), data)
    assert response.status_code == 200
    assert "60×60 pixels" in str(response.context["adminform"].form.errors["cover_image"])
    assert not ContentPartner.objects.exists()


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


def test_autocomplete_serves_partners_categories_and_tags(staff_client):
    PartnerFactory(name="Harbour Newswire")
    PartnerFactory(name="Inland Films")
    CategoryFactory(name="Harbour life")
    TagFactory(name="harbour")
    expected = {"partner": "Harbour Newswire", "categories": "Harbour life", "tags": "harbour"}
    for field, text in expected.items():
        response = staff_client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "catalog",
                "model_name": "videoasset",
                "field_name": field,
                "term": "harb",
            },
        )
        assert response.status_code == 200, field
        assert [row["text"] for row in response.json()["results"]] == [text]


def test_anonymous_visitors_cannot_reach_admin(client):
    response = client.get(reverse("admin:catalog_videoasset_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


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


def test_deleting_tags_in_admin_reindexes_their_clips(staff_client):
    tag = TagFactory(name="twister", slug="twister")
    asset = AssetFactory(tags=[tag])
    staff_client.post(reverse("admin:catalog_tag_delete", args=[tag.pk]), {"post": "yes"})
    assert not Tag.objects.exists()
    asset.refresh_from_db()
    assert "twister" not in asset.search_document


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


def test_unreadable_restrictions_get_an_error_beside_the_field(staff_client):
    asset = AssetFactory(restrictions="No access UK")
    data = asset_form(
        asset.partner,
        title=asset.title,
        slug=asset.slug,
        restrictions="No access UK; Narnia out",
        duration_seconds="00:30",
    )
    response = staff_client.post(reverse("admin:catalog_videoasset_change", args=[asset.pk]), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "“Narnia”" in errors["restrictions"][0]
    assert "Narnia out" in errors["restrictions"][0]
    asset.refresh_from_db()
    assert asset.restrictions == "No access UK"


def test_bulk_publish_refuses_unreadable_restrictions_by_name(staff_client):
    # Text that arrived by another road (an import, a partner feed) with an unreadable phrase.
    asset = AssetFactory(status=AssetStatus.REVIEW, title="Feed clip", restrictions="Nope out")
    response = run_action(staff_client, "publish", [asset])
    messages = [str(m) for m in response.context["messages"]]
    assert any("Did not publish" in m and "Feed clip" in m and "“Nope”" in m for m in messages)
    asset.refresh_from_db()
    assert asset.status == AssetStatus.REVIEW


def test_change_page_previews_availability(staff_client):
    asset = AssetFactory(restrictions="No access Chinese mainland; Editorial use only")
    url = reverse("admin:catalog_videoasset_change", args=[asset.pk])
    page = staff_client.get(url, {"preview": "RU"}).content.decode()
    assert "Availability preview" in page
    assert "Read as: <strong>No access Chinese mainland. Editorial use only</strong>" in page
    assert "No access in Chinese mainland (CN)" in page
    assert "Editorial use only: no commercial use" in page
    assert "Russia (RU)" in page
    assert "Unknown territory" in page


def test_change_page_shows_the_stored_error_of_unreadable_text(staff_client):
    asset = AssetFactory(status=AssetStatus.DRAFT, restrictions="No access Atlantis")
    url = reverse("admin:catalog_videoasset_change", args=[asset.pk])
    page = staff_client.get(url).content.decode()
    assert "“Atlantis” is not a territory" in page


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
