from django.core.management.base import BaseCommand

from footage.format_sweep import formats_sweep_lost, formats_sweep_stale
from footage.sweep import orphan_files_sweep, renditions_sweep_stale


class Command(BaseCommand):
    help = (
        "Queue again the renditions and delivery formats a dead worker left running (or mark "
        "them failed with the reason after RENDITION_MAX_ATTEMPTS lost runs, FORMAT_MAX_ATTEMPTS "
        "runs of a format), queue again formats whose task was lost, and delete the files no "
        "row points to once older than ORPHAN_FILE_GRACE_SECONDS. Safe beside running "
        "workers; run it every few minutes (make run does) or from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would change; change nothing."
        )
        parser.add_argument(
            "--no-files",
            action="store_true",
            help="Sweep renditions and formats only, not orphan files.",
        )

    def handle(self, *args, dry_run: bool, no_files: bool, **options):
        prefix = "would be " if dry_run else ""
        for stale in renditions_sweep_stale(dry_run=dry_run):
            what = "queued again" if stale.requeued else "marked failed"
            self.stdout.write(f"Stale rendition {stale.rendition.pk} {prefix}{what}: {stale}")
        for stale in formats_sweep_stale(dry_run=dry_run):
            what = "queued again" if stale.requeued else "marked failed"
            self.stdout.write(f"Stale format {stale.prepared.pk} {prefix}{what}: {stale}")
        for lost in formats_sweep_lost(dry_run=dry_run):
            self.stdout.write(
                f"Format {lost.pk} ({lost.format} of {lost.asset.public_id}) pending since "
                f"{lost.updated_at:%Y-%m-%d %H:%M} UTC, its task lost: {prefix}queued again"
            )
        if no_files:
            return
        for orphan in orphan_files_sweep(dry_run=dry_run):
            self.stdout.write(f"Orphan file {prefix}deleted: {orphan}")
