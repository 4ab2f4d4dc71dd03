# Filtering by a tag or a category reads the clips linked to it; with (tag, clip) and
# (category, clip) indexes that is an index-only scan instead of a visit to every link row.
# The link tables are made by the ManyToManyFields, so the indexes are plain SQL (the same on
# SQLite and PostgreSQL).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0012_keyset_orderings'),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX asset_tag_link_lookup ON catalog_videoasset_tags (tag_id, videoasset_id)",
            "DROP INDEX asset_tag_link_lookup",
        ),
        migrations.RunSQL(
            "CREATE INDEX asset_category_link_lookup "
            "ON catalog_videoasset_categories (category_id, videoasset_id)",
            "DROP INDEX asset_category_link_lookup",
        ),
    ]
