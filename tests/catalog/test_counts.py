"""Counts per category, partner and tag are data kept in step with every write, and read per
territory: they stay right after publish, withdraw, edits and deletes, and never count a clip
the visitor may not see."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from catalog.counts import rebuild_counts, with_published_counts, with_visible_counts
from catalog.models import AssetStatus, Category, CategoryCount, ContentPartner, Tag, TagCount
from catalog.services import asset_change_status, asset_save, tags_delete
from tests.catalog.test_admin import asset_form
from tests.factories import AssetFactory, CategoryFactory, PartnerFactory, TagFactory

pytestmark = pytest.mark.django_db


def visible(model, obj, territory):
    return with_visible_counts(model.objects.filter(pk=obj.pk), territory).get().clip_count


def every_count_row():
    return {
        (kind.__name__, getattr(row, field), row.profile_id, row.published)
        for kind, field in ((CategoryCount, "category_id"), (TagCount, "tag_id"))
        for row in kind.objects.all()
    }


@pytest.fixture
def weather():
    return CategoryFactory(name="Weather", slug="weather")


def test_publishing_and_withdrawing_move_every_count(weather, staff_user):
    partner, tag = PartnerFactory(), TagFactory(name="storm")
    clip = AssetFactory(
        status=AssetStatus.REVIEW, partner=partner, categories=[weather], tags=[tag]
    )
    assert visible(Category, weather, "GB") == 0
    asset_change_status(asset=clip, status=AssetStatus.PUBLISHED, actor=staff_user)
    assert [visible(m, o, "GB") for m, o in ((Category, weather), (Tag, tag))] == [1, 1]
    assert visible(ContentPartner, partner, "GB") == 1
    asset_change_status(asset=clip, status=AssetStatus.WITHDRAWN, actor=staff_user)
    assert visible(Category, weather, "GB") == visible(ContentPartner, partner, "GB") == 0


def test_counts_are_per_territory(weather):
    AssetFactory(categories=[weather], restrictions="No access Chinese mainland")
    AssetFactory(categories=[weather], restrictions="UK only")
    AssetFactory(categories=[weather])
    assert visible(Category, weather, "GB") == 3
    assert visible(Category, weather, "CN") == 1
    assert visible(Category, weather, "FR") == 2
    assert visible(Category, weather, None) == 1  # an unknown territory sees unrestricted only
    counted = with_published_counts(Category.objects.filter(pk=weather.pk)).get()
    assert counted.clip_count == 3


def test_editing_restrictions_or_partner_of_a_published_clip_moves_its_counts(weather):
    old_partner, new_partner = PartnerFactory(), PartnerFactory()
    clip = AssetFactory(categories=[weather], partner=old_partner)
    clip.restrictions = "No access Chinese mainland"
    clip.partner = new_partner
    asset_save(asset=clip)
    assert (visible(Category, weather, "CN"), visible(Category, weather, "GB")) == (0, 1)
    assert visible(ContentPartner, old_partner, "GB") == 0
    assert visible(ContentPartner, new_partner, "GB") == 1


def test_changing_categories_and_tags_in_admin_moves_the_counts(weather, staff_client):
    sport, tag = CategoryFactory(name="Sport", slug="sport"), TagFactory(name="storm")
    clip = AssetFactory(categories=[weather], restrictions="No access Chinese mainland")
    data = asset_form(clip.partner, title=clip.title, slug=clip.slug)
    data.update(categories=[sport.pk], tags=[tag.pk])
    response = staff_client.post(reverse("admin:catalog_videoasset_change", args=[clip.pk]), data)
    assert response.status_code == 302, response.content.decode()[:1500]
    assert (visible(Category, weather, "GB"), visible(Category, sport, "GB")) == (0, 1)
    assert visible(Tag, tag, "GB") == 1 and visible(Tag, tag, "CN") == 0


def test_deleting_a_tag_takes_its_counts_and_drafts_never_count(weather, staff_user):
    tag = TagFactory(name="storm")
    AssetFactory(tags=[tag], categories=[weather])
    AssetFactory(status=AssetStatus.DRAFT, tags=[tag], categories=[weather])
    assert visible(Tag, tag, "GB") == 1
    tags_delete(tags=Tag.objects.filter(pk=tag.pk))
    assert not TagCount.objects.exists()
    assert visible(Category, weather, "GB") == 1


def test_the_rebuild_makes_exactly_the_rows_the_writes_kept(weather, staff_user):
    sport, tag = CategoryFactory(name="Sport", slug="sport"), TagFactory(name="storm")
    first = AssetFactory(categories=[weather, sport], tags=[tag])
    AssetFactory(categories=[weather], restrictions="UK only", tags=[tag])
    asset_change_status(asset=first, status=AssetStatus.WITHDRAWN, actor=staff_user)
    AssetFactory(categories=[sport], restrictions="Editorial use only")
    kept = every_count_row()
    rebuild_counts()
    assert every_count_row() == kept


def test_the_home_page_shows_the_visitors_counts(weather, client, settings):
    settings.GEO_TRUSTED_HEADER = "CF-IPCountry"
    AssetFactory(categories=[weather], restrictions="No access Chinese mainland")
    AssetFactory(categories=[weather])
    for territory, count in (("GB", 2), ("CN", 1)):
        page = client.get("/", HTTP_CF_IPCOUNTRY=territory).content.decode()
        assert f'Weather <span class="count">{count}</span>' in page


def test_tags_of_clips_hidden_from_the_caller_are_not_listed(api_client, settings):
    settings.GEO_TRUSTED_HEADER = "CF-IPCountry"
    AssetFactory(tags=[TagFactory(name="malware", slug="malware")], restrictions="UK only")
    AssetFactory(tags=[TagFactory(name="weather", slug="weather")])
    listed = api_client.get("/api/v1/tags/", HTTP_CF_IPCOUNTRY="FR").json()["results"]
    assert [tag["slug"] for tag in listed] == ["weather"]
    partners = api_client.get("/api/v1/partners/", HTTP_CF_IPCOUNTRY="FR").json()["results"]
    assert [p["asset_count"] for p in partners] == [1]  # the UK-only clip's partner is unnamed


def test_the_rebuild_command_repairs_counts_that_went_astray(weather):
    AssetFactory(categories=[weather])
    CategoryCount.objects.update(published=7)
    call_command("counts_rebuild", stdout=io.StringIO())
    assert visible(Category, weather, "GB") == 1


def test_a_tag_or_leaf_category_page_counts_from_the_kept_counts(weather, client, settings):
    settings.GEO_TRUSTED_HEADER = "CF-IPCountry"
    tag = TagFactory(name="storm", slug="storm")
    AssetFactory(tags=[tag], categories=[weather], restrictions="No access Chinese mainland")
    AssetFactory(tags=[tag], categories=[weather], duration_seconds=30)
    CategoryCount.objects.update(published=40)  # what the kept counts say, to tell them apart
    TagCount.objects.update(published=20)

    def line(url, territory="GB"):
        return client.get(url, HTTP_CF_IPCOUNTRY=territory).content.decode()

    assert "80 clips" in line("/categories/weather/")  # read from the kept counts (2 rows)
    assert "20 clips" in line("/tags/storm/", "CN")  # only the profile CN may see
    assert "1 clip matches" in line("/tags/storm/?duration_max=60")  # another filter: counted


def test_a_parent_category_counts_each_clip_of_its_subtree_once(weather, staff_user):
    storms = CategoryFactory(name="Storms", slug="storms", parent=weather)
    floods = CategoryFactory(name="Floods", slug="floods", parent=weather)
    both = AssetFactory(categories=[weather, storms, floods])
    AssetFactory(categories=[floods])
    assert [visible(Category, c, "GB") for c in (weather, storms, floods)] == [2, 1, 2]
    asset_change_status(asset=both, status=AssetStatus.WITHDRAWN, actor=staff_user)
    assert [visible(Category, c, "GB") for c in (weather, storms, floods)] == [1, 0, 1]
    kept = every_count_row()
    rebuild_counts()
    assert every_count_row() == kept


def test_moving_or_deleting_a_sub_category_moves_its_clips_counts(weather, staff_client):
    sport = CategoryFactory(name="Sport", slug="sport")
    storms = CategoryFactory(name="Storms", slug="storms", parent=weather)
    AssetFactory(categories=[storms])
    assert (visible(Category, weather, "GB"), visible(Category, sport, "GB")) == (1, 0)
    url = reverse("admin:catalog_category_change", args=[storms.pk])
    form = {"name": "Storms", "slug": "storms", "parent": sport.pk, "description": ""}
    assert staff_client.post(url, form).status_code == 302
    assert (visible(Category, weather, "GB"), visible(Category, sport, "GB")) == (0, 1)
    delete = reverse("admin:catalog_category_delete", args=[storms.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 302
    assert visible(Category, sport, "GB") == 0
