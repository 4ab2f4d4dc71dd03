from django.core.management.base import BaseCommand

from catalog.services import assets_recompile_restrictions


class Command(BaseCommand):
    help = (
        "Compile every asset's restriction text again and store the rules that SQL queries. "
        "Run it after rights/territories.toml changes (a group's membership, an alias)."
    )

    def handle(self, *args, **options):
        changed = assets_recompile_restrictions()
        self.stdout.write(f"Recompiled restrictions; {changed} assets' stored rules changed.")
