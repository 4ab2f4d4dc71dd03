# The per-clip territory rows and the covering index that counted them are replaced by the
# restriction profiles (0009, 0010): nothing reads them any more.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0010_fill_profiles_and_counts'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='videoasset',
            name='asset_availability',
        ),
        migrations.DeleteModel(
            name='AssetTerritory',
        ),
    ]
