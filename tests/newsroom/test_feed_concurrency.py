"""PostgreSQL, real transactions: a write that commits after a later one is not skipped."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from catalog.models import VideoAsset
from tests.factories import AssetFactory

FEED = "/api/v1/feed/ninjs/"


@pytest.mark.django_db(transaction=True)
def test_a_transaction_that_commits_late_still_reaches_a_polling_client(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite lets one writer at a time")
    settings.FEED_SETTLE_SECONDS = 3  # room for a loaded machine
    client = APIClient()
    # A clip with the same restrictions first: its restriction profile then exists, and the two
    # writers below do not queue on creating it.
    AssetFactory(title="Already there")
    VideoAsset.objects.update(updated_at=timezone.now() - timedelta(minutes=1))
    seen = client.get(FEED).json()
    assert [item["title"] for item in seen["items"]] == ["Already there"]
    written, commit = threading.Event(), threading.Event()
    slow = {}

    def slow_writer():
        try:
            with transaction.atomic():
                slow["asset"] = AssetFactory(title="Written first, committed last")
                written.set()
                commit.wait(timeout=10)
        finally:
            connection.close()

    thread = threading.Thread(target=slow_writer)
    thread.start()
    assert written.wait(timeout=10)
    quick = AssetFactory(title="Written second, committed at once")
    # Polled at once, the quick clip is not served yet: serving it would move the client's
    # cursor past the moment the slow transaction wrote, and its clip would never come.
    first = client.get(seen["next"]).json()
    assert first["items"] == []
    commit.set()
    thread.join(timeout=10)
    time.sleep(settings.FEED_SETTLE_SECONDS + 0.3)
    later = client.get(first["next"]).json()
    titles = [item["title"] for item in later["items"]]
    assert titles == [slow["asset"].title, quick.title]
