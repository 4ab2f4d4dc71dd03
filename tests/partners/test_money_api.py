"""The partner's balance and payout requests through the API."""

from decimal import Decimal

import pytest

from ledger.models import PartnerBalance, Payout
from tests.factories import AssetFactory, PartnerFactory
from tests.licensing.conftest import client_for, make_buyer
from tests.partners.selling import member_of, partner_client, sell

pytestmark = pytest.mark.django_db

BALANCE, PAYOUTS = "/api/v1/partner/balance/", "/api/v1/partner/payouts/"


def test_the_balance_shows_share_minimum_balances_and_payouts(
    seller_api, seller, money_buyer, seller_clip, django_assert_max_num_queries
):
    sell(money_buyer, seller_clip, license="commercial")
    assert seller_api.post(PAYOUTS, {"currency": "USD"}, format="json").status_code == 201
    sell(money_buyer, AssetFactory(partner=seller))

    with django_assert_max_num_queries(6):
        body = seller_api.get(BALANCE).json()

    assert body["revenue_share"] == "0.500" and body["payout_minimum"] == "50.00"
    assert body["balances"] == [
        {"currency": "USD", "available": "75.00", "owed": "0.00", "can_pay_out": True}
    ]
    [payout] = body["recent_payouts"]
    assert (payout["amount"], payout["status"], payout["reference"]) == ("225.00", "requested", "")


def test_a_payout_request_takes_the_whole_balance(
    seller_api, seller_member, money_buyer, seller_clip
):
    sell(money_buyer, seller_clip, license="commercial")

    response = seller_api.post(PAYOUTS, {"currency": "USD"}, format="json")

    assert response.status_code == 201
    assert response.json()["amount"] == "225.00"
    assert Payout.objects.get().requested_by == seller_member.user
    assert PartnerBalance.objects.get().available == Decimal("0.00")


def test_below_the_minimum_is_a_400_with_a_sentence_and_changes_nothing(
    seller_api, money_buyer, seller_clip, settings
):
    settings.PAYOUT_MINIMUM = "100.00"
    sell(money_buyer, seller_clip)  # 75.00

    response = seller_api.post(PAYOUTS, {"currency": "USD"}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Payouts start at 100.00 USD; 75.00 USD is available now.",
        "code": "below_minimum",
    }
    assert not Payout.objects.exists()


@pytest.mark.parametrize("body", [{}, {"currency": "usd"}, {"currency": "DOLLARS"}])
def test_a_malformed_currency_is_a_400(seller_api, body):
    response = seller_api.post(PAYOUTS, body, format="json")
    assert response.status_code == 400 and "currency" in response.json()["fields"]


def test_partner_endpoints_refuse_a_buyer_key_and_strangers(api_client):
    _, raw = make_buyer()
    buyer = client_for(raw)
    assert buyer.get(BALANCE).status_code in (401, 403)
    assert api_client.get(BALANCE).status_code == 401
    assert api_client.post(PAYOUTS, {"currency": "USD"}, format="json").status_code == 401


def test_one_partner_never_sees_anothers_balance(seller_api, money_buyer, seller_clip):
    sell(money_buyer, seller_clip)
    stranger = partner_client(member_of(PartnerFactory(), "x@stranger.example"))
    assert stranger.get(BALANCE).json()["balances"] == []
    assert stranger.post(PAYOUTS, {"currency": "USD"}, format="json").status_code == 400
