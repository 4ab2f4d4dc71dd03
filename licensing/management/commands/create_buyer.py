import json
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from licensing.services.buyers import buyer_create
from licensing.services.errors import BuyerError


def amount(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise CommandError(f"{text!r} is not an amount of money.") from None
    if not value.is_finite() or value < 0:
        raise CommandError(f"{text!r} must be zero or more.")
    return value


class Command(BaseCommand):
    help = (
        "Create a buyer organisation with a first member and API key; prints "
        '{"buyer": ID, "api_key": KEY}. The key is shown only this once.'
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--country", required=True, help="Billing territory, ISO code.")
        parser.add_argument("--email", required=True, help="The first member's e-mail.")
        parser.add_argument("--credits", type=amount, default=Decimal("0"))
        parser.add_argument("--invoice-limit", type=amount, default=None, dest="invoice_limit")
        parser.add_argument("--currency", default="USD")

    def handle(self, *args, **options):
        try:
            buyer, key = buyer_create(
                name=options["name"],
                country=options["country"],
                email=options["email"],
                credits=options["credits"],
                invoice_limit=options["invoice_limit"],
                currency=options["currency"],
            )
        except ValidationError as error:
            raise CommandError(
                "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
            ) from None
        except BuyerError as error:
            raise CommandError(error.detail) from None
        self.stdout.write(json.dumps({"buyer": buyer.pk, "api_key": key}))
