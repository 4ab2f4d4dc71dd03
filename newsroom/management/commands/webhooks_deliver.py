import time
from concurrent.futures import ThreadPoolExecutor

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from newsroom.webhooks.delivery import deliveries_due, delivery_attempt_logged


def _attempt(delivery_id: int):
    try:
        return delivery_attempt_logged(delivery_id)
    finally:
        connection.close()  # each sender thread has its own connection


class Command(BaseCommand):
    help = (
        "Send the webhook deliveries that are due: retries on their back-off schedule, and "
        "first attempts whose task was lost. Everything it needs is in the database, so a "
        "restart loses nothing; safe beside workers and other sweeps (each attempt is claimed "
        "once). Run it every few seconds (--every; make run does) or from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=float,
            default=0,
            help="Keep running, sweeping again this many seconds after each sweep.",
        )
        parser.add_argument(
            "--limit", type=int, default=500, help="At most this many deliveries per sweep."
        )
        parser.add_argument(
            "--senders",
            type=int,
            default=4,
            help="Deliveries sent at once, so a few slow endpoints do not hold up the rest.",
        )

    def handle(self, *args, every: float, limit: int, senders: int, **options):
        while True:
            due = deliveries_due(limit=limit)
            if senders > 1:
                with ThreadPoolExecutor(max_workers=senders) as pool:
                    results = [r for r in pool.map(_attempt, due) if r is not None]
            else:
                results = [r for r in map(delivery_attempt_logged, due) if r is not None]
            failed = sum(not r.succeeded for r in results)
            if results or not every:
                self.stdout.write(f"Sent {len(results)} webhook deliveries, {failed} failed.")
            if not every:
                return
            close_old_connections()
            time.sleep(every)
