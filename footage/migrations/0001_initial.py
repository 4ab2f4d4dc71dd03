# Renditions move here from the catalog app (catalog 0008 lets go of them). The table keeps its
# name, so upgrading moves no rows; the content type (and so the permissions and admin history
# that point at it) and any queued rendition tasks follow the model to its new home.

import django.db.models.deletion
from django.apps import apps as global_apps
from django.db import migrations, models

import footage.models

OLD_TASK = "catalog.tasks.render_rendition"
NEW_TASK = "footage.tasks.render_rendition"


def follow_the_model(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="footage", model="rendition").exists():
        ContentType.objects.filter(app_label="catalog", model="rendition").update(
            app_label="footage"
        )
    try:
        TaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    except LookupError:  # that task backend is not installed
        return
    TaskResult.objects.filter(task_path=OLD_TASK).update(task_path=NEW_TASK)


def go_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="footage", model="rendition").update(app_label="catalog")
    try:
        TaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    except LookupError:
        return
    TaskResult.objects.filter(task_path=NEW_TASK).update(task_path=OLD_TASK)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('catalog', '0008_rendition_moves_to_footage'),
        ('contenttypes', '0002_remove_content_type_name'),
        # Queued tasks are rewritten only where the database task backend is installed.
        *([('django_tasks_database', '__latest__')] if global_apps.is_installed('django_tasks_db') else []),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Rendition',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('poster', 'Poster frame'), ('thumb_small', 'Thumbnail 160×90'), ('thumb_medium', 'Thumbnail 320×180'), ('thumb_large', 'Thumbnail 640×360'), ('preview', 'Watermarked 360p preview')], max_length=20)),
                        ('status', models.CharField(choices=[('pending', 'Pending'), ('running', 'Running'), ('done', 'Done'), ('failed', 'Failed')], default='pending', max_length=10)),
                        ('progress', models.PositiveSmallIntegerField(default=0, help_text='Percent done.')),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('error', models.TextField(blank=True)),
                        ('file', models.FileField(blank=True, upload_to=footage.models.upload_rendition)),
                        ('width', models.PositiveIntegerField(blank=True, null=True)),
                        ('height', models.PositiveIntegerField(blank=True, null=True)),
                        ('source', models.CharField(blank=True, help_text='The master file name it was made from.', max_length=255)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('asset', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='renditions', to='catalog.videoasset')),
                    ],
                    options={
                        'db_table': 'catalog_rendition',
                        'ordering': ['asset', 'kind'],
                        'constraints': [models.UniqueConstraint(fields=('asset', 'kind'), name='rendition_once_per_kind'), models.CheckConstraint(condition=models.Q(('progress__lte', 100)), name='rendition_progress')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(follow_the_model, go_back),
    ]
