"""The three resolution tiers at their default factors, and the tier of every licence and line
sold before tiers: the clip's top tier (they bought the master, so they keep every format it is
delivered in), or 4k, as 0011 left them, where the clip's size is unknown."""

from django.db import migrations

from catalog.formats import UHD, tier_for
from licensing.defaults import ensure_resolution_tiers


def seed_tiers(apps, schema_editor):
    tier_model = apps.get_model("licensing", "ResolutionTier")
    ensure_resolution_tiers(tier_model, using=schema_editor.connection.alias)


def backfill(apps, schema_editor):
    alias = schema_editor.connection.alias
    License = apps.get_model("licensing", "License")
    OrderLine = apps.get_model("licensing", "OrderLine")
    VideoAsset = apps.get_model("catalog", "VideoAsset")
    sold = OrderLine.objects.using(alias).values_list("asset_id", flat=True).distinct()
    by_tier: dict[str, list[int]] = {}
    sized = VideoAsset.objects.using(alias).filter(
        pk__in=list(sold), width__isnull=False, height__isnull=False
    )
    for pk, width, height in sized.values_list("pk", "width", "height"):
        by_tier.setdefault(tier_for(width, height), []).append(pk)
    for tier, asset_ids in by_tier.items():
        if tier == UHD:
            continue  # 0011's default already
        for start in range(0, len(asset_ids), 500):
            chunk = asset_ids[start : start + 500]
            License.objects.using(alias).filter(asset_id__in=chunk).update(resolution=tier)
            OrderLine.objects.using(alias).filter(asset_id__in=chunk).update(resolution=tier)


class Migration(migrations.Migration):
    dependencies = [("licensing", "0011_resolution_tiers")]

    operations = [
        migrations.RunPython(seed_tiers, migrations.RunPython.noop),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
