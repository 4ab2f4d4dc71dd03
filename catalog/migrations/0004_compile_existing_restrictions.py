"""Compile the restriction text of every existing asset into the columns and territory rows
that available_in() queries. Texts are compiled once each: catalogues repeat them a lot."""

from django.db import migrations

from catalog.stored_rules import stored_restrictions


def compile_existing(apps, schema_editor):
    VideoAsset = apps.get_model("catalog", "VideoAsset")
    AssetTerritory = apps.get_model("catalog", "AssetTerritory")
    db = schema_editor.connection.alias
    assets = VideoAsset.objects.using(db)
    texts = assets.order_by().values_list("restrictions", flat=True).distinct()
    for text in list(texts):
        stored = stored_restrictions(text)
        matching = assets.filter(restrictions=text, hold_released_at__isnull=True)
        matching.update(**stored.fields)
        if not stored.territories:
            continue
        pks = list(matching.values_list("pk", flat=True))
        for first in range(0, len(pks), 500):
            rows = [
                AssetTerritory(
                    asset_id=pk, territory=code, effect=effect, valid_from=start, valid_until=end
                )
                for pk in pks[first : first + 500]
                for code, effect, start, end in stored.territories
            ]
            AssetTerritory.objects.using(db).bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_compiled_restrictions")]

    operations = [migrations.RunPython(compile_existing, migrations.RunPython.noop)]
