from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from catalog.models import ContentPartner
from footage.encoding import MediaError
from footage.services import asset_ingest


class Command(BaseCommand):
    help = (
        "Ingest a master video as a new draft clip; prints its public id. The duration and "
        "picture size come from the file; poster, thumbnails and preview follow in the background."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--partner", required=True, help="The content partner's slug.")
        parser.add_argument("--title", required=True)
        parser.add_argument("--restrictions", default="", help="Exactly as the partner wrote it.")

    def handle(self, *args, path: Path, partner: str, title: str, restrictions: str, **options):
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        supplier = ContentPartner.objects.filter(slug=partner).first()
        if supplier is None:
            raise CommandError(f"No content partner has the slug {partner!r}.")
        try:
            asset = asset_ingest(
                path=str(path), partner=supplier, title=title, restrictions=restrictions
            )
        except MediaError as error:
            raise CommandError(f"{path.name}: {error}") from None
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(asset.public_id)
