"""Real threads on PostgreSQL: a partner's balance never goes below zero and a payout is never
paid twice, whatever arrives at the same moment."""

from decimal import Decimal

import pytest

from ledger.errors import PayoutRefused
from ledger.models import Earning, PartnerBalance, Payout
from ledger.services.payouts import payout_mark_paid, payout_request
from licensing.services.orders import order_refund
from licensing.services.purchase import PurchaseItem, purchase
from tests.factories import AssetFactory, PartnerFactory, UserFactory
from tests.licensing.conftest import make_buyer
from tests.licensing.test_concurrency import race

pytestmark = pytest.mark.django_db(transaction=True)


def funded(amount="500.00"):
    partner = PartnerFactory()
    PartnerBalance.objects.create(partner=partner, currency="USD", available=Decimal(amount))
    return partner


def test_two_requests_for_the_whole_balance_pay_it_once(on_postgres):
    partner = funded("500.00")

    outcomes = race(10, lambda i: payout_request(partner=partner, currency="USD"))

    won = [o for o in outcomes if isinstance(o, Payout)]
    assert len(won) == 1, outcomes
    assert all(isinstance(o, PayoutRefused) for o in outcomes if o not in won)
    assert Payout.objects.get().amount == Decimal("500.00")
    assert PartnerBalance.objects.get().available == Decimal("0.00")


def test_two_mark_paid_at_once_pay_once(on_postgres):
    payout = payout_request(partner=funded(), currency="USD")
    staff = [UserFactory(staff=True) for _ in range(2)]

    outcomes = race(
        2, lambda i: payout_mark_paid(payout=payout, reference=f"TRF-{i}", actor=staff[i])
    )

    assert sum(isinstance(o, Payout) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, PayoutRefused) for o in outcomes) == 1
    paid = Payout.objects.get()
    assert paid.status == "paid" and paid.reference in ("TRF-0", "TRF-1")


def test_refunds_racing_a_payout_carry_owed_and_never_go_below_zero(on_postgres):
    partner = PartnerFactory(revenue_share=Decimal("0.500"))
    buyers = [make_buyer(f"Buyer {i}", credits="1000")[0] for i in range(4)]
    orders = [
        purchase(
            buyer=buyers[i],
            items=[PurchaseItem(AssetFactory(partner=partner).public_id, "commercial")],
            request_territory=None,
            idempotency_key=f"k{i}",
        ).order
        for i in range(4)
    ]  # 4 x 225.00 to the partner

    def work(i):
        if i == 0:
            return payout_request(partner=partner, currency="USD")
        return order_refund(order=orders[i - 1])

    outcomes = race(4, work)

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    balance = PartnerBalance.objects.get(partner=partner)
    assert balance.available >= 0 and balance.owed >= 0
    assert balance.available == 0 or balance.owed == 0
    ledger = sum(e.amount for e in Earning.objects.filter(partner=partner))
    paid_out = sum(p.amount for p in Payout.objects.filter(partner=partner))
    # What was earned, less what was paid out, is what is available less what is owed.
    assert ledger - paid_out == balance.available - balance.owed
