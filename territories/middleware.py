"""Sets request.territory (an ISO code, or None when unknown) and request.territory_source."""

import ipaddress

import iptocc
from django.conf import settings
from django.utils.cache import patch_vary_headers

from territories.registry import load


def client_address(request) -> str | None:
    """The client's address: REMOTE_ADDR, or with TRUSTED_PROXIES = n the n-th address from the
    right of X-Forwarded-For (what the nearest trusted proxy saw). Never a client-set header
    when no proxy is trusted."""
    address = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            address = hops[-min(proxies, len(hops))]
    return address


def territory_from_address(address: str | None) -> str | None:
    """Offline lookup with iptocc; None for private, reserved or unparsable addresses."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return None
    if not ip.is_global:
        return None
    return load().territory(iptocc.country_code(str(ip)))


def resolve_territory(request) -> tuple[str | None, str]:
    """(territory, source). Source is "header", "ip", "default" or "unknown"."""
    registry = load()
    header = settings.GEO_TRUSTED_HEADER
    if header:
        value = request.headers.get(header)
        if value is not None:
            # The CDN answered; "XX" or "T1" (Tor) mean it does not know, and the connecting
            # address is the CDN's own, so there is nothing better to fall back to.
            code = value.strip().upper()
            return (code if code in registry.codes else None), "header"
    code = territory_from_address(client_address(request))
    if code is not None:
        return code, "ip"
    default = registry.territory(settings.GEO_DEFAULT_TERRITORY)
    if default is not None:
        return default, "default"
    return None, "unknown"


class RequestTerritoryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.territory, request.territory_source = resolve_territory(request)
        response = self.get_response(request)
        if settings.GEO_TRUSTED_HEADER:
            patch_vary_headers(response, [settings.GEO_TRUSTED_HEADER])
        return response
