"""Renditions: the poster frame, thumbnails and watermarked preview made from a clip's master,
one row each, with progress and error, so each job can be watched and run again."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from catalog.models import VideoAsset
from common.models import unique_upload_name


def upload_rendition(instance, filename):
    return unique_upload_name(f"renditions/{instance.kind}", filename)


class Rendition(models.Model):
    """A derivative made from the master in the background: one row per kind, with its
    progress and any error, so each job can be watched and run again."""

    class Kind(models.TextChoices):
        POSTER = "poster", "Poster frame"
        THUMB_SMALL = "thumb_small", "Thumbnail 160×90"
        THUMB_MEDIUM = "thumb_medium", "Thumbnail 320×180"
        THUMB_LARGE = "thumb_large", "Thumbnail 640×360"
        PREVIEW = "preview", "Watermarked 360p preview"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    asset = models.ForeignKey(VideoAsset, on_delete=models.CASCADE, related_name="renditions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done.")
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    file = models.FileField(upload_to=upload_rendition, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    source = models.CharField(
        max_length=255, blank=True, help_text="The master file name it was made from."
    )
    heartbeat_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the worker making it last said it was alive; a running rendition whose "
        "heartbeat is older than RENDITION_STALE_SECONDS lost its worker.",
    )
    stalls = models.PositiveSmallIntegerField(
        default=0,
        help_text="Runs lost to a worker that stopped, since the rendition was last asked for; "
        "at RENDITION_MAX_ATTEMPTS the sweep marks it failed instead of queueing it again.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # The table it had when renditions lived in the catalog app; kept so that upgrading
        # moves no data.
        db_table = "catalog_rendition"
        ordering = ["asset", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["asset", "kind"], name="rendition_once_per_kind"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="rendition_progress"),
        ]
        indexes = [
            # The sweep's question, "which running renditions went quiet?", stays one small
            # index read however many renditions exist.
            models.Index(
                fields=["heartbeat_at"],
                condition=Q(status="running"),
                name="rendition_running_heartbeat",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.asset_id}: {self.get_status_display()}"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.DONE and bool(self.file)


def stale_before():
    """A running rendition whose heartbeat is older than this lost its worker."""
    return timezone.now() - timedelta(seconds=settings.RENDITION_STALE_SECONDS)


def stale_running() -> Q:
    """Running renditions whose worker went quiet (rows from before heartbeats: by updated_at)."""
    cutoff = stale_before()
    return Q(status=Rendition.Status.RUNNING) & (
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, updated_at__lt=cutoff)
    )


# The picture size of each thumbnail kind, cover-cropped from the poster frame.
THUMBNAIL_SIZES = {
    Rendition.Kind.THUMB_SMALL: (160, 90),
    Rendition.Kind.THUMB_MEDIUM: (320, 180),
    Rendition.Kind.THUMB_LARGE: (640, 360),
}
