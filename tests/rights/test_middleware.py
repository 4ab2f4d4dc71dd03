"""Which territory a request comes from, and which sources are trusted."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from rights.middleware import RequestTerritoryMiddleware, resolve_territory

GOOGLE_DNS_US = "8.8.8.8"
APNIC_JP = "1.0.16.1"


@pytest.fixture
def rf():
    return RequestFactory()


@pytest.fixture
def geo(settings):
    settings.GEO_TRUSTED_HEADER = ""
    settings.GEO_DEFAULT_TERRITORY = ""
    settings.TRUSTED_PROXIES = 0
    return settings


def test_client_address_is_looked_up_offline(rf, geo):
    assert resolve_territory(rf.get("/", REMOTE_ADDR=GOOGLE_DNS_US)) == ("US", "ip")
    assert resolve_territory(rf.get("/", REMOTE_ADDR=APNIC_JP)) == ("JP", "ip")


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "192.168.0.9", "::1", "junk", ""])
def test_private_or_bad_addresses_are_unknown_without_a_default(rf, geo, address):
    assert resolve_territory(rf.get("/", REMOTE_ADDR=address)) == (None, "unknown")


def test_the_default_stands_in_when_the_address_says_nothing(rf, geo):
    geo.GEO_DEFAULT_TERRITORY = "GB"
    assert resolve_territory(rf.get("/", REMOTE_ADDR="127.0.0.1")) == ("GB", "default")
    assert resolve_territory(rf.get("/", REMOTE_ADDR=GOOGLE_DNS_US)) == ("US", "ip")


def test_forwarded_for_is_ignored_unless_proxies_are_trusted(rf, geo):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=APNIC_JP)
    assert resolve_territory(request) == (None, "unknown")
    geo.TRUSTED_PROXIES = 1
    assert resolve_territory(request) == ("JP", "ip")
    # A client-forged first hop is not what the trusted proxy saw.
    forged = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"{APNIC_JP}, 8.8.8.8")
    assert resolve_territory(forged) == ("US", "ip")


def test_cdn_header_is_trusted_only_when_configured(rf, geo):
    request = rf.get("/", REMOTE_ADDR=APNIC_JP, HTTP_CF_IPCOUNTRY="CN")
    assert resolve_territory(request) == ("JP", "ip")
    geo.GEO_TRUSTED_HEADER = "CF-IPCountry"
    assert resolve_territory(request) == ("CN", "header")
    unknown = rf.get("/", REMOTE_ADDR=APNIC_JP, HTTP_CF_IPCOUNTRY="XX")
    assert resolve_territory(unknown) == (None, "header")
    absent = rf.get("/", REMOTE_ADDR=APNIC_JP)
    assert resolve_territory(absent) == ("JP", "ip")


def test_middleware_sets_the_request_and_varies_on_the_header(rf, geo):
    geo.GEO_TRUSTED_HEADER = "CF-IPCountry"
    seen = {}

    def view(request):
        seen["territory"] = (request.territory, request.territory_source)
        return HttpResponse("ok")

    response = RequestTerritoryMiddleware(view)(rf.get("/", HTTP_CF_IPCOUNTRY="fr"))
    assert seen["territory"] == ("FR", "header")
    assert "CF-IPCountry" in response["Vary"]


@pytest.mark.parametrize(
    "address", ["::ffff:8.8.8.8", "8.8.8.8:5678", "[2001:4860:4860::8888]:443"]
)
def test_mapped_and_ported_addresses_are_looked_up(rf, geo, address):
    geo.TRUSTED_PROXIES = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=address)
    assert resolve_territory(request) == ("US", "ip")


def test_a_public_address_the_lookup_cannot_place_is_unknown_not_the_default(rf, geo):
    geo.GEO_DEFAULT_TERRITORY = "GB"
    unallocated = "5000::1"  # global unicast space that no registry has delegated
    assert resolve_territory(rf.get("/", REMOTE_ADDR=unallocated)) == (None, "ip")
