"""Delivery in the browser: the clip page's resolution tiers with their prices and formats,
checkout at a tier, and a licence's formats prepared and downloaded (docs/delivery.md)."""

import io
import re
from decimal import Decimal
from pathlib import Path

import av
import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from catalog.models import VideoAsset
from devdata.videos import synthetic_video
from footage.models import PreparedFormat
from licensing.models import License, LicenseType
from licensing.services.buyers import buyer_create
from tests.browser.axe import serious_violations
from tests.factories import AssetFactory

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "correct horse battery"
# The elements wider than the viewport, outermost first: what makes a page scroll sideways.
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > innerWidth + 1 && !e.closest('.table-scroll'))
  .slice(0, 4).map(e => `${e.tagName}.${e.className}#${e.id} ${e.getBoundingClientRect().right}`)"""


@pytest.fixture
def shop(live_server):
    clip = AssetFactory(
        title="Ferry crossing in a storm", width=1920, height=1080, frame_rate=Decimal("25")
    )
    data = synthetic_video(2, width=1920, height=1080, fps=25, audio=True, distinct_frames=4)
    clip.master.save(f"{clip.slug}.mp4", ContentFile(data), save=False)
    VideoAsset.objects.filter(pk=clip.pk).update(master=clip.master.name)
    buyer, _ = buyer_create(
        name="Daily Planet", country="GB", email="desk@planet.example", credits=10000
    )
    member = buyer.members.get()
    member.set_password(PASSWORD)
    member.save()
    return live_server.url, clip


def sign_in(page, base):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail or user name").fill("desk@planet.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/account/$"))


def checked(page, name, artifacts, axe_source):
    page.screenshot(path=str(artifacts / f"delivery-{name}.png"), full_page=True)
    assert not serious_violations(page, axe_source), name


def test_buy_at_web_then_prepare_and_download_a_format(browser, shop, artifacts, axe_source):
    base, clip = shop
    editorial = LicenseType.objects.get(code="editorial")
    web_price = (editorial.price * Decimal("0.40")).quantize(Decimal("0.01"))
    context = browser.new_context(viewport={"width": 1366, "height": 768}, bypass_csp=True)
    page = context.new_page()
    sign_in(page, base)

    page.goto(f"{base}{clip.get_absolute_url()}")
    tiers = page.get_by_role("group", name="Resolution")
    assert "Web (up to 720p)" in tiers.inner_text()
    assert f"Editorial {web_price}" in tiers.inner_text()
    assert "H.264 MP4 HD (up to 1080p) 1920×1080" in tiers.inner_text()
    assert page.locator("#tier-hd").is_checked()  # the clip's highest by default
    checked(page, "clip", artifacts, axe_source)

    page.locator("#offer-editorial").check()
    page.locator("#tier-web").check()
    page.get_by_role("button", name="Continue to checkout").click()
    summary = page.locator(".summary-card").inner_text()
    assert "Web (up to 720p)" in summary and str(web_price) in summary
    checked(page, "checkout", artifacts, axe_source)
    page.get_by_role("button", name=re.compile(f"Confirm and pay {web_price}")).click()
    page.wait_for_url(re.compile(r"/account/orders/"))

    license = License.objects.get(asset=clip)
    assert license.resolution == "web"
    page.goto(f"{base}/account/licenses/{license.public_id}/")
    rows = page.locator("#formats tbody tr")
    hd_row = rows.filter(has_text="H.264 MP4 HD")
    assert "Not in this licence" in hd_row.inner_text()
    web_row = rows.filter(has_text="H.264 MP4 for the web")
    web_row.get_by_role("button", name="Prepare").click()
    page.wait_for_url(re.compile(license.public_id))
    # The test settings run tasks at once, so the file is made by the time the page is back.
    web_row = page.locator("#formats tbody tr").filter(has_text="H.264 MP4 for the web")
    assert "Ready" in web_row.inner_text()
    checked(page, "license", artifacts, axe_source)
    with page.expect_download() as caught:
        web_row.get_by_role("button", name="Download").click()
    assert caught.value.suggested_filename.endswith("-h264-web.mp4")
    data = Path(caught.value.path()).read_bytes()
    with av.open(io.BytesIO(data)) as container:
        video = container.streams.video[0].codec_context
        assert (video.name, video.width, video.height) == ("h264", 1280, 720)
    assert [d.format for d in license.downloads.all()] == ["h264-web"]

    # While a format is being made the page shows how far along it is, and keeps it current.
    PreparedFormat.objects.filter(asset=clip, format="h264-web").update(
        status="running", progress=40, heartbeat_at=timezone.now()
    )
    page.goto(f"{base}/account/licenses/{license.public_id}/")
    web_row = page.locator("#formats tbody tr").filter(has_text="H.264 MP4 for the web")
    assert "Preparing" in web_row.inner_text() and "40%" in web_row.inner_text()
    PreparedFormat.objects.filter(asset=clip, format="h264-web").update(progress=80)
    page.wait_for_function(
        "() => document.querySelector('#formats progress')?.value === 80", timeout=15000
    )
    checked(page, "license-preparing", artifacts, axe_source)
    context.close()

    # On a phone: the tiers and the formats table fit, and pass axe.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = phone.new_page()
    sign_in(page, base)
    for name, url in (
        ("clip-mobile", f"{base}{clip.get_absolute_url()}"),
        ("license-mobile", f"{base}/account/licenses/{license.public_id}/"),
    ):
        page.goto(url)
        page.screenshot(path=str(artifacts / f"delivery-{name}.png"), full_page=True)
        wide = page.evaluate(WIDEST)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, (name, wide)
        checked(page, name, artifacts, axe_source)
    phone.close()
