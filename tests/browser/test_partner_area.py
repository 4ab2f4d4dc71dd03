"""The partner area in a real browser: a partner member signs in, uploads a synthetic video
through tus-js-client with the progress bar reaching 100%, describes it with the restriction
controls (the text written live by the compile endpoint), sends it and finds it in review on the
dashboard. Screenshots at desktop and mobile sizes; axe-core finds no serious or critical
violation on the dashboard, upload and form pages."""

import re

import pytest

from catalog.models import AssetStatus, VideoAsset
from devdata.videos import synthetic_video
from partners.views import submit
from tests.browser.axe import serious_violations
from tests.browser.test_site import VIEWPORTS
from tests.factories import CategoryFactory
from tests.partners.site_helpers import PASSWORD, member_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server, monkeypatch):
    # Small chunks, so a 2 MB clip goes up in several PATCH requests and the bar moves.
    monkeypatch.setattr(submit, "UPLOAD_CHUNK_BYTES", 256 * 1024)
    CategoryFactory(name="Weather", slug="weather")
    CategoryFactory(name="Politics", slug="politics")
    return live_server.url


@pytest.fixture
def video(tmp_path):
    path = tmp_path / "harbour-storm.mp4"
    synthetic_video(12, width=320, height=180, fps=10, noise=True, target=str(path))
    return path


def sign_in_as_member(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail or user name").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/partner/$"))


def check_page(page, axe_source, artifacts, name, viewport):
    page.screenshot(path=str(artifacts / f"partner-{name}-{viewport}.png"), full_page=True)
    assert not serious_violations(page, axe_source), (name, viewport)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_partner_uploads_describes_and_sends_a_clip_for_review(
    browser, site, video, artifacts, axe_source, viewport
):
    width, height = VIEWPORTS[viewport]
    email = f"filmer-{viewport}@example.com"
    member = member_of(email=email)
    # axe-core goes in as an inline script, which the site's CSP rightly refuses.
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    page = context.new_page()
    failed = []
    page.on("pageerror", lambda error: failed.append(str(error)))

    # Given a partner member signed in, on the dashboard
    sign_in_as_member(page, site, email)
    assert "Street Stringers" in page.inner_text("h1")
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Partner area")
    check_page(page, axe_source, artifacts, "dashboard-empty", viewport)

    # When they upload a video file
    page.get_by_role("link", name="Upload a clip").first.click()
    page.wait_for_url(re.compile(r"/partner/upload/$"))
    check_page(page, axe_source, artifacts, "upload", viewport)
    page.get_by_label("Video file").set_input_files(str(video))
    page.get_by_role("button", name="Upload", exact=True).click()

    # Then the progress bar reaches 100% and the form for its details opens
    bar = page.get_by_label("Upload progress")
    page.wait_for_function("document.getElementById('upload-progress').value === 100")
    assert bar.text_content() == "100%"
    assert "100% uploaded" in page.locator("#upload-status").inner_text()
    page.screenshot(path=str(artifacts / f"partner-upload-done-{viewport}.png"), full_page=True)
    page.wait_for_url(re.compile(r"/partner/clips/new/\?upload=[a-z0-9]+$"))
    main = page.inner_text("main")
    assert "harbour-storm.mp4" in main and "00:12" in main and "320×180, 10 fps" in main

    # When they describe it and set restrictions with the controls
    page.get_by_label("Title").fill("Storm over the harbour")
    page.get_by_label("Description").fill("Waves break over the harbour wall at high tide.")
    page.get_by_label("Shotlist").fill("1. Wide of harbour; 2. Waves on the wall.")
    page.get_by_label("Location").fill("Dover")
    page.get_by_label("Country").select_option("GB")
    page.get_by_label("Weather").check()
    page.get_by_label("Tags").fill("storm, harbour")
    page.get_by_label("Everywhere except these territories").check()
    page.get_by_label("Which territories").fill("Chinese mainland, Japan")
    page.get_by_label("Editorial use only").check()
    page.get_by_label("No social media").check()

    # Then the restriction text is written as they go
    written = "No access Chinese mainland, Japan. Editorial use only. No social media"
    page.wait_for_function(
        "text => document.getElementById('restriction-text').textContent === text", arg=written
    )
    assert "Buyers in Chinese mainland, Japan cannot license it." in page.inner_text(
        "#restriction-reasons"
    )
    page.get_by_label("Which territories").fill("China, Narnia")
    page.wait_for_selector("#restriction-error:not([hidden])")
    assert "Narnia" in page.inner_text("#restriction-error")
    page.get_by_label("Which territories").fill("Chinese mainland, Japan")
    page.wait_for_function(
        "text => document.getElementById('restriction-text').textContent === text", arg=written
    )
    page.get_by_label(re.compile("^I filmed this footage")).check()
    page.get_by_label(re.compile("^The people who can be recognised")).check()
    check_page(page, axe_source, artifacts, "form", viewport)

    # When they send it
    page.get_by_role("button", name="Send for review").click()

    # Then the dashboard shows it in review, with the restrictions as written
    page.wait_for_url(re.compile(r"/partner/$"))
    clip = VideoAsset.objects.get(partner=member.partner)
    assert clip.status == AssetStatus.REVIEW and clip.restrictions == written
    assert clip.duration == "00:12"
    row = page.locator(f"#clip-{clip.public_id}")
    assert "In review" in row.inner_text() and "Storm over the harbour" in row.inner_text()
    assert "Sent for review" in page.inner_text("main")
    check_page(page, axe_source, artifacts, "dashboard", viewport)
    assert not failed, failed
    context.close()


def test_a_non_video_is_refused_with_the_servers_sentence(browser, site, tmp_path):
    member_of(email="filmer@example.com")
    text = tmp_path / "notes.mp4"
    text.write_text("This is not a video at all.\n" * 200)
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    sign_in_as_member(page, site, "filmer@example.com")

    page.goto(f"{site}/partner/upload/")
    page.get_by_label("Video file").set_input_files(str(text))
    page.get_by_role("button", name="Upload", exact=True).click()

    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "not a video we can read" in alert.inner_text()
    assert "/partner/upload/" in page.url
    assert not VideoAsset.objects.exists()
    page.close()


def test_an_upload_cut_off_carries_on_where_it_stopped_after_a_reload(
    browser, site, video, artifacts
):
    from footage.models import Upload

    member = member_of(email="filmer@example.com")
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    sign_in_as_member(page, site, "filmer@example.com")
    page.goto(f"{site}/partner/upload/")
    patches = []

    def cut_after_two_chunks(route):
        if route.request.method != "PATCH":
            return route.continue_()
        patches.append(route.request.url)
        return route.continue_() if len(patches) <= 2 else route.abort("connectionreset")

    # Given an upload whose connection drops after two chunks (and stays down through retries)
    page.route("**/api/v1/uploads/**", cut_after_two_chunks)
    page.get_by_label("Video file").set_input_files(str(video))
    page.get_by_role("button", name="Upload", exact=True).click()
    page.wait_for_selector("#upload-error:not([hidden])", timeout=30_000)
    assert "connection was lost" in page.inner_text("#upload-error")
    assert page.get_by_role("button", name="Resume").is_visible()
    page.screenshot(path=str(artifacts / "partner-upload-cut-desktop.png"), full_page=True)
    stopped = Upload.objects.get(partner=member.partner)
    assert 0 < stopped.offset < stopped.length

    # When the connection is back and the page is opened again with the same file
    page.unroute("**/api/v1/uploads/**")
    page.goto(f"{site}/partner/upload/")
    page.get_by_label("Video file").set_input_files(str(video))
    page.get_by_role("button", name="Upload", exact=True).click()

    # Then the same upload carries on to the end and the form opens for it
    page.wait_for_url(re.compile(rf"/partner/clips/new/\?upload={stopped.public_id}$"))
    finished = Upload.objects.get(partner=member.partner)
    assert finished.pk == stopped.pk and finished.status == Upload.Status.READY
    page.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_dashboard_of_a_partner_with_sales_and_a_returned_clip(
    browser, site, artifacts, axe_source, viewport
):
    from footage.models import Rendition
    from partners.models import ReviewDecision
    from tests.factories import AssetFactory
    from tests.partners.site_helpers import sell

    member = member_of(email="filmer@example.com")
    sold = AssetFactory(partner=member.partner, title="Flood in the high street")
    for n in range(3):
        sell(sold, key=f"sale-{n}", buyer_email=f"desk{n}@example.com")
    from django.utils import timezone

    from licensing.models import License
    from licensing.services.usages import usage_report

    licence = License.objects.filter(asset=sold).first()
    usage_report(
        license=licence, buyer=licence.buyer, used_at=timezone.now(), platform="broadcast",
        territory=licence.buyer.country.code, title="Evening news", url="https://example.com/news",
        note="PRIVATE desk note",
    )  # fmt: skip
    encoding = AssetFactory(partner=member.partner, title="Night protest", status="review")
    Rendition.objects.create(asset=encoding, kind="preview", status="running", progress=40)
    Rendition.objects.create(asset=encoding, kind="poster", status="done")
    returned = AssetFactory(partner=member.partner, title="Shaky harbour", status="draft")
    ReviewDecision.objects.create(
        asset=returned, verdict="returned", note="The horizon is tilted; please level it."
    )
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    page = context.new_page()

    sign_in_as_member(page, site, "filmer@example.com")

    main = page.inner_text("main")
    assert "Flood in the high street" in main and "Returned to you" in main
    assert "The horizon is tilted; please level it." in main
    assert "Evening news" in main and "PRIVATE desk note" not in main  # uses, never the note
    check_page(page, axe_source, artifacts, "dashboard-sales", viewport)
    page.get_by_role("link", name="Edit and send again").click()
    page.wait_for_url(re.compile(rf"/partner/clips/{returned.public_id}/edit/$"))
    check_page(page, axe_source, artifacts, "edit", viewport)
    context.close()
