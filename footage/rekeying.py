"""New addresses for a clip's public files when it stops being public.

Posters, thumbnails and previews live in public media storage (a CDN may sit in front) under
random names nobody can guess; only the pages and API of a published clip show them. Once a
clip is withdrawn, the addresses it handed out must stop working: each of its public files is
copied to a new random name and the old one deleted. The new names are shown nowhere until the
clip is published again, when they simply appear: nothing has to be rendered again.
"""

from django.db import transaction

from catalog.models import VideoAsset
from footage.models import Rendition


def asset_rekey_public_files(*, asset_id: int) -> int:
    """Give each of the asset's renditions and its staff-chosen poster a new random name;
    returns how many files moved. Safe to run twice and beside a rendering worker: a file the
    worker replaced meanwhile is left to the worker and the copy thrown away."""
    moved = 0
    for rendition in Rendition.objects.filter(asset_id=asset_id).exclude(file=""):
        moved += _rekey(Rendition, rendition, "file")
    asset = VideoAsset.objects.filter(pk=asset_id).exclude(poster="").first()
    if asset is not None:
        moved += _rekey(VideoAsset, asset, "poster")
    return moved


def _rekey(model, row, field_name: str) -> int:
    field_file = getattr(row, field_name)
    storage, old = field_file.storage, field_file.name
    if not storage.exists(old):
        return 0
    # Copied outside any transaction: no row lock is held across storage calls.
    with storage.open(old, "rb") as content:
        new = storage.save(field_file.field.generate_filename(row, old), content)
    with transaction.atomic():
        changed = model.objects.filter(pk=row.pk, **{field_name: old}).update(**{field_name: new})
    storage.delete(old if changed else new)
    return changed
