# Partners' earnings, balances and payouts move here from licensing (licensing 0009 lets go of
# them). The tables keep their names, so upgrading moves no rows; the content types (and so the
# permissions, admin history and audit entries that point at them) follow the models.

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ["earning", "partnerbalance", "payout"]


def follow_the_models(apps, schema_editor):
    _move(apps, schema_editor, "licensing", "ledger")


def go_back(apps, schema_editor):
    _move(apps, schema_editor, "ledger", "licensing")


def _move(apps, schema_editor, old: str, new: str):
    alias = schema_editor.connection.alias
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        source = ContentType.objects.using(alias).filter(app_label=old, model=model).first()
        if source is None:
            continue
        made = ContentType.objects.using(alias).filter(app_label=new, model=model).first()
        if made is not None:
            if _in_use(apps, alias, made):
                continue  # both are in use: left for staff (remove_stale_contenttypes)
            # Made by post_migrate between two partial migrations, with nothing pointing at it:
            # the model's own content type takes its place.
            made.delete()
        source.app_label = new
        source.save(update_fields=["app_label"])
    AuditEntry = apps.get_model("audit", "AuditEntry")
    for model in MOVED:
        AuditEntry.objects.using(alias).filter(target_type=f"{old}.{model}").update(
            target_type=f"{new}.{model}"
        )


def _in_use(apps, alias, content_type) -> bool:
    """Whether any person or group holds one of its permissions or any admin history names it."""
    Permission = apps.get_model("auth", "Permission")
    LogEntry = apps.get_model("admin", "LogEntry")
    permissions = Permission.objects.using(alias).filter(content_type=content_type)
    return (
        permissions.filter(user__isnull=False).exists()
        or permissions.filter(group__isnull=False).exists()
        or LogEntry.objects.using(alias).filter(content_type=content_type).exists()
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('catalog', '0019_asset_feed_index'),
        ('licensing', '0008_license_terms_in_days'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('admin', '0003_logentry_add_action_flag_choices'),
        ('audit', '__first__'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Earning',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('sale', 'Sale'), ('refund', 'Refund')], max_length=10)),
                        ('share', models.DecimalField(decimal_places=3, max_digits=4)),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=12)),
                        ('currency', models.CharField(max_length=3, validators=[django.core.validators.RegexValidator('^[A-Z]{3}$', 'An ISO 4217 code of three capital letters.')])),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('line', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='earnings', to='licensing.orderline')),
                        ('partner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='earnings', to='catalog.contentpartner')),
                    ],
                    options={
                        'db_table': 'licensing_earning',
                        'ordering': ['-created_at', '-id'],
                        'constraints': [models.UniqueConstraint(fields=('line', 'kind'), name='earning_once_per_line_kind')],
                    },
                ),
                migrations.CreateModel(
                    name='PartnerBalance',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('currency', models.CharField(max_length=3, validators=[django.core.validators.RegexValidator('^[A-Z]{3}$', 'An ISO 4217 code of three capital letters.')])),
                        ('available', models.DecimalField(decimal_places=2, default=0, editable=False, help_text='May be paid out.', max_digits=12)),
                        ('owed', models.DecimalField(decimal_places=2, default=0, editable=False, help_text='Refunds beyond what was available; comes off the next earnings.', max_digits=12)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('partner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='balances', to='catalog.contentpartner')),
                    ],
                    options={
                        'db_table': 'licensing_partnerbalance',
                        'ordering': ['partner', 'currency'],
                        'constraints': [models.UniqueConstraint(fields=('partner', 'currency'), name='balance_once_per_currency'), models.CheckConstraint(condition=models.Q(('available__gte', 0)), name='balance_never_negative'), models.CheckConstraint(condition=models.Q(('owed__gte', 0)), name='balance_owed_positive'), models.CheckConstraint(condition=models.Q(('available', 0), ('owed', 0), _connector='OR'), name='balance_available_or_owed')],
                    },
                ),
                migrations.CreateModel(
                    name='Payout',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=12)),
                        ('currency', models.CharField(max_length=3, validators=[django.core.validators.RegexValidator('^[A-Z]{3}$', 'An ISO 4217 code of three capital letters.')])),
                        ('status', models.CharField(choices=[('requested', 'Requested'), ('paid', 'Paid'), ('cancelled', 'Cancelled')], default='requested', max_length=10)),
                        ('requested_at', models.DateTimeField(auto_now_add=True)),
                        ('paid_at', models.DateTimeField(blank=True, editable=False, null=True)),
                        ('reference', models.CharField(blank=True, help_text="The bank transfer's reference, once paid.", max_length=100)),
                        ('paid_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('partner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='payouts', to='catalog.contentpartner')),
                        ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'licensing_payout',
                        'ordering': ['-requested_at', '-id'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='payout_amount_positive'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'paid'), _negated=True), models.Q(('paid_at__isnull', False), models.Q(('reference', ''), _negated=True)), _connector='OR'), name='payout_paid_has_reference'), models.UniqueConstraint(condition=models.Q(('reference', ''), _negated=True), fields=('reference',), name='payout_reference_once')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(follow_the_models, go_back),
    ]
