# The review queue's proxy model is named as code names a clip (docs/architecture.md, "Glossary"):
# ClipInReview -> AssetInReview. It has no table; Django moves its content type, and this
# renames its permissions' codenames, so staff who could work the queue still can.

from django.db import migrations

OLD, NEW = "clipinreview", "assetinreview"


def rename_permissions(apps, schema_editor, old=OLD, new=NEW):
    Permission = apps.get_model("auth", "Permission")
    alias = schema_editor.connection.alias
    for permission in Permission.objects.using(alias).filter(
        content_type__app_label="partners", codename__endswith=f"_{old}"
    ):
        action = permission.codename.removesuffix(f"_{old}")
        made = (
            Permission.objects.using(alias)
            .filter(content_type_id=permission.content_type_id, codename=f"{action}_{new}")
            .first()
        )
        if made is not None:
            # Made already (post_migrate ran between two partial migrations): whoever held
            # the old one holds the new one, and the old one goes.
            made.user_set.add(*permission.user_set.all())
            made.group_set.add(*permission.group_set.all())
            permission.delete()
            continue
        permission.codename = f"{action}_{new}"
        permission.save(update_fields=["codename"])


def rename_back(apps, schema_editor):
    rename_permissions(apps, schema_editor, old=NEW, new=OLD)


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('partners', '0003_notification_earning_in_ledger'),
    ]

    operations = [
        migrations.RenameModel(old_name='ClipInReview', new_name='AssetInReview'),
        migrations.RunPython(rename_permissions, rename_back),
    ]
