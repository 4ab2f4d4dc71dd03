"""`Authorization: Api-Key <key>`: the buyer's own newsroom systems."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from licensing.services.keys import api_key_authenticate

KEYWORD = "Api-Key"


class ApiKeyUser:
    """Who a request authenticated by an API key acts as: the key's buyer, never staff."""

    is_authenticated = True
    is_active = True
    is_staff = False
    is_superuser = False
    is_anonymous = False

    def __init__(self, key):
        self.api_key = key
        self.buyer = key.buyer
        self.pk = self.id = f"api-key:{key.pk}"  # what per-user throttles key on

    def __str__(self):
        return f"{self.buyer} ({self.api_key.prefix}…)"


class ApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request):
        header = get_authorization_header(request).decode("latin-1")
        scheme, _, raw = header.partition(" ")
        if scheme.lower() != KEYWORD.lower():
            return None
        key = api_key_authenticate(raw.strip())
        if key is None:
            raise AuthenticationFailed("That API key is not valid, or it was revoked.")
        return ApiKeyUser(key), key

    def authenticate_header(self, request):
        # Makes DRF answer 401 (with this challenge) rather than 403 to unauthenticated calls.
        return f'{KEYWORD} realm="api"'


class ApiKeyScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes the key (drf-spectacular finds it by subclassing)."""

    target_class = ApiKeyAuthentication
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": f"`{KEYWORD} <key>`: the key `create_buyer` printed or a buyer made.",
        }
