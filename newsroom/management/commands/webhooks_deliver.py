import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from newsroom.webhooks.delivery import deliveries_due, delivery_attempt


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

    def handle(self, *args, every: float, limit: int, **options):
        while True:
            sent = failed = 0
            for delivery_id in deliveries_due(limit=limit):
                result = delivery_attempt(delivery_id)
                if result is not None:
                    sent += 1
                    failed += not result.succeeded
            if sent or not every:
                self.stdout.write(f"Sent {sent} webhook deliveries, {failed} failed.")
            if not every:
                return
            close_old_connections()
            time.sleep(every)
