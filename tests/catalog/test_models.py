from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from catalog.models import AssetStatus, Category, VideoAsset
from common.models import PUBLIC_ID_ALPHABET
from tests.factories import (
    AssetFactory,
    CategoryFactory,
    PartnerFactory,
    StoryFactory,
)

pytestmark = pytest.mark.django_db


def test_public_id_is_separate_from_the_primary_key_and_url_safe():
    asset = AssetFactory()
    assert asset.public_id != str(asset.pk)
    assert len(asset.public_id) == 12
    assert set(asset.public_id) <= set(PUBLIC_ID_ALPHABET)
    assert asset.public_id in asset.get_absolute_url()


def test_duration_is_shown_as_minutes_and_seconds():
    assert AssetFactory(duration_seconds=111).duration == "01:51"
    assert AssetFactory(duration_seconds=3735).duration == "1:02:15"


@pytest.mark.parametrize("seconds", [0])
def test_database_refuses_a_duration_that_is_not_positive(seconds):
    asset = AssetFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        VideoAsset.objects.filter(pk=asset.pk).update(duration_seconds=seconds)


def test_database_refuses_duplicate_public_id_and_slug():
    first = AssetFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        AssetFactory(public_id=first.public_id)
    with pytest.raises(IntegrityError), transaction.atomic():
        AssetFactory(slug=first.slug)


def test_database_refuses_published_asset_without_publication_date():
    asset = AssetFactory(status=AssetStatus.DRAFT)
    with pytest.raises(IntegrityError), transaction.atomic():
        VideoAsset.objects.filter(pk=asset.pk).update(status=AssetStatus.PUBLISHED)


def test_database_refuses_unknown_status():
    asset = AssetFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        VideoAsset.objects.filter(pk=asset.pk).update(status="deleted")


def test_database_refuses_revenue_share_outside_zero_to_one():
    partner = PartnerFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(partner).objects.filter(pk=partner.pk).update(revenue_share=Decimal("1.5"))


def test_partner_defaults_to_half_the_revenue():
    partner = PartnerFactory.build(revenue_share=None)
    partner = type(partner)(name="New", slug="new")
    assert partner.revenue_share == Decimal("0.500")


def test_model_validation_refuses_revenue_share_above_one():
    partner = PartnerFactory.build(revenue_share=Decimal("1.200"))
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert "revenue_share" in error.value.message_dict


def test_category_cannot_be_its_own_ancestor():
    parent = CategoryFactory()
    child = CategoryFactory(parent=parent)
    parent.parent = child
    with pytest.raises(ValidationError, match="inside itself"):
        parent.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Category.objects.filter(pk=parent.pk).update(parent=parent.pk)


def test_categories_nest_at_most_three_levels():
    top = CategoryFactory()
    middle = CategoryFactory(parent=top)
    bottom = CategoryFactory(parent=middle)
    bottom.full_clean()
    too_deep = CategoryFactory.build(parent=bottom)
    with pytest.raises(ValidationError, match="at most 3 levels"):
        too_deep.full_clean()


def test_story_body_is_rendered_as_markdown_without_raw_html():
    from catalog.markdown import render_markdown

    story = StoryFactory(
        body="## Why\n\n**Real** footage. <script>alert(1)</script> "
        "[link](javascript:alert(1)) <img src=x onerror=alert(1)>"
    )
    html = render_markdown(story.body)
    assert "<h2>Why</h2>" in html
    assert "<strong>Real</strong>" in html
    assert "<script" not in html and "<img" not in html  # raw HTML is shown as text
    assert 'href="javascript' not in html  # and such a link is not made at all


def test_published_queryset_leaves_out_every_other_status():
    shown = AssetFactory()
    for status in (AssetStatus.DRAFT, AssetStatus.REVIEW, AssetStatus.WITHDRAWN):
        AssetFactory(status=status)
    assert list(VideoAsset.objects.published()) == [shown]


def test_moving_a_subtree_may_not_nest_categories_too_deep():
    top = CategoryFactory()
    middle = CategoryFactory(parent=top)
    CategoryFactory(parent=middle)  # top/middle/leaf: three levels
    new_root = CategoryFactory()
    top.parent = new_root  # would make four levels
    with pytest.raises(ValidationError, match="at most 3 levels"):
        top.full_clean()
