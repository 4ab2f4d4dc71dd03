"""Who acts for a content partner: its members (people who sign in on the site) and API keys."""

from django.conf import settings
from django.db import models

from catalog.models import ContentPartner
from common.keys.models import HashedKey

# Partner keys say what they are ("ptn_" then a hex prefix, a dot and the secret), so a log or
# a support request tells them from a buyer's key at a glance.
PARTNER_KEY_START = "ptn_"


class PartnerMember(models.Model):
    """A person who supplies footage for a content partner; one partner per person."""

    partner = models.ForeignKey(ContentPartner, on_delete=models.CASCADE, related_name="members")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_membership"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.user} for {self.partner}"


class PartnerApiKey(HashedKey):
    """A content partner's API key, made for one of its members. Only a hash is stored; the
    key is shown once."""

    KEY_START = PARTNER_KEY_START

    partner = models.ForeignKey(ContentPartner, on_delete=models.CASCADE, related_name="api_keys")
    member = models.ForeignKey(
        PartnerMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="api_keys"
    )
    name = models.CharField(max_length=100, default="Partner API key")

    class Meta(HashedKey.Meta):
        verbose_name = "partner API key"
