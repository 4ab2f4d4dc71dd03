"""Sets request.territory (an ISO code, or None when unknown) and request.territory_source."""

import iptocc
from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers

from common.addresses import client_address, parse_address
from rights.registry import load


def resolve_territory(request) -> tuple[str | None, str]:
    """(territory, source). Source is "header", "ip", "default" or "unknown".

    A public address that the lookup cannot place is unknown, not the default: the default
    stands in only where no address could say anything (localhost, private networks)."""
    registry = load()
    header = settings.GEO_TRUSTED_HEADER
    if header:
        value = request.headers.get(header)
        if value is not None:
            # The CDN answered; "XX" or "T1" (Tor) mean it does not know, and the connecting
            # address is the CDN's own, so there is nothing better to fall back to.
            code = value.strip().upper()
            return (code if code in registry.codes else None), "header"
    ip = parse_address(client_address(request))
    if ip is not None and ip.is_global:
        return registry.territory(iptocc.country_code(str(ip))), "ip"
    default = registry.territory(settings.GEO_DEFAULT_TERRITORY)
    if default is not None:
        return default, "default"
    return None, "unknown"


class RequestTerritoryMiddleware:
    """Also tells shared caches (a CDN, a proxy) what the answer depended on: the trusted
    country header when it decided (Vary on it, so each country gets its own copy); otherwise
    the client's address, which no Vary can name, so the answer is private to this client."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.territory, request.territory_source = resolve_territory(request)
        response = self.get_response(request)
        if settings.GEO_TRUSTED_HEADER:
            patch_vary_headers(response, [settings.GEO_TRUSTED_HEADER])
        if request.territory_source != "header":
            patch_cache_control(response, private=True)
        return response
