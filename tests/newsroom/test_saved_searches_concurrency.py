"""Real threads on PostgreSQL: the task on publish and periodic runs at once still announce a
clip once, and mail it once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from newsroom.models import SavedSearchMatch
from newsroom.saved_searches.digest import digests_send
from newsroom.saved_searches.matching import match_asset, match_record, saved_searches_sweep
from tests.factories import AssetFactory
from tests.licensing.test_concurrency import race
from tests.newsroom.saved_search_helpers import make_buyer, saved_search

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_runs_record_and_announce_a_clip_once(on_postgres, monkeypatch):
    events = []
    monkeypatch.setattr("newsroom.events.event_publish", lambda **kw: events.append(kw) or 1)
    buyer, _, _ = make_buyer()
    saved = saved_search(buyer, {"search": "flood"})
    clip = AssetFactory(title="Flood in Valencia")
    later = timezone.now() + timedelta(seconds=1)

    outcomes = race(
        8,
        lambda i: (
            match_asset(asset_id=clip.pk)
            if i % 2
            else saved_searches_sweep(later)
            if i % 4
            else match_record(saved, clip)
        ),
    )

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert SavedSearchMatch.objects.filter(saved_search=saved).count() == 1
    assert len(events) == 1


def test_concurrent_digest_runs_mail_once(on_postgres, monkeypatch):
    monkeypatch.setattr("newsroom.events.event_publish", lambda **kw: 1)
    buyer, _, user = make_buyer()
    saved = saved_search(buyer, {"search": "flood"}, notify=["email"], user=user)
    match_record(saved, AssetFactory(title="Flood in Valencia"))

    outcomes = race(4, lambda i: digests_send())

    assert sorted(outcomes) == [0, 0, 0, 1]
    assert len(mail.outbox) == 1
