"""Sets request.territory (an ISO code, or None when unknown) and request.territory_source."""

import ipaddress

import iptocc
from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers

from rights.registry import load


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


def parse_address(address: str | None):
    """An ip_address from "1.2.3.4", "1.2.3.4:5678", "[2001:db8::1]:443" or "::ffff:1.2.3.4"
    (IPv4 through a dual-stack socket); None when it is not an address."""
    text = (address or "").strip()
    if text.startswith("["):
        text = text[1 : text.find("]")] if "]" in text else text
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return None
    return getattr(ip, "ipv4_mapped", None) or ip


def client_ip(request) -> str | None:
    """client_address as a plain IP ("1.2.3.4", "2001:db8::1"), or None when it is not one:
    what sign-in lockout (django-axes) counts failures against."""
    ip = parse_address(client_address(request))
    return str(ip) if ip is not None else None


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
