import pytest

from catalog.models import Tag
from common.slugs import unique_slug
from tests.factories import TagFactory

pytestmark = pytest.mark.django_db


def test_a_free_slug_is_the_slugified_text():
    assert unique_slug(Tag, "Floods in Spain") == "floods-in-spain"


def test_a_taken_slug_gets_the_next_free_number():
    TagFactory(name="Floods", slug="floods")
    TagFactory(name="Floods 2", slug="floods-2")
    assert unique_slug(Tag, "Floods") == "floods-3"


def test_the_row_being_edited_does_not_count_as_taking_its_own_slug():
    tag = TagFactory(name="Floods", slug="floods")
    assert unique_slug(Tag, "Floods", exclude_pk=tag.pk) == "floods"


def test_the_numbered_slug_still_fits_the_length():
    TagFactory(name="a" * 10, slug="a" * 10)
    assert unique_slug(Tag, "a" * 10, max_length=10) == "a" * 8 + "-2"


def test_text_with_no_letters_still_gets_a_slug():
    assert unique_slug(Tag, "!!!") == "item"
