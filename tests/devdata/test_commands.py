"""Management commands."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.http import HttpRequest
from django.test import Client

from partners.models import PartnerMember
from partners.services.members import partner_key_authenticate
from tests.factories import PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_ensure_staff_does_not_crash_on_an_existing_non_staff_admin(capsys):
    UserFactory(username="admin", is_staff=False)
    call_command("ensure_staff")
    assert "exists but is not active staff" in capsys.readouterr().out


def test_ensure_staff_does_not_echo_a_chosen_password(capsys, monkeypatch):
    monkeypatch.setenv("STAFF_PASSWORD", "a-password-from-the-environment")
    call_command("ensure_staff")
    out = capsys.readouterr().out
    assert "a-password-from-the-environment" not in out
    assert "STAFF_PASSWORD" in out


def test_demo_partner_member_is_printed_once_and_can_sign_in():
    PartnerFactory(slug="plainsview-ugc", name="Plainsview UGC")
    first, second = io.StringIO(), io.StringIO()
    call_command("ensure_demo_partner", stdout=first)
    call_command("ensure_demo_partner", stdout=second)
    key = first.getvalue().split("partner API key: ")[1].split()[0]
    password = first.getvalue().split("with password ")[1].split()[0]

    sign_in = {"username": "filmer@demo.example", "password": password}
    assert Client().login(request=HttpRequest(), **sign_in)
    assert partner_key_authenticate(key).partner.slug == "plainsview-ugc"
    assert key not in second.getvalue()
    assert PartnerMember.objects.count() == 1


def test_demo_partner_needs_the_demo_catalogue():
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("ensure_demo_partner", stdout=io.StringIO())
