"""One shape for every error the API answers (DRF's EXCEPTION_HANDLER and the schema's `Error`):
a sentence in `detail`, a machine-readable `code`, and for bad input each field's messages
under `fields`, keyed by its path (`items.0.asset`). Refusals with per-item details add `items`.
A service's refusal (common.errors.ServiceError) answers here with its own status and body, so
a view raises it rather than catching it.
The request errors Django raises while a body is read (too big, too many fields) answer here
too, in JSON, rather than on Django's HTML pages; anything still unhandled goes on to
handler500, which answers JSON under /api/ (config.views).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404
from rest_framework import exceptions, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler

from common.errors import ServiceError
from common.parsers import BodyTooLarge

NON_FIELD = "non_field_errors"
MALFORMED = "The request could not be read ({problem}); nothing was changed."


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in a sentence.")
    code = serializers.CharField(
        help_text="Machine-readable: invalid, parse_error, not_authenticated, "
        "permission_denied, not_found, throttled, payment_required, conflict, …"
    )
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Bad input: the messages for each parameter or body field, by its path.",
    )
    items = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        help_text="A refusal's details for each item of an order it concerns.",
    )


def flatten_errors(errors, path: str = "") -> dict[str, list[str]]:
    """DRF's nested ValidationError detail as {"items.0.asset": ["…"], …}."""
    if isinstance(errors, dict):
        flat = {}
        for name, nested in errors.items():
            key = path if name == NON_FIELD and path else f"{path}.{name}" if path else name
            for where, messages in flatten_errors(nested, key).items():
                flat.setdefault(where, []).extend(messages)
        return flat
    if isinstance(errors, list) and any(isinstance(e, (dict, list)) for e in errors):
        flat = {}
        for index, nested in enumerate(errors):
            for where, messages in flatten_errors(
                nested, f"{path}.{index}" if path else str(index)
            ).items():
                flat.setdefault(where, []).extend(messages)
        return flat
    messages = errors if isinstance(errors, list) else [errors]
    return {path or NON_FIELD: [str(message) for message in messages]} if messages else {}


def _validation_body(exc: ValidationError) -> dict:
    fields = flatten_errors(exc.detail)
    where, messages = next(iter(fields.items()), (NON_FIELD, ["The request is not valid."]))
    detail = messages[0] if where == NON_FIELD else f"{where}: {messages[0]}"
    more = sum(len(m) for m in fields.values()) - 1
    if more > 0:
        detail += f" (and {more} more problem{'s' if more > 1 else ''}: see fields)"
    return {"detail": detail, "code": "invalid", "fields": fields}


def api_exception_handler(exc, context):
    if isinstance(exc, ServiceError):
        # A refusal keeps what its service wrote (an upload marked failed): no rollback here.
        return Response(exc.answer(), status=exc.status)
    # DRF's own handler turns Django's Http404 and PermissionDenied into its own; do it first
    # so the code below sees the exception the response is made from.
    if isinstance(exc, RequestDataTooBig):  # Django's own limit on a form or request.body
        exc = BodyTooLarge(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    elif isinstance(exc, SuspiciousOperation):  # too many fields or files, a bad multipart body
        exc = exceptions.ParseError(
            MALFORMED.format(problem=str(exc).rstrip(".")), code="malformed"
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    response = exception_handler(exc, context)
    if response is None:
        return None  # not an API error: Django's handlers answer (500 as JSON under /api/)
    if isinstance(exc, ValidationError):
        response.data = _validation_body(exc)
    elif isinstance(response.data, dict) and "detail" in response.data:
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else exc.default_code
        response.data = {"detail": str(response.data["detail"]), "code": str(code)}
    return response
