"""Every API list keeps its own order across pages: by cursor where the ordering allows one,
by page number where a key may be empty (a draft story has no publication date)."""

import pytest
from django.utils import timezone

from tests.factories import AssetFactory, CategoryFactory, StoryFactory

pytestmark = pytest.mark.django_db


def walk(api_client, url):
    names, pages = [], 0
    while url:
        body = api_client.get(url).json()
        names += [row.get("name") or row.get("title") for row in body["results"]]
        url, pages = body["next"], pages + 1
    return names, pages


def test_categories_page_by_cursor_in_name_order_whatever_the_case(api_client):
    for name in ["beta", "Alpha", "delta", "Charlie", "echo"]:
        AssetFactory(categories=[CategoryFactory(name=name, slug=name.lower())])  # listed: in use
    first = api_client.get("/api/v1/categories/", {"page_size": 2}).json()
    assert "cursor=" in first["next"]
    names, pages = walk(api_client, "/api/v1/categories/?page_size=2")
    assert names == ["Alpha", "beta", "Charlie", "delta", "echo"] and pages == 3


def test_stories_page_by_number_newest_first(api_client):
    now = timezone.now()
    for days in range(5):
        StoryFactory(title=f"{days} days ago", published_at=now - timezone.timedelta(days=days))
    first = api_client.get("/api/v1/stories/", {"page_size": 2}).json()
    assert first["next"].endswith("page=2") and first["count"] == 5
    names, pages = walk(api_client, "/api/v1/stories/?page_size=2")
    assert names == [f"{days} days ago" for days in range(5)] and pages == 3
