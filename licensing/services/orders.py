"""After the sale: refunding an order and revoking a licence.

Locks follow the order set out in licensing.services.purchase: the buyer row, then the order,
then the partners' balances (by primary key, ledger.services.balances, through order_refunded).
"""

from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from licensing.models import Buyer, License, Order, OrderStatus, Payment
from licensing.services.errors import LicenseUnusable
from licensing.services.upgrades import ensure_not_upgraded_since, upgrades_undo
from licensing.signals import license_revoked, order_refunded


@transaction.atomic
def order_refund(*, order: Order, actor=None, reason: str = "Refunded") -> Order:
    """Give the money back, revoke the licences the order issued and put those it upgraded
    back to the tier they had; the ledger reverses the partners' earnings (order_refunded).

    Raises IllegalOrderTransition (not paid) or RefundConflict (409: a licence it issued or
    upgraded was upgraded by a later order, to be refunded first); a refusal changes
    nothing."""
    buyer = Buyer.objects.select_for_update().get(pk=order.buyer_id)
    locked = Order.objects.select_for_update().get(pk=order.pk)
    previous = locked.transition_to(OrderStatus.REFUNDED)
    ensure_not_upgraded_since(locked)
    restored = upgrades_undo(locked)
    locked.save(update_fields=["status", "refunded_at"])
    if locked.payment_method == Buyer.PaymentMethod.CREDITS:
        buyer.credit_balance += locked.total
        buyer.save(update_fields=["credit_balance"])
    else:
        # What is still owed is cancelled; what was already paid comes back as credit.
        cancelled = min(buyer.invoice_balance, locked.total)
        buyer.invoice_balance -= cancelled
        buyer.credit_balance += locked.total - cancelled
        buyer.save(update_fields=["invoice_balance", "credit_balance"])
    Payment.objects.create(
        order=locked,
        kind=Payment.Kind.REFUND,
        method=locked.payment_method,
        amount=-locked.total,
        currency=locked.currency,
    )
    now = timezone.now()
    revoked = list(
        License.objects.filter(line__order=locked, revoked_at__isnull=True).select_related("asset")
    )
    License.objects.filter(pk__in=[lic.pk for lic in revoked]).update(
        revoked_at=now, revoke_reason=f"Order refunded: {reason}"[:300]
    )
    after = {"status": locked.status, "refunded": str(locked.total), "reason": reason}
    if restored:
        after["restored"] = {lic.public_id: lic.resolution for lic in restored}
    audit_record(
        actor=actor,
        action="order.refunded",
        target=locked,
        before={"status": previous},
        after=after,
    )
    for lic in revoked:
        lic.revoked_at, lic.revoke_reason = now, f"Order refunded: {reason}"[:300]
        license_revoked.send(sender=License, license=lic, reason=lic.revoke_reason)
    # The partners' earnings are reversed by its receivers (ledger), in this transaction.
    order_refunded.send(sender=Order, order=locked)
    order.status, order.refunded_at = locked.status, locked.refunded_at
    return order


@transaction.atomic
def license_revoke(*, license: License, actor=None, reason: str) -> License:
    """Withdraw a licence (a legal demand, a partner's takedown); the money stays as it is."""
    locked = License.objects.select_for_update().get(pk=license.pk)
    if locked.revoked_at is not None:
        raise LicenseUnusable(f"Licence {locked.public_id} was already revoked.")
    locked.revoked_at, locked.revoke_reason = timezone.now(), reason[:300]
    locked.save(update_fields=["revoked_at", "revoke_reason"])
    audit_record(
        actor=actor,
        action="license.revoked",
        target=locked,
        after={"reason": locked.revoke_reason},
    )
    license_revoked.send(sender=License, license=locked, reason=locked.revoke_reason)
    license.revoked_at, license.revoke_reason = locked.revoked_at, locked.revoke_reason
    return license
