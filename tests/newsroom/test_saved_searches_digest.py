"""The e-mail digest: one message per saved search per run, each clip mailed once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from licensing.models import BuyerMember
from newsroom.models import SavedSearchMatch
from newsroom.saved_searches.digest import digests_send
from newsroom.saved_searches.matching import match_record
from newsroom.saved_searches.services import SavedSearchError, saved_search_update
from tests.factories import AssetFactory, UserFactory
from tests.newsroom.saved_search_helpers import make_buyer, saved_search

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_webhooks(monkeypatch):
    monkeypatch.setattr("newsroom.events.event_publish", lambda **kwargs: 0)


def test_one_digest_lists_the_new_matches_then_never_again(settings):
    settings.SITE_URL = "https://clips.example"
    buyer, _, user = make_buyer()
    saved = saved_search(buyer, {"search": "flood"}, notify=["email"], user=user)
    first = AssetFactory(title="Flood in Valencia", duration_seconds=111)
    second = AssetFactory(title="Flood <b>in</b> Porto", duration_seconds=3725)
    match_record(saved, first), match_record(saved, second)

    assert digests_send() == 2

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject == "2 new clips for “Floods”"
    assert "Flood in Valencia (01:51)" in message.body
    assert "Flood <b>in</b> Porto (1:02:05)" in message.body  # plain text, not escaped
    assert f"https://clips.example{first.get_absolute_url()}" in message.body
    assert not SavedSearchMatch.objects.filter(emailed_at__isnull=True).exists()

    assert digests_send() == 0
    third = AssetFactory(title="Flood in Lyon")
    match_record(saved, third)
    call_command("saved_searches_run", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 2
    assert "Flood in Lyon" in mail.outbox[1].body
    assert "Valencia" not in mail.outbox[1].body
    assert mail.outbox[1].subject == "1 new clip for “Floods”"


def test_no_digest_without_email_notify_and_no_backlog_when_it_is_turned_on():
    buyer, _, user = make_buyer()
    webhook_only = saved_search(buyer, {"search": "flood"}, notify=["webhook"], user=user)
    match_record(webhook_only, AssetFactory(title="Flood in Valencia"))
    assert digests_send() == 0 and mail.outbox == []

    saved_search_update(saved_search=webhook_only, notify=["webhook", "email"])
    assert digests_send() == 0 and mail.outbox == []  # what matched before is no news by mail
    match_record(webhook_only, AssetFactory(title="Flood in Porto"))
    assert digests_send() == 1
    assert "Flood in Porto" in mail.outbox[0].body and "Valencia" not in mail.outbox[0].body


def test_e_mail_needs_a_person_to_mail():
    buyer, _, _ = make_buyer()
    with pytest.raises(SavedSearchError, match="nobody to mail"):
        saved_search(buyer, {"search": "flood"}, notify=["email"], user=UserFactory(email=""))


def test_a_member_who_left_the_organisation_is_mailed_nothing():
    buyer, _, user = make_buyer()
    saved = saved_search(buyer, {"search": "flood"}, notify=["email"], user=user)
    match_record(saved, AssetFactory(title="Flood in Valencia"))
    BuyerMember.objects.filter(user=user).delete()
    assert digests_send() == 0 and mail.outbox == []


def test_a_failed_send_leaves_the_matches_for_the_next_run(monkeypatch):
    buyer, _, user = make_buyer()
    saved = saved_search(buyer, {"search": "flood"}, notify=["email"], user=user)
    match_record(saved, AssetFactory(title="Flood in Valencia"))

    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("newsroom.saved_searches.digest.send_mail", broken)
    assert digests_send() == 0
    assert SavedSearchMatch.objects.get().emailed_at is None

    monkeypatch.undo()
    monkeypatch.setattr("newsroom.events.event_publish", lambda **kwargs: 0)
    assert digests_send() == 1 and len(mail.outbox) == 1


def test_the_periodic_run_matches_then_mails_in_one_pass():
    buyer, _, user = make_buyer()
    saved = saved_search(buyer, {"search": "flood"}, notify=["email"], user=user)
    saved.swept_until = timezone.now() - timedelta(minutes=5)
    saved.save()
    AssetFactory(title="Flood in Valencia")  # published after the watermark; no task ran

    call_command("saved_searches_run", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert len(mail.outbox) == 1 and "Flood in Valencia" in mail.outbox[0].body


def test_a_clip_withdrawn_since_it_matched_is_left_out_of_the_digest():
    from catalog.models import AssetStatus
    from catalog.services import asset_change_status

    buyer, _, user = make_buyer()
    saved = saved_search(buyer, {"search": "flood"}, notify=["email"], user=user)
    kept, withdrawn = AssetFactory(title="Flood in Valencia"), AssetFactory(title="Flood gone")
    match_record(saved, kept), match_record(saved, withdrawn)
    asset_change_status(asset=withdrawn, status=AssetStatus.WITHDRAWN)

    assert digests_send() == 1
    assert "Flood gone" not in mail.outbox[0].body
    assert not SavedSearchMatch.objects.filter(emailed_at__isnull=True).exists()

    asset_change_status(asset=kept, status=AssetStatus.WITHDRAWN)
    match_record(saved, AssetFactory(title="Flood late", status=AssetStatus.WITHDRAWN))
    assert digests_send() == 0 and len(mail.outbox) == 1  # nothing left to offer: no mail
