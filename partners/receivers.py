"""What partners hear from licensing (connected in PartnersConfig.ready): each sale and each
refund, one notification per earning, inside the sale's or refund's transaction."""

from licensing.models import Earning
from partners.models import PartnerNotification
from partners.notify import notify_partner, refund_message, sale_message


def _notify(order, kind: str, notice_kind: str, message) -> None:
    earnings = (
        Earning.objects.filter(line__order=order, kind=kind)
        .select_related("line__asset", "partner")
        .order_by("pk")
    )
    for earning in earnings:
        notify_partner(
            partner=earning.partner,
            kind=notice_kind,
            message=message(earning),
            asset=earning.line.asset,
            earning=earning,
        )


def on_order_created(sender, *, order, **kwargs):
    _notify(order, Earning.Kind.SALE, PartnerNotification.Kind.SALE, sale_message)


def on_order_refunded(sender, *, order, **kwargs):
    _notify(order, Earning.Kind.REFUND, PartnerNotification.Kind.REFUND, refund_message)
