"""The client's address, as far as the proxies in front of the app can be trusted: what the
territory lookup, the sign-in lockout and the API key throttle all count by."""

import ipaddress

from django.conf import settings


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
