"""Where a webhook may be sent (SSRF): an https URL whose name resolves only to public
addresses. Checked when an endpoint is registered and again at every delivery, and the
delivery connects to the address checked here (no second DNS lookup for a rebinding name to
answer differently)."""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings


class TargetRefused(ValueError):
    """The URL may not receive webhooks; the message says why, for the buyer."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # the name, for the Host header and TLS (SNI, certificate check)
    port: int
    path: str  # path and query, as sent in the request line
    address: str  # the checked IP address to connect to


# IPv6 ranges that carry an IPv4 address in their last 32 bits (NAT64 well-known and local-use
# prefixes, IPv4-compatible, IPv4-translated): the IPv4 address inside is what is reached.
CARRY_IPV4 = tuple(
    ipaddress.ip_network(net)
    for net in ("64:ff9b::/96", "64:ff9b:1::/48", "::/96", "::ffff:0:0:0/96")
)
# Only global unicast (2000::/3) is a public IPv6 address; site-local fec0::/10 is not.
GLOBAL_UNICAST = ipaddress.ip_network("2000::/3")


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    # An IPv4 address carried in IPv6 (::ffff:10.0.0.1, NAT64, 6to4, Teredo) is judged as itself.
    if isinstance(address, ipaddress.IPv6Address):
        inner = address.ipv4_mapped or address.sixtofour or (address.teredo or (None, None))[1]
        if inner is None and any(address in net for net in CARRY_IPV4):
            inner = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if inner is not None:
            return _public(inner)
        if address not in GLOBAL_UNICAST:
            return False
    return address.is_global and not address.is_multicast


def _resolve(host: str, port: int) -> list[str]:
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return [str(literal)]
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise TargetRefused(f"The host {host} could not be resolved.") from error
    addresses = list(dict.fromkeys(info[4][0] for info in found))
    if not addresses:
        raise TargetRefused(f"The host {host} could not be resolved.")
    return addresses


def target_parse(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path) of a URL a webhook may be sent to, or TargetRefused."""
    allow_private = settings.WEBHOOK_ALLOW_PRIVATE
    if not url.isascii():
        raise TargetRefused(
            "The URL must be plain ASCII: percent-encode other characters, and write an "
            "international host name in its xn-- (punycode) form."
        )
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise TargetRefused(f"The URL is not valid ({error}).") from error
    schemes = ("https", "http") if allow_private else ("https",)
    if parts.scheme not in schemes:
        raise TargetRefused("The URL must start with https://.")
    if parts.username is not None or parts.password is not None:
        raise TargetRefused("The URL must not carry a user name or password.")
    if not parts.hostname:
        raise TargetRefused("The URL has no host.")
    if parts.fragment:
        raise TargetRefused("The URL must not have a #fragment.")
    if any(ord(c) < 33 or ord(c) == 127 for c in url):
        raise TargetRefused("The URL must not contain spaces or control characters.")
    port = port or (443 if parts.scheme == "https" else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port, path


def target_check(url: str) -> Target:
    """Parse and resolve `url`; every address the name resolves to must be public unless
    WEBHOOK_ALLOW_PRIVATE is on. Returns the target with the address to connect to."""
    scheme, host, port, path = target_parse(url)
    addresses = _resolve(host, port)
    if not settings.WEBHOOK_ALLOW_PRIVATE:
        refused = [a for a in addresses if not _public(ipaddress.ip_address(a.split("%")[0]))]
        if refused:
            # Which address is not said: a buyer must not learn what internal names resolve to.
            raise TargetRefused(
                f"The host {host} resolves to an address that is not public; webhooks go only "
                "to public addresses."
            )
    return Target(scheme=scheme, host=host, port=port, path=path, address=addresses[0])
