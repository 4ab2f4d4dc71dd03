"""Restriction text over LONGEST_TEXT, or unreadable in the ways the review found, is refused
the same way wherever it arrives: beside the field in admin, as an unreadable stored rule (and
so never published) from ingest and restriction_compile, as an error line in
restriction_check, and as a denied check through the API. Never a 500, never slow."""

import io
import json
import time

import pytest
from django.core.management import call_command
from django.urls import reverse

from catalog.models import VideoAsset
from catalog.services import assets_recompile_restrictions
from catalog.stored_rules import UNREADABLE_SCOPE
from rights.parser import LONGEST_TEXT
from tests.catalog.test_admin import asset_form
from tests.factories import AssetFactory, PartnerFactory

pytestmark = pytest.mark.django_db

OVER_THE_LIMIT = "No access" + " " * 20_000 + "x"  # the review's 12-second line
UNREADABLE = [
    OVER_THE_LIMIT,
    "Must credit " + "x" * LONGEST_TEXT,
    "Embargo until 2026-12-01 10:00 America/Argentina",
    "Embargo until 9999-12-31 23:59 UTC-14",
]


@pytest.mark.parametrize("text", UNREADABLE, ids=["spaces", "long credit", "zone dir", "overflow"])
def test_admin_refuses_the_text_beside_the_field_and_saves_nothing(staff_client, text):
    partner = PartnerFactory()
    started = time.perf_counter()
    response = staff_client.post(
        reverse("admin:catalog_videoasset_add"), asset_form(partner, restrictions=text)
    )
    assert time.perf_counter() - started < 5  # was 12 s for the first text alone
    assert response.status_code == 200
    error = response.context["adminform"].form.errors["restrictions"][0]
    assert error.startswith("Cannot read “")
    assert not VideoAsset.objects.exists()


@pytest.mark.parametrize("text", UNREADABLE, ids=["spaces", "long credit", "zone dir", "overflow"])
def test_stored_rules_and_recompiling_keep_the_text_unreadable(text, client):
    asset = AssetFactory(restrictions="")
    VideoAsset.objects.filter(pk=asset.pk).update(restrictions=text)  # as an old row might be
    assets_recompile_restrictions()
    asset.refresh_from_db()
    assert asset.restrictions_error.startswith("Cannot read “")
    assert asset.territory_scope == UNREADABLE_SCOPE
    assert not VideoAsset.objects.published().available_in("GB").filter(pk=asset.pk).exists()
    api = client.get(f"/api/v1/assets/{asset.public_id}/availability/", {"territory": "GB"})
    assert api.status_code == 200 and api.json()["allowed"] is False


def test_restriction_compile_command_runs_over_unreadable_texts(capsys):
    asset = AssetFactory(restrictions="")
    VideoAsset.objects.filter(pk=asset.pk).update(restrictions=OVER_THE_LIMIT)
    call_command("restriction_compile")
    asset.refresh_from_db()
    assert "at most 1,000 characters" in asset.restrictions_error


def test_restriction_check_answers_an_error_line_for_each(monkeypatch):
    lines = [json.dumps({"text": text, "territory": "GB"}) for text in UNREADABLE]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("restriction_check", stdout=out)
    assert exited.value.code == 1
    answers = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(answers) == len(UNREADABLE)
    assert all(answer["error"].startswith("Cannot read “") for answer in answers)
