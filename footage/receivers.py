"""What footage does when the catalog signals a change (catalog.signals); connected in
FootageConfig.ready, so the catalog never imports this app."""

from django.db import transaction

from catalog.models import AssetStatus
from catalog.services import AssetRuleError
from footage.evidence.duplicates import holding_reason
from footage.evidence.services import evidence_ensure
from footage.tasks import rekey_public_files


def rekey_when_withdrawn(sender, *, asset, previous, status, **kwargs):
    """A clip that stops being published gets new names for its public files, so the preview
    and poster addresses it handed out stop working (footage.rekeying)."""
    if previous == AssetStatus.PUBLISHED and status != AssetStatus.PUBLISHED:
        transaction.on_commit(lambda pk=asset.pk: rekey_public_files.enqueue(pk))


def hold_back_duplicates(sender, *, asset, **kwargs):
    """Before a clip is published: a master never read is read now, so nothing goes on sale
    unchecked, and a clip that matches another partner's clip stays unpublished until staff
    decide (footage.evidence.duplicates)."""
    evidence_ensure(asset)
    reason = holding_reason(asset)
    if reason:
        raise AssetRuleError(reason)
