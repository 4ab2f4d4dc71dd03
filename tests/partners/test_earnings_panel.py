"""The dashboard's money panel: balance and share, totals, the chart by month, recent sales,
statements and the payout form, at a fixed number of queries."""

import datetime
import re
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from ledger.models import Earning, Payout
from licensing.services.orders import order_refund
from partners.earnings import earnings_panel, months_back
from tests.factories import AssetFactory, UserFactory
from tests.partners.selling import sell

NOW = datetime.datetime(2026, 11, 27, 12, tzinfo=datetime.UTC)
# Every sale, refund and panel in this module happens at NOW: the test sets its own clock.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW)]

PAYOUTS = "/partner/payouts/"


def render(panel, user):
    request = RequestFactory().get("/partner/")
    request.user = user
    return render_to_string("partners/_earnings_panel.html", {"panel": panel}, request=request)


@pytest.fixture
def trading(seller, money_buyer, seller_clip):
    """A commercial sale (225.00 to the partner), an editorial sale refunded, one sale in
    September."""
    sell(money_buyer, seller_clip, license="commercial")
    order_refund(order=sell(money_buyer, AssetFactory(partner=seller, title="Refunded clip")))
    old = sell(money_buyer, AssetFactory(partner=seller, title="September clip"))
    Earning.objects.filter(line__order=old).update(
        created_at=datetime.datetime(2026, 9, 14, 10, tzinfo=datetime.UTC)
    )
    return seller


def test_the_panel_adds_up_the_ledger(trading, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        panel = earnings_panel(trading, now=NOW)

    assert panel["revenue_share"] == Decimal("0.500")
    [balance] = panel["balances"]
    assert (balance.currency, balance.available, balance.can_pay_out) == (
        "USD",
        Decimal("300.00"),
        True,
    )
    assert panel["totals"] == [
        {
            "currency": "USD",
            "sales": Decimal("375.00"),
            "refunds": Decimal("-75.00"),
            "net": Decimal("300.00"),
        }
    ]
    assert panel["statement_months"] == [
        datetime.date(NOW.year, NOW.month, 1),
        datetime.date(2026, 9, 1),
    ]
    assert [n.kind for n in panel["notifications"]] == ["sale", "refund", "sale", "sale"]
    months = panel["charts"][0]["months"]
    assert len(months) == 12 and months[-1]["month"] == datetime.date(2026, 11, 1)
    september = next(m for m in months if m["month"] == datetime.date(2026, 9, 1))
    assert (september["sales"], september["net"]) == (Decimal("75.00"), Decimal("75.00"))


def test_the_query_count_does_not_grow_with_sales(
    seller, money_buyer, django_assert_max_num_queries
):
    for index in range(8):
        sell(money_buyer, AssetFactory(partner=seller, title=f"Clip {index}"))
    with django_assert_max_num_queries(5):
        render(earnings_panel(seller), UserFactory())


def test_the_chart_is_an_accessible_svg_with_a_table(trading, seller_member):
    html = render(earnings_panel(trading, now=NOW), seller_member.user)

    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="earnings-USD-title earnings-USD-desc"' in svg
    assert '<title id="earnings-USD-title">Earnings by month (USD)</title>' in svg
    assert "December 2025 to November 2026" in svg
    assert "Amount (USD)" in svg and ">Month<" in svg
    assert svg.count("<rect") == 3  # Sep sale, Nov sales, Nov refund
    assert '<th scope="row">September 2026</th><td>75.00</td>' in html
    assert "50%" in html and "300.00 USD" in html
    assert "/api/v1/partner/statements/2026-09.csv" in html
    assert "/api/v1/partner/statements/2026-11.pdf" in html
    assert 'action="/partner/payouts/"' in html and "csrfmiddlewaretoken" in html


def test_an_empty_panel_says_so(seller, seller_member):
    html = render(earnings_panel(seller), seller_member.user)
    assert "No earnings yet" in html and "No sales yet" in html


def test_months_back_crosses_years():
    months = months_back(datetime.date(2026, 2, 10), 4)
    assert [f"{m:%Y-%m}" for m in months] == ["2025-11", "2025-12", "2026-01", "2026-02"]


def test_a_member_requests_a_payout_from_the_site(trading, seller_member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(seller_member.user)
    assert client.post(PAYOUTS, {"currency": "USD"}).status_code == 403  # no CSRF token

    client = Client()
    client.force_login(seller_member.user)
    response = client.post(PAYOUTS, {"currency": "USD"})

    assert response.status_code == 302 and response["Location"] == "/partner/"
    payout = Payout.objects.get()
    assert (payout.amount, payout.requested_by) == (Decimal("300.00"), seller_member.user)
    again = client.post(PAYOUTS, {"currency": "USD"})
    messages = [str(m) for m in again.wsgi_request._messages]
    assert messages[-1] == "Payouts start at 50.00 USD; 0.00 USD is available now."
    assert Payout.objects.count() == 1


def test_only_members_may_ask(trading):
    client = Client()
    assert client.post(PAYOUTS, {"currency": "USD"}).status_code == 302  # to sign in
    client.force_login(UserFactory())
    assert client.post(PAYOUTS, {"currency": "USD"}).status_code == 403
    assert client.get(PAYOUTS).status_code == 405
    assert not Payout.objects.exists()
