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


def read_before_publishing(sender, *, asset, **kwargs):
    """A master never read is read before the clip is published, outside the row lock, so its
    matches are recorded (and kept) even when publishing is then refused."""
    evidence_ensure(asset)


def hold_back_duplicates(sender, *, asset, **kwargs):
    """Under the row lock, just before a clip is published: one that matches another
    partner's clip stays unpublished until staff decide (footage.evidence.duplicates). A
    master still not read (a caller that skipped the preparing signal) is read here."""
    evidence_ensure(asset)
    reason = holding_reason(asset)
    if reason:
        raise AssetRuleError(reason)
