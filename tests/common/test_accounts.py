"""Signing in: the lockout after repeated failures (site and admin, per account and per address),
unlocking it in admin, and setting a password through the e-mailed link."""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


def attempt(client, url, username, password, address="203.0.113.7", **headers):
    return client.post(
        url, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def member():
    return UserFactory(username="desk@planet.example", email="desk@planet.example")


@pytest.mark.parametrize("url", [LOGIN, ADMIN_LOGIN])
def test_thirty_wrong_passwords_lock_the_account_even_against_the_right_one(client, settings, url):
    user = UserFactory(username="editor", staff=True)
    answers = [attempt(client, url, user.username, f"guess-{n}").status_code for n in range(30)]
    assert answers[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert set(answers[settings.AXES_FAILURE_LIMIT :]) == {429}

    refused = attempt(client, url, user.username, PASSWORD)
    assert refused.status_code == 429
    assert not signed_in(client)
    page = refused.content.decode()
    assert "Too many sign-in attempts" in page
    assert "even the right password is refused" in page
    assert int(refused["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()


def test_changing_the_case_of_the_name_buys_no_more_guesses(client, settings, member):
    for n in range(settings.AXES_FAILURE_LIMIT):
        name = member.username.upper() if n % 2 else member.username
        attempt(client, LOGIN, name, f"guess-{n}", address=f"198.51.100.{n + 1}")
    assert attempt(client, LOGIN, member.username, PASSWORD, "192.0.2.1").status_code == 429


def test_one_address_is_locked_out_across_accounts(client, settings, member):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, LOGIN, f"someone-{n}@example.com", "guess")
    refused = attempt(client, LOGIN, member.username, PASSWORD)
    assert refused.status_code == 429
    assert not signed_in(client)
    # The account itself is not locked: from another address its owner signs in.
    assert (
        attempt(client, LOGIN, member.username, PASSWORD, address="192.0.2.44").status_code == 302
    )
    assert signed_in(client)


def test_a_forged_forwarded_for_header_does_not_dodge_the_lockout(client, settings, member):
    settings.TRUSTED_PROXIES = 0  # nothing in front of the app: the header is the client's own
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, LOGIN, f"someone-{n}", "guess", HTTP_X_FORWARDED_FOR=f"10.9.8.{n}")
    forged = attempt(client, LOGIN, member.username, PASSWORD, HTTP_X_FORWARDED_FOR="10.0.0.1")
    assert forged.status_code == 429


def test_behind_a_trusted_proxy_the_address_it_saw_is_counted(client, settings, member):
    settings.TRUSTED_PROXIES = 1
    for n in range(settings.AXES_FAILURE_LIMIT):
        # The client prepends a fresh fake hop each time; the proxy appends what it saw.
        forwarded = f"10.9.8.{n}, 198.51.100.23"
        attempt(client, LOGIN, f"someone-{n}", "guess", HTTP_X_FORWARDED_FOR=forwarded)
    from_same_client = attempt(
        client, LOGIN, member.username, PASSWORD, HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.23"
    )
    assert from_same_client.status_code == 429
    other_client = attempt(
        client, LOGIN, member.username, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99"
    )
    assert other_client.status_code == 302


def test_staff_unlock_an_account_in_admin(client, staff_client, settings, member):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, LOGIN, member.username, f"guess-{n}")
    assert attempt(client, LOGIN, member.username, PASSWORD).status_code == 429

    attempts = reverse("admin:axes_accessattempt_changelist")
    listed = staff_client.get(attempts, {"q": member.username})
    assert member.username in listed.content.decode()
    rows = AccessAttempt.objects.filter(username=member.username)
    staff_client.post(
        attempts,
        {"action": "delete_selected", "_selected_action": [r.pk for r in rows], "post": "yes"},
    )

    assert not AccessAttempt.objects.exists()
    assert attempt(client, LOGIN, member.username, PASSWORD).status_code == 302
    assert signed_in(client)


def test_the_unlock_commands_work_too(client, settings, member):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, LOGIN, member.username, f"guess-{n}")
    call_command("axes_reset_username", member.username)
    call_command("axes_reset_ip", "203.0.113.7")
    assert attempt(client, LOGIN, member.username, PASSWORD).status_code == 302


def test_the_lockout_record_keeps_no_password(client, settings, member):
    attempt(client, LOGIN, member.username, "hunter2-secret")
    stored = AccessAttempt.objects.get()
    assert "hunter2-secret" not in f"{stored.post_data} {stored.get_data}"


def reset_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body).group(1)


def test_a_member_made_by_create_buyer_sets_a_password_through_the_emailed_link(client):
    call_command("create_buyer", name="Daily Planet", country="GB", email="Desk@Planet.example")
    member = get_user_model().objects.get(email="desk@planet.example")
    assert not member.has_usable_password()
    login = client.get(LOGIN).content.decode()
    assert reverse("password_reset") in login

    asked = client.post(reverse("password_reset"), {"email": "desk@planet.example"})
    assert asked["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["desk@planet.example"]
    assert "Clipwire" in message.subject

    form = client.get(reset_link(message), follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a fresh long passphrase", "new_password2": "a fresh long passphrase"},
    )
    assert done["Location"] == reverse("password_reset_complete")
    assert attempt(client, LOGIN, member.username, "a fresh long passphrase").status_code == 302
    assert signed_in(client)
    # The link works once.
    again = client.get(reset_link(message), follow=True).content.decode()
    assert "This link does not work any more" in again


def test_setting_a_new_password_lifts_that_accounts_lockout(client, settings, member):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, LOGIN, member.username, f"guess-{n}", address=f"198.51.100.{n + 1}")
    client.post(reverse("password_reset"), {"email": member.email})
    form = client.get(reset_link(mail.outbox[0]), follow=True)
    new = {"new_password1": "a fresh long passphrase", "new_password2": "a fresh long passphrase"}
    client.post(form.redirect_chain[-1][0], new)
    assert attempt(client, LOGIN, member.username, new["new_password1"]).status_code == 302


def test_asking_for_an_unknown_address_reveals_nothing(client, member):
    known = client.post(reverse("password_reset"), {"email": member.email})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@nowhere.example"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert [m.to for m in mail.outbox] == [[member.email]]
    page = client.get(known["Location"]).content.decode()
    assert "If that address belongs to an account" in page


def test_an_inactive_account_gets_no_link(client, member):
    member.is_active = False
    member.save()
    client.post(reverse("password_reset"), {"email": member.email})
    assert mail.outbox == []
