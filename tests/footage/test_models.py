from catalog.models.assets import POSTER, PREVIEW, THUMBNAIL
from footage.models import THUMBNAIL_SIZES, Rendition


def test_the_kinds_a_clip_shows_are_kinds_footage_makes():
    # catalog spells these names rather than import the app that builds on it.
    assert {POSTER, PREVIEW, THUMBNAIL} <= set(Rendition.Kind.values)
    assert THUMBNAIL in THUMBNAIL_SIZES
