# Partners' earnings, balances and payouts are the ledger app's now (ledger 0001): licensing
# forgets them, and their tables stay where they are.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('licensing', '0008_license_terms_in_days'),
        ('partners', '0003_notification_earning_in_ledger'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='partnerbalance',
                    name='partner',
                ),
                migrations.RemoveField(
                    model_name='payout',
                    name='paid_by',
                ),
                migrations.RemoveField(
                    model_name='payout',
                    name='partner',
                ),
                migrations.RemoveField(
                    model_name='payout',
                    name='requested_by',
                ),
                migrations.DeleteModel(
                    name='Earning',
                ),
                migrations.DeleteModel(
                    name='PartnerBalance',
                ),
                migrations.DeleteModel(
                    name='Payout',
                ),
            ],
            database_operations=[],
        ),
    ]
