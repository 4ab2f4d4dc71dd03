"""Write operations on the catalog; admin, API, commands and the website all call these."""

from collections.abc import Iterable
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from catalog.counts import asset_keys, counts_refresh, merge_keys
from catalog.models import AssetStatus, Category, Tag, VideoAsset
from catalog.profiles import profile_for
from catalog.signals import (
    asset_publish_preparing,
    asset_publishing,
    asset_restrictions_changed,
    asset_status_changed,
)
from catalog.stored_rules import COMPILED_FIELDS, StoredRestrictions, stored_restrictions
from common.slugs import unique_slug
from rights.rules import HoldRule

AUDITED_FIELDS = ("restrictions",)
# What asset_save may write. status and published_at belong to asset_change_status alone, so a
# stale copy saved from a form can never undo a publication or a withdrawal.
EDITABLE_FIELDS = (
    *(f.name for f in VideoAsset._meta.concrete_fields if f.editable and not f.primary_key),
    "updated_at",
)


class AssetRuleError(Exception):
    """An asset write the catalog's rules refuse; the message says which rule."""


def _compile_restrictions(asset: VideoAsset) -> StoredRestrictions:
    """Set the compiled restriction columns and the profile on `asset` from its text."""
    stored = stored_restrictions(asset.restrictions, released=asset.hold_released_at is not None)
    for name, value in stored.fields.items():
        setattr(asset, name, value)
    asset.profile = profile_for(stored)
    return stored


def _refuse_unreadable(asset: VideoAsset, doing: str) -> None:
    if asset.restrictions_error:
        raise AssetRuleError(
            f"“{asset.title}” ({asset.public_id}) cannot be {doing}: its restrictions cannot be "
            f"read. {asset.restrictions_error}"
        )


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


@contextmanager
def asset_relations_change(*, asset: VideoAsset):
    """Wrap a change to an asset's categories or tags (admin's form, the demo loader): search
    re-reads the tag names and the counts follow, in the same transaction."""
    with transaction.atomic():
        before = asset_keys([asset.pk])
        yield
        asset_refresh_search_document(asset)
        # Its categories and tags are part of what it is: a new version (updated_at).
        VideoAsset.objects.filter(pk=asset.pk).update(updated_at=timezone.now())
        if asset.is_published:
            counts_refresh(**merge_keys(before, asset_keys([asset.pk])))


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
        _compile_restrictions(asset)
        asset.save()
        audit_record(
            actor=actor,
            action="asset.create",
            target=asset,
            after={"status": asset.status, "restrictions": asset.restrictions},
        )
    else:
        stored = (
            VideoAsset.objects.select_for_update()
            .values(*AUDITED_FIELDS, "status", "hold_released_at", "partner_id", "profile_id")
            .get(pk=asset.pk)
        )
        # A release applies to the text it was given for; new text holds again if it says so.
        released = stored["hold_released_at"]
        asset.hold_released_at = released if stored["restrictions"] == asset.restrictions else None
        _compile_restrictions(asset)
        if stored["status"] == AssetStatus.PUBLISHED:
            asset.status = stored["status"]
            _refuse_unreadable(asset, "saved while published")
        asset.save(
            update_fields=[*EDITABLE_FIELDS, *COMPILED_FIELDS, "profile", "hold_released_at"]
        )
        counted = (stored["partner_id"], stored["profile_id"])
        if asset.is_published and counted != (asset.partner_id, asset.profile_id):
            keys = asset_keys([asset.pk])
            keys["partners"].add(stored["partner_id"])
            counts_refresh(**keys)
        before = {f: stored[f] for f in AUDITED_FIELDS if stored[f] != getattr(asset, f)}
        if before:
            audit_record(
                actor=actor,
                action="asset.restrictions",
                target=asset,
                before=before,
                after={f: getattr(asset, f) for f in before},
            )
            asset_restrictions_changed.send(
                sender=VideoAsset,
                asset=asset,
                previous=before["restrictions"],
                restrictions=asset.restrictions,
            )
    asset_refresh_search_document(asset)
    return asset


def asset_change_status(*, asset: VideoAsset, status: str, actor=None) -> VideoAsset:
    """Move an asset along the transition table, under a row lock, and audit it.

    Raises IllegalTransition (naming the asset) when the table does not allow the move.
    Before a move to published, `asset_publish_preparing` lets other apps do their slow work
    (footage reads a master never read) before the row lock is taken.
    """
    if status == AssetStatus.PUBLISHED and asset.status != AssetStatus.PUBLISHED:
        asset_publish_preparing.send(sender=VideoAsset, asset=asset)
    return _change_status(asset=asset, status=status, actor=actor)


@transaction.atomic
def _change_status(*, asset: VideoAsset, status: str, actor=None) -> VideoAsset:
    locked = VideoAsset.objects.select_for_update().get(pk=asset.pk)
    if status == AssetStatus.PUBLISHED:
        _refuse_unreadable(locked, "published")
        if locked.status != AssetStatus.PUBLISHED:
            asset_publishing.send(sender=VideoAsset, asset=locked)
    previous = locked.transition_to(status)
    locked.save(update_fields=["status", "published_at", "updated_at"])
    if AssetStatus.PUBLISHED in (previous, locked.status):
        counts_refresh(**asset_keys([locked.pk]))
    audit_record(
        actor=actor,
        action="asset.status",
        target=locked,
        before={"status": previous},
        after={"status": locked.status},
    )
    asset_status_changed.send(
        sender=VideoAsset, asset=locked, previous=previous, status=locked.status
    )
    asset.status, asset.published_at = locked.status, locked.published_at
    return asset


@transaction.atomic
def asset_release_hold(*, asset: VideoAsset, actor=None) -> VideoAsset:
    """Staff release a clip whose restrictions say "Hold for release"; audited."""
    locked = VideoAsset.objects.select_for_update().get(pk=asset.pk)
    _refuse_unreadable(locked, "released")
    if not any(isinstance(rule, HoldRule) for rule in locked.restriction_set().rules):
        raise AssetRuleError(f"“{locked.title}” ({locked.public_id}) is not held for release.")
    if locked.hold_released_at is not None:
        raise AssetRuleError(f"“{locked.title}” ({locked.public_id}) was already released.")
    locked.hold_released_at = timezone.now()
    _compile_restrictions(locked)
    locked.save(update_fields=[*COMPILED_FIELDS, "profile", "hold_released_at", "updated_at"])
    if locked.is_published:
        counts_refresh(**asset_keys([locked.pk]))
    audit_record(
        actor=actor,
        action="asset.release",
        target=locked,
        before={"held_for_release": True},
        after={"held_for_release": False, "restrictions": locked.restrictions},
    )
    asset_restrictions_changed.send(
        sender=VideoAsset, asset=locked, previous=None, restrictions=locked.restrictions
    )
    asset.hold_released_at, asset.held_for_release = locked.hold_released_at, False
    return asset


def assets_recompile_restrictions(assets=None) -> int:
    """Compile every asset's text again (after territories.toml changes); returns how many
    assets' stored rules changed. Each asset is rewritten in its own short transaction."""
    changed = 0
    assets = VideoAsset.objects.all() if assets is None else assets
    for pk in assets.order_by("pk").values_list("pk", flat=True).iterator():
        with transaction.atomic():
            asset = VideoAsset.objects.select_for_update().get(pk=pk)
            before = {name: getattr(asset, name) for name in (*COMPILED_FIELDS, "profile_id")}
            _compile_restrictions(asset)
            if before == {name: getattr(asset, name) for name in before}:
                continue
            asset.save(update_fields=[*COMPILED_FIELDS, "profile", "updated_at"])
            if asset.is_published:
                counts_refresh(**asset_keys([asset.pk]))
            asset_restrictions_changed.send(
                sender=VideoAsset, asset=asset, previous=None, restrictions=asset.restrictions
            )
            changed += 1
    return changed


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
    files = [(r.file.storage, r.file.name) for r in locked.renditions.all() if r.file]
    if locked.master:
        files.append((locked.master.storage, locked.master.name))
    locked.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])


def _above(category_id) -> set[int]:
    """The category and the (at most two) categories above it."""
    if category_id is None:
        return set()
    chain = Category.objects.filter(pk=category_id).values_list("pk", "parent", "parent__parent")
    return {pk for row in chain for pk in row if pk is not None}


@transaction.atomic
def category_save(*, category: Category) -> Category:
    """Save a category; moving it under another parent moves its clips' counts along."""
    stored = Category.objects.filter(pk=category.pk).values_list("parent", flat=True).first()
    category.full_clean()
    category.save()
    counts_refresh(categories=_above(stored) | _above(category.pk))
    return category


@transaction.atomic
def categories_delete(*, categories) -> None:
    """Delete categories (their sub-categories must go first); the ones above count again."""
    above = set().union(*(_above(parent) for parent in categories.values_list("parent", flat=True)))
    categories.delete()
    counts_refresh(categories=above)


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
