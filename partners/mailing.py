"""The e-mail a notification becomes: one message to each member of the partner, sent once
(the background task in partners.tasks runs it after the sale or decision commits)."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone

from partners.models import PartnerMember, PartnerNotification


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
