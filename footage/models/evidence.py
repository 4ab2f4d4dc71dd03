"""What a clip's master says about itself, read by machine (footage.evidence): its Content
Credentials (C2PA), its capture metadata set against the partner's claims, and its fingerprint
for near-duplicate search. One row each per clip, replaced whenever the master changes; the
master's file name they were read from tells a stale row from a current one.

docs/verification.md explains what each field means and how it is checked."""

from django.db import models
from django.db.models.functions import Greatest, Least
from django_countries.fields import CountryField

from catalog.models import VideoAsset


class Credentials(models.TextChoices):
    """The state of a master's C2PA manifest (docs/verification.md, "Content Credentials")."""

    NONE = "none", "No Content Credentials"
    VALID = "valid", "Valid Content Credentials"
    TRUSTED = "trusted", "Valid Content Credentials from a trusted signer"
    INVALID = "invalid", "Content Credentials that do not validate"


class Evidence(models.Model):
    """Provenance and capture metadata read from one master."""

    asset = models.OneToOneField(VideoAsset, on_delete=models.CASCADE, related_name="evidence")
    master_name = models.CharField(max_length=300, help_text="The master these were read from.")
    read_at = models.DateTimeField()
    error = models.TextField(
        blank=True, help_text="Why the file could not be read, if it could not."
    )

    credentials = models.CharField(
        max_length=10, choices=Credentials.choices, default=Credentials.NONE
    )
    signer = models.CharField(max_length=300, blank=True)
    claim_generator = models.CharField(max_length=300, blank=True)
    digital_source_type = models.CharField(
        max_length=60, blank=True, help_text="IPTC's term, such as digitalCapture."
    )
    actions = models.JSONField(default=list, blank=True)
    validation_codes = models.JSONField(default=list, blank=True)

    recorded_at = models.DateTimeField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    capture_country = CountryField(blank=True)
    device_make = models.CharField(max_length=100, blank=True)
    device_model = models.CharField(max_length=100, blank=True)
    encoder = models.CharField(max_length=200, blank=True)
    rotation = models.SmallIntegerField(default=0)
    compared = models.BooleanField(
        default=False, help_text="Whether its fingerprint was made and matched with the catalogue."
    )
    discrepancies = models.JSONField(
        default=list,
        blank=True,
        help_text='[{"code", "detail"}]: where the file and the claim differ.',
    )

    class Meta:
        verbose_name_plural = "evidence"

    def __str__(self):
        return f"Evidence for {self.asset_id}"


class Fingerprint(models.Model):
    """Perceptual hashes of a master's frames, about one a second (footage.evidence.fingerprints):
    `hashes` holds them in time order, HASH_BYTES each; `mirrored` the same frames flipped left
    to right, so a mirrored re-post of another clip is found too; `coarse` a low-frequency
    signature of each frame's middle that survives a crop (footage.evidence.coarse)."""

    asset = models.OneToOneField(VideoAsset, on_delete=models.CASCADE, related_name="fingerprint")
    master_name = models.CharField(max_length=300)
    made_at = models.DateTimeField()
    hashes = models.BinaryField()
    mirrored = models.BinaryField(blank=True, default=b"")
    coarse = models.BinaryField(
        blank=True, default=b"", help_text="The same frames' coarse signatures (crop-tolerant)."
    )
    frames = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"Fingerprint of {self.asset_id} ({self.frames} frames)"


class FingerprintKey(models.Model):
    """The near-duplicate index: each indexed frame hash cut into bands, one row per band value
    (footage.evidence.index). Rows go with their fingerprint (CASCADE), so a deleted clip or a
    replaced master leaves nothing behind to match. The key is (fingerprint, key) itself: no
    id column and no index beside the two the work needs (docs/verification.md)."""

    pk = models.CompositePrimaryKey("fingerprint", "key")
    # The primary key's index serves the fingerprint's own lookups (deletes).
    fingerprint = models.ForeignKey(
        Fingerprint, on_delete=models.CASCADE, related_name="keys", db_index=False
    )
    key = models.BigIntegerField(help_text="band << 32 | the band's 32 bits")

    class Meta:
        indexes = [models.Index(fields=["key", "fingerprint"], name="footage_fpkey_key")]

    def __str__(self):
        return f"{self.key:x} of {self.fingerprint_id}"


class Duplicate(models.Model):
    """A match between a clip and an earlier or later one: `asset` is the clip that was being
    checked, `other` the clip it resembles. `asset_covered` is the share of `asset` found in
    `other`, `other_covered` the share of `other` found in `asset`."""

    class Resolution(models.TextChoices):
        OPEN = "open", "Not yet resolved"
        NOT_DUPLICATE = "not_duplicate", "Not a duplicate"
        FILMED_FIRST = "filmed_first", "This partner filmed it first"
        REJECTED = "rejected", "Rejected as a duplicate"
        SAME_PARTNER = "same_partner", "Same partner's own footage"

    asset = models.ForeignKey(VideoAsset, on_delete=models.CASCADE, related_name="duplicates")
    other = models.ForeignKey(VideoAsset, on_delete=models.CASCADE, related_name="+")
    similarity = models.FloatField()
    asset_covered = models.FloatField()
    other_covered = models.FloatField()
    mirrored = models.BooleanField(default=False)
    found_at = models.DateTimeField()
    resolution = models.CharField(
        max_length=20, choices=Resolution.choices, default=Resolution.OPEN
    )
    reason = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # One row a pair, whichever clip was read first: two copies read at the same moment
        # both find each other, and the second insert is dropped.
        constraints = [
            models.UniqueConstraint(
                Least("asset", "other"), Greatest("asset", "other"), name="footage_duplicate_once"
            )
        ]
        ordering = ["-similarity"]

    def __str__(self):
        return f"{self.asset_id} resembles {self.other_id}"
