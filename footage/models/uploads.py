"""A resumable upload (tus 1.0) on its way to becoming a master or a signed release form.

The row is the upload's truth for every app server: how long it will be, how much has arrived
(`offset`), whether it passed the checks once complete, and when an abandoned one expires. The
bytes themselves are written under UPLOADS_ROOT (footage.uploads), one file per upload named
by its public id.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from catalog.models import ContentPartner
from common.models import PUBLIC_ID_LENGTH, new_public_id


class Upload(models.Model):
    class Purpose(models.TextChoices):
        MASTER = "master", "Video master"
        RELEASE_FORM = "release_form", "Signed release form"

    class Status(models.TextChoices):
        RECEIVING = "receiving", "Receiving"  # bytes still to come
        READY = "ready", "Ready"  # every byte arrived and the file passed its checks
        USED = "used", "Used"  # taken by a submission; the file moved on
        FAILED = "failed", "Failed"  # complete but refused by the checks; the file is gone

    public_id = models.CharField(
        max_length=PUBLIC_ID_LENGTH, unique=True, default=new_public_id, editable=False
    )
    partner = models.ForeignKey(ContentPartner, on_delete=models.CASCADE, related_name="uploads")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.MASTER)
    filename = models.CharField(max_length=255, blank=True, help_text="As the client named it.")
    filetype = models.CharField(max_length=100, blank=True, help_text="As the client said.")
    length = models.BigIntegerField(help_text="Bytes the upload will have when complete.")
    offset = models.BigIntegerField(default=0, help_text="Bytes received so far.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVING)
    error = models.TextField(blank=True, help_text="Why the checks refused the finished file.")
    # What the finished master holds (footage.services.master_check), for the form to show.
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    frame_rate = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(help_text="An upload not finished by then is deleted.")
    # Who is writing bytes now (footage.uploads.services): one PATCH at a time claims the row
    # with a conditional UPDATE, so no transaction or row lock is held while a body streams in.
    lease_token = models.CharField(max_length=32, blank=True, editable=False)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(length__gt=0), name="upload_length_positive"),
            models.CheckConstraint(
                condition=Q(offset__gte=0) & Q(offset__lte=F("length")),
                name="upload_offset_within_length",
            ),
            models.CheckConstraint(
                condition=Q(status="receiving") | Q(offset=F("length")),
                name="upload_finished_is_complete",
            ),
        ]
        indexes = [
            # The expiry sweep: unfinished uploads by deadline, one index range.
            models.Index(
                fields=["expires_at"], condition=Q(status="receiving"), name="upload_receiving"
            ),
        ]

    def __str__(self):
        return f"Upload {self.public_id} ({self.offset}/{self.length} bytes, {self.status})"
