"""A database made by the release before the layout change (catalog 0007, licensing 0003, no
footage app) upgrades with `migrate` and loses nothing: the renditions table, its content type
and permissions, queued rendition tasks, clips and licences all come through."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps as current_apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

PREVIOUS_RELEASE = [
    ("catalog", "0007_featured"),
    ("licensing", "0003_license_term_positive"),
    ("footage", None),  # the app did not exist yet
    ("newsroom", None),  # nor this one; its tables point at clips and buyers
    ("partners", None),  # nor the partners' area
    ("ledger", None),  # nor partner money's own app
]


def migrate(targets):
    """Migrate to `targets` (every other app to its latest, or as far back as the targets
    take the apps that depend on them); the models as they were then: the state of what is
    applied now."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(list(executor.loader.applied_migrations)).apps


def migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def make_previous_release_rows(old):
    now = timezone.now()
    partner = old.get_model("catalog", "ContentPartner").objects.create(name="P", slug="p")
    asset = old.get_model("catalog", "VideoAsset").objects.create(
        public_id="upgrade00001", title="Flood", slug="flood", duration_seconds=111,
        partner=partner, restrictions="No access Chinese mainland", master="clips/a.mp4",
        status="published", published_at=now, territory_scope="deny",
    )  # fmt: skip
    old.get_model("catalog", "AssetTerritory").objects.create(
        asset=asset, territory="CN", effect="deny"
    )
    Category = old.get_model("catalog", "Category")
    news = Category.objects.create(name="News", slug="news")
    asset.categories.add(news, Category.objects.create(name="Floods", slug="floods", parent=news))
    rendition = old.get_model("catalog", "Rendition").objects.create(
        asset=asset, kind="preview", status="done", progress=100, attempts=2,
        file="renditions/preview/a.mp4", width=640, height=360, source="clips/a.mp4",
    )  # fmt: skip
    buyer = old.get_model("licensing", "Buyer").objects.create(
        name="Daily Planet", slug="daily-planet", country="US", credit_balance=Decimal("850.00")
    )
    editorial = old.get_model("licensing", "LicenseType").objects.get(code="editorial")
    order = old.get_model("licensing", "Order").objects.create(
        public_id="upgradeorder", buyer=buyer, status="paid", currency="USD",
        total=Decimal("150.00"), payment_method="credits", territory="US",
        idempotency_key="k1", request_fingerprint="f" * 64, paid_at=now,
    )  # fmt: skip
    line = old.get_model("licensing", "OrderLine").objects.create(
        order=order, asset=asset, license_type=editorial, partner=partner,
        asset_public_id=asset.public_id, title=asset.title, license_code="editorial",
        license_name="Editorial", use="editorial", exclusive=False, duration_days=365,
        terms="Editorial use", restrictions=asset.restrictions, territory="US",
        price=Decimal("150.00"), currency="USD", partner_share=Decimal("0.500"),
    )  # fmt: skip
    old.get_model("licensing", "Earning").objects.create(
        partner=partner, line=line, kind="sale", share=Decimal("0.500"),
        amount=Decimal("75.00"), currency="USD",
    )  # fmt: skip
    old.get_model("licensing", "License").objects.create(
        public_id="upgradelicen", line=line, buyer=buyer, asset=asset, license_type=editorial,
        exclusive=False, starts_at=now, ends_at=now + timedelta(days=365),
        verification_code="UPGR-ADE0-0001",
    )  # fmt: skip
    content_type = old.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="catalog", model="rendition"
    )[0]
    old.get_model("auth", "Permission").objects.get_or_create(
        content_type=content_type, codename="change_rendition", name="Can change rendition"
    )
    queued = None
    if current_apps.is_installed("django_tasks_db"):
        queued = old.get_model("django_tasks_database", "DBTaskResult").objects.create(
            task_path="catalog.tasks.render_rendition", args_kwargs={"args": [rendition.pk]},
            queue_name="default", backend_name="default", priority=0, run_after=now,
            exception_class_path="", traceback="",
        )  # fmt: skip
    return rendition, content_type, queued


@pytest.mark.django_db(transaction=True)
def test_a_database_of_the_previous_release_upgrades_with_nothing_lost():
    old = migrate(PREVIOUS_RELEASE)
    rendition, content_type, queued = make_previous_release_rows(old)

    migrate_to_latest()

    from catalog.models import VideoAsset
    from footage.models import Rendition
    from licensing.models import License

    moved = Rendition.objects.get(pk=rendition.pk)
    assert (moved.asset.public_id, moved.kind, moved.status, moved.attempts) == (
        "upgrade00001", "preview", "done", 2,
    )  # fmt: skip
    assert (moved.file.name, moved.width, moved.height) == ("renditions/preview/a.mp4", 640, 360)
    asset = VideoAsset.objects.get(public_id="upgrade00001")
    assert asset.preview_url is not None and asset.master.name == "clips/a.mp4"
    # Its restrictions now live in a profile, and still keep it from CN alone.
    assert list(asset.profile.territories.values_list("territory", "effect")) == [("CN", "deny")]
    assert not VideoAsset.objects.available_in("CN").filter(pk=asset.pk).exists()
    assert VideoAsset.objects.available_in("GB").filter(pk=asset.pk).exists()
    assert asset.partner.counts.get().published == 1
    # A parent category counts the clip once, though it sits in a sub-category too.
    assert [c.published for c in asset.categories.get(slug="news").counts.all()] == [1]
    licence = License.objects.get(public_id="upgradelicen")
    assert (licence.line.order.public_id, licence.buyer.credit_balance) == (
        "upgradeorder", Decimal("850.00"),
    )  # fmt: skip
    # What the partner earned before balances existed is its balance to be paid.
    from ledger.models import PartnerBalance

    balance = PartnerBalance.objects.get(partner=asset.partner)
    assert (balance.currency, balance.available, balance.owed) == ("USD", Decimal("75.00"), 0)
    assert ContentType.objects.get_for_model(Rendition).pk == content_type.pk
    assert Permission.objects.filter(
        content_type_id=content_type.pk, codename="change_rendition"
    ).exists()
    if queued is not None:
        from django_tasks_db.models import DBTaskResult

        assert DBTaskResult.objects.get(pk=queued.pk).task_path == (
            "footage.tasks.render_rendition"
        )


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_can_be_rolled_back_to_the_previous_release():
    migrate(PREVIOUS_RELEASE)
    migrate_to_latest()
    old = migrate(PREVIOUS_RELEASE)
    assert old.get_model("catalog", "Rendition")._meta.db_table == "catalog_rendition"
    assert old.get_model("catalog", "Rendition").objects.count() == 0
    assert old.get_model("catalog", "AssetTerritory").objects.count() == 0
    assert not old.is_installed("footage") or "footage" not in old.all_models
    migrate_to_latest()


@pytest.mark.django_db(transaction=True)
def test_going_back_to_the_previous_release_keeps_its_rows_too():
    old = migrate(PREVIOUS_RELEASE)
    rendition, _, _ = make_previous_release_rows(old)
    migrate_to_latest()
    old = migrate(PREVIOUS_RELEASE)
    rows = old.get_model("catalog", "AssetTerritory").objects
    assert list(rows.values_list("asset__public_id", "territory", "effect")) == [
        ("upgrade00001", "CN", "deny")
    ]
    assert old.get_model("catalog", "Rendition").objects.get(pk=rendition.pk).kind == "preview"
    migrate_to_latest()
