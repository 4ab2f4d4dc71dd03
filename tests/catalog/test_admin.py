"""The catalogue in admin: changelists and change pages (and the queries they cost), adding and
editing a clip (audited, errors beside the field), images checked by content, autocomplete, tags
deleted, the availability preview, and that anonymous visitors are sent to sign in."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEntry
from catalog.models import AssetStatus, ContentPartner, Story, Tag, VideoAsset
from tests.catalog.admin_forms import asset_form
from tests.factories import (
    AssetFactory,
    CategoryFactory,
    PartnerFactory,
    StoryFactory,
    TagFactory,
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


def test_deleting_tags_in_admin_reindexes_their_clips(staff_client):
    tag = TagFactory(name="twister", slug="twister")
    asset = AssetFactory(tags=[tag])
    staff_client.post(reverse("admin:catalog_tag_delete", args=[tag.pk]), {"post": "yes"})
    assert not Tag.objects.exists()
    asset.refresh_from_db()
    assert "twister" not in asset.search_document


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
