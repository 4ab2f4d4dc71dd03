"""Tags, categories, partners and their counts name only what the caller may see: a tag used
only by an embargoed, in-review or territory-hidden clip would give that clip away. Read from
the kept counts (catalog.counts), never by counting the catalogue."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.models import AssetStatus
from tests.factories import AssetFactory, CategoryFactory, PartnerFactory, TagFactory

pytestmark = pytest.mark.django_db

FROM_CN = {"HTTP_CF_IPCOUNTRY": "CN"}
FROM_GB = {"HTTP_CF_IPCOUNTRY": "GB"}


@pytest.fixture(autouse=True)
def cdn_header(settings):
    settings.GEO_TRUSTED_HEADER = "CF-IPCountry"
    settings.PAGE_CACHE_SECONDS = 0


def embargo_text(days: int) -> str:
    until = timezone.now() + timedelta(days=days)
    return f"Embargo until {until:%Y-%m-%d %H:%M} UTC"


@pytest.fixture
def hidden():
    """One clip of each kind the public may not see, each with its own tag, category and
    partner, and one clip everybody may see."""
    made = {}
    for name, kwargs in {
        "embargoed": {"restrictions": embargo_text(30)},
        "review": {"status": AssetStatus.REVIEW},
        "not-in-cn": {"restrictions": "No access Chinese mainland"},
        "open": {},
    }.items():
        tag = TagFactory(name=f"mal {name}", slug=f"mal-{name}")
        category = CategoryFactory(name=f"Cat {name}", slug=f"cat-{name}")
        partner = PartnerFactory(name=f"Partner {name}", slug=f"partner-{name}")
        made[name] = AssetFactory(tags=[tag], categories=[category], partner=partner, **kwargs)
    return made


def names(response, field="slug"):
    assert response.status_code == 200, response.content[:300]
    return {row[field] for row in response.json()["results"]}


def test_api_tag_search_leaves_out_tags_of_clips_the_caller_may_not_see(api_client, hidden):
    assert names(api_client.get("/api/v1/tags/", {"search": "mal"}, **FROM_GB)) == {
        "mal-not-in-cn",
        "mal-open",
    }
    assert names(api_client.get("/api/v1/tags/", {"search": "mal"}, **FROM_CN)) == {"mal-open"}
    assert api_client.get("/api/v1/tags/mal-review/", **FROM_GB).status_code == 404
    assert api_client.get("/api/v1/tags/mal-not-in-cn/", **FROM_CN).status_code == 404


def test_api_partners_and_categories_name_only_what_holds_visible_clips(api_client, hidden):
    partners = api_client.get("/api/v1/partners/", **FROM_CN).json()["results"]
    assert {(p["slug"], p["asset_count"]) for p in partners} == {("partner-open", 1)}
    assert names(api_client.get("/api/v1/categories/", **FROM_CN)) == {"cat-open"}
    for url in ("/api/v1/partners/partner-embargoed/", "/api/v1/categories/cat-review/"):
        assert api_client.get(url, **FROM_GB).status_code == 404
    assert api_client.get("/api/v1/partners/partner-not-in-cn/", **FROM_GB).status_code == 200


def test_staff_see_every_tag_partner_and_category(staff_api_client, hidden):
    assert len(names(staff_api_client.get("/api/v1/tags/", {"search": "mal"}, **FROM_CN))) == 4
    assert len(names(staff_api_client.get("/api/v1/partners/", **FROM_CN))) == 4
    assert len(names(staff_api_client.get("/api/v1/categories/", **FROM_CN))) == 4
    assert staff_api_client.get("/api/v1/tags/mal-review/").status_code == 200


@pytest.mark.parametrize(
    ("route", "slug", "name"),
    [
        ("catalog:tag", "mal-review", "mal review"),
        ("catalog:tag", "mal-embargoed", "mal embargoed"),
        ("catalog:category", "cat-embargoed", "Cat embargoed"),
        ("catalog:partner", "partner-review", "Partner review"),
    ],
)
def test_site_pages_of_what_only_hidden_clips_use_are_404(client, hidden, route, slug, name):
    response = client.get(reverse(route, args=[slug]), **FROM_GB)
    assert response.status_code == 404
    assert name not in response.content.decode()


def test_site_pages_depend_on_the_visitors_territory(client, hidden, staff_user):
    url = reverse("catalog:tag", args=["mal-not-in-cn"])
    assert client.get(url, **FROM_CN).status_code == 404
    assert client.get(url, **FROM_GB).status_code == 200
    client.force_login(staff_user)
    assert client.get(reverse("catalog:tag", args=["mal-review"])).status_code == 200


def test_an_embargoed_clip_counts_once_its_embargo_is_over(api_client, monkeypatch):
    AssetFactory(restrictions=embargo_text(2), tags=[TagFactory(name="later", slug="later")])
    assert names(api_client.get("/api/v1/tags/", **FROM_GB)) == set()
    later = timezone.now() + timedelta(days=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert names(api_client.get("/api/v1/tags/", **FROM_GB)) == {"later"}


def test_home_and_filter_options_name_only_visible_categories_tags_and_partners(client, hidden):
    home = client.get("/", **FROM_CN).content.decode()
    assert "Cat open" in home
    for name in ("Cat embargoed", "Cat review", "Cat not-in-cn"):
        assert name not in home
    browse = client.get(reverse("catalog:browse"), **FROM_CN).content.decode()
    assert "mal open" in browse and "Partner open" in browse and "Cat open" in browse
    for name in ("mal embargoed", "mal review", "mal not-in-cn", "Partner review", "Cat review"):
        assert name not in browse
    # Choosing a hidden tag by its slug does not put its name in the select either.
    chosen = client.get(reverse("catalog:browse"), {"tag": "mal-review"}, **FROM_CN)
    assert "mal review" not in chosen.content.decode()


def test_the_451_never_names_the_clip_on_the_site_or_the_api(client, api_client, hidden):
    clip = hidden["embargoed"]
    short = client.get(reverse("catalog:clip-short", args=[clip.public_id]), **FROM_GB)
    assert short.status_code == 451  # no redirect to an address that spells the title
    page = short.content.decode()
    assert clip.title not in page and clip.slug not in page
    assert "This clip is not available in United Kingdom (GB)." in page
    assert "Embargoed until" in page
    api = api_client.get(f"/api/v1/assets/{clip.public_id}/", **FROM_GB).json()
    assert api["detail"] == "This clip is not available in United Kingdom (GB)."
    assert clip.title not in str(api)
