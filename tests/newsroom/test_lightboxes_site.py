"""Boards on the website: the clip page's panel, the card's form, the boards and board pages,
and Buy all."""

import pytest
from django.http import HttpRequest
from django.urls import reverse

from catalog.models import AssetStatus
from catalog.services import asset_change_status
from licensing.models import BuyerMember, Order
from newsroom.models import Lightbox, LightboxItem
from newsroom.services.lightboxes import lightbox_create, lightbox_item_add
from tests.factories import AssetFactory, UserFactory
from tests.licensing.conftest import make_buyer, nothing_sold

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def in_britain(settings):
    settings.GEO_DEFAULT_TERRITORY = "GB"


@pytest.fixture
def buyer(db):
    return make_buyer(name="Daily Planet")[0]


def signed_in(client, user):
    user.set_password(PASSWORD)
    user.save()
    assert client.login(request=HttpRequest(), username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def member(client, buyer):
    return signed_in(client, buyer.members.get())


@pytest.fixture
def clip(db):
    return AssetFactory(title="Floods in the valley", restrictions="")


def test_the_clip_page_offers_boards_to_members_only(client, member, clip):
    page = member.get(clip.get_absolute_url()).content.decode()
    assert "Add to a board" in page and 'name="note"' in page
    member.logout()
    assert "Add to a board" not in client.get(clip.get_absolute_url()).content.decode()
    # A signed-in person who belongs to no buyer organisation sees no panel either
    signed_in(client, UserFactory())
    assert "Add to a board" not in client.get(clip.get_absolute_url()).content.decode()


def test_adding_from_the_clip_page_to_a_new_board_then_seeing_it(member, buyer, clip):
    response = member.post(
        reverse("newsroom:board-add"),
        {
            "asset": clip.public_id,
            "board": "",
            "new_name": "Flood story",
            "note": "Use the drone shot",
            "next": clip.get_absolute_url(),
        },
    )
    assert response.status_code == 302 and response["Location"] == clip.get_absolute_url()
    board = Lightbox.objects.get(buyer=buyer)
    assert board.name == "Flood story"
    page = member.get(board.get_absolute_url()).content.decode()
    assert "Floods in the valley" in page and "Use the drone shot" in page
    assert "Available to buy." in page
    assert "Flood story" in member.get(reverse("newsroom:boards")).content.decode()


def test_adding_to_an_existing_board_and_twice(member, buyer, clip):
    board = lightbox_create(buyer=buyer, name="Story")
    form = {"asset": clip.public_id, "board": board.public_id, "note": "one"}
    member.post(reverse("newsroom:board-add"), form)
    again = member.post(reverse("newsroom:board-add"), {**form, "note": "two"}, follow=True)
    assert "already on the board" in again.content.decode()
    assert LightboxItem.objects.get().note == "one"


def test_cards_in_lists_offer_add_to_board_to_members(client, member, clip):
    home = member.get(reverse("catalog:browse")).content.decode()
    assert reverse("newsroom:board-add") in home
    assert f'Add to board<span class="visually-hidden">: {clip.title}</span>' in home
    chooser = member.get(reverse("newsroom:board-add"), {"asset": clip.public_id})
    assert chooser.status_code == 200 and "Floods in the valley" in chooser.content.decode()
    member.logout()
    assert (
        reverse("newsroom:board-add") not in client.get(reverse("catalog:browse")).content.decode()
    )


def test_bad_add_input_is_400_and_changes_nothing(member, buyer, clip):
    url = reverse("newsroom:board-add")
    assert member.post(url, {"asset": "nope", "new_name": "x"}).status_code == 400
    assert member.post(url, {"asset": clip.public_id}).status_code == 400  # no board, no name
    too_long = {"asset": clip.public_id, "new_name": "x", "note": "n" * 1001}
    assert member.post(url, too_long).status_code == 400
    other_board = lightbox_create(buyer=make_buyer(name="Other")[0], name="Theirs")
    theirs = {"asset": clip.public_id, "board": other_board.public_id}
    assert member.post(url, theirs).status_code == 404
    draft = AssetFactory(status=AssetStatus.DRAFT)
    assert member.post(url, {"asset": draft.public_id, "new_name": "x"}).status_code == 404
    assert not LightboxItem.objects.exists()
    assert list(Lightbox.objects.values_list("name", flat=True)) == ["Theirs"]


def test_rename_edit_note_remove_delete(member, buyer, clip):
    board = lightbox_create(buyer=buyer, name="Story")
    lightbox_item_add(lightbox=board, asset=clip, note="old")
    member.post(reverse("newsroom:board-rename", args=[board.public_id]), {"name": "Story 2"})
    board.refresh_from_db()
    assert board.name == "Story 2"
    member.post(
        reverse("newsroom:board-item-note", args=[board.public_id, clip.public_id]),
        {"note": "new"},
    )
    assert LightboxItem.objects.get().note == "new"
    member.post(reverse("newsroom:board-item-remove", args=[board.public_id, clip.public_id]))
    assert not LightboxItem.objects.exists()
    member.post(reverse("newsroom:board-delete", args=[board.public_id]))
    assert not Lightbox.objects.exists()


def test_a_colleague_sees_the_board_and_another_buyer_gets_404(client, buyer, clip):
    board = lightbox_create(buyer=buyer, name="Shared")
    lightbox_item_add(lightbox=board, asset=clip, note="for the 6pm")
    colleague = UserFactory()
    BuyerMember.objects.create(buyer=buyer, user=colleague)
    signed_in(client, colleague)
    assert "for the 6pm" in client.get(board.get_absolute_url()).content.decode()
    client.logout()
    outsider = make_buyer(name="Rival Times")[0].members.get()
    signed_in(client, outsider)
    assert client.get(board.get_absolute_url()).status_code == 404
    assert client.post(reverse("newsroom:board-delete", args=[board.public_id])).status_code == 404
    assert Lightbox.objects.filter(pk=board.pk).exists()


def test_a_withdrawn_clip_stays_marked_with_its_reason(member, buyer, clip):
    board = lightbox_create(buyer=buyer, name="Story")
    lightbox_item_add(lightbox=board, asset=clip)
    asset_change_status(asset=clip, status=AssetStatus.WITHDRAWN)
    page = member.get(board.get_absolute_url()).content.decode()
    assert "Floods in the valley" in page
    assert "Withdrawn: this clip is no longer offered for licensing." in page


def test_buy_all_makes_one_order_and_a_double_click_one_more_nothing(member, buyer):
    clips = [AssetFactory(restrictions="") for _ in range(2)]
    board = lightbox_create(buyer=buyer, name="Story")
    for clip in clips:
        lightbox_item_add(lightbox=board, asset=clip)
    key = member.get(board.get_absolute_url()).context["idempotency_key"]
    form = {"license": "editorial", "idempotency_key": key}
    url = reverse("newsroom:board-buy", args=[board.public_id])
    first, second = member.post(url, form), member.post(url, form)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    order = Order.objects.get()
    assert order.lines.count() == 2


def test_buy_all_refusal_is_shown_on_the_board_and_buys_nothing(member, buyer):
    fine, restricted = AssetFactory(restrictions=""), AssetFactory(restrictions="")
    board = lightbox_create(buyer=buyer, name="Story")
    for clip in (fine, restricted):
        lightbox_item_add(lightbox=board, asset=clip)
    restricted.restrictions = "No access UK"
    from catalog.services import asset_save

    asset_save(asset=restricted)
    url = reverse("newsroom:board-buy", args=[board.public_id])
    response = member.post(url, {"license": "editorial", "idempotency_key": "k1"})
    assert response.status_code == 451
    text = response.content.decode()
    assert "Nothing was bought." in text and "United Kingdom" in text
    assert nothing_sold()
    assert member.post(url, {"license": "editorial"}).status_code == 400
    assert nothing_sold()


def test_board_page_query_count_is_bounded(member, buyer, django_assert_max_num_queries):
    board = lightbox_create(buyer=buyer, name="Story")
    for _ in range(5):
        lightbox_item_add(lightbox=board, asset=AssetFactory(restrictions=""))
    with django_assert_max_num_queries(14):
        assert member.get(board.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(10):
        assert member.get(reverse("newsroom:boards")).status_code == 200


def test_the_clip_page_with_the_board_panel_costs_one_query_more(member, buyer, clip):
    from tests.catalog.test_pages import PAGE_BUDGET, page_queries

    for n in range(5):
        lightbox_item_add(lightbox=lightbox_create(buyer=buyer, name=f"Story {n}"), asset=clip)
    # The panel lists the boards and says which hold the clip in one query, whatever their number.
    assert page_queries(member, clip.get_absolute_url()) <= PAGE_BUDGET + 1


def test_staff_read_boards_in_the_admin(staff_client, buyer, clip, django_assert_max_num_queries):
    board = lightbox_create(buyer=buyer, name="Story")
    lightbox_item_add(lightbox=board, asset=clip, note="for the 6pm")
    with django_assert_max_num_queries(12):
        listing = staff_client.get(reverse("admin:newsroom_lightbox_changelist"))
    assert listing.status_code == 200 and "Story" in listing.content.decode()
    page = staff_client.get(reverse("admin:newsroom_lightbox_change", args=[board.pk]))
    assert page.status_code == 200 and "for the 6pm" in page.content.decode()


def test_a_board_larger_than_an_order_says_so_instead_of_offering_buy_all(
    member, buyer, monkeypatch
):
    monkeypatch.setattr("newsroom.views.lightboxes.MAX_ITEMS", 1)
    board = lightbox_create(buyer=buyer, name="Story")
    for _ in range(2):
        lightbox_item_add(lightbox=board, asset=AssetFactory(restrictions=""))
    page = member.get(board.get_absolute_url()).content.decode()
    assert "An order holds at most 1 clips" in page and "Buy all" not in page
