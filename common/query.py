"""Query parameters read by a serializer, strictly (`AvailabilityQuerySerializer` and the like).

DRF reads a QueryDict as an HTML form: an empty optional value counts as absent, so `use=` would
be ignored rather than refused, and a repeated parameter silently keeps one value. Here an empty
value is a value the serializer judges, and a parameter comes once.
"""

from rest_framework import serializers
from rest_framework.exceptions import ValidationError


class QuerySerializer(serializers.Serializer):
    @classmethod
    def validated(cls, request) -> dict:
        params = request.query_params
        serializer = cls(data={name: params[name] for name in params})
        repeated = {
            name: [f"{name}= may be given once."]
            for name in serializer.fields
            if len(params.getlist(name)) > 1
        }
        if repeated:
            raise ValidationError(repeated)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data
