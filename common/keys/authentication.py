"""`Authorization: Api-Key <key>`: the one scheme every API key is sent with. The apps that own
keys subclass KeyAuthentication (which keys it finds, who a key acts as) and KeyUser; the
scheme, the failure throttle and the answers stay one."""

from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from common.addresses import client_address, client_ip

KEYWORD = "Api-Key"


class KeyUser:
    """Who a request authenticated by an API key acts as: never staff, never a person itself.
    `person` is the person the key was made for, when it names one (common.members). `kind`
    keeps two kinds of key with the same row id apart in the per-user throttles."""

    kind = "api-key"
    is_authenticated = True
    is_active = True
    is_staff = False
    is_superuser = False
    is_anonymous = False
    person = None

    def __init__(self, key):
        self.api_key = key
        self.pk = self.id = f"{self.kind}:{key.pk}"  # what per-user throttles key on


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


class KeyAuthentication(BaseAuthentication):
    """A key sent with the `Api-Key` scheme. Subclasses name which keys they find
    (`find_key(raw)`, a key or None), what those keys look like (`key_shape`, a compiled
    pattern) and who a key acts as (`user_class`, a KeyUser)."""

    find_key = None  # staticmethod(raw -> key or None)
    key_shape = None
    user_class = KeyUser

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
