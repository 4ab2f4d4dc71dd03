"""Real threads on PostgreSQL: members of one organisation adding at once cannot pass a
board's limits or put a clip on a board twice; the loser gets a clear refusal, not a 500."""

import pytest

from newsroom.models import Lightbox, LightboxItem
from newsroom.services.lightboxes import LightboxConflict, lightbox_create, lightbox_item_add
from tests.factories import AssetFactory
from tests.licensing.conftest import make_buyer
from tests.licensing.test_concurrency import race

pytestmark = pytest.mark.django_db(transaction=True)


def test_ten_members_add_the_same_clip_at_once_and_it_is_on_the_board_once(on_postgres):
    buyer = make_buyer("Daily Planet")[0]
    board = lightbox_create(buyer=buyer, name="Story")
    clip = AssetFactory()
    outcomes = race(10, lambda i: lightbox_item_add(lightbox=board, asset=clip, note=str(i)))
    added = [o for o in outcomes if isinstance(o, LightboxItem)]
    assert len(added) == 1, outcomes
    assert all(isinstance(o, LightboxConflict) for o in outcomes if o not in added)
    assert LightboxItem.objects.count() == 1


def test_racing_past_the_clips_per_board_limit_is_refused(on_postgres, settings):
    settings.LIGHTBOX_MAX_ITEMS = 3
    buyer = make_buyer("Daily Planet")[0]
    board = lightbox_create(buyer=buyer, name="Story")
    clips = [AssetFactory() for _ in range(8)]
    race(8, lambda i: lightbox_item_add(lightbox=board, asset=clips[i]))
    assert LightboxItem.objects.filter(lightbox=board).count() == 3


def test_racing_past_the_boards_per_buyer_limit_is_refused(on_postgres, settings):
    settings.LIGHTBOX_MAX_BOARDS = 2
    buyer = make_buyer("Daily Planet")[0]
    outcomes = race(6, lambda i: lightbox_create(buyer=buyer, name=f"Board {i}"))
    assert Lightbox.objects.filter(buyer=buyer).count() == 2
    assert sum(isinstance(o, LightboxConflict) for o in outcomes) == 4
