"""What partners hear from the ledger (connected in PartnersConfig.ready): each sale's and each
refund's earnings once recorded, one notification per earning, inside the sale's or refund's
transaction."""

from ledger.models import Earning
from ledger.selectors import order_earnings
from partners.models import PartnerNotification
from partners.notify import notify_partner, refund_message, sale_message

NOTICES = {
    Earning.Kind.SALE: (PartnerNotification.Kind.SALE, sale_message),
    Earning.Kind.REFUND: (PartnerNotification.Kind.REFUND, refund_message),
}


def on_earnings_recorded(sender, *, order, kind, **kwargs):
    notice_kind, message = NOTICES[kind]
    for earning in order_earnings(order, kind):
        notify_partner(
            partner=earning.partner,
            kind=notice_kind,
            message=message(earning),
            asset=earning.line.asset,
            earning=earning,
        )
