# ruff: noqa: F811 - the fixtures imported from webhooks_support are the parameters
"""Publishing events and delivering them: signed per Standard Webhooks, one delivery per
(event, endpoint), queued on commit, retried on schedule, abandoned, endpoints disabled."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from standardwebhooks import Webhook

from newsroom.events import event_publish
from newsroom.models import DeliveryStatus, WebhookAttempt, WebhookDelivery
from newsroom.webhooks import delivery as delivery_module
from newsroom.webhooks.delivery import delivery_attempt, delivery_claim
from tests.factories import UserFactory
from tests.licensing.conftest import make_buyer
from tests.newsroom.webhooks_support import allow_private, endpoint_for, receiver  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allow_private")]
DATA = {"asset": {"id": "abcdefghijkm"}}


@pytest.fixture
def buyer(db):
    return make_buyer("Daily Wire")[0]


def publish(buyer, callbacks, type="asset.withdrawn", data=DATA) -> int:
    with callbacks(execute=True):
        return event_publish(buyer=buyer, type=type, data=data)


def at(monkeypatch, moment):
    monkeypatch.setattr(delivery_module, "_now", lambda: moment)


def test_a_delivery_is_signed_and_verifies_with_the_endpoints_secret(
    buyer, receiver, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(buyer, receiver.url)
    assert publish(buyer, django_capture_on_commit_callbacks) == 1
    [got] = receiver.requests
    assert got.path == "/hooks/clipwire?x=1"
    assert got.headers["Content-Type"] == "application/json"
    payload = Webhook(endpoint.secret).verify(got.body, got.headers)
    assert payload["type"] == "asset.withdrawn" and payload["data"] == DATA
    assert payload["timestamp"].endswith("Z")
    assert got.headers["webhook-id"].startswith("msg_")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.delivered_at is not None
    assert delivery.message_id == got.headers["webhook-id"]
    assert (delivery.attempts, delivery.last_response_code) == (1, 200)
    [attempt] = WebhookAttempt.objects.all()
    assert (attempt.number, attempt.response_code, attempt.error) == (1, 200, "")


def test_another_secret_does_not_verify(buyer, receiver, django_capture_on_commit_callbacks):
    endpoint_for(buyer, receiver.url)
    other = endpoint_for(make_buyer("Other")[0], "http://127.0.0.1:9/")
    publish(buyer, django_capture_on_commit_callbacks)
    [got] = receiver.requests
    with pytest.raises(Exception, match="signature"):
        Webhook(other.secret).verify(got.body, got.headers)


def test_each_subscribed_enabled_endpoint_of_the_buyer_gets_one_delivery(
    buyer, receiver, django_capture_on_commit_callbacks
):
    endpoint_for(buyer, receiver.url)
    endpoint_for(buyer, receiver.url, events=["asset.withdrawn", "order.created"])
    endpoint_for(buyer, receiver.url, events=["order.created"])  # not subscribed
    endpoint_for(buyer, receiver.url, enabled=False)
    endpoint_for(make_buyer("Other")[0], receiver.url)  # another buyer's
    assert publish(buyer, django_capture_on_commit_callbacks) == 2
    assert len(receiver.requests) == 2
    # One event: the same message id to both, the receiver's idempotency key.
    assert len({r.headers["webhook-id"] for r in receiver.requests}) == 1


def test_nothing_is_queued_or_sent_when_the_transaction_rolls_back(
    buyer, receiver, django_capture_on_commit_callbacks
):
    endpoint_for(buyer, receiver.url)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        event_publish(buyer=buyer, type="asset.withdrawn", data=DATA)
        raise RuntimeError("the change failed")
    assert callbacks == [] and receiver.requests == []
    assert not WebhookDelivery.objects.exists()


def test_an_unknown_event_type_is_refused(buyer):
    with pytest.raises(ValueError, match="Unknown webhook event type"):
        event_publish(buyer=buyer, type="asset.exploded", data={})


def test_a_failure_is_retried_on_the_schedule_then_abandoned(
    buyer, receiver, monkeypatch, settings, django_capture_on_commit_callbacks
):
    receiver.status = 500
    settings.WEBHOOK_DISABLE_AFTER_HOURS = 1000  # this test is about one delivery's schedule
    endpoint_for(buyer, receiver.url)
    publish(buyer, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and delivery.last_response_code == 500
    assert "HTTP 500" in delivery.last_error
    moment = delivery.next_attempt_at
    waits = []
    for expected_wait in settings.WEBHOOK_RETRY_SCHEDULE[1:]:
        at(monkeypatch, moment - timedelta(seconds=1))
        assert delivery_attempt(delivery.pk) is None  # not due yet: nothing sent
        at(monkeypatch, moment)
        assert delivery_attempt(delivery.pk) is not None
        delivery.refresh_from_db()
        if delivery.next_attempt_at:
            waits.append(round((delivery.next_attempt_at - moment).total_seconds()))
            moment = delivery.next_attempt_at
        assert expected_wait
    assert waits == settings.WEBHOOK_RETRY_SCHEDULE[2:]
    assert sum(settings.WEBHOOK_RETRY_SCHEDULE) >= 24 * 3600
    assert delivery.status == DeliveryStatus.ABANDONED and delivery.next_attempt_at is None
    assert delivery.attempts == len(settings.WEBHOOK_RETRY_SCHEDULE) == len(receiver.requests)
    assert list(delivery.log.values_list("number", flat=True)) == list(range(1, 9))
    at(monkeypatch, moment + timedelta(days=3))
    assert delivery_attempt(delivery.pk) is None  # abandoned: never sent again


def test_a_later_success_ends_the_retries_and_resets_the_endpoints_failures(
    buyer, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    receiver.status = 503
    endpoint = endpoint_for(buyer, receiver.url)
    publish(buyer, django_capture_on_commit_callbacks)
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 1 and endpoint.failing_since is not None
    receiver.status = 204
    at(monkeypatch, WebhookDelivery.objects.get().next_attempt_at)
    assert delivery_attempt(WebhookDelivery.objects.get().pk).succeeded
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.attempts == 2
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 0 and endpoint.failing_since is None
    # Every attempt is signed afresh with its own timestamp, and verifies.
    assert all(Webhook(endpoint.secret).verify(r.body, r.headers) for r in receiver.requests)


def test_a_redirect_is_not_followed_and_counts_as_a_failure(
    buyer, receiver, django_capture_on_commit_callbacks
):
    receiver.status = 302
    receiver.extra_headers = {"Location": "http://169.254.169.254/latest/meta-data/"}
    endpoint_for(buyer, receiver.url)
    publish(buyer, django_capture_on_commit_callbacks)
    assert len(receiver.requests) == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and delivery.last_response_code == 302


def test_no_answer_within_the_timeout_is_a_failure(
    buyer, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.3
    receiver.delay = 1.0
    endpoint_for(buyer, receiver.url)
    publish(buyer, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and delivery.last_response_code is None
    assert "No answer within 0.3 s" in delivery.last_error


def test_an_endpoint_that_refuses_connections_fails_with_the_reason(
    buyer, django_capture_on_commit_callbacks
):
    endpoint_for(buyer, "http://127.0.0.1:9/nothing-listens")
    publish(buyer, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert "ConnectionRefused" in delivery.last_error


def test_an_attempt_is_claimed_once(buyer, receiver):
    endpoint_for(buyer, receiver.url)
    event_publish(buyer=buyer, type="asset.withdrawn", data=DATA)  # no commit: not sent
    delivery = WebhookDelivery.objects.get()
    now = timezone.now()
    assert delivery_claim(delivery.pk, now).attempts == 1
    assert delivery_claim(delivery.pk, now) is None  # a second worker finds nothing to do
    assert delivery_attempt(delivery.pk) is None
    assert receiver.requests == []


def test_the_sweep_sends_what_is_due_and_only_that(buyer, receiver, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    endpoint_for(buyer, receiver.url)
    event_publish(buyer=buyer, type="asset.withdrawn", data=DATA)  # the task was lost
    event_publish(buyer=buyer, type="asset.withdrawn", data=DATA)
    later = WebhookDelivery.objects.order_by("pk").last()
    WebhookDelivery.objects.filter(pk=later.pk).update(
        next_attempt_at=timezone.now() + timedelta(minutes=5)
    )
    call_command("webhooks_deliver", senders=1)  # threads cannot see this test's transaction
    assert len(receiver.requests) == 1
    assert WebhookDelivery.objects.get(pk=later.pk).status == DeliveryStatus.PENDING
    call_command("webhooks_deliver", senders=1)
    assert len(receiver.requests) == 1


def test_an_endpoint_failing_for_a_day_is_disabled_and_its_creator_told(
    buyer, receiver, monkeypatch, settings, django_capture_on_commit_callbacks
):
    receiver.status = 500
    creator = UserFactory(email="dev@dailywire.example")
    endpoint = endpoint_for(buyer, receiver.url, created_by=creator)
    publish(buyer, django_capture_on_commit_callbacks)
    publish(buyer, django_capture_on_commit_callbacks)  # a second, still open, delivery
    first = WebhookDelivery.objects.order_by("pk").first()
    endpoint.refresh_from_db()
    a_day_on = endpoint.failing_since + timedelta(hours=settings.WEBHOOK_DISABLE_AFTER_HOURS)
    WebhookDelivery.objects.filter(pk=first.pk).update(next_attempt_at=a_day_on)
    at(monkeypatch, a_day_on)
    with django_capture_on_commit_callbacks(execute=True):
        delivery_attempt(first.pk)
    endpoint.refresh_from_db()
    assert not endpoint.enabled and endpoint.disabled_at is not None
    assert "failed for more than 24 hours" in endpoint.disabled_reason
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"abandoned"}
    [message] = mail.outbox
    assert message.to == ["dev@dailywire.example"] and endpoint.url in message.body
    # Disabled: new events are not queued to it.
    assert publish(buyer, django_capture_on_commit_callbacks) == 0


def test_a_received_body_is_the_stored_payload(buyer, receiver, django_capture_on_commit_callbacks):
    endpoint_for(buyer, receiver.url)
    publish(buyer, django_capture_on_commit_callbacks, data={"text": "Café ✓"})
    [got] = receiver.requests
    assert json.loads(got.body) == WebhookDelivery.objects.get().payload


def test_an_endpoint_deleted_while_its_post_is_in_flight_logs_nothing_and_raises_nothing(
    buyer, receiver, monkeypatch
):
    endpoint = endpoint_for(buyer, receiver.url)
    event_publish(buyer=buyer, type="asset.withdrawn", data=DATA)
    delivery = WebhookDelivery.objects.get()
    real_post = delivery_module.post_signed

    def post_then_delete(*args, **kwargs):
        result = real_post(*args, **kwargs)
        endpoint.delete()  # the buyer deletes it meanwhile; its deliveries go with it
        return result

    monkeypatch.setattr(delivery_module, "post_signed", post_then_delete)
    receiver.status = 500
    assert delivery_attempt(delivery.pk).succeeded is False
    assert WebhookAttempt.objects.count() == 0 and WebhookDelivery.objects.count() == 0


def test_the_sweep_goes_on_after_one_delivery_fails_to_be_attempted(
    buyer, receiver, settings, monkeypatch
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    endpoint_for(buyer, receiver.url)
    event_publish(buyer=buyer, type="asset.withdrawn", data=DATA)
    event_publish(buyer=buyer, type="asset.withdrawn", data=DATA)
    first, second = WebhookDelivery.objects.order_by("pk")
    real_attempt = delivery_module.delivery_attempt

    def broken_for_the_first(delivery_id):
        if delivery_id == first.pk:
            raise RuntimeError("the database went away")
        return real_attempt(delivery_id)

    monkeypatch.setattr(delivery_module, "delivery_attempt", broken_for_the_first)
    call_command("webhooks_deliver", senders=1)
    assert len(receiver.requests) == 1
    assert WebhookDelivery.objects.get(pk=second.pk).status == DeliveryStatus.SUCCEEDED
    assert WebhookDelivery.objects.get(pk=first.pk).status == DeliveryStatus.PENDING


def test_an_answer_dripped_a_byte_at_a_time_is_cut_off_at_the_timeout(buyer):
    """Each byte comes within the socket timeout, so only a deadline on the whole attempt ends
    it; without one a sender would be held for as long as the endpoint likes."""
    import socket
    import threading
    import time

    from newsroom.webhooks.sending import post_signed
    from newsroom.webhooks.targets import Target

    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    stop = threading.Event()

    def drip():
        conn, _ = server.accept()
        conn.recv(65536)
        for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Slow: " + b"a" * 200:
            if stop.is_set():
                break
            try:
                conn.sendall(bytes([byte]))
            except OSError:
                break
            time.sleep(0.05)
        conn.close()

    thread = threading.Thread(target=drip, daemon=True)
    thread.start()
    target = Target(scheme="http", host="127.0.0.1", port=port, path="/", address="127.0.0.1")
    started = time.monotonic()
    result = post_signed(
        target,
        secret="whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        message_id="msg_1",
        at=timezone.now(),
        body="{}",
        timeout=0.5,
    )
    took = time.monotonic() - started
    stop.set()
    server.close()
    assert result.succeeded is False and result.response_code is None
    assert result.error == "No answer within 0.5 s."
    assert took < 2.0  # the dripping answer would take over 12 s


def test_tasks_queued_before_they_moved_still_find_their_function():
    """Queued rows name the task by its path; newsroom.tasks was the path before the tasks
    moved beside their services, and a worker after an upgrade must still run them."""
    from django.utils.module_loading import import_string

    from newsroom.saved_searches.tasks import saved_searches_match_asset
    from newsroom.webhooks.tasks import deliver_webhooks

    assert import_string("newsroom.tasks.deliver_webhooks") is deliver_webhooks
    assert import_string("newsroom.tasks.saved_searches_match_asset") is saved_searches_match_asset
