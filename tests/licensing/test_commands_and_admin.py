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
    key = first.getvalue().split("shown only once:\n")[1].split()[0]
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
