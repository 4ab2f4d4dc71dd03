from django.core.management.base import BaseCommand

from catalog.counts import rebuild_counts


class Command(BaseCommand):
    help = (
        "Count again, from the clips, the published clips per category, partner and tag (per "
        "restriction profile). Writes keep the counts in step; run this after a bulk load that "
        "went around the services, or to check them."
    )

    def handle(self, *args, **options):
        rows = rebuild_counts()
        self.stdout.write(f"{rows} count rows rebuilt.")
