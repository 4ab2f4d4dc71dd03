"""Saved searches on the site: the browse page's "Save this search" form and the account page."""

import pytest

from newsroom.models import SavedSearch
from newsroom.saved_searches.matching import match_record
from tests.factories import AssetFactory, UserFactory
from tests.newsroom.saved_search_helpers import make_buyer, saved_search

pytestmark = pytest.mark.django_db

ACCOUNT = "/account/saved-searches/"
CREATE = "/account/saved-searches/new/"


@pytest.fixture
def member(client):
    buyer, _, user = make_buyer()
    client.force_login(user)
    return buyer, user


def test_a_signed_in_buyer_sees_the_form_carrying_the_filters(client, member):
    page = client.get("/clips/", {"search": "flood", "duration_max": "90", "page": "1"})

    html = page.content.decode()
    assert page.status_code == 200
    assert "Save this search" in html
    assert '<input type="hidden" name="search" value="flood">' in html
    assert '<input type="hidden" name="duration_max" value="90">' in html
    assert 'name="page"' not in html.split("save-search")[1]


def test_no_form_for_visitors_members_of_no_buyer_or_an_unfiltered_list(client, member):
    assert "Save this search" not in client.get("/clips/").content.decode()
    client.logout()
    assert "Save this search" not in client.get("/clips/?search=flood").content.decode()
    client.force_login(UserFactory())
    assert "Save this search" not in client.get("/clips/?search=flood").content.decode()


def test_saving_from_the_form_then_seeing_it_on_the_account_page(client, member):
    buyer, user = member

    answer = client.post(
        CREATE, {"search": "flood", "name": "Floods", "notify": ["email"], "page": "3"}
    )

    assert answer.status_code == 302 and answer["Location"] == ACCOUNT
    saved = SavedSearch.objects.get()
    assert (saved.buyer, saved.created_by) == (buyer, user)
    assert saved.query == {"search": "flood"} and saved.notify == ["email"]
    page = client.get(ACCOUNT).content.decode()
    assert "Floods" in page and "Saved “Floods”" in page


def test_a_bad_filter_is_refused_with_a_message_and_nothing_saved(client, member):
    answer = client.post(
        CREATE, {"duration_min": "-4", "name": "x", "back": "/clips/?duration_min=-4"}, follow=True
    )

    assert SavedSearch.objects.count() == 0
    assert "cannot be saved" in answer.content.decode()


def test_the_account_page_lists_latest_matches_and_changes_alerts(
    client, member, django_assert_max_num_queries
):
    buyer, user = member
    for n in range(3):
        saved = saved_search(buyer, name=f"Search {n}", user=user)
        match_record(saved, AssetFactory(title=f"Flood {n}"))

    with django_assert_max_num_queries(12):
        page = client.get(ACCOUNT)
    html = page.content.decode()
    assert all(f"Flood {n}" in html for n in range(3))

    client.post(f"{ACCOUNT}{saved.public_id}/", {"notify": ["webhook"]})
    saved.refresh_from_db()
    assert saved.notify == ["webhook"]

    client.post(f"{ACCOUNT}{saved.public_id}/", {"delete": "1"})
    assert not SavedSearch.objects.filter(pk=saved.pk).exists()


def test_another_buyers_saved_search_cannot_be_changed(client, member):
    other, _, _ = make_buyer("Other desk")
    theirs = saved_search(other)

    assert client.post(f"{ACCOUNT}{theirs.public_id}/", {"delete": "1"}).status_code == 404
    assert SavedSearch.objects.filter(pk=theirs.pk).exists()
    assert "Floods" not in client.get(ACCOUNT).content.decode()
