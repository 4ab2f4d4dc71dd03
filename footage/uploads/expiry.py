"""Abandoned uploads end here (tus expiration): an unfinished upload past its Upload-Expires,
or a finished one no submission took by then, loses its row and its bytes; and any file under
UPLOADS_ROOT that no row names (a crash between the two) goes too. `manage.py uploads_expire`
runs it; run it hourly beside the task worker."""

import os
import time
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from footage.models import Upload
from footage.uploads.files import upload_file_delete

# Rows are written before their files and deleted before them, so a file no row names is stray;
# the grace only spares a file a PATCH is still finishing after its upload was deleted.
STRAY_GRACE_SECONDS = 600
BATCH = 500


def uploads_expire(*, stray_grace_seconds: int = STRAY_GRACE_SECONDS) -> dict:
    """Delete expired uploads (rows and files) and stray files; returns the counts."""
    expired = 0
    ending = [Upload.Status.RECEIVING, Upload.Status.READY, Upload.Status.FAILED]
    while True:
        batch = list(
            Upload.objects.filter(status__in=ending, expires_at__lte=timezone.now())
            .order_by("pk")
            .only("pk", "public_id")[:BATCH]
        )
        if not batch:
            break
        for upload in batch:
            # Row first: a request that finds no row answers 404, and no row names the file.
            # Not one a request is writing (a live lease): its deadline moves on when it ends.
            now = timezone.now()
            idle = Q(lease_until__isnull=True) | Q(lease_until__lte=now)
            gone = Upload.objects.filter(idle, pk=upload.pk, status__in=ending, expires_at__lte=now)
            if gone.delete()[0]:
                upload_file_delete(upload)
                expired += 1
    return {"expired": expired, "stray_files": _stray_files_delete(stray_grace_seconds)}


def _stray_files_delete(grace_seconds: int) -> int:
    root = Path(settings.UPLOADS_ROOT)
    if not root.is_dir():
        return 0
    cutoff = time.time() - grace_seconds
    candidates = {}
    for entry in os.scandir(root):
        if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime <= cutoff:
            candidates[entry.name] = entry.path
    known = set()
    names = list(candidates)
    for start in range(0, len(names), BATCH):
        chunk = names[start : start + BATCH]
        known |= set(Upload.objects.filter(public_id__in=chunk).values_list("public_id", flat=True))
    deleted = 0
    for name, path in candidates.items():
        if name not in known:
            try:
                os.remove(path)
                deleted += 1
            except FileNotFoundError:
                pass
    return deleted
