# The notification's earning is the ledger's now (ledger 0001); the column and its foreign key
# stay as they are, so only the state changes.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0001_initial'),
        ('partners', '0002_clipinreview'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='partnernotification',
                    name='earning',
                    field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='notification', to='ledger.earning'),
                ),
            ],
            database_operations=[],
        ),
    ]
