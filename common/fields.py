"""Serializer fields that take JSON as JSON says it, where DRF would coerce."""

from rest_framework import serializers


class StringField(serializers.CharField):
    """Text that must arrive as a JSON string: DRF's CharField would take 0 as "0", which the
    schema says is not text."""

    default_error_messages = {"not_a_string": "Must be a string."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_a_string")
        return super().to_internal_value(data)
