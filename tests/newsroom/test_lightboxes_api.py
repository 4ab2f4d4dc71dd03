"""Boards over the API: sharing within a buyer organisation, limits, availability marking,
buying a board in one order, and bad input."""

import pytest

from catalog.models import AssetStatus
from catalog.services import asset_change_status, asset_save
from licensing.models import BuyerMember, License, Order
from newsroom.models import Lightbox, LightboxItem
from tests.factories import AssetFactory, UserFactory
from tests.licensing.conftest import client_for, make_buyer, nothing_sold

BOARDS = "/api/v1/lightboxes/"


@pytest.fixture(autouse=True)
def in_britain(settings):
    settings.GEO_DEFAULT_TERRITORY = "GB"


@pytest.fixture
def newsroom(db):
    buyer, key = make_buyer(name="Daily Planet", credits="1000")
    return buyer, client_for(key)


@pytest.fixture
def api(newsroom):
    return newsroom[1]


@pytest.fixture
def clips(db):
    return [AssetFactory(title=f"Floods {n}", restrictions="") for n in range(3)]


def board_of(api, name="Floods story"):
    response = api.post(BOARDS, {"name": name}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def add(api, board, asset, note=""):
    return api.post(f"{BOARDS}{board['id']}/items/", {"asset": asset, "note": note}, format="json")


def buy(api, board, license="editorial", key="board-key-1"):
    return api.post(
        f"{BOARDS}{board['id']}/order/",
        {"license": license},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


# --- sharing ---------------------------------------------------------------------------


def test_members_of_one_buyer_share_a_board_and_another_buyer_gets_404(newsroom, api, clips):
    buyer, _ = newsroom
    board = board_of(api)
    assert add(api, board, clips[0].public_id, "Opening shot").status_code == 201

    # Given a second member of the same organisation, signed in on the site (session)
    colleague = UserFactory()
    BuyerMember.objects.create(buyer=buyer, user=colleague)
    from rest_framework.test import APIClient

    session = APIClient()
    session.force_authenticate(colleague)
    seen = session.get(f"{BOARDS}{board['id']}/")
    assert seen.status_code == 200
    assert [i["note"] for i in seen.json()["items"]] == ["Opening shot"]
    assert [b["id"] for b in session.get(BOARDS).json()["results"]] == [board["id"]]

    # And another organisation
    _, other_key = make_buyer(name="Other News")
    other = client_for(other_key)
    assert other.get(f"{BOARDS}{board['id']}/").status_code == 404
    assert other.get(BOARDS).json()["results"] == []
    assert add(other, board, clips[1].public_id).status_code == 404
    assert other.delete(f"{BOARDS}{board['id']}/").status_code == 404
    assert buy(other, board).status_code == 404
    assert LightboxItem.objects.count() == 1 and Lightbox.objects.count() == 1


def test_no_key_is_401(db, clips):
    from rest_framework.test import APIClient

    assert APIClient().get(BOARDS).status_code == 401


# --- boards and items ------------------------------------------------------------------


def test_create_rename_note_remove_delete(api, clips):
    board = board_of(api, "  Storm   coverage ")
    assert board["name"] == "Storm coverage"
    assert board["item_count"] == 0 and board["items"] == []

    renamed = api.patch(f"{BOARDS}{board['id']}/", {"name": "Storm, day 2"}, format="json")
    assert renamed.status_code == 200 and renamed.json()["name"] == "Storm, day 2"

    added = add(api, board, clips[0].public_id, "Wide")
    assert added.status_code == 201
    item = added.json()["items"][0]
    assert item["asset"] == clips[0].public_id
    assert item["title"] == "Floods 0" and item["duration"] == "01:51"
    assert item["available"] is True and item["reason"] == ""

    url = f"{BOARDS}{board['id']}/items/{clips[0].public_id}/"
    noted = api.patch(url, {"note": "Use the wide"}, format="json")
    assert noted.status_code == 200 and noted.json()["items"][0]["note"] == "Use the wide"

    assert api.delete(url).status_code == 204
    assert api.delete(url).status_code == 404
    assert LightboxItem.objects.count() == 0

    assert api.delete(f"{BOARDS}{board['id']}/").status_code == 204
    assert not Lightbox.objects.exists()


def test_adding_twice_is_409_and_keeps_the_first_note(api, clips):
    board = board_of(api)
    add(api, board, clips[0].public_id, "first")
    again = add(api, board, clips[0].public_id, "second")
    assert again.status_code == 409
    assert again.json()["code"] == "already_on_board"
    assert "already on the board" in again.json()["detail"]
    assert LightboxItem.objects.get().note == "first"


def test_a_clip_you_cannot_see_is_404_like_the_assets_api(api):
    board = board_of(api)
    draft = AssetFactory(status=AssetStatus.DRAFT)
    for asset in (draft.public_id, "zzzzzzzzzzzz"):
        response = add(api, board, asset)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    restricted = AssetFactory(restrictions="UK out")
    refused = add(api, board, restricted.public_id)
    assert refused.status_code == 451
    assert refused.json()["code"] == "unavailable"
    assert refused.json()["items"][0]["territory"] == "GB" and refused.json()["items"][0]["reasons"]
    assert not LightboxItem.objects.exists()


# --- limits ----------------------------------------------------------------------------


def test_boards_per_buyer_limit(settings, api):
    settings.LIGHTBOX_MAX_BOARDS = 2
    board_of(api, "one")
    board_of(api, "two")
    third = api.post(BOARDS, {"name": "three"}, format="json")
    assert third.status_code == 409
    assert third.json()["code"] == "limit_reached"
    assert Lightbox.objects.count() == 2


def test_clips_per_board_limit(settings, api, clips):
    settings.LIGHTBOX_MAX_ITEMS = 2
    board = board_of(api)
    add(api, board, clips[0].public_id)
    add(api, board, clips[1].public_id)
    third = add(api, board, clips[2].public_id)
    assert third.status_code == 409
    assert third.json()["code"] == "limit_reached"
    assert LightboxItem.objects.count() == 2


# --- validation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": ["a"]}, "name"),
        ({"name": 0}, "name"),
    ],
)
def test_bad_board_input_is_400_and_changes_nothing(api, body, field):
    response = api.post(BOARDS, body, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not Lightbox.objects.exists()


def test_blank_name_after_trimming_is_400(api):
    response = api.post(BOARDS, {"name": "   "}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    assert not Lightbox.objects.exists()


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "asset"),
        ({"asset": "NOT-AN-ID"}, "asset"),
        ({"asset": "abcdefghijkm", "note": "n" * 1001}, "note"),
        ({"asset": 12, "note": {"a": 1}}, "note"),
        ({"asset": "abcdefghijkm", "note": 7}, "note"),
    ],
)
def test_bad_item_input_is_400_and_changes_nothing(api, body, field):
    board = board_of(api)
    response = api.post(f"{BOARDS}{board['id']}/items/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not LightboxItem.objects.exists()


# --- availability ----------------------------------------------------------------------


def test_an_unavailable_clip_stays_on_the_board_with_its_reason(api, clips):
    board = board_of(api)
    for clip in clips:
        add(api, board, clip.public_id)
    # Given one clip withdrawn and another restricted in the buyer's territory
    asset_change_status(asset=clips[0], status=AssetStatus.WITHDRAWN)
    clips[1].restrictions = "No access UK"
    asset_save(asset=clips[1])

    items = {i["asset"]: i for i in api.get(f"{BOARDS}{board['id']}/").json()["items"]}
    assert len(items) == 3
    withdrawn, restricted, fine = (items[c.public_id] for c in clips)
    assert withdrawn["available"] is False and withdrawn["reason"].startswith("Withdrawn")
    assert restricted["available"] is False
    assert "GB" in restricted["reason"] and "your organisation" in restricted["reason"]
    assert fine["available"] is True and fine["reason"] == ""


def test_board_detail_query_count_does_not_grow_with_items(
    api, clips, django_assert_max_num_queries
):
    board = board_of(api)
    for clip in clips:
        add(api, board, clip.public_id)
    with django_assert_max_num_queries(12):
        assert api.get(f"{BOARDS}{board['id']}/").status_code == 200
    with django_assert_max_num_queries(10):
        assert api.get(BOARDS).status_code == 200


# --- buying a board --------------------------------------------------------------------


def test_buying_a_board_makes_one_order_with_a_line_per_clip(api, clips):
    board = board_of(api)
    for clip in clips:
        add(api, board, clip.public_id)
    response = buy(api, board)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert sorted(line["asset"] for line in body["lines"]) == sorted(c.public_id for c in clips)
    assert {line["license"] for line in body["lines"]} == {"editorial"}
    assert Order.objects.count() == 1 and License.objects.count() == 3
    assert response["Location"].endswith(Order.objects.get().get_absolute_url())

    # A retry with the same key is the same order (200), and nothing more is sold.
    replay = buy(api, board)
    assert replay.status_code == 200 and replay.json()["id"] == body["id"]
    assert Order.objects.count() == 1 and License.objects.count() == 3


def test_a_refused_item_refuses_the_whole_board_and_sells_nothing(api, clips):
    board = board_of(api)
    for clip in clips:
        add(api, board, clip.public_id)
    clips[2].restrictions = "No access UK"
    asset_save(asset=clips[2])
    response = buy(api, board)
    assert response.status_code == 451
    item = response.json()["items"][0]
    assert item["asset"] == clips[2].public_id and item["index"] == 2
    assert nothing_sold()


def test_withdrawn_item_is_a_400_naming_it(api, clips):
    board = board_of(api)
    for clip in clips:
        add(api, board, clip.public_id)
    asset_change_status(asset=clips[1], status=AssetStatus.WITHDRAWN)
    response = buy(api, board)
    assert response.status_code == 400
    assert response.json()["items"][0]["asset"] == clips[1].public_id
    assert nothing_sold()


def test_not_enough_credit_is_402_and_already_licensed_409(db, clips):
    _, key = make_buyer(name="Small Paper", credits="0")
    api = client_for(key)
    board = board_of(api)
    add(api, board, clips[0].public_id)
    assert buy(api, board).status_code == 402
    assert nothing_sold()

    _, rich_key = make_buyer(name="Big Paper", credits="10000")
    rich = client_for(rich_key)
    board = board_of(rich)
    add(rich, board, clips[0].public_id)
    assert buy(rich, board, key="first").status_code == 201
    again = buy(rich, board, key="second")
    assert again.status_code == 409 and again.json()["code"] == "already_licensed"
    assert Order.objects.count() == 1


def test_bad_order_input(api, clips):
    board = board_of(api)
    # An empty board: purchase's own rule
    empty = buy(api, board)
    assert empty.status_code == 400 and "at least one item" in empty.json()["detail"]
    add(api, board, clips[0].public_id)
    unknown = buy(api, board, license="nonsense")
    assert unknown.status_code == 400 and "nonsense" in unknown.json()["detail"]
    no_key = api.post(f"{BOARDS}{board['id']}/order/", {"license": "editorial"}, format="json")
    assert no_key.status_code == 400 and "Idempotency-Key" in no_key.json()["detail"]
    bad_body = api.post(
        f"{BOARDS}{board['id']}/order/",
        {"license": 5 * ["x"]},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k",
    )
    assert bad_body.status_code == 400 and "license" in bad_body.json()["fields"]
    not_a_boolean = api.post(
        f"{BOARDS}{board['id']}/order/",
        {"license": "editorial", "allow_duplicate": "yes"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k",
    )
    assert not_a_boolean.status_code == 400 and "allow_duplicate" in not_a_boolean.json()["fields"]
    assert nothing_sold()


def test_changed_board_with_the_same_key_is_422(api, clips):
    board = board_of(api)
    add(api, board, clips[0].public_id)
    assert buy(api, board).status_code == 201
    add(api, board, clips[1].public_id)
    response = buy(api, board)
    assert response.status_code == 422
    assert Order.objects.count() == 1


def test_the_boards_list_is_paged_by_cursor(api):
    names = [board_of(api, f"Board {n}")["name"] for n in range(3)]
    first = api.get(BOARDS, {"page_size": 2}).json()
    second = api.get(first["next"]).json()
    seen = [b["name"] for b in first["results"] + second["results"]]
    assert sorted(seen) == sorted(names) and len(seen) == 3


def test_a_board_larger_than_an_order_is_refused_whole(api, monkeypatch, clips):
    # licensing's purchase holds at most MAX_ITEMS clips per order; a larger board says so.
    monkeypatch.setattr("licensing.services.purchase.MAX_ITEMS", 2)
    board = board_of(api)
    for clip in clips:
        add(api, board, clip.public_id)
    response = buy(api, board)
    assert response.status_code == 400 and "at most 2 items" in response.json()["detail"]
    assert nothing_sold()
