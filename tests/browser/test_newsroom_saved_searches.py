"""A buyer searches, saves the search and finds it on the account page, in a real browser:
screenshots at desktop and mobile sizes, axe-core on both pages."""

import re

import pytest

from newsroom.models import SavedSearch
from tests.browser.axe import serious_violations
from tests.browser.test_site import VIEWPORTS, sign_in, site  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_buyer_saves_a_search_and_sees_it_on_the_account_page(
    browser,
    site,  # noqa: F811
    artifacts,
    axe_source,
    viewport,
):
    width, height = VIEWPORTS[viewport]
    # axe-core goes in as an inline script, which the site's CSP rightly refuses.
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    page = context.new_page()
    sign_in(page, site)

    page.goto(f"{site}/clips/")
    page.get_by_label("Search", exact=True).fill("innovative drugs")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"search=innovative"))
    form = page.get_by_role("form", name="Save this search")
    assert form.is_visible()
    page.screenshot(path=str(artifacts / f"save-search-{viewport}.png"), full_page=True)
    assert not serious_violations(page, axe_source)

    form.get_by_label("Name").fill("China pharma")
    form.get_by_label("Webhook event").check()
    form.get_by_role("button", name="Save search").click()
    page.wait_for_url(re.compile(r"/account/saved-searches/$"))

    main = page.inner_text("main")
    assert "Saved “China pharma”" in main
    assert "search: innovative drugs" in main
    saved = SavedSearch.objects.get()
    assert saved.query == {"search": "innovative drugs"}  # the list's ordering is not kept
    assert saved.notify == ["webhook", "email"]
    page.screenshot(path=str(artifacts / f"saved-searches-{viewport}.png"), full_page=True)
    assert not serious_violations(page, axe_source)
    context.close()
