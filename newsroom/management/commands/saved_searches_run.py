from django.core.management.base import BaseCommand

from newsroom.saved_searches.digest import digests_send
from newsroom.saved_searches.matching import saved_searches_sweep


class Command(BaseCommand):
    help = (
        "Match saved searches against the clips that became visible since their last run "
        "(published, embargo ended, hold released), publish saved_search.matched for each new "
        "match, then mail each saved search's digest. Safe to run twice or side by side; run "
        "it every minute (make run does) or from cron."
    )

    def handle(self, *args, **options):
        matched = saved_searches_sweep()
        mailed = digests_send()
        self.stdout.write(f"Saved searches: {matched} new matches, {mailed} clips mailed.")
