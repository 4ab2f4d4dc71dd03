"""`Authorization: Api-Key <key>`: the buyer's own newsroom systems."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from common.addresses import client_address, client_ip
from licensing.services.keys import KEY_SHAPE, api_key_authenticate

KEYWORD = "Api-Key"


class KeyUser:
    """Who a request authenticated by an API key acts as: never staff, never a person. `kind`
    keeps two kinds of key with the same row id apart in the per-user throttles."""

    kind = "api-key"
    is_authenticated = True
    is_active = True
    is_staff = False
    is_superuser = False
    is_anonymous = False

    def __init__(self, key):
        self.api_key = key
        self.pk = self.id = f"{self.kind}:{key.pk}"  # what per-user throttles key on


class ApiKeyUser(KeyUser):
    """A buyer's key: acts for the key's buyer."""

    def __init__(self, key):
        super().__init__(key)
        self.buyer = key.buyer

    def __str__(self):
        return f"{self.buyer} ({self.api_key.prefix}…)"


class KeyFailureThrottle(SimpleRateThrottle):
    """Wrong or revoked keys from one client address, at most the "api_key_failure" rate.

    The views' own throttles cannot do this: DRF authenticates before it throttles, so a
    request with a bad key is answered 401 without ever being counted. Only failures count,
    per client IP (as the sign-in lockout counts them, so a port or an IPv4-mapped spelling of
    the same address is one counter); once an address is over the limit every key from it
    waits, a good one too, so guessing cannot go on behind a valid key."""

    scope = "api_key_failure"

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]  # read now, not at import

    def get_cache_key(self, request, view=None):
        return self.cache_format % {
            "scope": self.scope,
            "ident": client_ip(request) or client_address(request),
        }

    def refuses(self, request) -> bool:
        self.key = self.get_cache_key(request)
        self.now = self.timer()
        self.history = [
            moment for moment in self.cache.get(self.key, []) if moment > self.now - self.duration
        ]
        return len(self.history) >= self.num_requests

    def count_failure(self, request) -> None:
        self.allow_request(request, None)


class ApiKeyAuthentication(BaseAuthentication):
    """A buyer's key. Subclasses (the partner area's) change which keys they find and who a
    key acts as; the scheme, the failure throttle and the answers stay one."""

    find_key = staticmethod(api_key_authenticate)
    key_shape = KEY_SHAPE  # what the keys this class finds look like
    user_class = ApiKeyUser

    def authenticate(self, request):
        header = get_authorization_header(request).decode("latin-1")
        scheme, _, raw = header.partition(" ")
        if scheme.lower() != KEYWORD.lower():
            return None
        failures = KeyFailureThrottle()
        if failures.refuses(request):
            raise Throttled(
                failures.wait(),
                detail="Too many requests with API keys that are not valid came from this "
                "address; wait before trying again.",
            )
        raw = raw.strip()
        key = self.find_key(raw)
        if key is None:
            # Only a key of the shape this endpoint takes counts as a guess: a buyer's key sent
            # to a partner endpoint (or the reverse) is a mistake, not an attack, and must not
            # lock its client out of the whole API. Anything else costs no query to refuse.
            if self.key_shape.fullmatch(raw):
                failures.count_failure(request)
            raise AuthenticationFailed(
                "That API key is not valid here, or it was revoked. Buyers' keys reach the "
                "catalogue and licensing endpoints; content partners' keys only /api/v1/partner/ "
                "and /api/v1/uploads/."
            )
        return self.user_class(key), key

    def authenticate_header(self, request):
        # Makes DRF answer 401 (with this challenge) rather than 403 to unauthenticated calls.
        return f'{KEYWORD} realm="api"'


class ApiKeyScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes the key (drf-spectacular finds it by subclassing)."""

    target_class = ApiKeyAuthentication
    match_subclasses = True  # a content partner's key is sent the same way
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": f"`{KEYWORD} <key>`: the key `create_buyer` printed or a buyer "
            "made; on the partner endpoints, the key `create_partner_member` printed.",
        }
