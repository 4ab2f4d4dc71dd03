"""Management commands."""

import pytest
from django.core.management import call_command

from tests.factories import UserFactory

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
