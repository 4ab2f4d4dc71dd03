"""Telling a partner: a row on the dashboard now, an e-mail to each member after the commit.

A first version laid by the lead; the money helper owns it (e-mail through a background task)."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from partners.models import PartnerMember, PartnerNotification


def notify_partner(*, partner, kind: str, message: str, asset=None, earning=None):
    """Record what happened for the partner's dashboard and mail its members once committed."""
    notice = PartnerNotification.objects.create(
        partner=partner, kind=kind, message=message[:500], asset=asset, earning=earning
    )
    transaction.on_commit(lambda: _mail(notice))
    return notice


def _mail(notice: PartnerNotification) -> None:
    emails = list(
        PartnerMember.objects.filter(partner_id=notice.partner_id)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if emails:
        send_mail(
            f"{settings.SITE_NAME}: {notice.get_kind_display()}",
            notice.message,
            None,
            emails,
        )
