"""Finding the key a raw key stands for, among the keys of one kind."""

import re
from datetime import timedelta

from django.utils import timezone


def key_find(keys, shape: re.Pattern, raw: str, usable=None):
    """The active key among `keys` (a queryset of a HashedKey model) that `raw` stands for, or
    None. `shape` is what such keys look like (a named group "prefix"): anything else is
    refused before a query. `usable(key)` may refuse a key for what it acts for. Records when
    it was last used (at most once a minute, so reads do not turn into writes)."""
    match = shape.fullmatch(raw or "")
    if match is None:
        return None
    key = keys.filter(prefix=match["prefix"]).first()
    if key is None or not key.is_active or not key.matches(raw):
        return None
    if usable is not None and not usable(key):
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > timedelta(minutes=1):
        type(key).objects.filter(pk=key.pk).update(last_used_at=now)
    return key
