import pytest
from django.db import connection
from rest_framework.test import APIClient

from tests.factories import UserFactory

# --clock=WHEN moves every test's clock (tests/clock.py).
pytest_plugins = ["tests.clock", "tests.content_credentials"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads into its own empty directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def unsigned_downloads(settings):
    """Downloads are the master's bytes unless a test signs them (tests/licensing/
    test_signed_download.py), whatever signing pair the machine running the tests has."""
    settings.C2PA_SIGN_DOWNLOADS = False
    settings.C2PA_TRUST_ANCHORS = ""


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def staff_user(db):
    return UserFactory(staff=True)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def staff_api_client(staff_user):
    api = APIClient()
    api.force_authenticate(staff_user)
    return api


@pytest.fixture
def on_postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...)")


@pytest.fixture(autouse=True)
def license_types(request):
    """The licence types migration 0002 creates and the resolution tiers 0012 does; a
    transactional test's flush removes them, so every database test gets them back."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    from licensing.defaults import ensure_license_types, ensure_resolution_tiers

    ensure_license_types()
    ensure_resolution_tiers()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (the site keeps filter options there a minute)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
