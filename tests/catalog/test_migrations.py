"""The data migration compiles the restriction text of assets that existed before it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("catalog", "0002_postgres_indexes")]
AFTER = [("catalog", "0004_compile_existing_restrictions")]


@pytest.mark.django_db(transaction=True)
def test_existing_rows_are_compiled_by_the_data_migration():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    partner = old.get_model("catalog", "ContentPartner").objects.create(name="P", slug="p")
    Asset = old.get_model("catalog", "VideoAsset")
    texts = ["No access Chinese mainland", "No access Chinese mainland", "UK only", "Wat?", ""]
    for n, text in enumerate(texts):
        Asset.objects.create(
            public_id=f"migration{n:03d}",
            title=f"Clip {n}",
            slug=f"clip-{n}",
            duration_seconds=10,
            partner=partner,
            restrictions=text,
        )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Asset = new.get_model("catalog", "VideoAsset")
    rows = new.get_model("catalog", "AssetTerritory").objects
    compiled = {a.public_id: a for a in Asset.objects.all()}
    assert compiled["migration000"].territory_scope == "deny"
    assert list(
        rows.filter(asset__public_id="migration001").values_list("territory", "effect")
    ) == [("CN", "deny")]
    assert compiled["migration002"].territory_scope == "allow"
    assert "“Wat?”" in compiled["migration003"].restrictions_error
    assert compiled["migration004"].territory_scope == "none"
    assert rows.count() == 3
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
