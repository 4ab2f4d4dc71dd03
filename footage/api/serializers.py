"""The shape of a clip's verification (footage.evidence.summary), for the schema."""

from rest_framework import serializers


class ProvenanceSerializer(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=["none", "valid", "trusted", "invalid"],
        allow_null=True,
        help_text="The file's Content Credentials (C2PA); null until the file is checked.",
    )
    signer = serializers.CharField()
    claim_generator = serializers.CharField()
    digital_source_type = serializers.CharField(
        help_text="IPTC's digital source type, such as digitalCapture."
    )


class CaptureSerializer(serializers.Serializer):
    recorded_at = serializers.DateTimeField(allow_null=True)
    country = serializers.CharField(help_text="ISO code of the country the file's location is in.")
    device = serializers.CharField()
    consistent = serializers.BooleanField(
        allow_null=True, help_text="Whether the file agrees with the clip's date and country."
    )
    discrepancies = serializers.ListField(child=serializers.CharField())


class CheckSerializer(serializers.Serializer):
    code = serializers.CharField()
    result = serializers.ChoiceField(choices=["passed", "warning", "failed", "not_available"])
    detail = serializers.CharField()


class VerificationSerializer(serializers.Serializer):
    asset = serializers.CharField()
    provenance = ProvenanceSerializer()
    capture = CaptureSerializer()
    duplicates_resolved = serializers.BooleanField()
    checked_at = serializers.DateTimeField(allow_null=True)
    reviewed_at = serializers.DateTimeField(allow_null=True)
    checks = CheckSerializer(many=True)


class PartnerDuplicateSerializer(serializers.Serializer):
    asset = serializers.CharField()
    similarity = serializers.FloatField()
    overlap = serializers.FloatField(help_text="The share of this clip found in the other.")
