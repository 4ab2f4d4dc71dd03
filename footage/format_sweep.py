"""Clearing up after delivery formats (footage.preparing): runs a stopped worker left
"running", and files under `formats/` no current row names. `manage.py renditions_sweep`
runs both with the renditions' sweep (footage.sweep); safe beside running workers."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone

from footage.format_runs import sidecar_name, unmade_sentence
from footage.models import FORMATS_FOLDER, PreparedFormat, stale_preparing
from footage.signals import format_failed
from footage.tasks import prepare_format_enqueue

Status = PreparedFormat.Status
LOST_AFTER_STALE = 6  # a pending row untouched for six stale periods (an hour) lost its task


@dataclass(frozen=True)
class StaleFormat:
    prepared: PreparedFormat
    requeued: bool  # else marked failed: FORMAT_MAX_ATTEMPTS runs were started

    def __str__(self):
        row = self.prepared
        beat = row.heartbeat_at or row.updated_at
        return (
            f"{row.format} of asset {row.asset.public_id}, "
            f"quiet since {beat:%Y-%m-%d %H:%M} UTC at {row.progress}%"
        )


def formats_sweep_stale(*, dry_run: bool = False) -> list[StaleFormat]:
    """Queue again every running format whose worker went quiet (no heartbeat for
    RENDITION_STALE_SECONDS), or mark it failed once FORMAT_MAX_ATTEMPTS runs of it were
    started; staff's "Prepare again" then queues it afresh."""
    swept = []
    with transaction.atomic():
        rows = (
            PreparedFormat.objects.select_for_update(of=("self",))
            .select_related("asset")
            .filter(stale_preparing())
            .order_by("pk")
        )
        for row in rows:
            requeued = row.attempts < settings.FORMAT_MAX_ATTEMPTS
            swept.append(StaleFormat(row, requeued))
            if dry_run:
                continue
            if requeued:
                changes = {"status": Status.PENDING, "progress": 0}
                transaction.on_commit(lambda pk=row.pk: prepare_format_enqueue(pk))
            else:
                sentence = unmade_sentence(row.format)
                changes = {"status": Status.FAILED, "error": sentence, "detail": _gave_up(row)}
                transaction.on_commit(
                    lambda row=row, sentence=sentence: format_failed.send(
                        sender=PreparedFormat, asset=row.asset, format=row.format, error=sentence
                    )
                )
            PreparedFormat.objects.filter(pk=row.pk).update(
                stalls=row.stalls + 1, updated_at=timezone.now(), **changes
            )
    return swept


def formats_sweep_lost(*, dry_run: bool = False) -> list[PreparedFormat]:
    """Queue again every format still pending LOST_AFTER_STALE times RENDITION_STALE_SECONDS
    after it was asked for: its task was lost (a process died between the commit and the
    queue, a queue flushed). A task that was only late finds the row taken and does nothing,
    so at worst a late one is queued twice; the row's clock restarts, so once per period."""
    cutoff = timezone.now() - timedelta(seconds=settings.RENDITION_STALE_SECONDS * LOST_AFTER_STALE)
    with transaction.atomic():
        rows = list(
            PreparedFormat.objects.select_for_update(of=("self",))
            .select_related("asset")
            .filter(status=Status.PENDING, updated_at__lt=cutoff)
            .order_by("pk")
        )
        if not dry_run:
            for row in rows:
                transaction.on_commit(lambda pk=row.pk: prepare_format_enqueue(pk))
            PreparedFormat.objects.filter(pk__in=[r.pk for r in rows]).update(
                updated_at=timezone.now()
            )
    return rows


def _gave_up(row: PreparedFormat) -> str:
    beat = row.heartbeat_at or row.updated_at
    return (
        f"The worker stopped while making this format ({row.attempts} runs started; last sign "
        f"of life {beat:%Y-%m-%d %H:%M} UTC, at {row.progress}%). The master may be too long "
        "or too big for the workers."
    )


def format_orphans(cutoff, *, dry_run: bool) -> list[tuple[str, object]]:
    """Files under `formats/` older than `cutoff` that no row names as made from its clip's
    current master (with its `.c2pa` sidecar): the clip or its row was deleted, the master
    replaced, or a run died before its file was named. A stale row's file is forgotten by its
    row too. Returns (name, modified) of each deleted (or, dry, to be deleted)."""
    storage, found = storages["masters"], []
    try:
        stems, _ = storage.listdir(FORMATS_FOLDER)
    except FileNotFoundError:
        return found
    for stem in stems:
        folder = f"{FORMATS_FOLDER}/{stem}"
        keep = _current_files(folder, cutoff, dry_run)
        for name in storage.listdir(folder)[1]:
            path = f"{folder}/{name}"
            modified = storage.get_modified_time(path)
            if path in keep or modified >= cutoff:
                continue
            found.append((path, modified))
            if not dry_run:
                storage.delete(path)
    return found


def _current_files(folder: str, cutoff, dry_run: bool) -> set[str]:
    """The files of `folder` its rows name from their clip's current master; rows made from
    an older one (quiet since `cutoff`) let go of theirs."""
    keep = set()
    rows = PreparedFormat.objects.filter(file__startswith=f"{folder}/").select_related("asset")
    for row in rows:
        if row.is_current() or row.updated_at >= cutoff:
            keep |= {row.file.name, sidecar_name(row.file.name)}
        elif not dry_run:
            PreparedFormat.objects.filter(pk=row.pk, file=row.file.name).update(file="", size=None)
    return keep
