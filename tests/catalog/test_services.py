"""Catalog services: the rules every caller gets, whichever door it comes in by."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from audit.models import AuditEntry
from catalog.models import AssetStatus, IllegalTransition, VideoAsset
from catalog.services import (
    AssetRuleError,
    asset_change_status,
    asset_save,
    tag_save,
)
from tests.factories import AssetFactory, TagFactory

pytestmark = pytest.mark.django_db


def test_saving_a_stale_copy_cannot_undo_a_withdrawal():
    asset = AssetFactory()
    stale = VideoAsset.objects.get(pk=asset.pk)
    asset_change_status(asset=asset, status=AssetStatus.WITHDRAWN)
    stale.title = "Edited in an old browser tab"
    asset_save(asset=stale)
    asset.refresh_from_db()
    assert asset.title == "Edited in an old browser tab"
    assert asset.status == AssetStatus.WITHDRAWN


def test_a_new_asset_must_start_as_a_draft():
    asset = AssetFactory.build(status=AssetStatus.PUBLISHED, published_at=timezone.now())
    asset.partner.save()
    asset.partner_id = asset.partner.pk
    with pytest.raises(AssetRuleError, match="starts as a draft"):
        asset_save(asset=asset)
    assert not VideoAsset.objects.exists()


def test_restriction_change_is_audited_whoever_calls_the_service():
    asset = AssetFactory(restrictions="")
    asset.restrictions = "No access UK"
    asset_save(asset=asset)
    entry = AuditEntry.objects.get(action="asset.restrictions")
    assert (entry.before, entry.after) == ({"restrictions": ""}, {"restrictions": "No access UK"})
    asset_save(asset=asset)  # no change, no row
    assert AuditEntry.objects.filter(action="asset.restrictions").count() == 1


def test_renaming_or_deleting_a_tag_reindexes_its_clips(client):
    tag = TagFactory(name="twister", slug="twister")
    asset = AssetFactory(tags=[tag])
    tag.name = "tornado"
    tag_save(tag=tag)
    found = client.get("/api/v1/assets/", {"search": "tornado"}).json()["results"]
    assert [row["id"] for row in found] == [asset.public_id]
    assert client.get("/api/v1/assets/", {"search": "twister"}).json()["count"] == 0


@pytest.mark.django_db(transaction=True)
def test_two_staff_publishing_at_once_make_exactly_one_change(on_postgres):
    asset = AssetFactory(status=AssetStatus.REVIEW)
    barrier = threading.Barrier(8)
    outcomes = []

    def publish():
        barrier.wait()
        try:
            asset_change_status(
                asset=VideoAsset.objects.get(pk=asset.pk), status=AssetStatus.PUBLISHED
            )
            outcomes.append("published")
        except IllegalTransition:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=publish) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["published"] + ["refused"] * 7
    assert AuditEntry.objects.filter(action="asset.status").count() == 1
