"""Telling a partner: a row on the dashboard at once, an e-mail to each member by a background
task once the transaction commits (partners.tasks), so a sale never waits on a mail server.

Sales and refunds come from licensing's signals (partners.receivers); review decisions call
notify_partner directly.
"""

from django.db import transaction

from partners.models import PartnerNotification
from partners.tasks import mail_partner_notification


def notify_partner(*, partner, kind: str, message: str, asset=None, earning=None):
    """Record what happened for the partner's dashboard and mail its members once committed."""
    notice = PartnerNotification.objects.create(
        partner=partner, kind=kind, message=message[:500], asset=asset, earning=earning
    )
    transaction.on_commit(lambda pk=notice.pk: mail_partner_notification.enqueue(pk))
    return notice


def sale_message(earning) -> str:
    line = earning.line
    percent = f"{earning.share * 100:.1f}".removesuffix(".0")
    return (
        f"Sold: “{line.title}” ({line.asset_public_id}), {line.license_name} licence. "
        f"Your share: {earning.amount} {earning.currency} ({percent}% of {line.price} "
        f"{line.currency})."
    )


def refund_message(earning) -> str:
    line = earning.line
    return (
        f"Refunded: “{line.title}” ({line.asset_public_id}), {line.license_name} licence. "
        f"Your share of {-earning.amount} {earning.currency} comes off your balance."
    )
