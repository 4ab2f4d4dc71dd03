"""Real threads on PostgreSQL, each with its own connection and transaction: the races a
newsroom's retrying systems and competing buyers actually run."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from ledger.models import Earning
from licensing.models import Buyer, License, Order, Payment
from licensing.services.errors import IdempotencyMismatch, PaymentRequired, PurchaseConflict
from licensing.services.purchase import PurchaseItem, purchase
from tests.factories import AssetFactory
from tests.licensing.conftest import make_buyer

pytestmark = pytest.mark.django_db(transaction=True)


def race(count, work):
    """Run work(i) in `count` threads released together; returns each outcome."""
    barrier = threading.Barrier(count)
    outcomes = [None] * count

    def run(index):
        barrier.wait()
        try:
            outcomes[index] = work(index)
        except Exception as error:  # the outcome is what the test asserts on
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_twenty_buyers_race_for_one_exclusive_and_exactly_one_wins(on_postgres):
    clip = AssetFactory()
    buyers = [make_buyer(f"Buyer {i}", credits="5000")[0] for i in range(20)]
    item = [PurchaseItem(clip.public_id, "exclusive")]

    outcomes = race(
        20,
        lambda i: purchase(
            buyer=buyers[i], items=item, request_territory=None, idempotency_key="x"
        ),
    )

    winners = [o for o in outcomes if not isinstance(o, Exception)]
    assert len(winners) == 1, outcomes
    assert all(isinstance(o, PurchaseConflict) for o in outcomes if o not in winners)
    assert License.objects.count() == 1 and Order.objects.count() == 1
    charged = Buyer.objects.filter(credit_balance=Decimal("2500.00"))
    assert charged.count() == 1 and charged.get() == winners[0].order.buyer


def test_twenty_retries_with_one_key_make_one_order(on_postgres):
    buyer, _ = make_buyer(credits="5000")
    clip = AssetFactory()
    item = [PurchaseItem(clip.public_id, "editorial")]

    outcomes = race(
        20,
        lambda i: purchase(
            buyer=buyer, items=item, request_territory=None, idempotency_key="retry"
        ),
    )

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert len({o.order.pk for o in outcomes}) == 1
    assert sum(o.created for o in outcomes) == 1
    assert Order.objects.count() == 1 and Payment.objects.count() == 1
    buyer.refresh_from_db()
    assert buyer.credit_balance == Decimal("4850.00")


def test_same_key_different_bodies_under_load_make_one_order(on_postgres):
    buyer, _ = make_buyer(credits="5000")
    clips = [AssetFactory() for _ in range(10)]

    outcomes = race(
        10,
        lambda i: purchase(
            buyer=buyer,
            items=[PurchaseItem(clips[i].public_id, "editorial")],
            request_territory=None,
            idempotency_key="k",
        ),
    )

    assert sum(not isinstance(o, Exception) for o in outcomes) == 1
    assert sum(isinstance(o, IdempotencyMismatch) for o in outcomes) == 9
    assert Order.objects.count() == 1


def test_a_credit_balance_never_goes_below_zero(on_postgres):
    buyer, _ = make_buyer(credits="2250")  # five commercial licences at 450
    clips = [AssetFactory() for _ in range(20)]

    outcomes = race(
        20,
        lambda i: purchase(
            buyer=buyer,
            items=[PurchaseItem(clips[i].public_id, "commercial")],
            request_territory=None,
            idempotency_key=f"order-{i}",
        ),
    )

    paid = [o for o in outcomes if not isinstance(o, Exception)]
    assert len(paid) == 5
    assert all(isinstance(o, PaymentRequired) for o in outcomes if o not in paid)
    buyer.refresh_from_db()
    assert buyer.credit_balance == Decimal("0.00")
    assert License.objects.count() == 5 and Earning.objects.count() == 5


def test_twenty_checkouts_of_the_same_licence_with_new_keys_make_one(on_postgres):
    buyer, _ = make_buyer(credits="5000")
    clip = AssetFactory()
    item = [PurchaseItem(clip.public_id, "editorial")]

    outcomes = race(
        20,
        lambda i: purchase(
            buyer=buyer, items=item, request_territory=None, idempotency_key=f"restart-{i}"
        ),
    )

    assert sum(not isinstance(o, Exception) for o in outcomes) == 1, outcomes
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert all(isinstance(o, PurchaseConflict) and o.code == "already_licensed" for o in refused)
    assert License.objects.count() == 1 and Order.objects.count() == 1
    buyer.refresh_from_db()
    assert buyer.credit_balance == Decimal("4850.00")
