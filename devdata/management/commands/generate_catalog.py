from django.core.management.base import BaseCommand, CommandError

from devdata.generation import generate_catalog


class Command(BaseCommand):
    help = (
        "Fill the database with a realistic random catalogue (bulk inserts), e.g. --assets 100000."
    )

    def add_arguments(self, parser):
        parser.add_argument("--assets", type=int, required=True, help="How many assets to add.")
        parser.add_argument("--seed", type=int, default=None, help="Make the content repeatable.")
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args, assets: int, seed, batch_size: int, **options):
        if assets < 1:
            raise CommandError("--assets must be at least 1.")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        report = generate_catalog(assets=assets, seed=seed, batch_size=batch_size)
        self.stdout.write(
            f"Added {report.assets} assets from {report.partners} new partners, "
            f"{report.categories} categories and {report.tags} tags in {report.seconds:.1f} s."
        )
