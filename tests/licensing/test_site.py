"""Buying on the website: offers on the clip page, checkout, a double click, the account."""

from decimal import Decimal

import pytest
from django.http import HttpRequest
from django.urls import reverse

from licensing.models import ApiKey, Download, License, Order
from licensing.services.orders import license_revoke
from tests.factories import AssetFactory, UserFactory
from tests.licensing.conftest import make_buyer, with_master

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client, buyer):
    user = buyer.members.get()
    user.set_password("correct horse battery")
    user.save()
    # django-axes needs the request a sign-in comes with to count it.
    assert client.login(
        request=HttpRequest(), username=user.username, password="correct horse battery"
    )
    return client


def test_the_clip_page_offers_each_licence_with_price_and_terms(client, clip):
    page = client.get(clip.get_absolute_url()).content.decode()
    for text in ("Editorial", "150.00 USD", "Commercial", "450.00 USD", "Exclusive", "2500.00 USD"):
        assert text in page
    assert "Sign in to buy" in page


def test_offers_say_why_a_licence_cannot_be_bought(member):
    clip = AssetFactory(restrictions="Editorial use only")
    page = member.get(clip.get_absolute_url()).content.decode()
    assert "Not available: Editorial use only: no commercial use" in page
    assert "Continue to checkout" in page


def test_checkout_then_confirm_makes_one_order_even_on_a_double_click(member, buyer, clip):
    checkout = member.get(
        reverse("licensing:checkout"), {"asset": clip.public_id, "license": "editorial"}
    )
    assert checkout.status_code == 200
    token = checkout.context["idempotency_key"]
    form = {"asset": clip.public_id, "license": "editorial", "idempotency_key": token}
    first = member.post(reverse("licensing:checkout"), form)
    second = member.post(reverse("licensing:checkout"), form)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Order.objects.count() == 1
    buyer.refresh_from_db()
    assert buyer.credit_balance == Decimal("850.00")
    order_page = member.get(first["Location"]).content.decode()
    assert "Formats and downloads" in order_page and "Certificate (PDF)" in order_page


def test_the_download_button_streams_the_master(member, clip):
    member.post(
        reverse("licensing:checkout"),
        {"asset": clip.public_id, "license": "editorial", "idempotency_key": "a"},
    )
    license = Order.objects.get().lines.get().license
    response = member.post(reverse("licensing:download", args=[license.public_id]), follow=True)
    assert response.status_code == 200
    with clip.master.open("rb") as master:
        assert b"".join(response.streaming_content) == master.read()
    assert Download.objects.count() == 1


def test_checkout_refusals_are_shown_with_their_reasons(member, buyer):
    clip = with_master(AssetFactory())
    form = {"asset": clip.public_id, "license": "exclusive", "idempotency_key": "x"}
    response = member.post(reverse("licensing:checkout"), form)
    assert response.status_code == 402
    assert "credit balance is 1000.00 USD" in response.content.decode()
    assert not Order.objects.exists()


def test_account_pages_list_orders_licences_downloads_and_keys(member, clip):
    member.post(
        reverse("licensing:checkout"),
        {"asset": clip.public_id, "license": "editorial", "idempotency_key": "a"},
    )
    for name, text in [
        ("licensing:account", "Floods in the valley"),
        ("licensing:licenses", "Editorial"),
        ("licensing:downloads", "No downloads yet"),
        ("licensing:api-keys", "First key"),
    ]:
        page = member.get(reverse(name))
        assert page.status_code == 200 and text in page.content.decode(), name


def test_api_keys_are_created_shown_once_and_revoked(member, buyer):
    created = member.post(reverse("licensing:api-keys"), {"name": "CMS"})
    raw = created.context["new_key"]
    key = ApiKey.objects.get(name="CMS")
    assert key.matches(raw) and "no-store" in created["Cache-Control"]
    assert raw not in member.get(reverse("licensing:api-keys")).content.decode()
    member.post(reverse("licensing:api-keys"), {"revoke": key.pk})
    key.refresh_from_db()
    assert key.revoked_at is not None


def test_another_buyers_order_and_licence_are_404_on_the_site(member, clip):
    other, key = make_buyer("Other")
    from tests.licensing.conftest import client_for, order

    order(client_for(key), [{"asset": clip.public_id, "license": "editorial"}])
    theirs = Order.objects.get(buyer=other)
    license = theirs.lines.get().license
    assert member.get(reverse("licensing:order", args=[theirs.public_id])).status_code == 404
    assert member.get(reverse("licensing:certificate", args=[license.public_id])).status_code == 404
    assert member.post(reverse("licensing:download", args=[license.public_id])).status_code == 404


def test_account_pages_need_a_signed_in_buyer(client, clip):
    assert client.get(reverse("licensing:account")).status_code == 302
    client.force_login(UserFactory())
    assert client.get(reverse("licensing:account")).status_code == 403


def test_signed_in_pages_stay_within_the_query_budget(member, clip, settings):
    from tests.catalog.test_pages import PAGE_BUDGET, page_queries

    # Licensing's own pages and panel; the newsroom's board panel is counted in its own tests.
    settings.CLIP_PAGE_PANELS = ["licensing.panels.offers"]

    for n in range(3):
        member.post(
            reverse("licensing:checkout"),
            {"asset": AssetFactory().public_id, "license": "editorial", "idempotency_key": f"k{n}"},
        )
    # The purchases' "Licensed: …" messages wait in the session; showing them once writes the
    # session, a cost of that one page, not of a page in general.
    member.get(reverse("licensing:account"))
    urls = [
        clip.get_absolute_url(),
        reverse("licensing:checkout") + f"?asset={clip.public_id}&license=editorial",
        reverse("licensing:account"),
        reverse("licensing:order", args=[Order.objects.first().public_id]),
        reverse("licensing:licenses"),
        reverse("licensing:license", args=[License.objects.first().public_id]),
        reverse("licensing:downloads"),
        reverse("licensing:api-keys"),
    ]
    counts = {url: page_queries(member, url) for url in urls}
    assert max(counts.values()) <= PAGE_BUDGET, counts


def test_checkout_refuses_a_clip_the_visitor_may_not_see(member, settings):
    clip = AssetFactory(restrictions="No access UK")
    response = member.get(
        reverse("licensing:checkout"), {"asset": clip.public_id, "license": "editorial"}
    )
    assert response.status_code == 451
    assert "No access in United Kingdom (GB)" in response.content.decode()


def test_revoking_a_key_that_is_not_ours_is_404(member):
    # Malformed ids are a 400 with the page shown again: tests/licensing/test_hostile_input.py
    assert member.post(reverse("licensing:api-keys"), {"revoke": "999999"}).status_code == 404


def test_home_counts_and_tag_choices_only_show_what_the_visitor_may_see(client):
    from tests.factories import CategoryFactory, TagFactory

    category = CategoryFactory(name="Weather")
    secret = TagFactory(name="secret-blocked-tag")
    AssetFactory(categories=[category], restrictions="No access UK", tags=[secret])
    AssetFactory(categories=[category])
    home = client.get("/").content.decode()
    assert 'Weather <span class="count">1</span>' in home
    assert "secret-blocked-tag" not in client.get("/clips/").content.decode()


def test_the_public_verification_page(client, sold, buyer, staff_user):
    _, license = sold
    page = client.get(f"/licenses/verify/{license.verification_code}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "In force" in html and buyer.name in html and "Floods in the valley" in html
    assert "Editorial" in html
    license_revoke(license=license, actor=staff_user, reason="Court order")
    html = client.get(f"/licenses/verify/{license.verification_code.lower()}/").content.decode()
    assert "Revoked" in html
    assert "Court order" not in html  # the reason is between us and the buyer
    assert client.get("/licenses/verify/NOPE-NOPE-NOPE/").status_code == 404


def test_the_clip_page_prices_the_resolution_a_checkout_buys(client):
    clip = AssetFactory(restrictions="", width=1280, height=720)  # a 720p master: web
    page = client.get(clip.get_absolute_url()).content.decode()
    assert "60.00 USD" in page and "150.00 USD" not in page


def test_an_upgrade_order_page_shows_the_licence_it_raised(member, buyer):
    from licensing.services.purchase import PurchaseItem, purchase

    clip = with_master(AssetFactory(restrictions="", width=3840, height=2160))
    for key, tier in (("k1", "hd"), ("k2", "4k")):
        result = purchase(
            buyer=buyer,
            items=[PurchaseItem(clip.public_id, "editorial", tier)],
            idempotency_key=key,
            request_territory=None,
        )
    licence = result.order.lines.get().target_license
    page = member.get(reverse("licensing:order", args=[result.order.public_id]))
    text = page.content.decode()
    assert page.status_code == 200
    assert f"an upgrade of licence {licence.public_id} from HD (1080p)" in text
    assert reverse("licensing:certificate", args=[licence.public_id]) in text
    verify = member.get(licence.get_absolute_url()).content.decode()
    assert "4K (above 1080p)" in verify
