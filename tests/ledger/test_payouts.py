"""Payouts: a partner asks for its balance (above the minimum), staff pay it once with the
transfer's reference, or cancel it and the amount goes back."""

from decimal import Decimal

import pytest

from audit.models import AuditEntry
from ledger.errors import PayoutRefused
from ledger.models import PartnerBalance, Payout
from ledger.services.payouts import payout_cancel, payout_mark_paid, payout_request
from tests.factories import PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/ledger/payout/"


def funded(available="120.00", owed="0.00", currency="USD"):
    partner = PartnerFactory()
    PartnerBalance.objects.create(
        partner=partner, currency=currency, available=Decimal(available), owed=Decimal(owed)
    )
    return partner


def available(partner, currency="USD"):
    return PartnerBalance.objects.get(partner=partner, currency=currency).available


def test_a_request_takes_the_whole_available_balance():
    partner, person = funded("120.00"), UserFactory()

    payout = payout_request(partner=partner, currency="usd", person=person)

    assert (payout.amount, payout.currency) == (Decimal("120.00"), "USD")
    assert payout.status == "requested"
    assert payout.requested_by == person
    assert available(partner) == Decimal("0.00")
    entry = AuditEntry.objects.get(action="payout.requested")
    assert entry.after["amount"] == "120.00"


def test_a_part_may_be_asked_for():
    partner = funded("120.00")
    payout_request(partner=partner, currency="USD", amount=Decimal("60"))
    assert available(partner) == Decimal("60.00")


@pytest.mark.parametrize(
    ("balance", "asked", "sentence"),
    [
        ("49.99", None, "Payouts start at 50.00 USD; 49.99 USD is available now."),
        ("120.00", Decimal("20"), "Payouts start at 50.00 USD"),
        ("120.00", Decimal("500"), "You asked for 500.00 USD; 120.00 USD is available."),
    ],
)
def test_a_request_below_the_minimum_or_above_the_balance_is_refused(balance, asked, sentence):
    partner = funded(balance)

    with pytest.raises(PayoutRefused) as refusal:
        payout_request(partner=partner, currency="USD", amount=asked)

    assert sentence in refusal.value.detail
    assert not Payout.objects.exists() and available(partner) == Decimal(balance)


def test_the_minimum_is_a_setting(settings):
    settings.PAYOUT_MINIMUM = "10.00"
    partner = funded("20.00")
    assert payout_request(partner=partner, currency="USD").amount == Decimal("20.00")


def test_no_balance_in_a_currency_or_a_malformed_one_is_refused():
    partner = funded("120.00")
    with pytest.raises(PayoutRefused, match="no balance in EUR"):
        payout_request(partner=partner, currency="EUR")
    with pytest.raises(PayoutRefused, match="three-letter code"):
        payout_request(partner=partner, currency="dollars")


def test_a_payout_is_paid_once_with_a_reference(staff_user):
    payout = payout_request(partner=funded(), currency="USD")

    payout_mark_paid(payout=payout, reference=" TRF-1 ", actor=staff_user)

    payout.refresh_from_db()
    assert (payout.status, payout.reference, payout.paid_by) == ("paid", "TRF-1", staff_user)
    assert payout.paid_at is not None
    with pytest.raises(PayoutRefused, match="is paid and cannot become paid"):
        payout_mark_paid(payout=payout, reference="TRF-2", actor=staff_user)
    with pytest.raises(PayoutRefused, match="cannot become cancelled"):
        payout_cancel(payout=payout, actor=staff_user)
    assert AuditEntry.objects.filter(action="payout.paid").count() == 1


def test_paying_needs_a_reference_used_by_no_other_payout(staff_user):
    first = payout_request(partner=funded(), currency="USD")
    second = payout_request(partner=funded(), currency="USD")
    payout_mark_paid(payout=first, reference="TRF-1", actor=staff_user)

    with pytest.raises(PayoutRefused, match="needs the transfer's reference"):
        payout_mark_paid(payout=second, reference="  ", actor=staff_user)
    with pytest.raises(PayoutRefused, match="already marks another payout paid"):
        payout_mark_paid(payout=second, reference="TRF-1", actor=staff_user)

    second.refresh_from_db()
    assert second.status == "requested" and second.reference == ""


def test_cancelling_gives_the_amount_back_paying_off_owed_first(staff_user):
    partner = funded("120.00")
    payout = payout_request(partner=partner, currency="USD")
    # A refund of an earlier sale since the request: 30.00 owed.
    PartnerBalance.objects.filter(partner=partner).update(owed=Decimal("30.00"))

    payout_cancel(payout=payout, actor=staff_user)

    balance = PartnerBalance.objects.get(partner=partner)
    assert (balance.available, balance.owed) == (Decimal("90.00"), Decimal("0.00"))
    assert Payout.objects.get().status == "cancelled"
    assert AuditEntry.objects.filter(action="payout.cancelled").exists()
    with pytest.raises(PayoutRefused, match="cancelled and cannot become paid"):
        payout_mark_paid(payout=payout, reference="TRF-9", actor=staff_user)


def test_staff_mark_a_payout_paid_on_an_intermediate_page(staff_client):
    payout = payout_request(partner=funded(), currency="USD")
    chosen = {"action": "mark_paid", "_selected_action": [payout.pk]}

    page = staff_client.post(CHANGELIST, chosen)
    assert page.status_code == 200
    assert b"Reference" in page.content and b"120.00 USD" in page.content

    blank = staff_client.post(CHANGELIST, {**chosen, "apply": "1", "reference": ""})
    assert blank.status_code == 200 and Payout.objects.get().status == "requested"

    done = staff_client.post(CHANGELIST, {**chosen, "apply": "1", "reference": "TRF-77"})
    assert done.status_code == 302
    payout.refresh_from_db()
    assert (payout.status, payout.reference) == ("paid", "TRF-77")


def test_staff_mark_one_payout_at_a_time_and_cancel_several(staff_client):
    payouts = [payout_request(partner=funded(), currency="USD") for _ in range(2)]
    ids = [p.pk for p in payouts]

    response = staff_client.post(
        CHANGELIST, {"action": "mark_paid", "_selected_action": ids}, follow=True
    )
    assert b"Mark one payout paid at a time" in response.content

    staff_client.post(CHANGELIST, {"action": "cancel", "_selected_action": ids})
    assert set(Payout.objects.values_list("status", flat=True)) == {"cancelled"}
    assert set(PartnerBalance.objects.values_list("available", flat=True)) == {Decimal("120")}


def test_balances_are_read_only_in_admin(staff_client, django_assert_max_num_queries):
    for _ in range(5):
        funded()
    with django_assert_max_num_queries(12):
        response = staff_client.get("/admin/ledger/partnerbalance/")
    assert response.status_code == 200
    assert staff_client.get("/admin/ledger/partnerbalance/add/").status_code == 403
    assert staff_client.get("/admin/ledger/payout/add/").status_code == 403


def test_staff_bookmarks_from_before_the_ledger_app_lead_to_the_same_pages(staff_client):
    payout = Payout.objects.create(
        partner=PartnerFactory(), amount=Decimal("80.00"), currency="USD"
    )
    old = f"/admin/licensing/payout/{payout.pk}/change/?_changelist_filters=status"
    response = staff_client.get(old)
    assert response.status_code == 301
    assert (
        response["Location"]
        == f"/admin/ledger/payout/{payout.pk}/change/?_changelist_filters=status"
    )
    assert staff_client.get(response["Location"]).status_code == 200
    assert staff_client.get("/admin/licensing/earning/summary/", follow=True).status_code == 200
    # Licensing's own pages are not redirected.
    assert staff_client.get("/admin/licensing/order/").status_code == 200


def test_records_of_money_are_never_deleted_in_admin_while_webhooks_may_be(staff_client):
    from django.contrib import admin

    from ledger.models import Earning
    from newsroom.models import WebhookEndpoint

    request = type("Request", (), {"user": UserFactory(staff=True)})()
    for model in (Earning, PartnerBalance, Payout):
        assert not admin.site._registry[model].has_delete_permission(request)
    assert admin.site._registry[WebhookEndpoint].has_delete_permission(request)
