"""On each sale and refund the partner hears at once on the dashboard, and each member by an
e-mail a background task sends once the sale is committed."""

from decimal import Decimal

import pytest
from django.core import mail

from licensing.services.orders import order_refund
from partners.mailing import notification_mail
from partners.models import PartnerNotification
from partners.notify import notify_partner
from tests.factories import AssetFactory, PartnerFactory
from tests.partners.selling import member_of, sell

pytestmark = pytest.mark.django_db

NOTIFICATIONS = "/api/v1/partner/notifications/"


def test_a_sale_is_on_the_dashboard_at_once_with_the_clip_licence_and_share(
    seller, seller_member, money_buyer, seller_clip
):
    sell(money_buyer, seller_clip, license="commercial")  # 450.00, half to the partner

    notice = PartnerNotification.objects.get()
    assert (notice.partner, notice.kind, notice.asset) == (seller, "sale", seller_clip)
    assert notice.earning.amount == Decimal("225.00")
    assert "“Floods in the valley”" in notice.message
    assert "Commercial licence" in notice.message
    assert "Your share: 225.00 USD (50% of 450.00 USD)" in notice.message


def test_each_member_gets_an_email_from_the_task_after_the_commit(
    seller, seller_member, money_buyer, seller_clip, django_capture_on_commit_callbacks
):
    member_of(seller, "ben@valley.example")

    with django_capture_on_commit_callbacks(execute=True):
        sell(money_buyer, seller_clip)
        assert mail.outbox == []  # nothing leaves before the sale is committed

    assert sorted(m.to[0] for m in mail.outbox) == ["ana@valley.example", "ben@valley.example"]
    message = mail.outbox[0]
    assert "Floods in the valley" in message.subject
    assert "Editorial licence" in message.body
    assert "Your share: 75.00 USD" in message.body
    assert "/partner/" in message.body
    assert PartnerNotification.objects.get().emailed_at is not None


def test_a_refund_notifies_too(
    seller, seller_member, money_buyer, seller_clip, django_capture_on_commit_callbacks
):
    order = sell(money_buyer, seller_clip)

    with django_capture_on_commit_callbacks(execute=True):
        order_refund(order=order)

    refund = PartnerNotification.objects.get(kind="refund")
    assert refund.earning.amount == Decimal("-75.00")
    assert "Your share of 75.00 USD comes off your balance" in refund.message
    assert [m.to for m in mail.outbox] == [["ana@valley.example"]]
    assert "Refund" in mail.outbox[0].subject


def test_an_order_of_two_partners_tells_each_only_its_own(money_buyer, seller_member, seller_clip):
    other = PartnerFactory()
    member_of(other, "zoe@other.example")
    sell(money_buyer, seller_clip, AssetFactory(partner=other, title="Other clip"))

    assert PartnerNotification.objects.filter(partner=seller_clip.partner).count() == 1
    assert "Other clip" in PartnerNotification.objects.get(partner=other).message


def test_the_mail_task_is_safe_to_run_twice(seller_member, money_buyer, seller_clip):
    sell(money_buyer, seller_clip)
    notice = PartnerNotification.objects.get()

    assert notification_mail(notification_id=notice.pk) == 1
    assert notification_mail(notification_id=notice.pk) == 0
    assert len(mail.outbox) == 1


def test_review_decisions_use_the_same_helper(
    seller, seller_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify_partner(partner=seller, kind="returned", message="Please trim the opening.")

    assert PartnerNotification.objects.get().kind == "returned"
    assert mail.outbox[0].body.count("Please trim the opening.") == 1


def test_the_api_lists_the_partners_own_notifications_newest_first(
    seller_api, money_buyer, seller_clip, django_assert_max_num_queries
):
    for index in range(3):
        sell(money_buyer, AssetFactory(partner=seller_clip.partner, title=f"Clip {index}"))
    other = PartnerFactory()
    sell(money_buyer, AssetFactory(partner=other, title="Not yours"))

    with django_assert_max_num_queries(6):
        response = seller_api.get(NOTIFICATIONS, {"page_size": 2})

    assert response.status_code == 200
    body = response.json()
    assert [n["message"].split("”")[0] for n in body["results"]] == [
        "Sold: “Clip 2",
        "Sold: “Clip 1",
    ]
    first = body["results"][0]
    assert (first["kind"], first["amount"], first["currency"]) == ("sale", "75.00", "USD")
    assert body["count"] == 3
    following = seller_api.get(body["next"]).json()
    assert [n["message"][:12] for n in following["results"]] == ["Sold: “Clip "]


def test_notifications_need_a_partner(api_client, money_buyer):
    assert api_client.get(NOTIFICATIONS).status_code == 401
