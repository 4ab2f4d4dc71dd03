"""The partner's dashboard on the site: who may see it, what it shows of each clip, the totals,
and a bounded number of queries however many clips and sales there are."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import AssetStatus
from footage.models import Rendition
from partners.models import ReviewDecision
from tests.factories import AssetFactory, PartnerFactory, UserFactory
from tests.partners.site_helpers import PASSWORD, member_of, sell

pytestmark = pytest.mark.django_db
DASHBOARD = "/partner/"


@pytest.fixture
def member():
    return member_of()


@pytest.fixture
def member_client(client, member):
    client.force_login(member.user)
    return client


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/partner/")


def test_a_buyer_or_plain_user_gets_the_403_page(client):
    client.force_login(UserFactory())

    response = client.get(DASHBOARD)

    assert response.status_code == 403
    assert "does not belong to a content partner" in response.content.decode()


def test_the_dashboard_shows_each_clip_with_status_note_renditions_and_sales(member_client, member):
    # Given a published clip sold twice, a clip in review encoding, and a returned clip
    partner = member.partner
    sold = AssetFactory(partner=partner, title="Flood in the high street")
    sell(sold, key="a", buyer_email="a@example.com")
    sell(sold, key="b", buyer_email="b@example.com")
    encoding = AssetFactory(partner=partner, title="Night protest", status=AssetStatus.REVIEW)
    Rendition.objects.create(
        asset=encoding, kind=Rendition.Kind.PREVIEW, status="running", progress=40
    )
    returned = AssetFactory(partner=partner, title="Shaky harbour", status=AssetStatus.DRAFT)
    ReviewDecision.objects.create(
        asset=returned, verdict=ReviewDecision.Verdict.RETURNED, note="The horizon is tilted."
    )
    AssetFactory(title="Someone else's clip")

    # When the member opens the dashboard
    response = member_client.get(DASHBOARD)

    # Then each clip of the partner is listed with what became of it, and nobody else's
    page = response.content.decode()
    assert response.status_code == 200
    assert "Flood in the high street" in page and "Someone else" not in page
    row = _row(page, sold.public_id)
    assert "Published" in row and ">2<" in row and "150.00 USD" in row
    row = _row(page, encoding.public_id)
    assert "In review" in row and 'value="40"' in row and "40%" in row
    row = _row(page, returned.public_id)
    assert "Returned to you" in row and "The horizon is tilted." in row
    assert reverse("partners:clip-edit", args=[returned.public_id]) in row
    # And the totals and the revenue share
    assert "Your revenue share: <strong>50%</strong>" in page
    assert re.search(r"<dt>Sales</dt><dd>2</dd>", page)
    assert re.search(r"<dt>Earned</dt><dd>150.00 USD</dd>", page)  # 2 x half of 150.00


def test_a_refund_takes_the_sale_and_its_earning_back(member_client, member):
    from licensing.services.orders import order_refund

    clip = AssetFactory(partner=member.partner)
    result = sell(clip)
    order_refund(order=result.order, reason="Wrong clip", actor=None)

    page = member_client.get(DASHBOARD).content.decode()

    row = _row(page, clip.public_id)
    assert ">0<" in row and "0.00 USD" in row


def test_queries_stay_bounded_with_many_clips_and_sales(
    member_client, member, django_assert_max_num_queries
):
    for _ in range(30):
        clip = AssetFactory(partner=member.partner, status=AssetStatus.REVIEW)
        Rendition.objects.create(asset=clip, kind=Rendition.Kind.POSTER)
        ReviewDecision.objects.create(asset=clip, verdict="returned", note="Again")
    published = AssetFactory(partner=member.partner)
    for n in range(3):
        sell(published, key=f"k{n}", buyer_email=f"b{n}@example.com")

    member_client.get(DASHBOARD)  # the first visit after force_login also saves the session

    # 17: one of them reads the latest uses of the partner's clips (licensing.selectors).
    with django_assert_max_num_queries(17):
        response = member_client.get(DASHBOARD)

    assert response.status_code == 200


def test_clips_come_a_page_at_a_time_newest_first(member_client, member):
    clips = [AssetFactory(partner=member.partner, title=f"Clip {n:02d}") for n in range(27)]

    first = member_client.get(DASHBOARD).content.decode()
    assert "Clip 26" in first and "Clip 02" in first and "Clip 01" not in first
    after = re.search(r'href="\?after=([a-z0-9]+)"', first)[1]
    second = member_client.get(DASHBOARD, {"after": after}).content.decode()

    assert "Clip 01" in second and "Clip 00" in second and "Clip 02" not in second
    assert after == clips[2].public_id


def test_a_member_signing_in_lands_on_the_dashboard(client, member):
    response = client.post(
        "/accounts/login/", {"username": member.user.username, "password": PASSWORD}
    )

    assert response.status_code == 302 and response["Location"] == DASHBOARD


def test_a_member_signing_in_with_next_goes_there(client, member):
    response = client.post(
        "/accounts/login/?next=/browse/",
        {"username": member.user.username, "password": PASSWORD, "next": "/browse/"},
    )

    assert response["Location"] == "/browse/"


def test_the_header_shows_partner_area_to_members_only(client, member):
    other = UserFactory()
    client.post("/accounts/login/", {"username": member.user.username, "password": PASSWORD})
    assert "Partner area</a>" in client.get("/").content.decode()

    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"username": other.username, "password": PASSWORD})
    assert "Partner area</a>" not in client.get("/").content.decode()


def test_the_header_link_costs_no_query(client, member):
    client.post("/accounts/login/", {"username": member.user.username, "password": PASSWORD})

    with CaptureQueriesContext(connection) as counted:
        page = client.get("/").content.decode()

    assert "Partner area</a>" in page
    assert not any("partners_partnermember" in query["sql"] for query in counted)


def test_another_partner_cannot_see_the_clip_on_its_dashboard(client):
    mine = member_of(email="mine@example.com")
    theirs = member_of(PartnerFactory(name="Rival"), email="theirs@example.com")
    clip = AssetFactory(partner=mine.partner, title="Exclusive scoop")
    client.force_login(theirs.user)

    page = client.get(DASHBOARD).content.decode()

    assert "Exclusive scoop" not in page
    assert client.get(DASHBOARD, {"after": clip.public_id}).status_code == 200


def _row(page: str, public_id: str) -> str:
    start = page.index(f'id="clip-{public_id}"')
    return page[start : page.index("</tr>", start)]
