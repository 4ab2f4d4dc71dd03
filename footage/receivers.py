"""What footage does when the catalog signals a change (catalog.signals); connected in
FootageConfig.ready, so the catalog never imports this app."""

from django.db import transaction

from catalog.models import AssetStatus
from footage.tasks import rekey_public_files


def rekey_when_withdrawn(sender, *, asset, previous, status, **kwargs):
    """A clip that stops being published gets new names for its public files, so the preview
    and poster addresses it handed out stop working (footage.rekeying)."""
    if previous == AssetStatus.PUBLISHED and status != AssetStatus.PUBLISHED:
        transaction.on_commit(lambda pk=asset.pk: rekey_public_files.enqueue(pk))
