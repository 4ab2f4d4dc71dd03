"""Search on SQLite reads an FTS5 index kept by triggers; these pin that it stays in step with
every write and that no text a visitor types is read as an FTS5 operator."""

import pytest
from django.db import connection

from catalog import sqlite_search
from catalog.models import VideoAsset
from catalog.services import asset_refresh_search_document
from tests.factories import AssetFactory, TagFactory

pytestmark = pytest.mark.django_db
ASSETS = "/api/v1/assets/"


@pytest.fixture
def on_sqlite(db):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's FTS5 index")
    if not sqlite_search.available(connection.alias):
        pytest.skip("this SQLite was built without FTS5")


def found(api_client, text) -> list[str]:
    response = api_client.get(ASSETS, {"search": text})
    assert response.status_code == 200, response.content[:300]
    return [row["id"] for row in response.json()["results"]]


def test_every_trigger_is_in_place_after_all_migrations(on_sqlite):
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        triggers = {name for (name,) in cursor.fetchall()}
    assert set(sqlite_search._TRIGGERS) <= triggers


def test_the_index_follows_inserts_edits_and_deletes(api_client, on_sqlite):
    asset = AssetFactory(title="Flooding in Valencia", tags=[])
    assert found(api_client, "flood") == [asset.public_id]  # a word's start finds it
    asset.title = "Drought in Valencia"
    asset.save()
    asset_refresh_search_document(asset)
    assert found(api_client, "flood") == []
    assert found(api_client, "drought valencia") == [asset.public_id]
    VideoAsset.objects.filter(pk=asset.pk).delete()
    assert found(api_client, "drought") == []


def test_tag_names_and_non_ascii_words_are_found(api_client, on_sqlite):
    asset = AssetFactory(title="Aurora over TROMSØ", tags=[TagFactory(name="northern lights")])
    assert found(api_client, "tromsø") == [asset.public_id]
    assert found(api_client, "northern") == [asset.public_id]


@pytest.mark.parametrize(
    "text", ['flood"', "flood OR", "NEAR(flood", "flood*", "-flood", "^flood", "flood AND NOT"]
)
def test_what_a_visitor_types_is_words_never_operators(api_client, on_sqlite, text):
    asset = AssetFactory(title="Flood OR storm, and not near the river", tags=[])
    AssetFactory(title="Sunny harbour", tags=[])
    assert asset.public_id in found(api_client, text)


def test_text_with_no_word_in_it_filters_nothing(api_client, on_sqlite):
    AssetFactory.create_batch(2, tags=[])
    assert len(found(api_client, "— ** ")) == 2
