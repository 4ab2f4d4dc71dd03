"""A large, realistic-looking random catalogue for load tests and benchmarks (bulk inserts).

Content is reproducible from a seed; public ids are always fresh, so a second run adds to the
catalogue instead of colliding with the first.
"""

import functools
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.db import connections, router, transaction
from django.utils.text import slugify

from catalog.counts import rebuild_counts
from catalog.models import (
    AssetStatus,
    Category,
    ContentPartner,
    Tag,
    VideoAsset,
    compose_search_document,
)
from catalog.profiles import profile_for
from catalog.stored_rules import COMPILED_FIELDS, stored_restrictions
from common.models import new_public_id
from devdata.vocabulary import (
    CATEGORY_TREE,
    EVENTS,
    PARTNER_SUFFIX,
    PARTNER_WORDS,
    PICTURES,
    PLACES,
    RESTRICTIONS,
    SCENES,
    SENTENCES,
    SHOTS,
    STATUSES,
    SUBJECTS,
    WHO,
)


@dataclass
class GenerationReport:
    partners: int
    categories: int
    tags: int
    assets: int
    seconds: float


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _partners(rng: random.Random, count: int) -> list[ContentPartner]:
    existing = set(ContentPartner.objects.values_list("slug", flat=True))
    partners = []
    for _ in range(count):
        kind = rng.choice(list(ContentPartner.Kind))
        name = f"{rng.choice(PARTNER_WORDS)} {rng.choice(PARTNER_SUFFIX[kind])}"
        slug = slugify(name)
        n = 2
        while slug in existing:
            slug = f"{slugify(name)}-{n}"
            n += 1
        existing.add(slug)
        partners.append(
            ContentPartner(
                name=name,
                slug=slug,
                kind=kind,
                country=rng.choice(PLACES)[2],
                bio=f"{name} supplies news and video to {rng.randint(2, 60)} newsrooms.",
                revenue_share=Decimal(rng.choice(["0.400", "0.500", "0.500", "0.600", "0.700"])),
                verified=rng.random() < 0.7,
            )
        )
    return ContentPartner.objects.bulk_create(partners)


def _categories() -> dict[str, Category]:
    by_name = {}
    for parent_name, children in CATEGORY_TREE.items():
        parent, _ = Category.objects.get_or_create(
            slug=slugify(parent_name), defaults={"name": parent_name}
        )
        by_name[parent_name] = parent
        for child_name in children:
            child, _ = Category.objects.get_or_create(
                slug=slugify(child_name), defaults={"name": child_name, "parent": parent}
            )
            by_name[child_name] = child
    return by_name


def _tags() -> list[Tag]:
    names = {city for city, _, _ in PLACES} | {country for _, country, _ in PLACES}
    for subjects in SUBJECTS.values():
        names.update(subjects)
    names.update(
        [
            "UGC",
            "breaking news",
            "drone",
            "vertical video",
            "eyewitness",
            "aerial",
            "night",
            "slow motion",
            "4K",
            "natural sound",
            "climate",
            "elections",
            "economy",
            "rescue",
            "protest",
            "celebration",
            "wildlife",
            "space",
        ]
    )
    existing = {t.name.lower(): t for t in Tag.objects.all()}
    slugs = {t.slug for t in existing.values()}
    new = []
    for name in sorted(names):
        if name.lower() in existing:
            continue
        slug = slugify(name)
        if slug in slugs:
            continue
        slugs.add(slug)
        new.append(Tag(name=name, slug=slug))
    Tag.objects.bulk_create(new)
    return list(Tag.objects.filter(name__in=names))


ASSET_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "public_id",
    "title",
    "slug",
    "description",
    "shotlist",
    "duration_seconds",
    "recorded_at",
    "location_name",
    "location_country",
    "width",
    "height",
    "frame_rate",
    "partner_id",
    "restrictions",
    "poster",
    "master",
    "featured",
    "status",
    "published_at",
    "search_document",
    "profile_id",
    *COMPILED_FIELDS,
)


def _asset_row(
    rng: random.Random, ops, pk: int, partner_id: int, now: datetime, now_db
) -> tuple[dict, str, list[str]]:
    """One asset as column values (all but search_document), its section, and the tag names
    its text suggests."""
    section = rng.choice(list(SUBJECTS))
    subject = rng.choice(SUBJECTS[section])
    city, country, code = rng.choice(PLACES)
    title = f"{country}: {subject} {rng.choice(EVENTS)} {city}"
    recorded = date(2021, 1, 1) + timedelta(days=rng.randrange(0, 5 * 365))
    day = recorded.strftime("%-d %B %Y")
    lead = SENTENCES[0].format(who=rng.choice(WHO), subject_l=subject.lower(), city=city, day=day)
    description = " ".join([lead, *rng.sample(SENTENCES[1:], k=rng.randint(2, 4))])
    shots = "; ".join(
        f"{i}. {rng.choice(SHOTS)} {rng.choice(SCENES)}" for i in range(1, rng.randint(4, 9))
    )
    shotlist = f"{city}, {country} - {day} {shots}."
    status = _weighted(rng, STATUSES)
    width, height, fps = rng.choice(PICTURES)
    public_id = new_public_id()
    published_at = None
    if status in (AssetStatus.PUBLISHED, AssetStatus.WITHDRAWN):
        first_aired = datetime.combine(recorded, time(9), tzinfo=UTC)
        published_at = min(now, first_aired + timedelta(hours=rng.randint(2, 72)))
    suggested = [subject, city, country]
    row = {
        "id": pk,
        "created_at": now_db,
        "updated_at": now_db,
        "public_id": public_id,
        "title": title,
        "slug": f"{slugify(title)[:100]}-{public_id}",
        "description": description,
        "shotlist": shotlist,
        "duration_seconds": max(5, min(3 * 3600, int(rng.lognormvariate(4.6, 0.8)))),
        "recorded_at": ops.adapt_datefield_value(recorded),
        "location_name": f"{city}, {country}",
        "location_country": code,
        "width": width,
        "height": height,
        "frame_rate": ops.adapt_decimalfield_value(fps, 6, 3),
        "partner_id": partner_id,
        "restrictions": _weighted(rng, RESTRICTIONS),
        "poster": "",
        "master": "",
        "featured": False,
        "status": str(status),
        "published_at": ops.adapt_datetimefield_value(published_at),
    }
    return row, section, suggested


def _reserve_ids(connection, model, count: int) -> list[int]:
    """Primary keys for rows we insert ourselves; call inside the inserting transaction."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [pk for (pk,) in cursor.fetchall()]
        # SQLite: the IMMEDIATE transaction holds the write lock, so max(id) cannot move.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 - our own name
        first = cursor.fetchone()[0] + 1
        return list(range(first, first + count))


def _insert(connection, table: str, columns, rows) -> None:
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def generate_catalog(
    *, assets: int, seed: int | None = None, batch_size: int = 5000, partners: int | None = None
) -> GenerationReport:
    """Insert `assets` random assets (and partners, categories, tags for them) in bulk.

    Rows go in through executemany rather than bulk_create: building 100,000 model instances and
    preparing every field through the ORM takes longer than the inserts themselves.
    """
    started = datetime.now(UTC)
    rng = random.Random(seed)
    connection = connections[router.db_for_write(VideoAsset)]
    ops = connection.ops
    with transaction.atomic():
        partner_ids = [p.pk for p in _partners(rng, partners or max(5, min(2000, assets // 200)))]
        categories = _categories()
        tags = _tags()
    tag_ids = {t.name: t.pk for t in tags}
    tag_names = list(tag_ids)
    asset_table = VideoAsset._meta.db_table
    category_table = VideoAsset.categories.through._meta.db_table
    tag_table = VideoAsset.tags.through._meta.db_table
    compiled = functools.cache(stored_restrictions)  # a few dozen distinct texts
    profiles = functools.cache(lambda text: profile_for(compiled(text)).pk)
    now = datetime.now(UTC)
    now_db = ops.adapt_datetimefield_value(now)
    made = 0
    while made < assets:
        size = min(batch_size, assets - made)
        with transaction.atomic():
            ids = _reserve_ids(connection, VideoAsset, size)
            asset_rows, category_links, tag_links = [], [], []
            for pk in ids:
                chosen = set(rng.sample(tag_names, k=rng.randint(0, 3)))
                row, section, suggested = _asset_row(
                    rng, ops, pk, rng.choice(partner_ids), now, now_db
                )
                chosen.update(name for name in suggested if name in tag_ids)
                row["search_document"] = compose_search_document(
                    row["title"], row["description"], row["shotlist"], sorted(chosen)
                )
                stored = compiled(row["restrictions"])
                row.update(stored.fields, profile_id=profiles(row["restrictions"]))
                row["embargo_until"] = ops.adapt_datetimefield_value(row["embargo_until"])
                asset_rows.append(tuple(row[column] for column in ASSET_COLUMNS))
                category_links.append((pk, categories[section].pk))
                children = CATEGORY_TREE[section]
                if children and rng.random() < 0.6:
                    category_links.append((pk, categories[rng.choice(children)].pk))
                tag_links.extend((pk, tag_ids[name]) for name in chosen)
            _insert(connection, asset_table, ASSET_COLUMNS, asset_rows)
            _insert(connection, category_table, ("videoasset_id", "category_id"), category_links)
            _insert(connection, tag_table, ("videoasset_id", "tag_id"), tag_links)
        made += size
    rebuild_counts()
    seconds = (datetime.now(UTC) - started).total_seconds()
    return GenerationReport(
        partners=len(partner_ids),
        categories=len(categories),
        tags=len(tags),
        assets=made,
        seconds=seconds,
    )
