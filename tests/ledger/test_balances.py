"""A partner's balance follows the earnings ledger: sales credit the partner's share, refunds
take it back, and a refund of money already paid out is carried as owed, never below zero."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from ledger.models import Earning, PartnerBalance
from ledger.services.payouts import payout_request
from licensing.services.orders import order_refund
from licensing.services.purchase import PurchaseItem, purchase
from licensing.signals import order_refunded
from tests.factories import AssetFactory, PartnerFactory
from tests.licensing.conftest import make_buyer

pytestmark = pytest.mark.django_db


def buy(buyer, *clips, license="editorial", key=None):
    items = [PurchaseItem(clip.public_id, license) for clip in clips]
    return purchase(
        buyer=buyer,
        items=items,
        request_territory=None,
        idempotency_key=key or "-".join(c.public_id for c in clips) + license,
    ).order


def balance(partner, currency="USD"):
    return PartnerBalance.objects.get(partner=partner, currency=currency)


@pytest.fixture
def buyer(db):
    return make_buyer(credits="10000")[0]


def test_a_sale_credits_the_partners_share(buyer):
    partner = PartnerFactory(revenue_share=Decimal("0.300"))
    clip = AssetFactory(partner=partner, restrictions="")

    buy(buyer, clip, license="commercial")  # 450.00

    assert balance(partner).available == Decimal("135.00")
    assert balance(partner).owed == Decimal("0.00")
    assert Earning.objects.get().amount == Decimal("135.00")


def test_one_order_credits_each_partner_its_own_share(buyer):
    first = PartnerFactory(revenue_share=Decimal("0.500"))
    second = PartnerFactory(revenue_share=Decimal("0.250"))
    clips = [AssetFactory(partner=first), AssetFactory(partner=first), AssetFactory(partner=second)]

    buy(buyer, *clips)  # editorial, 150.00 each

    assert balance(first).available == Decimal("150.00")
    assert balance(second).available == Decimal("37.50")


def test_a_refund_takes_the_share_back(buyer):
    clip = AssetFactory()
    order = buy(buyer, clip)

    order_refund(order=order)

    assert balance(clip.partner).available == Decimal("0.00")
    assert balance(clip.partner).owed == Decimal("0.00")
    assert sum(e.amount for e in Earning.objects.all()) == Decimal("0.00")


def test_a_refund_after_a_payout_is_carried_as_owed_and_paid_off_by_the_next_sale(buyer):
    partner = PartnerFactory(revenue_share=Decimal("0.500"))
    sold, later = AssetFactory(partner=partner), AssetFactory(partner=partner)
    order = buy(buyer, sold, license="commercial")  # 225.00 to the partner
    payout_request(partner=partner, currency="USD")

    order_refund(order=order)

    assert (balance(partner).available, balance(partner).owed) == (Decimal("0"), Decimal("225"))

    buy(buyer, later, license="editorial")  # 75.00 pays off part of what is owed
    assert (balance(partner).available, balance(partner).owed) == (Decimal("0"), Decimal("150"))

    buy(buyer, AssetFactory(partner=partner), license="exclusive")  # 1250.00
    assert (balance(partner).available, balance(partner).owed) == (Decimal("1100"), Decimal("0"))


def test_the_database_refuses_a_negative_balance(buyer):
    clip = AssetFactory()
    buy(buyer, clip)

    with pytest.raises(IntegrityError), transaction.atomic():
        PartnerBalance.objects.filter(partner=clip.partner).update(available=Decimal("-0.01"))
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnerBalance.objects.filter(partner=clip.partner).update(owed=Decimal("1.00"))


def test_a_refund_tells_the_apps_above_once_in_its_transaction(buyer):
    order = buy(buyer, AssetFactory())
    heard = []

    def on_refunded(sender, order, **kwargs):
        heard.append((order.public_id, order.status, Earning.objects.filter(kind="refund").count()))

    order_refunded.connect(on_refunded, dispatch_uid="test-refunded")
    try:
        order_refund(order=order)
    finally:
        order_refunded.disconnect(dispatch_uid="test-refunded")

    assert heard == [(order.public_id, "refunded", 1)]
