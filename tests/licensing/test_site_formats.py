"""A licence's formats on the website: what the page says when a format is refused."""

from decimal import Decimal

import pytest
from django.http import HttpRequest
from django.urls import reverse

from licensing.models import Download, License
from licensing.services.purchase import PurchaseItem, purchase
from tests.factories import AssetFactory
from tests.licensing.conftest import with_master

pytestmark = pytest.mark.django_db


@pytest.fixture
def web_licence(client, buyer):
    clip = with_master(AssetFactory(width=1920, height=1080, frame_rate=Decimal("25")))
    purchase(
        buyer=buyer,
        items=[PurchaseItem(clip.public_id, "editorial", "web")],
        idempotency_key="web-1",
        request_territory=None,
    )
    user = buyer.members.get()
    user.set_password("correct horse battery")
    user.save()
    assert client.login(
        request=HttpRequest(), username=user.username, password="correct horse battery"
    )
    return License.objects.get(asset=clip)


@pytest.mark.parametrize(
    ("format", "status", "says"),
    [
        ("h264-hd", 403, "is at Web (up to 720p); h264-hd is HD (1080p)"),
        ("original", 403, "original is HD (1080p) (1920×1080)"),
        ("h264-4k", 403, "h264-4k is 4K"),
        ("no-such-format", 400, "Unknown delivery format."),
    ],
)
def test_a_format_the_licence_does_not_grant_is_refused_on_its_page(
    client, web_licence, format, status, says
):
    url = reverse("licensing:download", args=[web_licence.public_id])
    answer = client.post(url, {"format": format})

    assert answer.status_code == status
    assert says in answer.content.decode()
    assert not Download.objects.exists()
