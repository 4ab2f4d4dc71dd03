"""A database of the release before partner money had its own app (licensing 0008, partners 0002,
no ledger app) upgrades with `migrate` and back, losing nothing: earnings, balances, payouts and
the notifications that point at them, staff's permissions and audit history of payouts, buyers'
and partners' API keys and buyers' boards all come through, and the old order still refunds
into the old balance."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

from common.keys.models import hash_key
from licensing.models import ApiKey
from tests.factories import AssetFactory, PartnerFactory, UserFactory
from tests.test_upgrade import migrate

PREVIOUS_RELEASE = [
    ("licensing", "0008_license_terms_in_days"),
    ("partners", "0002_clipinreview"),
    ("ledger", None),  # the app did not exist yet
]
MOVED = ["earning", "partnerbalance", "payout"]


@pytest.fixture(autouse=True)
def back_to_latest():
    """Whatever a test does, the database ends at the latest migrations for the next one."""
    yield
    call_command("migrate", verbosity=0)


def make_previous_release_rows(old):
    """What the previous release held: a paid order with its earning, a balance, a paid payout
    with its audit entry, a sale notification, keys and a board. The clip, buyer and keys are
    made by today's code where their tables did not change, the rest by the old models."""
    now = timezone.now()
    partner = PartnerFactory(name="Flood Desk", revenue_share=Decimal("0.500"))
    clip = AssetFactory(partner=partner, title="Flood")
    # The buyer, its key and its board as the previous release's models had them (today's
    # Buyer has columns that release did not).
    buyer = old.get_model("licensing", "Buyer").objects.create(
        name="Daily Planet", slug="daily-planet", country="US", credit_balance=Decimal("850.00")
    )
    prefix, buyer_raw = ApiKey.generate()
    old.get_model("licensing", "ApiKey").objects.create(
        buyer=buyer, name="Newsroom system", prefix=prefix, hashed_key=hash_key(buyer_raw)
    )
    board = old.get_model("newsroom", "Lightbox").objects.create(buyer=buyer, name="Floods")
    old.get_model("newsroom", "LightboxItem").objects.create(
        lightbox=board, asset_id=clip.pk, note="Lead"
    )
    Order = old.get_model("licensing", "Order")
    order = Order.objects.create(
        public_id="upgradeorder", buyer_id=buyer.pk, status="paid", currency="USD",
        total=Decimal("150.00"), payment_method="credits", territory="US",
        idempotency_key="k1", request_fingerprint="f" * 64, paid_at=now,
    )  # fmt: skip
    editorial = old.get_model("licensing", "LicenseType").objects.get(code="editorial")
    line = old.get_model("licensing", "OrderLine").objects.create(
        order=order, asset_id=clip.pk, license_type=editorial, partner_id=partner.pk,
        asset_public_id=clip.public_id, title=clip.title, license_code="editorial",
        license_name="Editorial", use="editorial", exclusive=False, duration_days=365,
        terms="Editorial use", restrictions="", territory="US",
        price=Decimal("150.00"), currency="USD", partner_share=Decimal("0.500"),
    )  # fmt: skip
    earning = old.get_model("licensing", "Earning").objects.create(
        partner_id=partner.pk, line=line, kind="sale", share=Decimal("0.500"),
        amount=Decimal("75.00"), currency="USD",
    )  # fmt: skip
    old.get_model("licensing", "PartnerBalance").objects.create(
        partner_id=partner.pk, currency="USD", available=Decimal("25.00")
    )
    payout = old.get_model("licensing", "Payout").objects.create(
        partner_id=partner.pk, amount=Decimal("50.00"), currency="USD", status="paid",
        paid_at=now, reference="TRF-0001",
    )  # fmt: skip
    old.get_model("audit", "AuditEntry").objects.create(
        action="payout.paid", target_type="licensing.payout", target_id=str(payout.pk),
        target_repr="Payout", after={"reference": "TRF-0001"},
    )  # fmt: skip
    old.get_model("partners", "PartnerNotification").objects.create(
        partner_id=partner.pk, kind="sale", message="Sold: Flood", earning=earning
    )
    from partners.services.members import partner_key_create, partner_member_create

    member = partner_member_create(partner=partner, email="desk@flood.example")
    _, partner_raw = partner_key_create(member=member)
    return {
        "order": order.pk, "earning": earning.pk, "payout": payout.pk, "partner": partner.pk,
        "buyer_raw": buyer_raw, "partner_raw": partner_raw, "board": board.pk, "clip": clip.pk,
    }  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_a_database_of_the_previous_release_upgrades_with_its_money_keys_and_boards():
    old = to_previous_release()
    staff = UserFactory()
    old_type = ContentType.objects.get(app_label="licensing", model="payout")
    queue_type = ContentType.objects.get(app_label="partners", model="clipinreview")
    staff.user_permissions.add(
        Permission.objects.get(content_type=old_type, codename="change_payout"),
        Permission.objects.get(content_type__app_label="partners", codename="view_clipinreview"),
    )
    made = make_previous_release_rows(old)

    to_latest()

    from ledger.models import Earning, PartnerBalance, Payout
    from licensing.models import Order
    from licensing.services.keys import api_key_authenticate
    from licensing.services.orders import order_refund
    from newsroom.models import Lightbox
    from partners.models import PartnerNotification
    from partners.services.members import partner_key_authenticate

    payout = Payout.objects.get(pk=made["payout"])
    assert (payout.status, payout.amount, payout.reference) == (
        "paid",
        Decimal("50.00"),
        "TRF-0001",
    )
    earning = Earning.objects.get(pk=made["earning"])
    assert (earning.kind, earning.amount, earning.line.order.public_id) == (
        "sale", Decimal("75.00"), "upgradeorder",
    )  # fmt: skip
    assert PartnerNotification.objects.get(partner_id=made["partner"]).earning == earning
    # The content types moved (same rows): permissions and history still point at the models.
    for model in MOVED:
        assert not ContentType.objects.filter(app_label="licensing", model=model).exists()
    assert ContentType.objects.get_for_model(Payout).pk == old_type.pk
    staff = type(staff).objects.get(pk=staff.pk)
    assert staff.has_perm("ledger.change_payout")
    # The review queue's model was renamed: its content type and permissions follow.
    assert staff.has_perm("partners.view_assetinreview")
    assert ContentType.objects.get(app_label="partners", model="assetinreview").pk == queue_type.pk
    assert not Permission.objects.filter(codename__endswith="_clipinreview").exists()
    from audit.models import AuditEntry

    assert AuditEntry.objects.get(action="payout.paid").target_type == "ledger.payout"
    # Keys and boards are untouched.
    assert api_key_authenticate(made["buyer_raw"]) is not None
    assert partner_key_authenticate(made["partner_raw"]) is not None
    board = Lightbox.objects.get(pk=made["board"])
    assert list(board.items.values_list("asset_id", "note")) == [(made["clip"], "Lead")]
    # The old sale refunds through the new app: its earning is reversed against the old balance,
    # and what was already paid out is carried as owed.
    order_refund(order=Order.objects.get(pk=made["order"]), reason="Upgrade check")
    balance = PartnerBalance.objects.get(partner_id=made["partner"], currency="USD")
    assert (balance.available, balance.owed) == (Decimal("0.00"), Decimal("50.00"))
    assert Earning.objects.filter(line__order_id=made["order"], kind="refund").get().amount == (
        Decimal("-75.00")
    )
    to_latest()


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_goes_back_to_the_previous_release_with_every_row():
    old = to_previous_release()
    made = make_previous_release_rows(old)
    to_latest()
    old = to_previous_release()
    assert (
        old.get_model("licensing", "Payout").objects.get(pk=made["payout"]).reference == "TRF-0001"
    )
    assert old.get_model("licensing", "Earning").objects.get(pk=made["earning"]).amount == (
        Decimal("75.00")
    )
    notice = old.get_model("partners", "PartnerNotification").objects.get()
    assert notice.earning_id == made["earning"]
    for model in MOVED:
        assert ContentType.objects.filter(app_label="licensing", model=model).exists()
        assert not ContentType.objects.filter(app_label="ledger", model=model).exists()
    assert Permission.objects.filter(
        content_type__app_label="partners", codename="view_clipinreview"
    ).exists()
    assert old.get_model("audit", "AuditEntry").objects.get(action="payout.paid").target_type == (
        "licensing.payout"
    )
    to_latest()


def migrate_only(targets):
    """As staff would: `manage.py migrate APP NAME` for each, in turn (with the content type
    renames and post_migrate that only the command does)."""
    for app, name in targets:
        call_command("migrate", app, name or "zero", verbosity=0)


def to_previous_release():
    """The database at the previous release, by the command; the models as they were then."""
    migrate_only(PREVIOUS_RELEASE)
    return migrate(PREVIOUS_RELEASE)


def to_latest():
    call_command("migrate", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_going_back_in_two_steps_keeps_permissions_on_the_moved_models():
    """`migrate partners 0002` then `migrate ledger zero`: the first command's post_migrate
    makes licensing's content types again, unused; going back puts the models' own in their
    place, so who held a payout permission still does."""
    staff = UserFactory()
    payout_type = ContentType.objects.get(app_label="ledger", model="payout")
    staff.user_permissions.add(
        Permission.objects.get(content_type=payout_type, codename="change_payout")
    )
    migrate_only([("partners", "0002_clipinreview")])
    # The command's post_migrate made licensing's content types again, unused.
    assert ContentType.objects.filter(app_label="licensing", model="payout").exists()

    migrate_only([("ledger", None)])

    assert ContentType.objects.get(app_label="licensing", model="payout").pk == payout_type.pk
    assert not ContentType.objects.filter(app_label="ledger").exists()
    assert staff.user_permissions.get().content_type_id == payout_type.pk
    to_latest()
    staff = type(staff).objects.get(pk=staff.pk)
    assert staff.has_perm("ledger.change_payout")


@pytest.mark.django_db(transaction=True)
def test_the_review_queue_permissions_merge_when_both_names_exist():
    migrate_only([("partners", "0003_notification_earning_in_ledger")])
    queue = ContentType.objects.get(app_label="partners", model="clipinreview")
    staff = UserFactory()
    staff.user_permissions.add(
        Permission.objects.get(content_type=queue, codename="view_clipinreview")
    )
    # post_migrate ran in between and made the new name too, granted to nobody.
    Permission.objects.create(content_type=queue, codename="view_assetinreview", name="view")

    to_latest()

    staff = type(staff).objects.get(pk=staff.pk)
    assert staff.has_perm("partners.view_assetinreview")
    assert not Permission.objects.filter(codename__endswith="_clipinreview").exists()
