"""Shared givens of the partner-area site tests: a partner with a signed-in member, a sale."""

from decimal import Decimal

from licensing.services.buyers import buyer_create
from licensing.services.purchase import PurchaseItem, purchase
from partners.services.members import partner_member_create
from tests.factories import PartnerFactory

PASSWORD = "correct horse battery"


def member_of(partner=None, email="filmer@example.com"):
    partner = partner or PartnerFactory(name="Street Stringers")
    member = partner_member_create(partner=partner, email=email)
    member.user.set_password(PASSWORD)
    member.user.save()
    return member


def sell(asset, *, buyer_email="desk@example.com", key="sale-1"):
    """A buyer licenses `asset` (editorial), which books the partner's earning."""
    buyer, _ = buyer_create(
        name=f"Buyer {key}", country="GB", email=buyer_email, credits=Decimal("10000")
    )
    return purchase(
        buyer=buyer,
        items=[PurchaseItem(asset.public_id, "editorial")],
        idempotency_key=key,
        request_territory="GB",
    )
