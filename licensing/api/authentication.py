"""`Authorization: Api-Key <key>` with a buyer's key: the buyer's own newsroom systems. The
scheme and the failure throttle are every key's (common.keys.authentication)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

from common.keys.authentication import KEYWORD, KeyAuthentication, KeyUser
from licensing.services.keys import KEY_SHAPE, api_key_authenticate


class ApiKeyUser(KeyUser):
    """A buyer's key: acts for the key's buyer."""

    def __init__(self, key):
        super().__init__(key)
        self.buyer = key.buyer

    def __str__(self):
        return f"{self.buyer} ({self.api_key.prefix}…)"


class ApiKeyAuthentication(KeyAuthentication):
    """A buyer's key."""

    find_key = staticmethod(api_key_authenticate)
    key_shape = KEY_SHAPE  # what the keys this class finds look like
    user_class = ApiKeyUser


class ApiKeyScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes the key (drf-spectacular finds it by subclassing)."""

    target_class = ApiKeyAuthentication
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": f"`{KEYWORD} <key>`: the key `create_buyer` printed or a buyer "
            "made; on the partner endpoints, the key `create_partner_member` printed.",
        }
