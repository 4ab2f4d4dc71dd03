"""Staff read saved searches and their matches in the admin."""

import pytest

from newsroom.saved_searches.matching import match_record
from tests.factories import AssetFactory
from tests.newsroom.saved_search_helpers import make_buyer, saved_search

pytestmark = pytest.mark.django_db


def test_staff_list_and_read_saved_searches(staff_client, django_assert_max_num_queries):
    buyer, _, user = make_buyer()
    for n in range(3):
        saved = saved_search(buyer, name=f"Search {n}", user=user)
        match_record(saved, AssetFactory(title=f"Flood {n}"))

    with django_assert_max_num_queries(10):
        listed = staff_client.get("/admin/newsroom/savedsearch/")
    assert listed.status_code == 200 and "Search 2" in listed.content.decode()

    page = staff_client.get(f"/admin/newsroom/savedsearch/{saved.pk}/change/")
    assert page.status_code == 200 and "Flood 2" in page.content.decode()
    assert staff_client.get("/admin/newsroom/savedsearchmatch/").status_code == 200
