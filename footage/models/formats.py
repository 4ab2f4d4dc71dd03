"""Prepared formats: a clip's master made into one of the delivery formats of catalog.formats
(H.264 for the web, ProRes, XDCAM...), one row per clip and format, kept in the masters'
private storage and given to every licensee who asks for it (docs/delivery.md)."""

from pathlib import PurePosixPath

from django.db import models
from django.db.models import Q

from catalog.formats import ORIGINAL, PROFILES
from catalog.models import VideoAsset
from common.models import TimestampedModel
from common.storages import masters_storage
from footage.models.renditions import stale_before

FORMATS_FOLDER = "formats"
FORMAT_CHOICES = [(code, profile.label) for code, profile in PROFILES.items() if code != ORIGINAL]


def format_file_name(asset: VideoAsset, code: str) -> str:
    """Where a format of the clip's current master is kept: `formats/<master's stem>/<code>
    <suffix>`, so a new master's files never take an older one's name."""
    stem = PurePosixPath(asset.master.name).stem
    return f"{FORMATS_FOLDER}/{stem}/{code}{PROFILES[code].suffix}"


def upload_prepared_format(instance, filename):
    return format_file_name(instance.asset, instance.format)


class PreparedFormat(TimestampedModel):
    """One delivery format of one clip, made once in the background from its master and kept:
    its progress while it is made, the reason when it could not be, and the file."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    asset = models.ForeignKey(VideoAsset, on_delete=models.CASCADE, related_name="prepared_formats")
    format = models.CharField(max_length=20, choices=FORMAT_CHOICES)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done.")
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="Runs started since it was last asked for."
    )
    run = models.PositiveIntegerField(
        default=0,
        help_text="Runs ever started, never reset: a run writes to the row only while it is "
        "the latest (attempts restart when a new master or staff ask again).",
    )
    stalls = models.PositiveSmallIntegerField(
        default=0,
        help_text="Runs lost to a worker that stopped; at FORMAT_MAX_ATTEMPTS the sweep marks "
        "it failed instead of queueing it again.",
    )
    error = models.TextField(blank=True, help_text="Why it could not be made, for the buyer.")
    detail = models.TextField(blank=True, help_text="What went wrong, for staff.")
    # Private like the master: a licensee gets it through a download link, never a URL.
    file = models.FileField(
        upload_to=upload_prepared_format, storage=masters_storage, blank=True, max_length=255
    )
    signed = models.BooleanField(
        default=False, help_text="Carries Clipwire's Content Credentials (inside, or beside it)."
    )
    size = models.PositiveBigIntegerField(null=True, blank=True, help_text="Bytes.")
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    frame_rate = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    source = models.CharField(
        max_length=255, blank=True, help_text="The master file name it is made from."
    )
    heartbeat_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the worker making it last said it was alive; a running one quiet for "
        "RENDITION_STALE_SECONDS lost its worker.",
    )

    class Meta:
        ordering = ["asset", "format"]
        constraints = [
            models.UniqueConstraint(fields=["asset", "format"], name="prepared_format_once"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="prepared_progress"),
        ]
        indexes = [
            models.Index(
                fields=["heartbeat_at"],
                condition=Q(status="running"),
                name="prepared_running_heartbeat",
            ),
            models.Index(fields=["status", "-updated_at"], name="prepared_status_recent"),
        ]

    def __str__(self):
        return f"{self.format} of {self.asset_id}: {self.get_status_display()}"

    def is_current(self, asset: VideoAsset | None = None) -> bool:
        """Made (or being made) from the clip's master as it is now; a row from an older
        master is stale and is made again when asked for."""
        master = (asset or self.asset).master
        return bool(master) and self.source == master.name

    def is_ready(self, asset: VideoAsset | None = None) -> bool:
        return self.status == self.Status.DONE and bool(self.file) and self.is_current(asset)


def stale_preparing() -> Q:
    """Running rows whose worker went quiet."""
    cutoff = stale_before()
    return Q(status=PreparedFormat.Status.RUNNING) & (
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, updated_at__lt=cutoff)
    )
