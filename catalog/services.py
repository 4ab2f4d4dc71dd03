"""Write operations on the catalog; admin, API, commands and the website all call these."""

from collections.abc import Iterable

from django.db import transaction
from django.utils.text import slugify

from audit.services import audit_record
from catalog.models import AssetStatus, Tag, VideoAsset

AUDITED_FIELDS = ("restrictions",)


def unique_slug(model, text: str, *, max_length: int = 100, exclude_pk=None) -> str:
    """slugify(text), with -2, -3… appended when another row already has it."""
    base = slugify(text)[:max_length].strip("-") or "item"
    taken = model.objects.filter(slug__startswith=base)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    existing = set(taken.values_list("slug", flat=True))
    if base not in existing:
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = f"{base[: max_length - len(suffix)]}{suffix}"
        if candidate not in existing:
            return candidate
        n += 1


def asset_refresh_search_document(asset: VideoAsset) -> None:
    """Rebuild the text that search reads (title, description, shotlist, tag names)."""
    tag_names = asset.tags.order_by("name").values_list("name", flat=True)
    document = asset.build_search_document(tag_names)
    if document != asset.search_document:
        asset.search_document = document
        VideoAsset.objects.filter(pk=asset.pk).update(search_document=document)


@transaction.atomic
def asset_save(*, asset: VideoAsset, actor=None, changed_fields: Iterable[str] = ()) -> VideoAsset:
    """Validate and save an asset's editable fields; audit a change to its restrictions.

    Status is not an editable field: it changes only through asset_change_status.
    """
    creating = asset.pk is None
    before = {}
    if not creating:
        stored = VideoAsset.objects.filter(pk=asset.pk).values(*AUDITED_FIELDS).first() or {}
        before = {f: stored.get(f) for f in AUDITED_FIELDS if f in changed_fields}
    if not asset.slug:
        asset.slug = unique_slug(VideoAsset, asset.title, max_length=120, exclude_pk=asset.pk)
    asset.full_clean()
    asset.save()
    if creating:
        audit_record(
            actor=actor,
            action="asset.create",
            target=asset,
            after={"status": asset.status, "restrictions": asset.restrictions},
        )
    elif before:
        audit_record(
            actor=actor,
            action="asset.restrictions",
            target=asset,
            before=before,
            after={f: getattr(asset, f) for f in before},
        )
    return asset


@transaction.atomic
def asset_change_status(*, asset: VideoAsset, status: str, actor=None) -> VideoAsset:
    """Move an asset along the transition table, under a row lock, and audit it.

    Raises IllegalTransition (naming the asset) when the table does not allow the move.
    """
    locked = VideoAsset.objects.select_for_update().get(pk=asset.pk)
    previous = locked.transition_to(status)
    locked.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(
        actor=actor,
        action="asset.status",
        target=locked,
        before={"status": previous},
        after={"status": locked.status},
    )
    asset.status, asset.published_at = locked.status, locked.published_at
    return asset


def asset_publish_path(*, asset: VideoAsset, actor=None) -> VideoAsset:
    """Walk a new asset through review to published (the demo loader uses it)."""
    if asset.status == AssetStatus.DRAFT:
        asset_change_status(asset=asset, status=AssetStatus.REVIEW, actor=actor)
    if asset.status == AssetStatus.REVIEW:
        asset_change_status(asset=asset, status=AssetStatus.PUBLISHED, actor=actor)
    return asset


def tags_get_or_create(names: Iterable[str]) -> list[Tag]:
    """Tags by name (case-insensitive), created when missing."""
    tags = []
    for name in names:
        name = name.strip()
        if not name:
            continue
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            tag = Tag.objects.create(name=name, slug=unique_slug(Tag, name))
        tags.append(tag)
    return tags
