from django.core.management.base import BaseCommand
from django.db.models import F, Q

from catalog.models import VideoAsset
from footage.evidence.services import evidence_read
from footage.tasks import read_evidence


class Command(BaseCommand):
    help = (
        "Read the evidence of the catalogue's masters (Content Credentials, capture metadata, "
        "fingerprints) and find their duplicates: by default the clips never read or read from "
        "an earlier master; --all reads every clip again. Safe to run twice "
        "(docs/verification.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Read every clip again.")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue one task per clip for the workers instead of reading here.",
        )

    def handle(self, *args, all=False, enqueue=False, **options):
        assets = VideoAsset.objects.exclude(master="")
        if not all:
            assets = assets.filter(Q(evidence__isnull=True) | ~Q(evidence__master_name=F("master")))
        read = found = 0
        for asset_id in assets.order_by("pk").values_list("pk", flat=True).iterator():
            if enqueue:
                read_evidence.enqueue(asset_id)
            elif evidence_read(asset_id=asset_id) is not None:
                found += 1
            read += 1
        doing = "queued" if enqueue else "read"
        self.stdout.write(f"{read} clips {doing}" + ("" if enqueue else f", {found} stored."))
