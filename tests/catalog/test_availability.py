"""Restrictions stored as rules and enforced: SQL agrees with the checker, and every way a clip
can be seen (API list and detail, site pages) honours the visitor's territory."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEntry
from catalog.models import AssetStatus, TerritoryScope, VideoAsset
from catalog.services import (
    AssetRuleError,
    asset_change_status,
    asset_release_hold,
    asset_save,
    assets_recompile_restrictions,
)
from catalog.stored_rules import stored_restrictions
from tests.factories import AssetFactory, PartnerFactory, StoryFactory
from tests.rights.second_pass_lines import SECOND_PASS

pytestmark = pytest.mark.django_db

TEXTS = [
    "",
    "No access Chinese mainland",
    "No access India/US",
    "UK only",
    "Access Europe only",
    "Worldwide excluding USA",
    "No access EU",
    "EU only; No access France",
    "Access Europe only. EU only",
    "UK only. France only",
    "No access Greater China",
    "Editorial use only",
    "Broadcast only",
    "No social media",
    "Online only",
    "Embargo until 2026-12-01 00:00 UTC",
    "Hold for release",
    "Must credit NASA; No archive",
    "Pt: No access Japan",
    "No access Chinese mainland; Editorial use only; No social media",
    *SECOND_PASS,
]
TERRITORIES = [
    *("GB", "CN", "HK", "FR", "US", "NO", "CY", "IN", "JP", None, "XX"),
    *("PR", "RE", "GL", "EH", "GE", "TW", "UA", "RU"),
]
MOMENTS = [
    datetime(2019, 6, 1, tzinfo=UTC),
    datetime(2020, 6, 1, tzinfo=UTC),
    datetime(2026, 11, 30, 23, 59, 59, tzinfo=UTC),
    datetime(2026, 12, 1, tzinfo=UTC),
]


@pytest.fixture
def catalogue():
    return {text: AssetFactory(restrictions=text) for text in TEXTS}


def sql_ids(**kwargs):
    return set(VideoAsset.objects.available_in(**kwargs).values_list("public_id", flat=True))


def python_ids(assets, **kwargs):
    return {asset.public_id for asset in assets if asset.availability(**kwargs).allowed}


def test_sql_agrees_with_the_checker_for_territories_and_times(catalogue):
    assets = list(catalogue.values())
    for territory in TERRITORIES:
        for at in MOMENTS:
            query = {"territory": territory, "at": at}
            assert sql_ids(**query) == python_ids(assets, **query), query


@pytest.mark.parametrize("use", [None, "editorial", "commercial"])
@pytest.mark.parametrize("platform", [None, "broadcast", "digital", "social"])
def test_sql_agrees_with_the_checker_for_uses_and_platforms(catalogue, use, platform):
    assets = list(catalogue.values())
    at = datetime(2027, 1, 1, tzinfo=UTC)
    for territory in ("GB", "CN"):
        query = {"territory": territory, "at": at, "use": use, "platform": platform}
        assert sql_ids(**query) == python_ids(assets, **query), query


def test_available_in_is_one_query(catalogue):
    with CaptureQueriesContext(connection) as captured:
        list(VideoAsset.objects.published().available_in("CN", use="commercial", platform="social"))
    assert len(captured) == 1


def test_available_in_uses_the_territory_index_and_walks_clips_in_order(catalogue):
    listing = VideoAsset.objects.published().available_in("CN").newest_first()[:24]
    sql, params = listing.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row) for row in cursor.fetchall())
        else:
            cursor.execute("SET enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = " ".join(row[0] for row in cursor.fetchall())
    assert "profile_territory_lookup" in plan
    if connection.vendor == "sqlite":
        # The newest clips come from the index in order, filtered by profile as they come,
        # not every available clip fetched and then sorted (which grows with the catalogue).
        # PostgreSQL's planner rightly sorts a table this small: tests/catalog/test_plans.py
        # holds it to the index on a catalogue of 20,000 clips.
        assert "asset_status_listed" in plan
        assert "TEMP B-TREE" not in plan


def test_chinese_mainland_restriction_keeps_hong_kong_macao_taiwan(catalogue):
    reference = catalogue["No access Chinese mainland"].public_id
    assert reference not in sql_ids(territory="CN")
    for code in ("HK", "MO", "TW"):
        assert reference in sql_ids(territory=code)


# Saving, publishing and releasing


def test_saving_compiles_and_rewrites_the_stored_rules(staff_user):
    asset = AssetFactory(status=AssetStatus.DRAFT, restrictions="")
    asset.restrictions = "No access India/US"
    asset_save(asset=asset, actor=staff_user)
    rows = set(asset.profile.territories.values_list("territory", "effect"))
    us_and_its_outlying_areas = {"US", "PR", "GU", "VI", "AS", "MP", "UM"}
    assert rows == {("IN", "deny")} | {(code, "deny") for code in us_and_its_outlying_areas}
    assert asset.territory_scope == TerritoryScope.DENY
    asset.restrictions = "UK only"
    asset_save(asset=asset, actor=staff_user)
    assert set(asset.profile.territories.values_list("territory", "effect")) == {("GB", "allow")}
    asset.refresh_from_db()
    assert asset.territory_scope == TerritoryScope.ALLOW


def test_unreadable_text_is_stored_with_its_error_and_cannot_be_published(staff_user):
    asset = AssetFactory(status=AssetStatus.REVIEW, restrictions="")
    asset.restrictions = "No access Narnia"
    asset_save(asset=asset, actor=staff_user)
    asset.refresh_from_db()
    assert "“Narnia”" in asset.restrictions_error
    assert asset.public_id not in sql_ids(territory="GB")
    assert not asset.availability("GB").allowed
    with pytest.raises(AssetRuleError, match="Narnia"):
        asset_change_status(asset=asset, status=AssetStatus.PUBLISHED, actor=staff_user)
    asset.refresh_from_db()
    assert asset.status == AssetStatus.REVIEW


def test_a_published_asset_cannot_be_given_unreadable_text(staff_user):
    asset = AssetFactory(restrictions="No access Chinese mainland")
    asset.restrictions = "No access Atlantis"
    with pytest.raises(AssetRuleError, match="Atlantis"):
        asset_save(asset=asset, actor=staff_user)
    asset.refresh_from_db()
    assert asset.restrictions == "No access Chinese mainland"
    assert asset.restrictions_error == ""
    assert set(asset.profile.territories.values_list("territory", flat=True)) == {"CN"}


def test_staff_release_a_hold_and_new_text_holds_again(staff_user):
    asset = AssetFactory(restrictions="Hold for release")
    assert asset.public_id not in sql_ids(territory="GB")
    asset_release_hold(asset=asset, actor=staff_user)
    assert asset.public_id in sql_ids(territory="GB")
    assert asset.availability("GB").allowed
    entry = AuditEntry.objects.get(action="asset.release")
    assert entry.actor == staff_user
    with pytest.raises(AssetRuleError, match="already released"):
        asset_release_hold(asset=asset, actor=staff_user)
    asset.refresh_from_db()
    asset.restrictions = "Hold for release. No archive"
    asset_save(asset=asset, actor=staff_user)
    assert asset.public_id not in sql_ids(territory="GB")


def test_only_held_assets_can_be_released(staff_user):
    asset = AssetFactory(restrictions="UK only")
    with pytest.raises(AssetRuleError, match="not held"):
        asset_release_hold(asset=asset, actor=staff_user)


def test_recompiling_repairs_stored_rules_and_reports_changes(catalogue):
    with_rows = [t for t in TEXTS if stored_restrictions(t).territories]
    VideoAsset.objects.filter(restrictions__in=with_rows).update(profile=None)
    VideoAsset.objects.filter(restrictions="Editorial use only").update(editorial_only=False)
    assert assets_recompile_restrictions() == len(with_rows) + 1  # + the editorial one
    test_sql_agrees_with_the_checker_for_territories_and_times(catalogue)
    assert assets_recompile_restrictions() == 0


# The API


ASSETS = "/api/v1/assets/"


@pytest.fixture
def from_cn(settings):
    settings.GEO_TRUSTED_HEADER = "CF-IPCountry"
    return {"HTTP_CF_IPCOUNTRY": "CN"}


def test_api_list_leaves_out_what_the_territory_may_not_see(api_client, catalogue, from_cn):
    listed = {
        row["id"] for row in api_client.get(ASSETS, {"page_size": 100}, **from_cn).json()["results"]
    }
    assert catalogue["No access Chinese mainland"].public_id not in listed
    assert catalogue["UK only"].public_id not in listed
    assert catalogue[""].public_id in listed
    from_gb = {"HTTP_CF_IPCOUNTRY": "GB"}
    listed_gb = {
        row["id"] for row in api_client.get(ASSETS, {"page_size": 100}, **from_gb).json()["results"]
    }
    assert catalogue["No access Chinese mainland"].public_id in listed_gb


def test_api_detail_answers_451_with_reasons(api_client, catalogue, from_cn):
    asset = catalogue["No access Chinese mainland"]
    response = api_client.get(f"{ASSETS}{asset.public_id}/", **from_cn)
    assert response.status_code == 451
    assert response.json() == {
        "detail": "This clip is not available in Chinese mainland (CN).",
        "territory": "CN",
        "reasons": ["No access in Chinese mainland (CN)"],
    }
    assert api_client.get(f"{ASSETS}{asset.public_id}/", HTTP_CF_IPCOUNTRY="HK").status_code == 200


def test_staff_see_every_asset_over_the_api(staff_api_client, catalogue, from_cn):
    asset = catalogue["No access Chinese mainland"]
    assert staff_api_client.get(f"{ASSETS}{asset.public_id}/", **from_cn).status_code == 200


def test_api_detail_lists_duties(api_client, catalogue):
    asset = catalogue["Must credit NASA; No archive"]
    assert api_client.get(f"{ASSETS}{asset.public_id}/").json()["duties"] == [
        "Must credit NASA",
        "No archive",
    ]


def test_availability_endpoint_answers_for_any_territory(api_client, catalogue, from_cn):
    asset = catalogue["No access Chinese mainland; Editorial use only; No social media"]
    url = f"{ASSETS}{asset.public_id}/availability/"
    body = api_client.get(
        url,
        {"territory": "GB", "use": "commercial", "platform": "social", "at": "2027-01-01T00:00Z"},
        **from_cn,
    ).json()
    assert body["allowed"] is False
    assert body["territory"] == "GB"
    assert body["reasons"] == ["Editorial use only: no commercial use", "No social media use"]
    assert body["restrictions"] == asset.restrictions
    assert "Informational" in body["note"]
    # Without a territory it answers for the request's own.
    mine = api_client.get(url, **from_cn).json()
    assert (mine["territory"], mine["allowed"]) == ("CN", False)
    unknown = api_client.get(url, {"territory": "XX"}).json()
    assert unknown["territory"] is None and unknown["allowed"] is False


def test_availability_endpoint_for_an_embargo(api_client, catalogue):
    asset = catalogue["Embargo until 2026-12-01 00:00 UTC"]
    url = f"{ASSETS}{asset.public_id}/availability/"
    before = api_client.get(url, {"territory": "FR", "at": "2026-11-30T23:00:00Z"}).json()
    after = api_client.get(url, {"territory": "FR", "at": "2026-12-01T00:00:00Z"}).json()
    assert before["reasons"] == ["Embargoed until 2026-12-01 00:00 UTC"]
    assert after["allowed"] is True


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"territory": "Narnia"}, "territory"),
        ({"use": "personal"}, "use"),
        ({"platform": "cinema"}, "platform"),
        ({"at": "soon"}, "at"),
    ],
)
def test_availability_endpoint_rejects_bad_parameters(api_client, catalogue, params, field):
    asset = catalogue[""]
    response = api_client.get(f"{ASSETS}{asset.public_id}/availability/", params)
    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_availability_of_an_unpublished_asset_is_404(api_client):
    asset = AssetFactory(status=AssetStatus.DRAFT)
    assert api_client.get(f"{ASSETS}{asset.public_id}/availability/").status_code == 404


# The site


def test_site_hides_unavailable_clips_and_explains_on_the_clip_page(client, catalogue, from_cn):
    asset = catalogue["No access Chinese mainland"]
    unrestricted = AssetFactory(restrictions="")  # the newest, so on the home page
    home = client.get("/", **from_cn).content.decode()
    assert asset.title not in home
    assert unrestricted.title in home
    response = client.get(asset.get_absolute_url(), **from_cn)
    assert response.status_code == 451
    page = response.content.decode()
    assert "not available in Chinese mainland (CN)" in page
    assert "No access in Chinese mainland (CN)" in page
    assert asset.title not in page  # the same rule as the API's 451: never the clip's title


def test_clip_page_says_what_restrictions_mean_here(client, catalogue):
    asset = catalogue["Must credit NASA; No archive"]
    page = client.get(asset.get_absolute_url()).content.decode()
    assert "Available in United Kingdom (GB)" in page
    assert "Licensee duties: Must credit NASA; No archive." in page


def test_story_page_lists_only_related_clips_the_visitor_may_see(client, catalogue, from_cn):
    hidden, shown = catalogue["No access Chinese mainland"], catalogue[""]
    story = StoryFactory(related_assets=[hidden, shown])
    page = client.get(story.get_absolute_url(), **from_cn).content.decode()
    assert shown.title in page
    assert hidden.title not in page


def test_unknown_territory_sees_only_clips_without_territory_rules(client, settings, catalogue):
    settings.GEO_DEFAULT_TERRITORY = ""
    home = client.get("/").content.decode()
    assert catalogue["Editorial use only"].title in home
    assert catalogue["Worldwide excluding USA"].title not in home


def test_embargoed_clip_appears_when_the_embargo_lifts(api_client):
    asset = AssetFactory(
        restrictions=f"Embargo until {(timezone.now() + timedelta(hours=1)):%Y-%m-%d %H:%M} UTC",
        partner=PartnerFactory(),
    )
    assert asset.public_id not in sql_ids(territory="GB")
    assert asset.public_id in sql_ids(territory="GB", at=timezone.now() + timedelta(hours=2))


def test_api_story_lists_only_related_clips_the_caller_may_see(api_client, catalogue, from_cn):
    hidden, shown = catalogue["No access Chinese mainland"], catalogue[""]
    story = StoryFactory(related_assets=[hidden, shown])
    body = api_client.get(f"/api/v1/stories/{story.slug}/", **from_cn).json()
    assert [clip["id"] for clip in body["related_assets"]] == [shown.public_id]


def test_an_embargo_lifts_at_the_first_second_of_the_new_year(api_client, time_machine):
    time_machine.move_to(datetime(2027, 12, 31, 23, 59, 59, tzinfo=UTC), tick=False)
    asset = AssetFactory(restrictions="Embargo until 2028-01-01 00:00 UTC")
    url = f"{ASSETS}{asset.public_id}/"

    def listed():
        rows = api_client.get(ASSETS, {"page_size": 100}).json()["results"]
        return asset.public_id in {row["id"] for row in rows}

    refused = api_client.get(url)
    assert (refused.status_code, refused.json()["reasons"]) == (
        451,
        ["Embargoed until 2028-01-01 00:00 UTC"],
    )
    assert not listed()
    time_machine.move_to(datetime(2028, 1, 1, tzinfo=UTC), tick=False)
    assert api_client.get(url).status_code == 200 and listed()
