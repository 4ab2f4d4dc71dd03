from django.db import migrations

from catalog.migration_operations import RunSQLOnPostgres


class Migration(migrations.Migration):
    """PostgreSQL-only indexes.

    - Full-text search: a GIN index on the stored search_vector column.
    - "Newest first" orders by published_at DESC NULLS LAST (drafts, which staff see, have no
      date). PostgreSQL's DESC puts NULLs first, so asset_status_newest cannot serve that order
      there; SQLite sorts NULLs lowest and uses asset_status_newest, and cannot declare NULLS
      LAST in an index at all.
    """

    dependencies = [("catalog", "0001_initial")]

    operations = [
        RunSQLOnPostgres(
            sql=(
                "CREATE INDEX asset_search_gin ON catalog_videoasset USING gin (search_vector)"
            ),
            reverse_sql="DROP INDEX IF EXISTS asset_search_gin",
        ),
        RunSQLOnPostgres(
            sql=(
                "CREATE INDEX asset_status_newest_pg ON catalog_videoasset "
                "(status, published_at DESC NULLS LAST, id DESC)"
            ),
            reverse_sql="DROP INDEX IF EXISTS asset_status_newest_pg",
        ),
    ]
