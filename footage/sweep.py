"""Clearing up after workers that died and clips that went: renditions left "running" by a
worker that stopped (a kill -9, a lost machine) and files no row points to.

`manage.py renditions_sweep` runs both; `make run` runs it beside the worker and production
runs it from cron. Both are safe to run at any time and at the same time as the workers.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.files.storage import storages
from django.db import models, transaction
from django.utils import timezone

from catalog.models import VideoAsset
from footage.deliveries import SIGNED_FOLDER
from footage.format_sweep import format_orphans
from footage.models import Rendition, stale_running
from footage.tasks import render_rendition

# The folders whose files are rows' files, and the storage each lives in: renditions (poster,
# thumbnails, preview), staff-chosen posters and masters. Nothing else in storage is touched.
SWEPT_FOLDERS = [("default", "renditions"), ("default", "assets/posters"), ("masters", "clips")]
BATCH = 1000


@dataclass(frozen=True)
class StaleRendition:
    rendition: Rendition
    requeued: bool  # else marked failed: too many runs lost

    def __str__(self):
        rendition = self.rendition
        beat = rendition.heartbeat_at or rendition.updated_at
        return (
            f"{rendition.get_kind_display()} of asset {rendition.asset.public_id}, "
            f"quiet since {beat:%Y-%m-%d %H:%M} UTC at {rendition.progress}%"
        )


def renditions_sweep_stale(*, dry_run: bool = False) -> list[StaleRendition]:
    """Queue again every running rendition whose worker went quiet (no heartbeat for
    RENDITION_STALE_SECONDS), or mark it failed with the reason once RENDITION_MAX_ATTEMPTS
    runs of it have been lost that way; "Re-run failed renditions" then queues it again."""
    limit = settings.RENDITION_MAX_ATTEMPTS
    swept = []
    with transaction.atomic():
        rows = (
            Rendition.objects.select_for_update(of=("self",))
            .select_related("asset")
            .filter(stale_running())
            .order_by("pk")
        )
        for rendition in rows:
            stalls = rendition.stalls + 1
            requeued = stalls < limit
            swept.append(StaleRendition(rendition, requeued))
            if dry_run:
                continue
            if requeued:
                changes = {"status": Rendition.Status.PENDING, "progress": 0, "error": ""}
                transaction.on_commit(lambda pk=rendition.pk: render_rendition.enqueue(pk))
            else:
                changes = {"status": Rendition.Status.FAILED, "error": _gave_up(rendition, stalls)}
            Rendition.objects.filter(pk=rendition.pk).update(
                stalls=stalls, updated_at=timezone.now(), **changes
            )
    return swept


def _gave_up(rendition: Rendition, stalls: int) -> str:
    beat = rendition.heartbeat_at or rendition.updated_at
    return (
        f"The worker stopped while making this rendition {stalls} times in a row (last sign of "
        f"life {beat:%Y-%m-%d %H:%M} UTC, at {rendition.progress}%), so it was not queued again. "
        "The master may be too big or too slow for the workers; use “Re-run failed "
        "renditions” to try once more."
    )


@dataclass(frozen=True)
class OrphanFile:
    storage: str
    name: str
    modified: object  # a datetime

    def __str__(self):
        return f"{self.storage}:{self.name} (last changed {self.modified:%Y-%m-%d %H:%M} UTC)"


def orphan_files_sweep(*, dry_run: bool = False) -> list[OrphanFile]:
    """Delete the files in SWEPT_FOLDERS that no row points to and that are older than
    ORPHAN_FILE_GRACE_SECONDS: renditions and posters of deleted clips, renditions replaced
    while a worker died, masters of uploads abandoned part-way, signed copies and prepared
    formats (footage.format_sweep) of masters no clip has any more. A file any FileField of
    any model names is never deleted (a prepared format: while made from its clip's current
    master); the grace leaves alone files being stored right now (a file is written before the
    row that names it). Returns what was (or, dry, would be) deleted."""
    cutoff = timezone.now() - timedelta(seconds=settings.ORPHAN_FILE_GRACE_SECONDS)
    found = _signed_orphans(cutoff, dry_run)
    found += [OrphanFile("masters", *orphan) for orphan in format_orphans(cutoff, dry_run=dry_run)]
    for alias, folder in SWEPT_FOLDERS:
        storage = storages[alias]
        for batch in _batches(_walk(storage, folder)):
            for name in sorted(set(batch) - _referenced(batch)):
                modified = storage.get_modified_time(name)
                if modified >= cutoff:
                    continue
                found.append(OrphanFile(alias, name, modified))
                if not dry_run:
                    storage.delete(name)
    return found


def _signed_orphans(cutoff, dry_run: bool) -> list[OrphanFile]:
    """Signed copies and sidecars (footage.deliveries, `signed/<master's stem>/…`) whose
    master no clip names any more: the clip was deleted or its master replaced."""
    storage, found = storages["masters"], []
    try:
        stems, _ = storage.listdir(SIGNED_FOLDER)
    except FileNotFoundError:
        return found
    for stem in stems:
        if VideoAsset.objects.filter(master__contains=f"/{stem}.").exists():
            continue
        for name in _walk(storage, f"{SIGNED_FOLDER}/{stem}"):
            modified = storage.get_modified_time(name)
            if modified >= cutoff:
                continue
            found.append(OrphanFile("masters", name, modified))
            if not dry_run:
                storage.delete(name)
    return found


def _walk(storage, folder: str) -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # nothing stored there yet
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _walk(storage, f"{folder}/{sub}")


def _batches(names: Iterator[str]) -> Iterator[list[str]]:
    batch = []
    for name in names:
        batch.append(name)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _referenced(names: list[str]) -> set[str]:
    """Which of `names` some row's file field names, in any model of any app."""
    found = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                found.update(
                    model._base_manager.filter(**{f"{field.attname}__in": names}).values_list(
                        field.attname, flat=True
                    )
                )
    return found
