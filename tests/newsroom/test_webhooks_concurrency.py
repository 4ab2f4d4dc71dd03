# ruff: noqa: F811 - the fixtures imported from webhooks_support are the parameters
"""Two workers on one delivery (PostgreSQL, real threads): the attempt is sent once."""

import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from newsroom.events import event_publish
from newsroom.models import WebhookAttempt, WebhookDelivery
from newsroom.webhooks.delivery import delivery_attempt
from tests.licensing.conftest import make_buyer
from tests.newsroom.webhooks_support import allow_private, endpoint_for, receiver  # noqa: F401

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("allow_private")]
WORKERS = 8


def test_eight_workers_racing_for_one_delivery_send_it_once(on_postgres, receiver, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    buyer = make_buyer("Race Desk")[0]
    endpoint_for(buyer, receiver.url)
    event_publish(buyer=buyer, type="asset.withdrawn", data={})
    delivery = WebhookDelivery.objects.get()
    start, results = threading.Barrier(WORKERS), []

    def worker():
        start.wait()
        try:
            results.append(delivery_attempt(delivery.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(receiver.requests) == 1
    assert sum(result is not None for result in results) == 1
    assert WebhookAttempt.objects.count() == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.status == "succeeded"


def test_two_sweeps_with_four_senders_each_send_every_due_delivery_once(
    on_postgres, receiver, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    buyer = make_buyer("Sweep Desk")[0]
    endpoint_for(buyer, receiver.url)
    for _ in range(20):
        event_publish(buyer=buyer, type="asset.withdrawn", data={})
    start = threading.Barrier(2)

    def sweep():
        start.wait()
        try:
            call_command("webhooks_deliver", senders=4, stdout=StringIO())
        finally:
            connection.close()

    sweeps = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in sweeps:
        thread.start()
    for thread in sweeps:
        thread.join()
    assert sorted(r.headers["webhook-id"] for r in receiver.requests) == sorted(
        WebhookDelivery.objects.values_list("message_id", flat=True)
    )
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"succeeded"}
    assert WebhookAttempt.objects.count() == 20
