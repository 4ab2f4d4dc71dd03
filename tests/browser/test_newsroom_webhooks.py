"""A buyer registers a webhook on the site: sees the secret once and the endpoint listed;
screenshots at desktop and mobile sizes, and axe-core finds nothing serious."""

import re

import pytest

from licensing.services.buyers import buyer_create
from newsroom.models import WebhookEndpoint
from tests.browser.axe import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery"
VIEWPORTS = {"desktop": (1366, 768), "mobile": (390, 844)}
TARGET = "https://93.184.215.14/hooks/clipwire"  # a public address: no DNS, no request made


@pytest.fixture
def site(live_server, settings):
    settings.WEBHOOK_ALLOW_PRIVATE = False
    buyer, _ = buyer_create(name="Daily Planet", country="GB", email="desk@planet.example")
    member = buyer.members.get()
    member.set_password(PASSWORD)
    member.save()
    return live_server.url


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_buyer_registers_a_webhook_and_sees_the_secret_once(
    browser, site, artifacts, axe_source, viewport
):
    width, height = VIEWPORTS[viewport]
    # axe-core goes in as an inline script, which the site's CSP rightly refuses.
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("E-mail or user name").fill("desk@planet.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/account/$"))
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Webhooks").click()
    page.wait_for_url(re.compile(r"/account/webhooks/$"))
    assert "No webhooks yet." in page.inner_text("main")

    page.get_by_label("URL (https)").fill(TARGET)
    page.get_by_label("saved_search.matched").uncheck()
    page.get_by_label("Description (optional)").fill("CMS kill notices")
    page.get_by_role("button", name="Add the endpoint").click()

    endpoint = WebhookEndpoint.objects.get()
    assert "saved_search.matched" not in endpoint.events
    secret = page.locator("#webhook-secret").inner_text()
    assert secret == endpoint.secret and secret.startswith("whsec_")
    assert "shown only this once" in page.inner_text("main")
    table = page.get_by_role("table", name="Webhook endpoints")
    assert TARGET in table.inner_text() and "Enabled" in table.inner_text()
    page.screenshot(path=str(artifacts / f"webhooks-{viewport}.png"), full_page=True)
    assert not serious_violations(page, axe_source), viewport

    page.goto(f"{site}/account/webhooks/")
    assert endpoint.secret not in page.content()  # once only
    page.get_by_role("link", name=TARGET).click()
    page.wait_for_url(re.compile(rf"/account/webhooks/{endpoint.public_id}/$"))
    assert "Nothing sent to this endpoint yet." in page.inner_text("main")
    page.screenshot(path=str(artifacts / f"webhook-deliveries-{viewport}.png"), full_page=True)
    assert not serious_violations(page, axe_source), viewport
    context.close()
