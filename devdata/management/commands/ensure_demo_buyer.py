import secrets
from decimal import Decimal

from django.core.management.base import BaseCommand

from licensing.models import Buyer
from licensing.services.buyers import buyer_create

DEMO_SLUG = "demo-newsroom"
DEMO_EMAIL = "buyer@demo.example"


class Command(BaseCommand):
    help = "Create the demo buyer (GB, 10,000 USD of credits) once and print its API key, once."

    def handle(self, *args, **options):
        if Buyer.objects.filter(slug=DEMO_SLUG).exists():
            self.stdout.write(
                "The demo buyer exists; its API key was printed when it was created. Make "
                "another with `python manage.py create_buyer --name ... --country GB --email ...`."
            )
            return
        buyer, key = buyer_create(
            name="Demo Newsroom",
            country="GB",
            email=DEMO_EMAIL,
            credits=Decimal("10000"),
        )
        password = secrets.token_urlsafe(12)
        member = buyer.members.get()
        member.set_password(password)
        member.save(update_fields=["password"])
        self.stdout.write(
            self.style.WARNING(
                f"Demo buyer “{buyer.name}” (GB, {buyer.credit_balance} {buyer.currency} of "
                f"credits), shown only once:\n"
                f"  website: sign in at /accounts/login/ as {DEMO_EMAIL} with password {password}\n"
                f"  API key: {key}\n"
                f"  curl -H 'Authorization: Api-Key {key}' http://127.0.0.1:8000/api/v1/licenses/"
            )
        )
