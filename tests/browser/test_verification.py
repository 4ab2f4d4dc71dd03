"""Verification in a real browser: staff find a copy's original in the review queue's
Verification panel, decide with a reason and publish; a buyer reads "How this clip was
verified" on the clip page. Screenshots at desktop and mobile sizes; axe-core finds no serious
or critical violation on the clip page."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.files import File

from catalog.models import AssetStatus, VideoAsset
from footage.models import Duplicate
from footage.services import asset_attach_master
from partners.services.review import asset_publish
from tests.browser.axe import serious_violations
from tests.browser.test_site import VIEWPORTS
from tests.factories import AssetFactory, UserFactory
from tests.footage.duplicate_set import build

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "correct horse battery"


def _clip(path, **fields):
    asset = AssetFactory(status=AssetStatus.DRAFT, **fields)
    with open(path, "rb") as handle:  # outside a test transaction: the evidence task runs
        asset_attach_master(asset=asset, file=File(handle, name=path.name))
    VideoAsset.objects.filter(pk=asset.pk).update(status=AssetStatus.REVIEW)
    asset.refresh_from_db()
    return asset


@pytest.fixture
def copy_in_review(live_server, tmp_path):
    made = build(tmp_path, count=1, with_variants=1)
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date()
    original = _clip(made.originals[0], title="Harbour at dawn, the first upload")
    asset_publish(original, UserFactory(staff=True))
    copy = _clip(
        made.variants["letterbox"][0],
        title="Harbour at dawn, vertical re-post",
        recorded_at=yesterday,
        location_country="GB",
    )
    assert Duplicate.objects.filter(asset=copy, other=original).exists()
    return live_server.url, original, copy


def _staff_signs_in(page, base):
    UserFactory(username="desk-editor", staff=True, is_superuser=True)
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "desk-editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def test_staff_decide_on_a_duplicate_and_a_buyer_reads_the_verification(
    browser, copy_in_review, artifacts, axe_source
):
    base, original, copy = copy_in_review
    context = browser.new_context(viewport={"width": 1366, "height": 768}, bypass_csp=True)
    page = context.new_page()
    _staff_signs_in(page, base)

    page.goto(f"{base}/admin/partners/assetinreview/{copy.pk}/change/")
    panel = page.locator(".verification")
    assert "No Content Credentials" in panel.inner_text()
    assert "Harbour at dawn, the first upload" in panel.inner_text()
    assert "Not yet resolved" in panel.inner_text()
    panel.screenshot(path=str(artifacts / "verification-review-panel.png"))

    # Publishing is refused while the match is undecided.
    page.get_by_label("Publish: put it on sale").check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.locator(".messagelist").wait_for()  # the admin answers with a redirect and a message
    assert (
        "staff must decide whether it is a duplicate" in page.locator(".messagelist").inner_text()
    )
    copy.refresh_from_db()
    assert copy.status == AssetStatus.REVIEW

    page.goto(f"{base}/admin/partners/assetinreview/{copy.pk}/change/")
    page.locator(".verification").get_by_role("link", name="Decide").click()
    page.get_by_label(re.compile("Not a duplicate")).check()
    page.get_by_label("Reason").fill("Both filmers sent their raw files: two phones on the pier.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.locator(".messagelist").wait_for()
    match = Duplicate.objects.get(asset=copy, other=original)
    assert match.resolution == "not_duplicate"

    page.goto(f"{base}/admin/partners/assetinreview/{copy.pk}/change/")
    assert "Decision history" in page.locator(".verification").inner_text()
    page.get_by_label("Publish: put it on sale").check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.locator(".messagelist").wait_for()
    copy.refresh_from_db()
    assert copy.status == AssetStatus.PUBLISHED
    context.close()

    for name, (width, height) in VIEWPORTS.items():
        buyer = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
        page = buyer.new_page()
        page.goto(f"{base}{copy.get_absolute_url()}")
        section = page.get_by_role("region", name="How this clip was verified")
        text = section.inner_text()
        assert "no Content Credentials" in text
        assert "our staff decided “not a duplicate”" in text
        section.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / f"verification-clip-{name}.png"), full_page=True)
        assert not serious_violations(page, axe_source), name
        buyer.close()
