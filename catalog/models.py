import secrets
import uuid
from decimal import Decimal
from pathlib import PurePath

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django_countries.fields import CountryField

from catalog.durations import format_duration
from catalog.images import CheckedImageField
from catalog.restrictions import UNREADABLE_SCOPE, compile_for_asset
from catalog.storage import masters_storage
from territories import USES, Decision, RestrictionError, RestrictionSet
from territories.registry import load as territory_registry

PUBLIC_ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
PUBLIC_ID_LENGTH = 12
# What URLs accept: anything else is a 404 before it reaches the database.
PUBLIC_ID_PATTERN = "[a-z0-9]{12}"
SLUG_PATTERN = "[-a-zA-Z0-9_]+"
SEARCH_CONFIG = "english"


class StoredSearchVector(SearchVector):
    """to_tsvector() on PostgreSQL; NULL on SQLite, which has no full-text types and searches
    search_document with its own fallback."""

    def as_sqlite(self, compiler, connection, **extra_context):
        return "NULL", []


def new_public_id() -> str:
    """12 characters from a 32-letter alphabet without look-alikes: 60 random bits."""
    bits = secrets.randbits(5 * PUBLIC_ID_LENGTH)
    return "".join(PUBLIC_ID_ALPHABET[(bits >> (5 * i)) & 31] for i in range(PUBLIC_ID_LENGTH))


def _unique_name(folder: str, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


def upload_partner_profile(instance, filename):
    return _unique_name("partners/profile", filename)


def upload_partner_cover(instance, filename):
    return _unique_name("partners/cover", filename)


def upload_asset_poster(instance, filename):
    return _unique_name("assets/posters", filename)


def upload_asset_master(instance, filename):
    return _unique_name("clips", filename)


def compose_search_document(title: str, description: str, shotlist: str, tag_names) -> str:
    """The text search reads: title, description, shotlist and tag names, case-folded so the
    SQLite fallback (whose LIKE folds only ASCII) matches "TROMSØ" when asked for "tromsø"."""
    return "\n".join([title, description, shotlist, " ".join(tag_names)]).casefold()


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ContentPartner(TimestampedModel):
    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", "Individual"
        AGENCY = "agency", "Agency"
        BROADCASTER = "broadcaster", "Broadcaster"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.INDIVIDUAL)
    bio = models.TextField(blank=True)
    country = CountryField(blank=True)
    profile_image = CheckedImageField(upload_to=upload_partner_profile, blank=True)
    cover_image = CheckedImageField(upload_to=upload_partner_cover, blank=True)
    revenue_share = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.500"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text="The partner's share of each sale, as a fraction (0.500 is half).",
    )
    verified = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revenue_share__gte=0) & Q(revenue_share__lte=1),
                name="partner_revenue_share_fraction",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:partner", kwargs={"slug": self.slug})


class Category(models.Model):
    MAX_DEPTH = 3  # VideoAssetQuerySet.in_category looks this far down

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = [Lower("name")]
        verbose_name_plural = "categories"
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="category_not_own_parent"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:category", kwargs={"slug": self.slug})

    def clean(self):
        # Levels from the top down to this category, plus those of the subtree it brings along.
        depth, ancestor = self._subtree_levels(), self.parent
        while ancestor is not None:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": "A category cannot sit inside itself."})
            depth += 1
            if depth > self.MAX_DEPTH:
                raise ValidationError(
                    {"parent": f"Categories nest at most {self.MAX_DEPTH} levels deep."}
                )
            ancestor = ancestor.parent

    def _subtree_levels(self) -> int:
        """1 for a leaf, 2 with children, 3 with grandchildren (one query per level)."""
        levels, frontier = 1, [self.pk] if self.pk is not None else []
        while frontier and levels <= self.MAX_DEPTH:
            frontier = list(
                Category.objects.filter(parent__in=frontier).values_list("pk", flat=True)
            )
            levels += bool(frontier)
        return levels


class Tag(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = [Lower("name")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:tag", kwargs={"slug": self.slug})


class AssetStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


# The only moves a status may make; VideoAsset.transition_to enforces it.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    AssetStatus.DRAFT: frozenset({AssetStatus.REVIEW}),
    AssetStatus.REVIEW: frozenset({AssetStatus.PUBLISHED, AssetStatus.DRAFT}),
    AssetStatus.PUBLISHED: frozenset({AssetStatus.WITHDRAWN}),
    AssetStatus.WITHDRAWN: frozenset({AssetStatus.DRAFT}),
}


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


ASSET_ORDERINGS = {
    "newest": (F("published_at").desc(nulls_last=True), "-id"),
    "oldest": (F("published_at").asc(nulls_last=True), "id"),
    "duration": ("duration_seconds", "id"),
    "-duration": ("-duration_seconds", "-id"),
    "title": (Lower("title"), "id"),
    "-title": (Lower("title").desc(), "-id"),
}


class VideoAssetQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=AssetStatus.PUBLISHED)

    def visible_to(self, user):
        """Staff see every asset; everyone else only what is published."""
        if user is not None and user.is_active and user.is_staff:
            return self
        return self.published()

    def available_in(self, territory, at=None, use=None, platform=None):
        """Assets whose restrictions allow `territory` (an ISO code; None or an unknown code
        is an unknown territory) at `at` (default now), for `use` and `platform` when given.

        The same decision as RestrictionSet.check(), made in one SQL query over the compiled
        columns and the indexed AssetTerritory rows; never a loop over the catalogue.
        """
        at = at or timezone.now()
        code = territory_registry().territory(territory)
        # Unreadable text is stored as held (catalog.restrictions), so held_for_release=False
        # also keeps out what cannot be read; asset_availability covers every column used here.
        assets = self.filter(held_for_release=False).filter(
            Q(embargo_until__isnull=True) | Q(embargo_until__lte=at)
        )
        if code is None:
            assets = assets.filter(territory_scope=TerritoryScope.NONE)
        else:
            # Uncorrelated subqueries: each is one range scan of the (territory, effect, asset)
            # index, built once per query, not probed once per asset.
            rows = AssetTerritory.objects.filter(
                Q(valid_from__isnull=True) | Q(valid_from__lte=at),
                Q(valid_until__isnull=True) | Q(valid_until__gt=at),
                territory=code,
            )
            denied = rows.filter(effect=AssetTerritory.DENY).values("asset_id")
            allowed = rows.filter(effect=AssetTerritory.ALLOW).values("asset_id")
            assets = assets.filter(
                Q(territory_scope=TerritoryScope.NONE)
                | (Q(territory_scope=TerritoryScope.DENY) & ~Q(pk__in=denied))
                | (Q(territory_scope=TerritoryScope.ALLOW) & Q(pk__in=allowed) & ~Q(pk__in=denied))
            )
        if use not in (None, *USES):
            raise ValueError(f"use must be one of {', '.join(USES)}, not {use!r}")
        if use == "commercial":
            assets = assets.filter(editorial_only=False)
        if platform is not None:
            if platform not in PLATFORM_COLUMNS:
                raise ValueError(f"platform must be one of {', '.join(PLATFORM_COLUMNS)}")
            assets = assets.filter(**{PLATFORM_COLUMNS[platform]: False})
        return assets

    def for_viewer(self, user, territory):
        """What a site visitor or API client may see: staff everything; others what is
        published and available in their territory now."""
        if user is not None and user.is_active and user.is_staff:
            return self
        return self.published().available_in(territory)

    def with_relations(self):
        """The partner, categories and tags a clip is shown with, in a fixed number of queries."""
        return (
            self.select_related("partner")
            .prefetch_related(
                models.Prefetch("categories", queryset=Category.objects.only("name", "slug")),
                models.Prefetch("tags", queryset=Tag.objects.only("name", "slug")),
            )
            .with_media()
        )

    def with_media(self):
        """Finished renditions (poster, thumbnails, preview) in one extra query."""
        return self.prefetch_related(
            models.Prefetch("renditions", queryset=Rendition.objects.filter(status="done"))
        )

    def for_listing(self):
        """What a list of clips shows: the relations but not the long texts."""
        return self.with_relations().defer("search_document", "description", "shotlist")

    def search(self, text: str):
        """Full-text search (PostgreSQL, GIN index) or a word-by-word substring match."""
        text = (text or "").strip()
        if not text:
            return self
        if connections[self.db].vendor == "postgresql":
            # search_vector is stored and GIN-indexed (asset_search_gin), so neither the match
            # nor the rank re-parses the text. alias(): the rank is computed only if ordered by.
            query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
            return self.alias(search_rank=SearchRank(F("search_vector"), query)).filter(
                search_vector=query
            )
        matched = self
        for word in text.casefold().split()[:10]:
            matched = matched.filter(search_document__contains=word)
        return matched

    def in_category(self, slug: str):
        """Assets in the category or its sub-categories (two levels down), as one subquery."""
        tree = Category.objects.filter(
            Q(slug=slug) | Q(parent__slug=slug) | Q(parent__parent__slug=slug)
        ).values("pk")
        links = VideoAsset.categories.through.objects.filter(category_id__in=tree)
        return self.filter(pk__in=links.values("videoasset_id"))

    def tagged(self, slug: str):
        links = VideoAsset.tags.through.objects.filter(tag__slug=slug)
        return self.filter(pk__in=links.values("videoasset_id"))

    def newest_first(self):
        return self.order_by(*ASSET_ORDERINGS["newest"])

    def ordered(self, ordering: str | None):
        """Apply a named ordering. Without one, searches on PostgreSQL come best match first
        and everything else newest first; "relevance" without a ranked search is newest."""
        ranked = "search_rank" in self.query.annotations
        if ordering == "relevance" or (not ordering and ranked):
            if ranked:
                return self.order_by("-search_rank", *ASSET_ORDERINGS["newest"])
            ordering = "newest"
        return self.order_by(*ASSET_ORDERINGS[ordering or "newest"])


PLATFORM_COLUMNS = {
    "broadcast": "blocks_broadcast",
    "digital": "blocks_digital",
    "social": "blocks_social",
}


class TerritoryScope(models.TextChoices):
    NONE = "none", "No territory rules"
    DENY = "deny", "Denied in some territories"
    ALLOW = "allow", "Only in listed territories"
    UNREADABLE = UNREADABLE_SCOPE, "Restrictions unreadable"


class VideoAssetManager(models.Manager.from_queryset(VideoAssetQuerySet)):
    def get_queryset(self):
        return super().get_queryset().defer("search_vector")


class VideoAsset(TimestampedModel):
    public_id = models.CharField(
        max_length=PUBLIC_ID_LENGTH, unique=True, default=new_public_id, editable=False
    )
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    shotlist = models.TextField(blank=True)
    duration_seconds = models.PositiveIntegerField(help_text="Whole seconds.")
    recorded_at = models.DateField(null=True, blank=True)
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
    # The restriction text compiled (catalog.restrictions.stored_restrictions), kept in step by
    # the services so available_in() is plain SQL. Never edited by hand.
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
        ordering = ["-published_at", "-id"]
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
            models.Index(fields=["status", "-published_at", "-id"], name="asset_status_newest"),
            models.Index(fields=["status", "duration_seconds"], name="asset_status_duration"),
            models.Index(F("status"), Lower("title"), name="asset_status_title"),
            models.Index(fields=["recorded_at"], name="asset_recorded"),
            models.Index(
                fields=[
                    "status",
                    "held_for_release",
                    "territory_scope",
                    "embargo_until",
                    "editorial_only",
                    "blocks_broadcast",
                    "blocks_digital",
                    "blocks_social",
                ],
                # PostgreSQL needs the id in the index for an index-only COUNT(*); SQLite
                # indexes carry the rowid anyway and ignore include.
                include=["id"],
                name="asset_availability",
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
        """A finished rendition of `kind`, from prefetched renditions when there are some."""
        for rendition in self.renditions.all():
            if rendition.kind == kind and rendition.is_ready:
                return rendition
        return None

    @property
    def poster_url(self) -> str | None:
        """Staff's chosen poster first, else the frame taken from the footage."""
        if self.poster:
            return self.poster.url
        rendition = self.rendition(Rendition.Kind.POSTER)
        return rendition.file.url if rendition else None

    @property
    def thumbnail_url(self) -> str | None:
        """Staff's chosen poster first (it is what they want shown), else a thumbnail."""
        if self.poster:
            return self.poster.url
        rendition = self.rendition(Rendition.Kind.THUMB_MEDIUM)
        return rendition.file.url if rendition else self.poster_url

    @property
    def preview_url(self) -> str | None:
        rendition = self.rendition(Rendition.Kind.PREVIEW)
        return rendition.file.url if rendition else None

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


def upload_rendition(instance, filename):
    return _unique_name(f"renditions/{instance.kind}", filename)


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
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["asset", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["asset", "kind"], name="rendition_once_per_kind"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="rendition_progress"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.asset_id}: {self.get_status_display()}"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.DONE and bool(self.file)


class AssetTerritory(models.Model):
    """One territory an asset's restrictions allow or deny, for a period (open-ended when
    valid_from/valid_until are empty; dated for groups such as the EU)."""

    ALLOW, DENY = "allow", "deny"

    asset = models.ForeignKey(VideoAsset, on_delete=models.CASCADE, related_name="territories")
    territory = models.CharField(max_length=2)
    effect = models.CharField(max_length=5, choices=[(ALLOW, "Allow"), (DENY, "Deny")])
    valid_from = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["territory", "effect", "asset"], name="asset_territory_lookup"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(effect__in=["allow", "deny"]), name="asset_territory_effect"
            ),
        ]

    def __str__(self):
        return f"{self.effect} {self.territory}"


class StoryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False, published_at__lte=timezone.now())

    def visible_to(self, user):
        if user is not None and user.is_active and user.is_staff:
            return self
        return self.published()


class Story(TimestampedModel):
    """A "From the blog" item; the body is Markdown, rendered through an HTML sanitiser."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text="Markdown. Raw HTML is removed when shown.")
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty while the story is a draft."
    )
    related_assets = models.ManyToManyField(VideoAsset, blank=True, related_name="stories")

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = [F("published_at").desc(nulls_last=True), "-id"]
        verbose_name_plural = "stories"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("catalog:story", kwargs={"slug": self.slug})

    @property
    def is_live(self) -> bool:
        return self.published_at is not None and self.published_at <= timezone.now()
