"""The uses buyers reported of a partner's clip, as the partner clips API shows them
(licensing.selectors.partner_usages): never the buyer, never the buyer's note."""

from rest_framework import serializers

from licensing.models.usages import PLATFORM_CHOICES
from licensing.selectors import partner_usages

# A clip's detail shows its latest uses; its statements list every one (partners.statements).
USES_IN_DETAIL = 100


class PartnerUsageSerializer(serializers.Serializer):
    clip = serializers.CharField(source="clip_id", help_text="The clip's public id.")
    used_at = serializers.DateTimeField()
    platform = serializers.ChoiceField(choices=PLATFORM_CHOICES)
    territory = serializers.CharField(help_text="ISO 3166-1 alpha-2 code of where it was used.")
    title = serializers.CharField(help_text="The programme, article or post it was used in.")
    url = serializers.CharField(help_text="Where it can be seen; empty when not given.")
    reported_at = serializers.DateTimeField()


def clip_usages(asset) -> list:
    """The clip's latest uses, most recent first, as the API answers them."""
    found = partner_usages(asset.partner_id, asset_id=asset.pk, limit=USES_IN_DETAIL)
    return PartnerUsageSerializer(found, many=True).data
