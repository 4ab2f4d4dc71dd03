"""The OpenAPI schema says what the server does (REST_FRAMEWORK's DEFAULT_SCHEMA_CLASS).

Every operation documents the errors it can answer, all in one shape (common.api_errors), worked
out from the view rather than written per view: 400 always (a request the server cannot use),
401 where a credential is read, 403 where a permission can refuse, 404 where the path names
something or a page number can run past the end, 415 where a body is read, 429 where a throttle
counts. An operation adds the refusals it answers beside them with error_responses. Filter
parameters carry their bounds (common.filters.StrictFilterBackend enforces them).
"""

from collections.abc import Mapping

from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from common.api_errors import ErrorSerializer

# Text the server accepts never holds a NUL character (Django and DRF refuse it with a 400).
NO_NUL_PATTERN = r"^[^\u0000]*$"

COMMON_ERRORS = {
    "400": "The request could not be used: a parameter, header or body is missing or not "
    "valid (`fields` says which), or the body is not JSON the server can read.",
    "401": "The API key is not valid or was revoked, or one is needed and none was sent "
    "(Authorization: Api-Key <key>).",
    "403": "The caller may not do this: the account belongs to no buyer, or the session's "
    "CSRF token is missing.",
    "404": "Nothing is at this address for the caller, or there is no such page.",
    "415": "The body must be JSON (Content-Type: application/json).",
    "429": "Too many requests; try again after the seconds in Retry-After.",
}


def error_responses(texts: Mapping[int | str, str], *statuses: int | str) -> dict:
    """An operation's error responses for extend_schema(responses=…), each in the API's one
    error shape (common.api_errors) with its description from `texts`: those of `statuses`,
    or every one `texts` holds. ApiSchema adds the ones every operation shares."""
    wanted = statuses or tuple(texts)
    return {
        status: OpenApiResponse(ErrorSerializer, description=texts[status]) for status in wanted
    }


class ApiSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._common_error_codes():
            if code not in responses:
                (error,) = error_responses(COMMON_ERRORS, code).values()
                responses[code] = self._get_response_for_code(error, code, direction=direction)
        return dict(sorted(responses.items()))

    def _get_parameters(self):
        # Every address, query and header value is refused with a 400 when it holds a NUL
        # (common.request_text), the pagination's cursor and the filters' text too: say so.
        parameters = super()._get_parameters()
        for parameter in parameters:
            schema = parameter.get("schema", {})
            if schema.get("type") == "string" and not {"enum", "pattern", "format"} & set(schema):
                schema["pattern"] = NO_NUL_PATTERN
        return parameters

    def _common_error_codes(self) -> list[str]:
        view = self.view
        codes = ["400"]
        if view.get_authenticators():
            codes.append("401")
        if not all(isinstance(permission, AllowAny) for permission in view.get_permissions()):
            codes.append("403")
        if "{" in self.path or (self._is_list_view() and self._get_paginator() is not None):
            codes.append("404")
        if self.method in ("POST", "PUT", "PATCH") and self.get_request_serializer() is not None:
            codes.append("415")
        if view.get_throttles():
            codes.append("429")
        return codes

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        lists = (serializers.ListSerializer, serializers.ListField)
        if isinstance(field, lists) and schema and schema.get("type") == "array":
            # drf-spectacular leaves out a list's allow_empty / min_length / max_length.
            fewest = max(field.min_length or 0, 0 if field.allow_empty else 1)
            if fewest:
                schema.setdefault("minItems", fewest)
            if field.max_length is not None:
                schema.setdefault("maxItems", field.max_length)
        if (
            direction == "request"
            and schema
            and schema.get("type") == "string"
            and "format" not in schema
            and not isinstance(field, serializers.ChoiceField)
        ):
            schema.setdefault("pattern", NO_NUL_PATTERN)
        return schema


class BoundedFilterExtension(DjangoFilterExtension):
    """django-filter parameters with the bounds their form fields enforce (min_value,
    max_value, max_length), which drf-spectacular's own extension leaves out."""

    target_class = "common.filters.StrictFilterBackend"
    match_subclasses = True
    priority = 1

    BOUNDS = {"min_value": "minimum", "max_value": "maximum", "max_length": "maxLength"}

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        for parameter in parameters:
            schema = parameter["schema"]
            for option, keyword in self.BOUNDS.items():
                if filter_field.extra.get(option) is not None:
                    schema[keyword] = filter_field.extra[option]
            if schema.get("type") == "string" and not ({"enum", "format"} & schema.keys()):
                schema.setdefault("pattern", NO_NUL_PATTERN)
        return parameters
