"""SQLite only: the FTS5 index of the clips' search text (catalog.sqlite_search). Skipped on
PostgreSQL, which has its GIN index, and on an SQLite built without FTS5, where search falls
back to comparing texts."""

from django.db import migrations
from django.db.utils import OperationalError


def forwards(apps, schema_editor):
    from catalog import sqlite_search

    if schema_editor.connection.vendor != "sqlite":
        return
    try:
        sqlite_search.install(schema_editor.connection)
    except OperationalError as error:
        if "fts5" not in str(error):
            raise


def backwards(apps, schema_editor):
    from catalog import sqlite_search

    if schema_editor.connection.vendor == "sqlite":
        sqlite_search.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0017_asset_description_and_shotlist_limits")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
