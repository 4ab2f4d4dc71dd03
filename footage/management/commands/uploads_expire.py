"""Delete abandoned uploads and stray upload files (footage.uploads.expiry); prints the counts."""

import json

from django.core.management.base import BaseCommand

from footage.uploads.expiry import STRAY_GRACE_SECONDS, uploads_expire


class Command(BaseCommand):
    help = (
        "Delete resumable uploads past their expiry (unfinished, or finished and never "
        "submitted): rows and bytes; and files under UPLOADS_ROOT that no upload names. Prints "
        'JSON {"expired": N, "stray_files": M}. Run it hourly (cron or beside the worker).'
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--grace",
            type=int,
            default=STRAY_GRACE_SECONDS,
            help="Leave stray files younger than this many seconds (default %(default)s).",
        )

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(uploads_expire(stray_grace_seconds=options["grace"])))
