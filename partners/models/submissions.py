"""A clip on its way in: the partner's rights attestation, and staff's review decisions."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from catalog.models import VideoAsset
from common.models import unique_upload_name
from common.storages import masters_storage


def upload_release_form(instance, filename):
    return unique_upload_name("releases", filename)


class RightsAttestation(models.Model):
    """What the partner swore when submitting a clip; kept as it was said, never edited."""

    asset = models.OneToOneField(
        VideoAsset, on_delete=models.CASCADE, related_name="rights_attestation"
    )
    filmed_by_submitter = models.BooleanField()
    people_consented = models.BooleanField()
    # Private, like masters: a signed release names people and is shown to staff only.
    release_form = models.FileField(
        upload_to=upload_release_form, storage=masters_storage, blank=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # A clip comes in only when its partner attests both: the database holds it too.
            models.CheckConstraint(
                condition=Q(filmed_by_submitter=True) & Q(people_consented=True),
                name="attestation_affirmed",
            ),
        ]

    def __str__(self):
        return f"Rights attestation for {self.asset_id}"


class ReviewDecision(models.Model):
    """Staff's verdict on a clip in review: published, or returned to the partner with a note
    the partner sees."""

    class Verdict(models.TextChoices):
        PUBLISHED = "published", "Published"
        RETURNED = "returned", "Returned to the partner"

    asset = models.ForeignKey(VideoAsset, on_delete=models.CASCADE, related_name="review_decisions")
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    note = models.TextField(blank=True, max_length=4000)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(verdict="returned") | ~Q(note=""), name="review_return_has_note"
            ),
        ]

    def __str__(self):
        return f"{self.get_verdict_display()}: {self.asset_id}"
