from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devdata.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo catalogue from demo/ (the reference clip and its companions). Safe to rerun."
    )

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=settings.BASE_DIR / "demo")

    def handle(self, *args, path: Path, **options):
        if not (path / "clip.json").is_file() or not (path / "catalog.json").is_file():
            raise CommandError(f"{path} must hold clip.json and catalog.json.")
        report = load_demo(path)
        self.stdout.write(f"Demo catalogue: {report}.")
