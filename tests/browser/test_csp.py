"""The site, the admin and the API docs work under the Content-Security-Policy: no page breaks
a rule of it (the browser reports every refused script, style, image or connection)."""

import re

import pytest

from tests.browser.test_site import REFERENCE, pages_to_check, sign_in, site  # noqa: F401
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Runs before any page script, outside the page's CSP: collects what the browser refused.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});
"""


def watch(context):
    console = []
    context.add_init_script(LISTEN)
    context.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    return console


def violations(page, console) -> list[str]:
    return [*page.evaluate("window.__violations"), *console]


def test_site_pages_break_no_rule_of_the_policy(browser, site):  # noqa: F811
    context = browser.new_context()
    console = watch(context)
    page = context.new_page()
    for name, url in [
        ("login", f"{site}/accounts/login/"),
        ("reset", f"{site}/accounts/password_reset/"),
    ]:
        response = page.goto(url, wait_until="load")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert violations(page, console) == [], name
    sign_in(page, site)
    newsroom = [
        ("keys", f"{site}/account/keys/"),
        ("webhooks", f"{site}/account/webhooks/"),
        ("saved searches", f"{site}/account/saved-searches/"),
        ("boards", f"{site}/boards/"),
    ]
    for name, url in [*pages_to_check(site, page), *newsroom]:
        response = page.goto(url, wait_until="load")
        assert response.status == 200, name
        assert response.headers["content-security-policy"], name
        assert "camera=()" in response.headers["permissions-policy"], name
        assert violations(page, console) == [], name
    # The clip page's preview still plays its media from the site under media-src 'self'.
    page.goto(f"{site}/clips/{REFERENCE}/", wait_until="load")
    assert violations(page, console) == []
    context.close()


def test_the_api_docs_render_the_operations_under_the_policy(browser, site):  # noqa: F811
    context = browser.new_context()
    console = watch(context)
    page = context.new_page()
    response = page.goto(f"{site}/api/docs/", wait_until="networkidle")
    assert response.headers["content-security-policy"]
    page.wait_for_selector(".opblock", timeout=15000)
    assert page.locator(".opblock").count() > 10
    assert violations(page, console) == []
    context.close()


def test_admin_pages_work_under_the_policy(browser, site):  # noqa: F811
    UserFactory(username="chief", staff=True)
    context = browser.new_context()
    console = watch(context)
    page = context.new_page()
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    pages = [
        "/admin/",
        "/admin/catalog/videoasset/",
        "/admin/catalog/videoasset/?q=drugs",
        "/admin/licensing/apikey/add/",
        "/admin/ledger/earning/summary/",
        "/admin/axes/accessattempt/",
    ]
    for path in pages:
        response = page.goto(f"{site}{path}", wait_until="load")
        assert response.status == 200, path
        assert response.headers["content-security-policy"], path
        assert violations(page, console) == [], path
    page.goto(f"{site}/admin/catalog/videoasset/", wait_until="load")
    page.get_by_role("link", name=re.compile("innovative drugs")).first.click()
    page.wait_for_load_state("load")
    assert page.locator("#availability-preview").count() == 1
    # The admin's own scripts run: the collapsible "History" fieldset opens on a click.
    page.locator("fieldset.collapse summary, fieldset.collapse h2 a").first.click()
    assert violations(page, console) == []
    context.close()
