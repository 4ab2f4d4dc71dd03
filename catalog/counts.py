"""Clip counts per category, partner and tag, kept as data and read per territory.

Each row says how many *published* clips of one restriction profile a category (with its
sub-categories, each clip once), a partner or a tag holds. Writes refresh the rows of what
they touch, in the writing transaction, with those categories, partners and tags locked so
two writers cannot interleave; `rebuild_counts` (the `counts_rebuild` command) makes every row
again. Reads sum the rows of the profiles available
in the visitor's territory now, so a count never shows a clip the visitor may not see, and no
request counts the catalogue.

Staff see the same published counts as everyone (not drafts): counts are for browsing.
"""

from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from catalog.models import (
    AssetStatus,
    Category,
    CategoryCount,
    ContentPartner,
    PartnerCount,
    RestrictionProfile,
    Tag,
    TagCount,
    VideoAsset,
)
from common.access import sees_everything

# (count model, the counted model, its field on the count, how a published clip reaches it)
KINDS = {
    "categories": (CategoryCount, Category, "category", "categories"),
    "partners": (PartnerCount, ContentPartner, "partner", "partner"),
    "tags": (TagCount, Tag, "tag", "tags"),
}


def _count_rows(kind: str, **which):
    """Count rows for the published clips `which` selects, grouped by what they count towards
    and by profile."""
    count_model, _, field, path = KINDS[kind]
    grouped = (
        VideoAsset.objects.filter(status=AssetStatus.PUBLISHED, **which)
        .exclude(profile=None)
        .order_by()
        .values_list(path, "profile")
        .annotate(n=Count("pk"))
    )
    for key, profile, n in grouped.iterator():
        yield count_model(**{f"{field}_id": key, "profile_id": profile, "published": n})


def _category_rows(ids):
    """A category counts the published clips in it or in its sub-categories, each clip once
    (what its page lists), so a parent's count is exact too."""
    for category in Category.objects.filter(pk__in=ids).only("slug"):
        grouped = (
            VideoAsset.objects.filter(status=AssetStatus.PUBLISHED)
            .exclude(profile=None)
            .in_category(category.slug)
            .order_by()
            .values_list("profile")
            .annotate(n=Count("pk"))
        )
        for profile, n in grouped:
            yield CategoryCount(category_id=category.pk, profile_id=profile, published=n)


def _rows(kind: str, ids):
    if kind == "categories":
        return _category_rows(ids)
    return _count_rows(kind, **{f"{KINDS[kind][3]}__in": ids})


def _recount(kind: str, ids) -> None:
    count_model, model, field, _ = KINDS[kind]
    ids = sorted(set(ids))
    if not ids:
        return
    # Lock order: categories, partners, tags, each by primary key (counts_refresh's order).
    list(model.objects.filter(pk__in=ids).order_by("pk").select_for_update().values("pk"))
    count_model.objects.filter(**{f"{field}__in": ids}).delete()
    count_model.objects.bulk_create(_rows(kind, ids))


def counts_refresh(*, categories=(), partners=(), tags=()) -> None:
    """Count again what these categories, partners and tags (ids) hold; call it inside the
    transaction that changed them, with their ids from before and after the change."""
    with transaction.atomic():
        _recount("categories", categories)
        _recount("partners", partners)
        _recount("tags", tags)


def asset_keys(asset_ids) -> dict:
    """The category (with the categories above it), partner and tag ids these assets count
    towards now."""
    assets = VideoAsset.objects.filter(pk__in=asset_ids).order_by()
    through = VideoAsset.categories.through.objects.filter(videoasset_id__in=asset_ids)
    tagged = VideoAsset.tags.through.objects.filter(videoasset_id__in=asset_ids)
    linked = set(through.values_list("category_id", flat=True))
    above = Category.objects.filter(pk__in=linked).values_list("parent_id", "parent__parent_id")
    return {
        "categories": linked | {pk for pair in above for pk in pair if pk is not None},
        "partners": set(assets.values_list("partner_id", flat=True)),
        "tags": set(tagged.values_list("tag_id", flat=True)),
    }


def merge_keys(*key_sets) -> dict:
    return {kind: set().union(*(keys[kind] for keys in key_sets)) for kind in KINDS}


@transaction.atomic
def rebuild_counts() -> int:
    """Every count row made again from the clips (after a bulk load or a recompile);
    returns how many rows there are."""
    for kind, (count_model, model, _, _) in KINDS.items():
        count_model.objects.all().delete()
        everything = model.objects.values_list("pk", flat=True)
        count_model.objects.bulk_create(_rows(kind, everything), batch_size=2000)
    return sum(KINDS[kind][0].objects.count() for kind in KINDS)


def with_visible_counts(queryset, territory, *, name: str = "clip_count"):
    """`queryset` (categories, partners or tags) annotated with `name`: the published clips
    each holds that `territory` may see now (0 when none)."""
    allowed = RestrictionProfile.objects.available_in(territory).values("pk")
    return _with_counts(queryset, name, profile__in=allowed)


# A list filtered by one of these and nothing else has its count kept as data.
KEPT_FILTERS = {"partner": ContentPartner, "category": Category, "tag": Tag}
# Parameters that page or order a list without changing what it holds.
PAGING = {"ordering", "page", "cursor", "page_size"}


def kept_count(params, territory, user) -> int | None:
    """The exact length of a list of clips filtered by one partner, category or tag and
    nothing else (`params` as the list's query), read from the kept counts for `territory`
    rather than counted. None for any other list, and for staff, who also see drafts."""
    if sees_everything(user):
        return None
    given = {name: value for name, value in params.items() if value and name not in PAGING}
    if len(given) != 1:
        return None
    ((name, slug),) = given.items()
    if name not in KEPT_FILTERS:
        return None
    found = KEPT_FILTERS[name].objects.filter(slug=slug)
    counted = with_visible_counts(found, territory).values_list("clip_count", flat=True)
    return next(iter(counted), None)


def with_published_counts(queryset, *, name: str = "clip_count"):
    """The same, over every published clip whatever its restrictions (for staff)."""
    return _with_counts(queryset, name)


def _with_counts(queryset, name: str, **which):
    kind = next(kind for kind, (_, model, _, _) in KINDS.items() if model is queryset.model)
    count_model, _, field, _ = KINDS[kind]
    total = (
        count_model.objects.filter(**{field: OuterRef("pk")}, **which)
        .order_by()
        .values(field)
        .annotate(total=Sum("published"))
        .values("total")
    )
    return queryset.annotate(**{name: Coalesce(Subquery(total, output_field=IntegerField()), 0)})


def visible_to(request, queryset, *, name: str = "clip_count"):
    """Categories, partners or tags holding published clips the request may see now (staff: any
    published clip), each with its count as `name`: a tag or partner used only by clips hidden
    from the visitor (embargoed, held, restricted where they are, not yet published) would give
    them away. Read from the kept counts of the profiles available in the territory now, so an
    embargo counts from the moment it ends, with no write."""
    if sees_everything(request.user):
        counted = with_published_counts(queryset, name=name)
    else:
        counted = with_visible_counts(queryset, request.territory, name=name)
    return counted.filter(**{f"{name}__gt": 0})


def shown_to(request, queryset, *, name: str = "clip_count"):
    """What a list or page may name to this request: for staff everything (with its published
    count), for anyone else what `visible_to` allows."""
    if sees_everything(request.user):
        return with_published_counts(queryset, name=name)
    return visible_to(request, queryset, name=name)
