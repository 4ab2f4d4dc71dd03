"""`Authorization: Api-Key <key>` with a content partner's key: the same scheme and failure
throttle as buyers' keys (common.keys.authentication), other keys. Only the partner endpoints
list it, so a partner key reaches nothing else."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

from common.keys.authentication import KEYWORD, KeyAuthentication, KeyUser
from partners.services.members import KEY_SHAPE, partner_key_authenticate


class PartnerKeyUser(KeyUser):
    """A partner key: acts for the key's partner and member, never staff or a buyer."""

    kind = "partner-key"

    def __init__(self, key):
        super().__init__(key)
        self.partner = key.partner
        self.member = key.member
        self.person = key.member.user if key.member else None

    def __str__(self):
        return f"{self.partner} (partner key {self.api_key.prefix}…)"


class PartnerKeyAuthentication(KeyAuthentication):
    find_key = staticmethod(partner_key_authenticate)
    key_shape = KEY_SHAPE
    user_class = PartnerKeyUser


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    """The partner key in the schema: sent like a buyer's key, but its own scheme, so the
    partner endpoints say which key they take (and the schema has one class per name)."""

    target_class = PartnerKeyAuthentication
    name = "PartnerApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": f"`{KEYWORD} <key>`: a content partner's key "
            "(`create_partner_member` prints one); it reaches only the partner endpoints.",
        }
