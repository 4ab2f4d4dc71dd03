"""The clip (VideoAsset, "asset" in code and API): what is sold, its status moves, and what it
shows of its footage and its restrictions."""

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Greatest, Lower
from django.urls import reverse
from django.utils import timezone
from django_countries.fields import CountryField

from catalog.durations import format_duration
from catalog.models.choices import ALLOWED_TRANSITIONS, AssetStatus, TerritoryScope
from catalog.models.partners import ContentPartner
from catalog.models.profiles import RestrictionProfile
from catalog.models.querysets import RECORDED_UNKNOWN, SEARCH_CONFIG, VideoAssetQuerySet
from catalog.models.taxonomy import Category, Tag
from catalog.stored_rules import compile_for_asset
from common.images import CheckedImageField
from common.models import PUBLIC_ID_LENGTH, TimestampedModel, new_public_id, unique_upload_name
from common.storages import masters_storage
from rights import Decision, RestrictionError, RestrictionSet

LONGEST_CLIP_TEXT = 10_000  # characters of a description or a shotlist

SLUG_PATTERN = "[-a-zA-Z0-9_]+"
# The rendition kinds a clip shows (footage.models.Rendition.Kind; the footage app builds on
# this one, so the names are spelled here rather than imported).
POSTER, THUMBNAIL, PREVIEW = "poster", "thumb_medium", "preview"


class StoredSearchVector(SearchVector):
    """to_tsvector() on PostgreSQL; NULL on SQLite, which has no full-text types and searches
    search_document with its own fallback."""

    def as_sqlite(self, compiler, connection, **extra_context):
        return "NULL", []


def upload_asset_poster(instance, filename):
    return unique_upload_name("assets/posters", filename)


def upload_asset_master(instance, filename):
    return unique_upload_name("clips", filename)


def compose_search_document(title: str, description: str, shotlist: str, tag_names) -> str:
    """The text search reads: title, description, shotlist and tag names, case-folded so the
    SQLite fallback (whose LIKE folds only ASCII) matches "TROMSØ" when asked for "tromsø"."""
    return "\n".join([title, description, shotlist, " ".join(tag_names)]).casefold()


class IllegalTransition(Exception):
    """A status change the transition table does not allow; the message names the asset."""

    def __init__(self, asset: "VideoAsset", target: str):
        self.asset = asset
        self.target = target
        current = AssetStatus(asset.status).label.lower()
        wanted = AssetStatus(target).label.lower() if target in AssetStatus.values else target
        allowed = sorted(AssetStatus(s).label.lower() for s in ALLOWED_TRANSITIONS[asset.status])
        super().__init__(
            f"“{asset.title}” ({asset.public_id}) is {current} and cannot become {wanted}; "
            f"from {current} it can only become {' or '.join(allowed)}."
        )


class VideoAssetManager(models.Manager.from_queryset(VideoAssetQuerySet)):
    def get_queryset(self):
        return super().get_queryset().defer("search_vector")


class VideoAsset(TimestampedModel):
    public_id = models.CharField(
        max_length=PUBLIC_ID_LENGTH, unique=True, default=new_public_id, editable=False
    )
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    # Bounded: both feed the PostgreSQL search vector, which refuses a document over 1 MB (an
    # error on save), and are shown on every clip page. The longest in the seed are ~2,000.
    description = models.TextField(
        blank=True, max_length=LONGEST_CLIP_TEXT, validators=[MaxLengthValidator(LONGEST_CLIP_TEXT)]
    )
    shotlist = models.TextField(
        blank=True, max_length=LONGEST_CLIP_TEXT, validators=[MaxLengthValidator(LONGEST_CLIP_TEXT)]
    )
    duration_seconds = models.PositiveIntegerField(help_text="Whole seconds.")
    recorded_at = models.DateField(null=True, blank=True)
    # What the "recorded" orderings and the recorded-date filters read: the date, or the
    # earliest date for clips without one. Never NULL, so a page can start after any row and a
    # date range is one range of the asset_status_recorded index.
    recorded_key = models.GeneratedField(
        expression=Coalesce("recorded_at", models.Value(RECORDED_UNKNOWN)),
        output_field=models.DateField(),
        db_persist=True,
    )
    location_name = models.CharField(max_length=200, blank=True)
    location_country = CountryField(blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    frame_rate = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    partner = models.ForeignKey(ContentPartner, on_delete=models.PROTECT, related_name="assets")
    categories = models.ManyToManyField(Category, blank=True, related_name="assets")
    tags = models.ManyToManyField(Tag, blank=True, related_name="assets")
    restrictions = models.TextField(
        blank=True, help_text="Exactly as the content partner supplied it; shown to buyers."
    )
    poster = CheckedImageField(upload_to=upload_asset_poster, blank=True)
    # The footage itself, in private storage: reachable only through a licence's signed link.
    master = models.FileField(
        upload_to=upload_asset_master, storage=masters_storage, blank=True, editable=False
    )
    # The restriction text compiled (catalog.stored_rules.stored_restrictions), kept in step by
    # the services. available_in() reads the profile; the columns serve admin's filters.
    # Never edited by hand.
    profile = models.ForeignKey(
        RestrictionProfile,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assets",
        editable=False,
        # No index of its own: lists walk the status/order indexes and test the profile of
        # each clip as they go; an index here tempts planners to fetch every clip of the
        # common profiles and sort them.
        db_index=False,
    )
    restrictions_error = models.TextField(blank=True, editable=False)
    territory_scope = models.CharField(
        max_length=12,
        choices=TerritoryScope.choices,
        default=TerritoryScope.NONE,
        editable=False,
    )
    embargo_until = models.DateTimeField(null=True, blank=True, editable=False)
    held_for_release = models.BooleanField(default=False, editable=False)
    hold_released_at = models.DateTimeField(null=True, blank=True, editable=False)
    editorial_only = models.BooleanField(default=False, editable=False)
    blocks_broadcast = models.BooleanField(default=False, editable=False)
    blocks_digital = models.BooleanField(default=False, editable=False)
    blocks_social = models.BooleanField(default=False, editable=False)
    featured = models.BooleanField(default=False, help_text="Shown among the home page's picks.")
    status = models.CharField(
        max_length=20, choices=AssetStatus.choices, default=AssetStatus.DRAFT, editable=False
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # What "newest" sorts by: the publication date, or for what was never published the day it
    # was made. Never NULL, so a page can start after any row in one index comparison.
    listed_at = models.GeneratedField(
        expression=Coalesce("published_at", "created_at"),
        output_field=models.DateTimeField(),
        db_persist=True,
    )
    search_document = models.TextField(
        blank=True, editable=False, help_text="Title, description, shotlist and tag names."
    )
    # PostgreSQL full-text vector of search_document, kept by the database itself; GIN-indexed
    # by migration 0002 (PostgreSQL only). Always NULL on SQLite. Never loaded into Python.
    search_vector = models.GeneratedField(
        expression=StoredSearchVector("search_document", config=SEARCH_CONFIG),
        output_field=SearchVectorField(null=True),
        db_persist=True,
    )

    objects = VideoAssetManager()

    class Meta:
        ordering = ["-listed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_seconds__gt=0), name="asset_duration_positive"
            ),
            models.CheckConstraint(
                condition=Q(status__in=AssetStatus.values), name="asset_status_known"
            ),
            models.CheckConstraint(
                condition=~Q(status=AssetStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="asset_published_has_date",
            ),
            models.CheckConstraint(
                condition=(Q(width__isnull=True) | Q(width__gt=0))
                & (Q(height__isnull=True) | Q(height__gt=0))
                & (Q(frame_rate__isnull=True) | Q(frame_rate__gt=0)),
                name="asset_picture_positive",
            ),
        ]
        indexes = [
            # One per ordering, each ending with the id that breaks ties, so that a page after
            # any row is a range of one index (common.keyset).
            models.Index(fields=["status", "-listed_at", "-id"], name="asset_status_listed"),
            models.Index(fields=["status", "duration_seconds", "id"], name="asset_status_length"),
            models.Index(F("status"), Lower("title"), F("id"), name="asset_status_title_id"),
            # The home page's picks: a handful among millions, found by equality on the first two
            # columns and read in order (a partial index would do on PostgreSQL; SQLite's
            # planner passes it over).
            models.Index(
                fields=["featured", "status", "-listed_at", "-id"], name="asset_featured_listed"
            ),
            models.Index(fields=["status", "recorded_key", "id"], name="asset_status_recorded"),
            # The newsroom's ninjs feed: clips in the order they took their present form (the
            # last write, or a later end of embargo), then the id; a page is one range of it.
            models.Index(
                Greatest("updated_at", Coalesce("embargo_until", "updated_at")),
                F("id"),
                name="asset_feed",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("catalog:clip", kwargs={"public_id": self.public_id, "slug": self.slug})

    @property
    def duration(self) -> str:
        return format_duration(self.duration_seconds)

    @property
    def is_published(self) -> bool:
        return self.status == AssetStatus.PUBLISHED

    def allowed_transitions(self) -> list[str]:
        return sorted(ALLOWED_TRANSITIONS[self.status])

    def transition_to(self, target: str) -> str:
        """Move to `target` if the table allows it; returns the previous status."""
        if target not in ALLOWED_TRANSITIONS[self.status]:
            raise IllegalTransition(self, target)
        previous = self.status
        self.status = target
        if target == AssetStatus.PUBLISHED:
            self.published_at = timezone.now()
        return previous

    def build_search_document(self, tag_names) -> str:
        return compose_search_document(self.title, self.description, self.shotlist, tag_names)

    def rendition(self, kind: str):
        """A finished rendition of `kind` ("poster", "thumb_medium", "preview": the footage
        app's Rendition.Kind), from prefetched renditions when there are some."""
        for rendition in self.renditions.all():
            if rendition.kind == kind and rendition.is_ready:
                return rendition
        return None

    def _rendition_url(self, kind: str) -> str | None:
        rendition = self.rendition(kind)
        return rendition.file.url if rendition else None

    @property
    def poster_url(self) -> str | None:
        """Staff's chosen poster first, else the frame taken from the footage."""
        if self.poster:
            return self.poster.url
        return self._rendition_url(POSTER)

    @property
    def thumbnail_url(self) -> str | None:
        """Staff's chosen poster first (it is what they want shown), else a thumbnail."""
        if self.poster:
            return self.poster.url
        return self._rendition_url(THUMBNAIL) or self.poster_url

    @property
    def preview_url(self) -> str | None:
        return self._rendition_url(PREVIEW)

    def restriction_set(self) -> RestrictionSet:
        """The compiled restrictions; raises RestrictionError when the text is unreadable."""
        return compile_for_asset(self.restrictions, released=self.hold_released_at is not None)

    def availability(self, territory, at=None, use=None, platform=None) -> Decision:
        """The checker's decision for this asset, with reasons; unreadable text is refused."""
        try:
            rules = self.restriction_set()
        except RestrictionError as error:
            return Decision.unreadable(error)
        return rules.check(territory, at=at, use=use, platform=platform)
