"""`Authorization: Api-Key <key>` with a content partner's key: the same scheme and failure
throttle as buyers' keys (licensing.api.authentication), other keys. Only the partner endpoints
list it, so a partner key reaches nothing else."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

from licensing.api.authentication import KEYWORD, ApiKeyAuthentication
from partners.services.members import partner_key_authenticate


class PartnerKeyUser:
    """Who a request with a partner key acts as: the key's partner, never staff or a buyer."""

    is_authenticated = True
    is_active = True
    is_staff = False
    is_superuser = False
    is_anonymous = False

    def __init__(self, key):
        self.api_key = key
        self.partner = key.partner
        self.member = key.member
        self.pk = self.id = f"partner-key:{key.pk}"  # what per-user throttles key on

    def __str__(self):
        return f"{self.partner} (partner key {self.api_key.prefix}…)"


class PartnerKeyAuthentication(ApiKeyAuthentication):
    find_key = staticmethod(partner_key_authenticate)
    user_class = PartnerKeyUser


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    """The partner key in the schema: sent like a buyer's key, but its own scheme, so the
    partner endpoints say which key they take (and the schema has one class per name)."""

    target_class = PartnerKeyAuthentication
    name = "PartnerApiKey"
    priority = 1  # before licensing's ApiKeyScheme, which matches subclasses

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": f"`{KEYWORD} <key>`: a content partner's key "
            "(`create_partner_member` prints one); it reaches only the partner endpoints.",
        }
