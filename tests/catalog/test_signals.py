"""The catalog tells the apps above it when a clip's restrictions change, without importing them."""

import pytest
from django.db import transaction

from catalog.services import asset_release_hold, asset_save, assets_recompile_restrictions
from catalog.signals import asset_restrictions_changed
from tests.factories import AssetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    calls = []

    def receiver(sender, asset, previous, restrictions, **kwargs):
        calls.append((asset.pk, previous, restrictions))

    asset_restrictions_changed.connect(receiver, dispatch_uid="test-heard")
    yield calls
    asset_restrictions_changed.disconnect(dispatch_uid="test-heard")


def test_editing_the_text_sends_the_text_before_and_after(heard, staff_user):
    asset = AssetFactory(restrictions="No access Chinese mainland")
    heard.clear()  # the factory compiles the text it was given
    asset.restrictions = "UK only"
    asset_save(asset=asset, actor=staff_user)
    assert heard == [(asset.pk, "No access Chinese mainland", "UK only")]


def test_a_save_that_keeps_the_text_sends_nothing(heard, staff_user):
    asset = AssetFactory(restrictions="UK only")
    heard.clear()
    asset.title = "Another title"
    asset_save(asset=asset, actor=staff_user)
    assert heard == []


def test_a_refused_edit_sends_nothing_that_survives(heard, staff_user):
    asset = AssetFactory(restrictions="UK only")
    heard.clear()
    asset.restrictions = "No access Atlantis"
    with pytest.raises(Exception, match="Atlantis"), transaction.atomic():
        asset_save(asset=asset, actor=staff_user)
    assert heard == []


def test_releasing_a_hold_sends_it(heard, staff_user):
    asset = AssetFactory(restrictions="Hold for release")
    heard.clear()
    asset_release_hold(asset=asset, actor=staff_user)
    assert heard == [(asset.pk, None, "Hold for release")]


def test_recompiling_sends_it_for_each_clip_whose_rules_changed(heard):
    changed = AssetFactory(restrictions="No access Chinese mainland")
    AssetFactory(restrictions="No access Japan")
    type(changed).objects.filter(pk=changed.pk).update(profile=None)
    before = type(changed).objects.get(pk=changed.pk).updated_at
    heard.clear()
    assert assets_recompile_restrictions() == 1
    assert heard == [(changed.pk, None, "No access Chinese mainland")]
    assert type(changed).objects.get(pk=changed.pk).updated_at > before
