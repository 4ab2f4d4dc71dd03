"""Boards in a real browser: a buyer makes a board, adds the reference clip from its page with a
note and finds it on the board; the boards, board and clip pages are screenshotted at desktop
and mobile sizes and pass axe-core without a serious or critical violation."""

import re
from pathlib import Path

import pytest

from devdata.demo import load_demo
from licensing.services.buyers import buyer_create
from tests.browser.axe import serious_violations
from tests.browser.test_site import PASSWORD, REFERENCE, VIEWPORTS, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server, settings):
    settings.GEO_DEFAULT_TERRITORY = "GB"
    load_demo(Path(settings.BASE_DIR) / "demo")
    buyer, _ = buyer_create(
        name="Daily Planet", country="GB", email="desk@planet.example", credits=10000
    )
    member = buyer.members.get()
    member.set_password(PASSWORD)
    member.save()
    return live_server.url


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_buyer_makes_a_board_and_adds_a_clip_with_a_note(
    browser, site, artifacts, axe_source, viewport
):
    width, height = VIEWPORTS[viewport]
    # axe-core goes in as an inline script, which the site's CSP rightly refuses.
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    page = context.new_page()
    sign_in(page, site)

    # Given a new board made on the boards page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Boards").click()
    page.get_by_label("New board", exact=True).fill("China health story")
    page.get_by_role("button", name="Create board").click()
    page.wait_for_url(re.compile(r"/boards/[a-z0-9]{12}/$"))
    board_url = page.url
    assert "China health story" in page.inner_text("h1")

    # When the reference clip is added to it from the clip page, with a note
    page.goto(f"{site}/clips/{REFERENCE}/")
    panel = page.get_by_role("region", name="Add to a board")
    panel.get_by_label("Board", exact=True).select_option(label="China health story")
    panel.get_by_label("Note").fill("Lab shots for the 6pm package")
    page.screenshot(path=str(artifacts / f"board-panel-{viewport}.png"), full_page=True)
    assert not serious_violations(page, axe_source), ("clip", viewport)
    panel.get_by_role("button", name="Add to board").click()
    assert "Added “China: China's innovative drugs" in page.inner_text("main")

    # Then the board shows it, with the note and whether it can be bought
    page.goto(board_url)
    main = page.inner_text("main")
    assert "China: China's innovative drugs gain increasing global recognition" in main
    assert "01:51" in main and "Available to buy." in main
    assert page.get_by_label(re.compile("Note on")).input_value() == "Lab shots for the 6pm package"
    page.screenshot(path=str(artifacts / f"board-{viewport}.png"), full_page=True)
    assert not serious_violations(page, axe_source), ("board", viewport)

    page.goto(f"{site}/boards/")
    page.screenshot(path=str(artifacts / f"boards-{viewport}.png"), full_page=True)
    assert not serious_violations(page, axe_source), ("boards", viewport)
    context.close()
