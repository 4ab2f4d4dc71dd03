"""Telling a partner: a row on the dashboard at once, an e-mail to each member by a background
task once the transaction commits (partners.tasks), so a sale never waits on a mail server.

Sales and refunds come from licensing's signals (partners.receivers); review decisions call
notify_partner directly.
"""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from partners.models import PartnerMember, PartnerNotification


def notify_partner(*, partner, kind: str, message: str, asset=None, earning=None):
    """Record what happened for the partner's dashboard and mail its members once committed."""
    notice = PartnerNotification.objects.create(
        partner=partner, kind=kind, message=message[:500], asset=asset, earning=earning
    )
    # Imported here: the tasks module imports this one.
    from partners.tasks import mail_partner_notification

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


def notification_mail(*, notification_id: int) -> int:
    """Mail a notification to each member of its partner, once: safe to run twice (the second
    run finds it already claimed). Returns how many members were mailed."""
    claimed = PartnerNotification.objects.filter(
        pk=notification_id, emailed_at__isnull=True
    ).update(emailed_at=timezone.now())
    if not claimed:
        return 0
    notice = PartnerNotification.objects.select_related("partner", "asset").get(pk=notification_id)
    members = list(
        PartnerMember.objects.filter(partner_id=notice.partner_id)
        .exclude(user__email="")
        .select_related("user")
        .order_by("pk")
    )
    subject = f"{settings.SITE_NAME}: {notice.get_kind_display()}"
    if notice.asset is not None:
        subject = f"{subject}: {notice.asset.title}"[:150]
    messages = [
        EmailMessage(subject, _body(notice, member.user), to=[member.user.email])
        for member in members
    ]
    try:
        get_connection().send_messages(messages)
    except Exception:
        # Not sent: let the task fail and a retry claim it again.
        PartnerNotification.objects.filter(pk=notification_id).update(emailed_at=None)
        raise
    return len(messages)


def _body(notice: PartnerNotification, user) -> str:
    name = user.get_full_name() or user.get_username()
    return (
        f"Hello {name},\n\n{notice.message}\n\n"
        f"Your dashboard, statements and payouts: {settings.SITE_URL}/partner/\n\n"
        f"{settings.SITE_NAME}, for {notice.partner.name}\n"
    )
