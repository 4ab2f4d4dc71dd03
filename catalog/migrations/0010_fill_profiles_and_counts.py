"""Give every existing clip its restriction profile and count what each category, partner and
tag holds. Texts are compiled once each (with and without a released hold): catalogues repeat
them a lot."""

from django.db import migrations, models
from django.db.models import Count

from catalog.stored_rules import stored_restrictions


def fill(apps, schema_editor):
    db = schema_editor.connection.alias
    VideoAsset = apps.get_model("catalog", "VideoAsset")
    Profile = apps.get_model("catalog", "RestrictionProfile")
    ProfileTerritory = apps.get_model("catalog", "ProfileTerritory")
    assets = VideoAsset.objects.using(db)
    for released in (False, True):
        group = assets.filter(hold_released_at__isnull=not released)
        for text in list(group.order_by().values_list("restrictions", flat=True).distinct()):
            stored = stored_restrictions(text, released=released)
            profile, made = Profile.objects.using(db).get_or_create(
                key=stored.key(), defaults=stored.profile_fields()
            )
            if made:
                ProfileTerritory.objects.using(db).bulk_create(
                    ProfileTerritory(
                        profile=profile, territory=code, effect=effect, valid_from=start,
                        valid_until=end,
                    )
                    for code, effect, start, end in stored.territories
                )
            group.filter(restrictions=text).update(profile=profile, **stored.fields)
    published = assets.filter(status="published").exclude(profile=None).order_by()
    # A category counts its sub-categories' clips too, each clip once (catalog.counts).
    Category = apps.get_model("catalog", "Category")
    CategoryCount = apps.get_model("catalog", "CategoryCount")
    for category in Category.objects.using(db).all():
        tree = Category.objects.using(db).filter(
            models.Q(pk=category.pk) | models.Q(parent=category.pk)
            | models.Q(parent__parent=category.pk)
        )
        grouped = (
            published.filter(categories__in=tree)
            .values_list("profile")
            .annotate(n=Count("pk", distinct=True))
        )
        CategoryCount.objects.using(db).bulk_create(
            CategoryCount(category_id=category.pk, profile_id=p, published=n) for p, n in grouped
        )
    for model, field, path in (
        ("PartnerCount", "partner", "partner"),
        ("TagCount", "tag", "tags"),
    ):
        Counted = apps.get_model("catalog", model)
        grouped = (
            published.exclude(**{f"{path}__isnull": True})
            .values_list(path, "profile")
            .annotate(n=Count("pk"))
        )
        Counted.objects.using(db).bulk_create(
            (Counted(**{f"{field}_id": key, "profile_id": p, "published": n}) for key, p, n in grouped),
            batch_size=2000,
        )


def per_clip_rows_again(apps, schema_editor):
    """Going back: the previous release reads a territory row per clip; make them again."""
    db = schema_editor.connection.alias
    AssetTerritory = apps.get_model("catalog", "AssetTerritory")
    ProfileTerritory = apps.get_model("catalog", "ProfileTerritory")
    VideoAsset = apps.get_model("catalog", "VideoAsset")
    rules = {}
    for row in ProfileTerritory.objects.using(db).all():
        rules.setdefault(row.profile_id, []).append(row)
    for profile_id, rows in rules.items():
        pks = VideoAsset.objects.using(db).filter(profile_id=profile_id).values_list("pk", flat=True)
        AssetTerritory.objects.using(db).bulk_create(
            (
                AssetTerritory(
                    asset_id=pk, territory=r.territory, effect=r.effect,
                    valid_from=r.valid_from, valid_until=r.valid_until,
                )
                for pk in pks.iterator()
                for r in rows
            ),
            batch_size=2000,
        )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0009_restriction_profiles")]

    operations = [migrations.RunPython(fill, per_clip_rows_again)]
