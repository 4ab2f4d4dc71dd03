"""API keys: made with the raw key shown once, revoked, and matched to a request."""

import re

from django.utils import timezone

from audit.services import audit_record
from common.keys.lookup import key_find
from common.keys.models import hash_key
from licensing.models import ApiKey, Buyer

# What ApiKey.generate() makes: a hex prefix, a dot, a URL-safe secret. Anything else is not a
# key, and is refused before its prefix is looked up (a NUL or a megabyte never reaches a query).
KEY_SHAPE = re.compile(r"(?P<prefix>[0-9a-f]{1,16})\.[A-Za-z0-9_-]{1,128}")


def api_key_create(*, buyer: Buyer, name: str = "API key", created_by=None) -> tuple[ApiKey, str]:
    """A new key; the raw key is returned once and only its hash is kept."""
    prefix, raw = ApiKey.generate()
    key = ApiKey.objects.create(
        buyer=buyer,
        name=name[:100] or "API key",
        prefix=prefix,
        hashed_key=hash_key(raw),
        created_by=created_by if created_by is not None and created_by.is_authenticated else None,
    )
    return key, raw


def api_key_revoke(*, key: ApiKey, actor=None) -> ApiKey:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="api_key.revoked", target=key)
    return key


def api_key_authenticate(raw: str) -> ApiKey | None:
    """The active buyer's key `raw` stands for, or None."""
    return key_find(ApiKey.objects.select_related("buyer"), KEY_SHAPE, raw)
