"""The monthly statement: every sale and refund line of the month (UTC) with totals per
currency, as CSV and PDF, equal to the earnings ledger and only the partner's own."""

import csv
import datetime
import io
import re
import zlib
from decimal import Decimal

import pytest
from django.utils import timezone

from ledger.models import Earning
from licensing.services.orders import order_refund
from partners.statements import FutureMonth, MalformedMonth, parse_month, statement_for
from tests.factories import AssetFactory, PartnerFactory
from tests.partners.selling import member_of, partner_client, sell

# Noon of today (the real one, or --clock's): every test starts there, twelve hours from either
# end of the day, so a run that crosses a month's end does not sell in one month and read the
# statement of the next.
NOW = timezone.now().astimezone(datetime.UTC).replace(hour=12, minute=0, second=0, microsecond=0)
THIS_MONTH = f"{NOW:%Y-%m}"
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW)]
NEW_YEAR = datetime.datetime(2027, 1, 1, 0, 0, 30, tzinfo=datetime.UTC)


def statement_url(month, extension="csv"):
    return f"/api/v1/partner/statements/{month}.{extension}"


def rows_of(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def pdf_text(data: bytes) -> str:
    """The text drawn in a PDF made by fpdf2 (its page streams are zlib-compressed)."""
    text = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            text.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            continue
    return "".join(text).replace("\\(", "(").replace("\\)", ")")


@pytest.fixture
def ledger(seller, money_buyer, seller_clip):
    """Two sales and a refund this month, a sale last month, another partner's sale."""
    sell(money_buyer, seller_clip, license="commercial")  # +225.00
    refunded = sell(money_buyer, AssetFactory(partner=seller, title="Storm = damage"))  # +75
    order_refund(order=refunded)  # -75.00
    old = sell(money_buyer, AssetFactory(partner=seller, title="Last month"))
    last_month = NOW.replace(day=1) - datetime.timedelta(days=3)
    Earning.objects.filter(line__order=old).update(created_at=last_month)
    sell(money_buyer, AssetFactory(partner=PartnerFactory(), title="Not yours"))
    return Earning.objects.filter(partner=seller, created_at__gte=NOW.replace(day=1))


def test_the_csv_lines_and_totals_equal_the_ledger(
    seller_api, ledger, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = seller_api.get(statement_url(THIS_MONTH))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="statement-valley-{THIS_MONTH}.csv"'
    )
    rows = rows_of(response)
    lines, totals = rows[:-1], rows[-1:]
    assert [
        (r["type"], r["clip"], r["licence_type"], r["price"], r["share"], r["amount"])
        for r in lines
    ] == [
        ("sale", "Floods in the valley", "Commercial", "450.00", "0.500", "225.00"),
        ("sale", "Storm = damage", "Editorial", "150.00", "0.500", "75.00"),
        ("refund", "Storm = damage", "Editorial", "-150.00", "0.500", "-75.00"),
    ]
    assert all(r["currency"] == "USD" and r["order"] for r in lines)
    assert sum(Decimal(r["amount"]) for r in lines) == sum(e.amount for e in ledger)
    blank = dict.fromkeys(rows[0], "")
    total = {"date": "total", "clip": "3 lines", "amount": "225.00", "currency": "USD"}
    assert totals == [{**blank, **total}]


def test_last_months_statement_holds_last_months_line_only(seller_api, ledger):
    last = NOW.replace(day=1) - datetime.timedelta(days=3)
    rows = rows_of(seller_api.get(statement_url(f"{last:%Y-%m}")))
    assert [r["clip"] for r in rows] == ["Last month", "1 line"]


def test_a_cell_a_spreadsheet_would_run_is_quoted(seller_api, seller, money_buyer):
    sell(money_buyer, AssetFactory(partner=seller, title='=HYPERLINK("x")'))
    rows = rows_of(seller_api.get(statement_url(THIS_MONTH)))
    assert rows[0]["clip"] == '\'=HYPERLINK("x")'


def test_the_pdf_has_the_lines_and_totals(seller_api, ledger):
    response = seller_api.get(statement_url(THIS_MONTH, "pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith(f'filename="statement-valley-{THIS_MONTH}.pdf"')
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    for expected in ("Floods in the valley", "Commercial", "225.00", "-75.00", "Valley Stringers"):
        assert expected in text
    assert "Total USD: sales 300.00, refunds -75.00, net 225.00 (3 lines)" in text
    assert "Not yours" not in text


def test_an_empty_month_is_an_empty_statement(seller_api):
    assert rows_of(seller_api.get(statement_url("2024-02"))) == []
    assert seller_api.get(statement_url("2024-02", "pdf")).content.startswith(b"%PDF")


@pytest.mark.parametrize("month", ["2026-13", "2026-00", "26-11", "november", "0999-12", "2026-1"])
def test_a_malformed_month_is_a_400_with_a_sentence(seller_api, month):
    response = seller_api.get(statement_url(month))
    assert response.status_code == 400
    assert "write it as YYYY-MM" in response.json()["detail"]


def test_a_month_that_has_not_begun_is_a_404(seller_api):
    following = (NOW.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    response = seller_api.get(statement_url(f"{following:%Y-%m}", "pdf"))
    assert response.status_code == 404
    assert "has not begun" in response.json()["detail"]


def test_another_partners_statement_holds_none_of_these_lines(ledger, money_buyer):
    stranger = partner_client(member_of(PartnerFactory(slug="stranger"), "x@stranger.example"))
    rows = rows_of(stranger.get(statement_url(THIS_MONTH)))
    assert rows == []


def test_statements_need_a_partner_key_or_member(api_client):
    assert api_client.get(statement_url(THIS_MONTH)).status_code == 401
    assert api_client.get(statement_url(THIS_MONTH), HTTP_ACCEPT="text/csv").status_code == 401


def test_parse_month_reads_a_month_and_refuses_the_future():
    assert parse_month("2026-11", now=datetime.datetime(2026, 11, 27, tzinfo=datetime.UTC)) == (
        datetime.date(2026, 11, 1)
    )
    with pytest.raises(FutureMonth):
        parse_month("2026-12", now=datetime.datetime(2026, 11, 30, 23, 59, tzinfo=datetime.UTC))
    with pytest.raises(MalformedMonth):
        parse_month("2026-1")


def test_month_bounds_are_utc(seller, money_buyer, seller_clip):
    sell(money_buyer, seller_clip)
    Earning.objects.update(
        created_at=datetime.datetime(2026, 10, 31, 23, 59, 59, tzinfo=datetime.UTC)
    )
    assert len(statement_for(seller, datetime.date(2026, 10, 1)).lines) == 1
    assert statement_for(seller, datetime.date(2026, 11, 1)).lines == []


def test_at_new_year_each_line_is_in_its_own_year(seller_api, seller, money_buyer, time_machine):
    time_machine.move_to(NEW_YEAR)
    sell(money_buyer, AssetFactory(partner=seller, title="Last second of the year"))
    Earning.objects.update(
        created_at=NEW_YEAR.replace(year=2026, month=12, day=31, hour=23, minute=59, second=59)
    )
    sell(money_buyer, AssetFactory(partner=seller, title="First minute of the year"))

    december = rows_of(seller_api.get(statement_url("2026-12")))
    january = rows_of(seller_api.get(statement_url("2027-01")))
    assert [r["clip"] for r in december] == ["Last second of the year", "1 line"]
    assert [r["clip"] for r in january] == ["First minute of the year", "1 line"]
    assert december[0]["date"].startswith("2026-12-31") and january[0]["date"].startswith("2027")
    assert seller_api.get(statement_url("2027-02")).status_code == 404
