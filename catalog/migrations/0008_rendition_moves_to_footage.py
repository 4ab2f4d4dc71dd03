# Renditions now belong to the footage app. Only Django's picture of the models changes here:
# the table (catalog_rendition) and its rows stay where they are, and footage 0001 takes the
# model over with the same table.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0007_featured'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Rendition')],
            database_operations=[],
        ),
    ]
