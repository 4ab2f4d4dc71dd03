"""Partners see the uses buyers report of their clips: on the dashboard, in the clip's API
detail and in the month's statement (CSV and PDF). Never the buyer's note, and never the
buyer: partners are not told who licensed their clips."""

import datetime

import pytest
from django.utils import timezone

from licensing.models import License, Usage
from licensing.services.usages import usage_report
from tests.factories import AssetFactory, PartnerFactory
from tests.partners.selling import member_of, partner_client, sell
from tests.partners.test_statements import pdf_text, rows_of, statement_url

NOW = timezone.now().astimezone(datetime.UTC).replace(hour=12, minute=0, second=0, microsecond=0)
THIS_MONTH = f"{NOW:%Y-%m}"
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW)]
NOTE = "PRIVATE-NOTE cut by the night desk"


@pytest.fixture
def used(money_buyer, seller_clip):
    """The Daily Planet licensed the clip and reported a use of it, with a private note."""
    sell(money_buyer, seller_clip)
    license = License.objects.get(asset=seller_clip)
    return usage_report(
        license=license,
        buyer=money_buyer,
        used_at=timezone.now(),
        platform="broadcast",
        territory="GB",
        title="Evening bulletin",
        url="https://planet.example/6pm",
        note=NOTE,
    )


def test_the_dashboard_lists_recent_uses_without_note_or_buyer(client, seller_member, used):
    client.force_login(seller_member.user)

    page = client.get("/partner/").content.decode()

    section = page[page.index('id="uses-heading"') :]
    for shown in ("Floods in the valley", "Broadcast", "GB", "Evening bulletin"):
        assert shown in section
    assert 'href="https://planet.example/6pm"' in section
    assert "PRIVATE-NOTE" not in page
    assert "Daily Planet" not in page


def test_the_clip_api_lists_its_uses_without_note_or_buyer(seller_api, seller_clip, used):
    response = seller_api.get(f"/api/v1/partner/clips/{seller_clip.public_id}/")

    assert response.status_code == 200
    (shown,) = response.json()["usages"]
    assert shown == {
        "clip": seller_clip.public_id,
        "used_at": used.used_at.isoformat().replace("+00:00", "Z"),
        "platform": "broadcast",
        "territory": "GB",
        "title": "Evening bulletin",
        "url": "https://planet.example/6pm",
        "reported_at": used.reported_at.isoformat().replace("+00:00", "Z"),
    }
    assert "PRIVATE-NOTE" not in response.content.decode()
    assert "Daily Planet" not in response.content.decode()


def test_the_statement_lists_uses_beside_sales(seller_api, used):
    rows = rows_of(seller_api.get(statement_url(THIS_MONTH)))

    assert [r["type"] for r in rows] == ["sale", "use", ""]  # the sale, the use, the total
    use_row = rows[1]
    assert use_row["clip"] == "Floods in the valley"
    assert (use_row["platform"], use_row["territory"]) == ("broadcast", "GB")
    assert (use_row["use_title"], use_row["use_url"]) == (
        "Evening bulletin",
        "https://planet.example/6pm",
    )
    assert use_row["date"] == used.used_at.strftime("%Y-%m-%d %H:%M:%S")
    assert use_row["amount"] == "" and rows[2]["clip"] == "1 line"  # uses are not money lines

    pdf = seller_api.get(statement_url(THIS_MONTH, "pdf"))
    text = pdf_text(pdf.content)
    assert "Uses reported this month" in text and "Evening bulletin" in text
    assert "PRIVATE-NOTE" not in text and "Daily Planet" not in text


def test_a_use_counts_in_the_month_it_was_reported(seller_api, used):
    last_month = NOW.replace(day=1) - datetime.timedelta(days=3)
    Usage.objects.update(reported_at=last_month)

    this_month = rows_of(seller_api.get(statement_url(THIS_MONTH)))
    earlier = rows_of(seller_api.get(statement_url(f"{last_month:%Y-%m}")))
    assert "use" not in [r["type"] for r in this_month]
    assert [r["type"] for r in earlier] == ["use"]


def test_another_partner_sees_none_of_these_uses(client, used, money_buyer):
    stranger = member_of(PartnerFactory(slug="stranger"), "x@stranger.example")
    own_clip = AssetFactory(partner=stranger.partner, title="Their own clip")
    sell(money_buyer, own_clip)
    api = partner_client(stranger)

    assert rows_of(api.get(statement_url(THIS_MONTH)))[0]["type"] == "sale"
    assert "use" not in [r["type"] for r in rows_of(api.get(statement_url(THIS_MONTH)))]
    assert api.get(f"/api/v1/partner/clips/{own_clip.public_id}/").json()["usages"] == []
    assert api.get(f"/api/v1/partner/clips/{used.license.asset.public_id}/").status_code == 404
    client.force_login(stranger.user)
    assert "Evening bulletin" not in client.get("/partner/").content.decode()
