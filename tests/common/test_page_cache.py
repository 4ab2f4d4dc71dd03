import pytest

from tests.factories import AssetFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(settings):
    settings.PAGE_CACHE_SECONDS = 30
    settings.GEO_TRUSTED_HEADER = "CF-IPCountry"


def titles(client, territory="GB"):
    return client.get("/clips/", HTTP_CF_IPCOUNTRY=territory).content.decode()


def test_an_anonymous_list_is_rendered_once_per_territory_and_shared(client, kept):
    AssetFactory(title="First flood")
    assert "First flood" in titles(client)
    AssetFactory(title="Second flood")
    assert "Second flood" not in titles(client)  # the GB page is kept for a while
    assert "Second flood" in titles(client, "FR")  # another territory renders its own


def test_a_territory_never_sees_a_page_kept_for_another(client, kept):
    AssetFactory(title="Beijing market", restrictions="No access Chinese mainland")
    assert "Beijing market" in titles(client, "GB")
    assert "Beijing market" not in titles(client, "CN")


def test_signed_in_visitors_always_get_a_fresh_page(client, kept):
    client.force_login(UserFactory())
    AssetFactory(title="First flood")
    assert "First flood" in titles(client)
    AssetFactory(title="Second flood")
    assert "Second flood" in titles(client)
