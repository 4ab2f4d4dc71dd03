import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from licensing.models import ApiKey, Buyer
from tests.licensing.conftest import ORDERS, client_for, make_buyer, order

pytestmark = pytest.mark.django_db


def test_create_buyer_prints_an_id_and_a_working_key(clip):
    out = io.StringIO()
    call_command(
        "create_buyer", "--name", "Tokyo Desk", "--country", "jp", "--email", "desk@example.jp",
        "--credits", "500", stdout=out,
    )  # fmt: skip
    printed = json.loads(out.getvalue())
    buyer = Buyer.objects.get(pk=printed["buyer"])
    assert (buyer.territory, str(buyer.credit_balance)) == ("JP", "500.00")
    key = ApiKey.objects.get(buyer=buyer)
    assert printed["api_key"] not in key.hashed_key  # only a hash is stored
    assert client_for(printed["api_key"]).get(ORDERS).status_code == 200


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--country", "XX"], "country"),
        (["--credits", "-5"], "zero or more"),
        (["--credits", "lots"], "not an amount"),
    ],
)
def test_create_buyer_refuses_bad_input_and_creates_nothing(args, message):
    base = {"--name": "Bad", "--country": "GB", "--email": "bad@example.com"}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    argv = [part for pair in base.items() for part in pair]
    with pytest.raises((CommandError, SystemExit)) as caught:
        call_command("create_buyer", *argv, stdout=io.StringIO(), stderr=io.StringIO())
    if isinstance(caught.value, CommandError):
        assert message in str(caught.value)
    assert not Buyer.objects.exists()


def test_demo_buyer_key_is_printed_once():
    first, second = io.StringIO(), io.StringIO()
    call_command("ensure_demo_buyer", stdout=first)
    call_command("ensure_demo_buyer", stdout=second)
    key = first.getvalue().split("API key: ")[1].split()[0]
    password = first.getvalue().split("with password ")[1].split()[0]
    from django.test import Client

    assert Client().login(username="buyer@demo.example", password=password)
    assert client_for(key).get(ORDERS).status_code == 200
    assert key not in second.getvalue()
    assert Buyer.objects.count() == 1


@pytest.mark.parametrize(
    "model",
    ["buyer", "apikey", "licensetype", "assetprice", "order", "license", "download", "earning"],
)
def test_licensing_admin_pages_open(staff_client, buyer_api, clip, model):
    order(buyer_api, [{"asset": clip.public_id, "license": "editorial"}])
    assert staff_client.get(reverse(f"admin:licensing_{model}_changelist")).status_code == 200


def test_admin_creates_an_api_key_and_shows_it_once(staff_client, buyer):
    response = staff_client.post(
        reverse("admin:licensing_apikey_add"), {"buyer": buyer.pk, "name": "CMS"}, follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    raw = next(m for m in messages if "API key for" in m).split(": ")[1].split(" ")[0]
    key = ApiKey.objects.get(name="CMS")
    assert key.matches(raw) and raw not in key.hashed_key
    changelist = staff_client.get(reverse("admin:licensing_apikey_changelist")).content.decode()
    assert raw not in changelist and key.prefix in changelist


def test_admin_earnings_by_partner_and_month(staff_client, buyer_api, clip):
    order(buyer_api, [{"asset": clip.public_id, "license": "editorial"}])
    page = staff_client.get(reverse("admin:licensing_earning_summary")).content.decode()
    assert clip.partner.name in page and "75.00 USD" in page


def test_order_admin_is_read_only(staff_client, buyer_api, clip):
    order(buyer_api, [{"asset": clip.public_id, "license": "editorial"}])
    from licensing.models import Order

    sold = Order.objects.get()
    url = reverse("admin:licensing_order_change", args=[sold.pk])
    assert staff_client.get(url).status_code == 200
    assert staff_client.post(url, {"total": "1.00"}).status_code == 403
    sold.refresh_from_db()
    assert str(sold.total) == "150.00"


def test_buyers_in_other_currencies_are_told_plainly(clip):
    _, key = make_buyer("Euro desk")
    Buyer.objects.filter(name="Euro desk").update(currency="EUR")
    response = order(client_for(key), [{"asset": clip.public_id, "license": "editorial"}])
    assert response.status_code == 400
    assert "priced in USD" in response.json()["detail"]


# Holes a review found: each is closed.


def test_saving_a_buyer_in_admin_never_rewrites_its_balances(staff_client, buyer, buyer_api, clip):
    form_seen_balance = buyer.credit_balance
    order(buyer_api, [{"asset": clip.public_id, "license": "editorial"}])  # commits meanwhile
    buyer.credit_balance = form_seen_balance  # the stale copy a change form holds
    buyer.name = "Renamed newsroom"
    from licensing.services.buyers import buyer_update

    buyer_update(buyer=buyer, fields=["name", "credit_balance"], actor=None)
    buyer.refresh_from_db()
    assert (buyer.name, str(buyer.credit_balance)) == ("Renamed newsroom", "850.00")


def test_the_currency_of_an_account_holding_money_cannot_change(staff_client, buyer):
    from licensing.services.buyers import buyer_update
    from licensing.services.errors import LicensingError

    buyer.currency = "JPY"
    with pytest.raises(LicensingError, match="cannot change"):
        buyer_update(buyer=buyer, fields=["currency"])
    page = staff_client.get(reverse("admin:licensing_buyer_change", args=[buyer.pk]))
    assert 'name="currency"' not in page.content.decode()


def test_staff_top_up_credits_and_record_invoice_payments(staff_client, buyer, clip):
    changelist = reverse("admin:licensing_buyer_changelist")
    staff_client.post(
        changelist, {"action": "add_credits", "_selected_action": [buyer.pk], "amount": "250"}
    )
    buyer.refresh_from_db()
    assert str(buyer.credit_balance) == "1250.00"
    debtor, key = make_buyer("Debtor", credits="0", invoice_limit="1000")
    order(client_for(key), [{"asset": clip.public_id, "license": "commercial"}])
    staff_client.post(
        changelist, {"action": "settle_invoice", "_selected_action": [debtor.pk], "amount": "450"}
    )
    debtor.refresh_from_db()
    assert str(debtor.invoice_balance) == "0.00"


def test_refunding_a_settled_invoice_order_returns_the_money_as_credit(clip):
    from licensing.models import Order
    from licensing.services.buyers import buyer_settle_invoice
    from licensing.services.orders import order_refund

    debtor, key = make_buyer("Settled", credits="0", invoice_limit="1000")
    order(client_for(key), [{"asset": clip.public_id, "license": "commercial"}])
    buyer_settle_invoice(buyer=debtor, amount=300)
    order_refund(order=Order.objects.get())
    debtor.refresh_from_db()
    assert (str(debtor.invoice_balance), str(debtor.credit_balance)) == ("0.00", "300.00")


@pytest.fixture
def viewer_client(client, db):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    client.force_login(viewer)
    return client


def test_view_only_staff_cannot_revoke_keys_refund_or_read_earnings(viewer_client, buyer):
    key = buyer.api_keys.get()
    viewer_client.post(
        reverse("admin:licensing_apikey_changelist"),
        {"action": "revoke", "_selected_action": [key.pk]},
    )
    key.refresh_from_db()
    assert key.revoked_at is None
    from django.contrib.auth.models import Permission

    user = viewer_client.get("/admin/").wsgi_request.user
    user.user_permissions.remove(Permission.objects.get(codename="view_earning"))
    assert viewer_client.get(reverse("admin:licensing_earning_summary")).status_code == 403


def test_masters_have_no_url(clip):
    with pytest.raises(ValueError, match="no URL"):
        clip.master.url  # noqa: B018 - the property access is the test


def test_a_licence_type_needs_a_term_of_at_least_a_day():
    from django.core.exceptions import ValidationError

    from licensing.models import LicenseType

    license_type = LicenseType.objects.get(code="editorial")
    license_type.duration_days = 0
    with pytest.raises(ValidationError):
        license_type.full_clean()
