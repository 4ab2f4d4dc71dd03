"""Members of a content partner and their API keys."""

import re

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from catalog.models import ContentPartner
from common.keys.lookup import key_find
from common.keys.models import hash_key
from partners.models import PartnerApiKey, PartnerMember
from partners.models.members import PARTNER_KEY_START

# What PartnerApiKey.generate() makes; anything else is refused before a query.
KEY_SHAPE = re.compile(
    re.escape(PARTNER_KEY_START) + r"(?P<prefix>[0-9a-f]{1,16})\.[A-Za-z0-9_-]{1,128}"
)


class MemberError(Exception):
    """A member cannot be added as asked; the message says why."""


@transaction.atomic
def partner_member_create(*, partner: ContentPartner, email: str, actor=None) -> PartnerMember:
    """Make `email` a member of `partner`: the user is found by e-mail or made (without a
    usable password: they set one through "Forgot your password?"). A person belongs to one
    partner at most."""
    email = email.strip().lower()
    if "@" not in email:
        raise MemberError(f"“{email}” is not an e-mail address.")
    user_model = get_user_model()
    user = user_model.objects.filter(email__iexact=email).order_by("pk").first()
    if user is None:
        user = user_model.objects.create_user(username=email, email=email)
    existing = PartnerMember.objects.filter(user=user).select_related("partner").first()
    if existing is not None:
        if existing.partner_id == partner.pk:
            return existing
        raise MemberError(f"{email} is already a member of {existing.partner}.")
    member = PartnerMember.objects.create(partner=partner, user=user)
    audit_record(actor=actor, action="partner.member_added", target=member, after={"user": email})
    return member


def partner_key_create(*, member: PartnerMember, name: str = "Partner API key") -> tuple:
    """A new key for the member's partner; the raw key is returned once, only its hash kept."""
    prefix, raw = PartnerApiKey.generate()
    key = PartnerApiKey.objects.create(
        partner_id=member.partner_id,
        member=member,
        name=name[:100] or "Partner API key",
        prefix=prefix,
        hashed_key=hash_key(raw),
    )
    return key, raw


def partner_key_revoke(*, key: PartnerApiKey, actor=None) -> PartnerApiKey:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="partner_key.revoked", target=key)
    return key


def partner_key_authenticate(raw: str) -> PartnerApiKey | None:
    """The active partner key `raw` stands for, or None. A key acts for a member: once the
    member is removed (member NULL) or the person's account is deactivated, it stops working."""
    return key_find(
        PartnerApiKey.objects.select_related("partner", "member__user"),
        KEY_SHAPE,
        raw,
        usable=lambda key: key.member is not None and key.member.user.is_active,
    )
