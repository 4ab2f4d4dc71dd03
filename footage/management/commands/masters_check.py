from django.core.management.base import BaseCommand, CommandError

from catalog.models import VideoAsset
from footage.encoding import MediaError
from footage.services import master_check


class Command(BaseCommand):
    help = (
        "Check every stored master as uploads are checked now (footage.services.master_check) "
        "and list those that fail, e.g. playlists stored before the check existed. Changes "
        "nothing; exits 1 when any master fails, so staff can withdraw or replace them."
    )

    def handle(self, *args, **options):
        failed = 0
        assets = VideoAsset.objects.exclude(master="").only("pk", "public_id", "title", "master")
        for asset in assets.order_by("pk").iterator():
            try:
                master_check(asset.master)
            except (MediaError, OSError) as error:
                failed += 1
                self.stdout.write(f"{asset.public_id} “{asset.title}”: {error}")
        if failed:
            raise CommandError(f"{failed} stored masters are not acceptable masters.")
