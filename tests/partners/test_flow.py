"""A partner's clip from upload to sale: submitted through the API from a finished upload,
published by staff, bought by a buyer, and the sale and the partner's share seen by the
partner (the tus half of the issue's script is the uploads helper's)."""

from decimal import Decimal

import pytest

from catalog.models import VideoAsset
from ledger.models import Earning
from partners.services.review import asset_publish
from tests.factories import UserFactory
from tests.licensing.conftest import client_for, make_buyer, order
from tests.partners.clips import key_client, member_of, ready_upload

pytestmark = pytest.mark.django_db


def test_submitted_published_bought_and_seen_by_the_partner(tmp_path):
    member = member_of()
    partner_api = key_client(member)
    upload = ready_upload(member.partner, tmp_path, seconds=111)

    submitted = partner_api.post(
        "/api/v1/partner/clips/",
        {
            "upload": upload.public_id,
            "title": "Tornado over the plains",
            "restrictions": "No access Chinese mainland",
            "rights": {"filmed_by_submitter": True, "people_consented": True},
        },
        format="json",
    )
    assert submitted.status_code == 201, submitted.json()
    clip = submitted.json()
    assert (clip["status"], clip["duration"]) == ("review", "01:51")

    asset_publish(VideoAsset.objects.get(public_id=clip["id"]), UserFactory(staff=True))
    _, raw = make_buyer(country="GB")
    bought = order(client_for(raw), [{"asset": clip["id"], "license": "editorial"}])
    assert bought.status_code == 201, bought.json()

    seen = partner_api.get(f"/api/v1/partner/clips/{clip['id']}/").json()
    earning = Earning.objects.get(partner=member.partner)
    line = earning.line
    assert seen["status"] == "published"
    assert seen["sales"] == 1
    assert earning.amount == (line.price * member.partner.revenue_share).quantize(Decimal("0.01"))
    assert seen["earnings"] == [{"currency": earning.currency, "amount": f"{earning.amount:.2f}"}]
