"""The three licence types every installation sells, at list prices staff can change."""

from django.db import migrations

from licensing.defaults import ensure_license_types

def create_license_types(apps, schema_editor):
    LicenseType = apps.get_model("licensing", "LicenseType")
    ensure_license_types(LicenseType, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("licensing", "0001_initial")]

    operations = [migrations.RunPython(create_license_types, migrations.RunPython.noop)]
