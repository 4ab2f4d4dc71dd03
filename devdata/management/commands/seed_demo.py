from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devdata.demo import load_demo
from devdata.demo_masters import MASTER_KINDS


class Command(BaseCommand):
    help = (
        "Load the demo catalogue from demo/ (the reference clip and its companions). Safe to rerun."
    )

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=settings.BASE_DIR / "demo")
        parser.add_argument(
            "--masters",
            choices=MASTER_KINDS,
            default=None,
            help="full: each clip's master at its own size, rate and duration (made once into "
            "DEMO_MASTERS_CACHE); small: tiny stand-ins. Default: the DEMO_MASTERS setting.",
        )

    def handle(self, *args, path: Path, masters: str | None, **options):
        if not (path / "clip.json").is_file() or not (path / "catalog.json").is_file():
            raise CommandError(f"{path} must hold clip.json and catalog.json.")
        masters = masters or settings.DEMO_MASTERS
        if masters not in MASTER_KINDS:
            raise CommandError(f"DEMO_MASTERS is {masters!r}; it must be full or small.")
        report = load_demo(path, masters=masters, log=self.stdout.write)
        self.stdout.write(f"Demo catalogue: {report}.")
