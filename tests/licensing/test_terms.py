"""A licence lasts what its terms say, whichever day it is bought: the default terms name the
same number of days as the term, so a term across a 29 February ends when the buyer was told."""

import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from licensing.defaults import LICENSE_TYPES
from licensing.models import License, LicenseType
from tests.licensing.conftest import order

pytestmark = pytest.mark.django_db

MARCH_2027 = datetime.datetime(2027, 3, 1, 10, 30, tzinfo=datetime.UTC)


@pytest.mark.parametrize("spec", LICENSE_TYPES, ids=lambda spec: spec["code"])
def test_the_default_terms_state_the_term_in_days(spec):
    assert f"for {spec['duration_days']} days from purchase" in spec["terms"]
    assert "month" not in spec["terms"] and "year" not in spec["terms"]


@pytest.mark.time_machine(MARCH_2027, tick=False)
def test_a_term_across_29_february_ends_as_the_buyer_was_told(buyer_api, clip, client):
    response = order(buyer_api, [{"asset": clip.public_id, "license": "editorial"}])
    assert response.status_code == 201, response.content
    license = License.objects.get()
    editorial = LicenseType.objects.get(code="editorial")

    assert license.ends_at - license.starts_at == datetime.timedelta(days=editorial.duration_days)
    assert license.ends_at == datetime.datetime(2028, 2, 29, 10, 30, tzinfo=datetime.UTC)
    assert "for 365 days from purchase" in editorial.terms
    page = client.get(license.get_absolute_url()).content.decode()
    assert "1 March 2027 10:30 to 29 February 2028 10:30 UTC" in page


def test_the_migration_rewrites_untouched_default_terms_only():
    migration = importlib.import_module("licensing.migrations.0008_license_terms_in_days")
    old = {
        code: LicenseType.objects.get(code=code).terms.replace("365 days", "12 months")
        for code in ("editorial", "commercial", "exclusive")
    }
    for code, terms in old.items():
        LicenseType.objects.filter(code=code).update(terms=terms)
    rewritten = "Our own words: news use for 12 months from purchase."
    LicenseType.objects.filter(code="exclusive").update(terms=rewritten)

    migration.terms_in_days(apps, SimpleNamespace(connection=connection))

    terms = dict(LicenseType.objects.values_list("code", "terms"))
    assert terms["editorial"] == old["editorial"].replace("12 months", "365 days")
    assert terms["commercial"] == old["commercial"].replace("12 months", "365 days")
    assert terms["exclusive"] == rewritten
