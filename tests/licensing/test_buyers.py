"""Buyer organisations: create_buyer, the demo buyer, credits, invoice payments and staff's
edits."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from licensing.models import ApiKey, Buyer
from licensing.services.buyers import (
    buyer_add_credits,
    buyer_create,
    buyer_settle_invoice,
    buyer_update,
)
from licensing.services.errors import BuyerError, LicensingError, PurchaseInvalid
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
    from django.http import HttpRequest
    from django.test import Client

    sign_in = {"username": "buyer@demo.example", "password": password}
    assert Client().login(request=HttpRequest(), **sign_in)
    assert client_for(key).get(ORDERS).status_code == 200
    assert key not in second.getvalue()
    assert Buyer.objects.count() == 1


def test_saving_a_buyer_in_admin_never_rewrites_its_balances(staff_client, buyer, buyer_api, clip):
    form_seen_balance = buyer.credit_balance
    order(buyer_api, [{"asset": clip.public_id, "license": "editorial"}])  # commits meanwhile
    buyer.credit_balance = form_seen_balance  # the stale copy a change form holds
    buyer.name = "Renamed newsroom"

    buyer_update(buyer=buyer, fields=["name", "credit_balance"], actor=None)
    buyer.refresh_from_db()
    assert (buyer.name, str(buyer.credit_balance)) == ("Renamed newsroom", "850.00")


def test_staff_can_change_the_names_a_buyer_is_known_by(buyer):
    buyer.known_as = "Planet Media, DP Group"  # what restriction lines may call it

    buyer_update(buyer=buyer, fields=["known_as"], actor=None)
    buyer.refresh_from_db()
    assert buyer.known_names() == [buyer.name, "Planet Media", "DP Group"]


def test_the_currency_of_an_account_holding_money_cannot_change(staff_client, buyer):

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


def test_buyer_services_refuse_with_a_buyer_error_not_a_purchase_error(buyer):
    refusals = [
        lambda: buyer_create(name="Bad", country="GB", email="bad@example.com", credits=-5),
        lambda: buyer_create(name="Bad", country="GB", email="bad@example.com", invoice_limit=-1),
        lambda: buyer_add_credits(buyer=buyer, amount=Decimal("0")),
        lambda: buyer_settle_invoice(buyer=buyer, amount=Decimal("1")),  # nothing is owed
    ]
    for refuse in refusals:
        with pytest.raises(BuyerError) as caught:
            refuse()
        assert not isinstance(caught.value, PurchaseInvalid)
        assert (caught.value.status, caught.value.code) == (400, "invalid")
    assert list(Buyer.objects.all()) == [buyer]
    buyer.refresh_from_db()
    assert (str(buyer.credit_balance), str(buyer.invoice_balance)) == ("1000.00", "0.00")


def test_changing_the_currency_of_an_account_with_money_is_a_buyer_error(buyer):
    buyer.currency = "EUR"
    with pytest.raises(BuyerError, match="cannot change"):
        buyer_update(buyer=buyer, fields=["currency"])


def test_create_buyer_refuses_a_member_of_another_organisation(buyer):
    email = buyer.members.get().email
    with pytest.raises(BuyerError, match="already belongs to another organisation"):
        buyer_create(name="Second desk", country="GB", email=email)
    with pytest.raises(CommandError, match="already belongs to another organisation"):
        call_command(
            "create_buyer", "--name", "Second desk", "--country", "GB", "--email", email,
            stdout=io.StringIO(),
        )  # fmt: skip
    assert list(Buyer.objects.all()) == [buyer]


def test_staff_see_a_refused_invoice_payment_as_a_message(staff_client, buyer):
    response = staff_client.post(
        reverse("admin:licensing_buyer_changelist"),
        {"action": "settle_invoice", "_selected_action": [buyer.pk], "amount": "10"},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [f"{buyer}: Settle between 0.01 and the 0.00 USD owed."]
