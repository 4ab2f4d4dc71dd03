"""Write operations on the catalog; admin, API, commands and the website all call these."""

from collections.abc import Iterable

from django.db import transaction
from django.utils.text import slugify

from audit.services import audit_record
from catalog.models import AssetStatus, Tag, VideoAsset

AUDITED_FIELDS = ("restrictions",)
# What asset_save may write. status and published_at belong to asset_change_status alone, so a
# stale copy saved from a form can never undo a publication or a withdrawal.
EDITABLE_FIELDS = (
    *(f.name for f in VideoAsset._meta.concrete_fields if f.editable and not f.primary_key),
    "updated_at",
)


class AssetRuleError(Exception):
    """An asset write the catalog's rules refuse; the message says which rule."""


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


def assets_refresh_search_documents(assets) -> int:
    """The same for many assets at once (after a tag is renamed or deleted); returns how many."""
    changed = []
    for asset in assets.only(
        "title", "description", "shotlist", "search_document"
    ).prefetch_related("tags"):
        document = asset.build_search_document(sorted(tag.name for tag in asset.tags.all()))
        if document != asset.search_document:
            asset.search_document = document
            changed.append(asset)
    VideoAsset.objects.bulk_update(changed, ["search_document"], batch_size=500)
    return len(changed)


@transaction.atomic
def asset_save(*, asset: VideoAsset, actor=None) -> VideoAsset:
    """Validate and save an asset's editable fields; audit its creation and any change to its
    restrictions. A new asset starts as a draft; status moves only through asset_change_status.
    """
    creating = asset.pk is None
    if creating and asset.status != AssetStatus.DRAFT:
        raise AssetRuleError("A new asset starts as a draft; publish it through review.")
    if not asset.slug:
        asset.slug = unique_slug(VideoAsset, asset.title, max_length=120, exclude_pk=asset.pk)
    asset.full_clean()
    if creating:
        asset.save()
        audit_record(
            actor=actor,
            action="asset.create",
            target=asset,
            after={"status": asset.status, "restrictions": asset.restrictions},
        )
    else:
        stored = VideoAsset.objects.select_for_update().values(*AUDITED_FIELDS).get(pk=asset.pk)
        asset.save(update_fields=EDITABLE_FIELDS)
        before = {f: stored[f] for f in AUDITED_FIELDS if stored[f] != getattr(asset, f)}
        if before:
            audit_record(
                actor=actor,
                action="asset.restrictions",
                target=asset,
                before=before,
                after={f: getattr(asset, f) for f in before},
            )
    asset_refresh_search_document(asset)
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


@transaction.atomic
def asset_delete(*, asset: VideoAsset, actor=None) -> None:
    """Delete a draft that never went out; anything that was ever reviewed is withdrawn instead."""
    locked = VideoAsset.objects.select_for_update().get(pk=asset.pk)
    if locked.status != AssetStatus.DRAFT or locked.published_at is not None:
        raise AssetRuleError(
            f"“{locked.title}” ({locked.public_id}) is {locked.get_status_display().lower()}"
            " or was published once; withdraw it instead of deleting it."
        )
    audit_record(
        actor=actor,
        action="asset.delete",
        target=locked,
        before={"status": locked.status, "restrictions": locked.restrictions},
    )
    locked.delete()


@transaction.atomic
def tag_save(*, tag: Tag) -> Tag:
    """Save a tag; a renamed tag's clips are re-indexed so search finds the new name."""
    renamed = tag.pk is not None and not Tag.objects.filter(pk=tag.pk, name=tag.name).exists()
    tag.full_clean()
    tag.save()
    if renamed:
        assets_refresh_search_documents(VideoAsset.objects.filter(tags=tag))
    return tag


@transaction.atomic
def tags_delete(*, tags) -> None:
    """Delete tags and re-index the clips that carried them."""
    affected = list(VideoAsset.objects.filter(tags__in=tags).values_list("pk", flat=True))
    tags.delete()
    assets_refresh_search_documents(VideoAsset.objects.filter(pk__in=affected))


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
