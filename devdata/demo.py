"""The demo catalogue: the reference clip plus a few dozen plausible clips, loaded idempotently.

Everything comes from files in `demo/` and artwork and footage made here; nothing from the
network. Running the loader again changes nothing unless the files changed; statuses are only
set on creation, so staff's later decisions are kept.

Masters (settings.DEMO_MASTERS): "full" gives every clip a master of its own picture size,
frame rate and duration with stereo sound (devdata.masters), made before the load's transaction
into a cache and copied from there; a stored master that is not what its clip says is replaced.
"small" gives a tiny stand-in of the clip's duration (tests), and keeps any master stored.
"""

import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction

from catalog.durations import parse_duration
from catalog.models import AssetStatus, Category, ContentPartner, Story, Tag, VideoAsset
from catalog.services import (
    asset_change_status,
    asset_relations_change,
    asset_save,
    tags_get_or_create,
)
from devdata.demo_masters import masters_to_store
from devdata.placeholders import cover_image, poster_image, profile_image
from devdata.videos import synthetic_video
from footage.evidence.services import master_replaced
from footage.models import Rendition
from footage.services import RENDITION_KINDS, renditions_request

STILLS = [kind for kind in RENDITION_KINDS if kind != Rendition.Kind.PREVIEW]

# How a new asset reaches the status the demo data asks for, one legal step at a time.
STATUS_PATHS = {
    AssetStatus.DRAFT: [],
    AssetStatus.REVIEW: [AssetStatus.REVIEW],
    AssetStatus.PUBLISHED: [AssetStatus.REVIEW, AssetStatus.PUBLISHED],
    AssetStatus.WITHDRAWN: [AssetStatus.REVIEW, AssetStatus.PUBLISHED, AssetStatus.WITHDRAWN],
}


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool, changed: bool = True) -> None:
        if created:
            self.created[kind] = self.created.get(kind, 0) + 1
        elif changed:
            self.updated[kind] = self.updated.get(kind, 0) + 1

    def __str__(self):
        def fmt(counts):
            return ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) or "nothing"

        return f"created {fmt(self.created)}; updated {fmt(self.updated)}"


def read_demo(directory: Path) -> tuple[dict, dict]:
    with open(directory / "clip.json", encoding="utf-8") as reference_file:
        reference = json.load(reference_file)
    with open(directory / "catalog.json", encoding="utf-8") as catalog_file:
        catalog = json.load(catalog_file)
    return reference, catalog


def _apply(instance, values: dict) -> bool:
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    return bool(changed)


def _ensure_image(instance, field_name: str, make_file) -> bool:
    image = getattr(instance, field_name)
    if image and image.storage.exists(image.name):
        return False
    content = make_file()
    image.save(content.name, content, save=False)
    return True


def _load_partners(rows, report) -> dict[str, ContentPartner]:
    partners = {}
    for row in rows:
        partner = ContentPartner.objects.filter(slug=row["slug"]).first()
        created = partner is None
        partner = partner or ContentPartner(slug=row["slug"])
        changed = _apply(
            partner,
            {
                "name": row["name"],
                "kind": row["kind"],
                "country": row["country"],
                "bio": row["bio"],
                "revenue_share": Decimal(row["revenue_share"]),
                "verified": row["verified"],
            },
        )
        colour = row.get("colour", "#334155")
        changed |= _ensure_image(
            partner, "profile_image", partial(profile_image, row["name"], colour)
        )
        changed |= _ensure_image(partner, "cover_image", partial(cover_image, row["name"], colour))
        if created or changed:
            partner.full_clean()
            partner.save()
        report.count("partners", created, changed)
        partners[row["slug"]] = partner
    return partners


def _load_categories(rows, report) -> None:
    for row in rows:
        category, created = Category.objects.get_or_create(
            slug=row["slug"], defaults={"name": row["name"]}
        )
        changed = _apply(category, {"name": row["name"], "description": row["description"]})
        if changed:
            category.save()
        report.count("categories", created, changed)
    for row in rows:  # parents once every category exists
        parent = Category.objects.get(slug=row["parent"]) if row["parent"] else None
        Category.objects.filter(slug=row["slug"]).exclude(parent=parent).update(parent=parent)


def _load_asset(
    row: dict, partners: dict, colours: dict, report: LoadReport, master_file: Path | None
) -> tuple[VideoAsset, bool]:
    """The clip of `row`, created or brought up to date, and whether it needs renditions."""
    asset = VideoAsset.objects.filter(public_id=row["public_id"]).first()
    created = asset is None
    asset = asset or VideoAsset(public_id=row["public_id"])
    partner = partners[row["partner"]]
    values = {
        "title": row["title"],
        "description": row["description"],
        "shotlist": row["shotlist"],
        "restrictions": row["restrictions"],
        "duration_seconds": parse_duration(row["duration"]),
        "recorded_at": date.fromisoformat(row["recorded_at"]) if row.get("recorded_at") else None,
        "location_name": row.get("location", ""),
        "location_country": row.get("location_country", ""),
        "width": row.get("width"),
        "height": row.get("height"),
        "frame_rate": Decimal(row["frame_rate"]) if row.get("frame_rate") else None,
        "featured": bool(row.get("featured")),
        "partner_id": partner.pk,
    }
    changed = _apply(asset, values)
    colour = colours.get(row["partner"]) or "#1f2937"
    poster_made = _ensure_image(asset, "poster", partial(poster_image, row["title"], colour))
    if created or changed or poster_made:
        asset_save(asset=asset)
    categories = list(Category.objects.filter(slug__in=row["categories"]))
    tags = tags_get_or_create(row["tags"])
    with asset_relations_change(asset=asset):
        if {c.pk for c in categories} != set(asset.categories.values_list("pk", flat=True)):
            asset.categories.set(categories)
            changed = True
        if {t.pk for t in tags} != set(asset.tags.values_list("pk", flat=True)):
            asset.tags.set(tags)
            changed = True
    if created:
        # Before the master is attached, so publishing does not read its evidence on the spot
        # (footage.receivers): for the demo's hours of footage that is `evidence_read
        # --enqueue`'s work in the task worker, as for a master replaced later.
        for status in STATUS_PATHS[AssetStatus(row.get("status", AssetStatus.PUBLISHED))]:
            asset_change_status(asset=asset, status=status)
    master_made = _ensure_master(asset, master_file)
    report.count("assets", created, changed or poster_made or master_made)
    return asset, master_made or not asset.renditions.exists()


def _ensure_master(asset: VideoAsset, file: Path | None) -> bool:
    """Store `file` as the clip's master (it replaces a stored one), or without a file a small
    stand-in of the clip's duration unless a master is stored. Either way the picture is the
    clip's own (from its id): the demo's clips are not copies of each other."""
    master = asset.master
    stored = bool(master) and master.storage.exists(master.name)
    if stored and file is None:
        return False
    previous = master.name if stored else ""
    if file is None:
        variant = zlib.crc32(asset.public_id.encode())
        content = ContentFile(synthetic_video(asset.duration_seconds, variant=variant))
        master.save(f"{asset.slug}.mp4", content, save=False)
    else:
        with open(file, "rb") as handle:
            master.save(f"{asset.slug}.mp4", File(handle), save=False)
    VideoAsset.objects.filter(pk=asset.pk).update(master=master.name)
    if previous:
        master_replaced(asset)  # the old picture's fingerprint and matches go
        transaction.on_commit(lambda: master.storage.delete(previous))
    return True


def _request_renditions(assets: list[VideoAsset]) -> None:
    """Queue renditions for the task worker, which makes them after the load commits: posters
    and thumbnails of every clip first, then the previews, shortest clip first (a preview
    costs about as long as its clip, and the longest is an hour)."""
    for asset in assets:
        renditions_request(asset=asset, kinds=STILLS)
    for asset in sorted(assets, key=lambda a: a.duration_seconds):
        renditions_request(asset=asset, kinds=[Rendition.Kind.PREVIEW])


def _load_story(row: dict, report: LoadReport) -> None:
    story = Story.objects.filter(slug=row["slug"]).first()
    created = story is None
    story = story or Story(slug=row["slug"])
    published = row.get("published_at")
    changed = _apply(
        story,
        {
            "title": row["title"],
            "summary": row["summary"],
            "body": row.get("body", ""),
            "published_at": datetime.fromisoformat(published) if published else None,
        },
    )
    if created or changed:
        story.full_clean()
        story.save()
    related = list(VideoAsset.objects.filter(public_id__in=row["related_assets"]))
    if {a.pk for a in related} != set(story.related_assets.values_list("pk", flat=True)):
        story.related_assets.set(related)
        changed = True
    report.count("stories", created, changed)


def _reference_row(reference: dict, extra: dict) -> dict:
    return {
        "public_id": extra["public_id"],
        "title": reference["title"],
        "duration": reference["duration"],
        "partner": extra["partner"],
        "description": reference["description"],
        "shotlist": reference["shotlist"],
        "restrictions": reference["restrictions"],
        "recorded_at": extra["recorded_at"],
        "location": reference["location"],
        "location_country": extra["location_country"],
        "width": extra["width"],
        "height": extra["height"],
        "frame_rate": extra["frame_rate"],
        "categories": extra["categories"],
        "tags": extra["tags"],
        "status": AssetStatus.PUBLISHED,
        "featured": True,
    }


def load_demo(
    directory: Path, *, masters: str | None = None, log: Callable[[str], None] = lambda line: None
) -> LoadReport:
    """Load `directory`'s demo catalogue. `masters` is "full" or "small" (default
    settings.DEMO_MASTERS); the masters to store are made before the load's transaction, which
    then only copies them."""
    reference, catalog = read_demo(directory)
    # The reference clip goes last so that it is the newest: first on the home page and the API.
    rows = [*catalog["assets"], _reference_row(reference, catalog["reference"])]
    files = masters_to_store(rows, masters or settings.DEMO_MASTERS, log)
    return _load(reference, catalog, rows, files)


@transaction.atomic
def _load(reference: dict, catalog: dict, rows: list[dict], files: dict[str, Path]) -> LoadReport:
    report = LoadReport()
    partners = _load_partners(catalog["partners"], report)
    _load_categories(catalog["categories"], report)
    tags_before = Tag.objects.count()
    tags_get_or_create(catalog["tags"])

    colours = {row["slug"]: row.get("colour") for row in catalog["partners"]}
    render = []
    for row in rows:
        asset, renditions = _load_asset(row, partners, colours, report, files.get(row["public_id"]))
        if renditions:
            render.append(asset)
    _request_renditions(render)

    extra = catalog["reference"]
    stories = {row["slug"]: row for row in catalog["stories"]}
    story_row = stories[extra["story"]]
    story_row["title"] = reference["related_story"]["title"]
    story_row["summary"] = reference["related_story"]["summary"]
    if extra["public_id"] not in story_row["related_assets"]:
        story_row["related_assets"] = [extra["public_id"], *story_row["related_assets"]]
    for row in stories.values():
        _load_story(row, report)
    if Tag.objects.count() > tags_before:
        report.created["tags"] = Tag.objects.count() - tags_before
    return report
