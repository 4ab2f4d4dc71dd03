"""The API's exception handler (DRF's EXCEPTION_HANDLER): DRF's own, plus the request errors
Django raises while a body is read, which DRF would otherwise pass on to Django's HTML pages.
Anything still unhandled goes on to handler500, which answers JSON under /api/ (config.views).
"""

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

TOO_LARGE = (
    "The request body is larger than the API reads (DATA_UPLOAD_MAX_MEMORY_SIZE); nothing was "
    "changed."
)
MALFORMED = "The request could not be read ({problem}); nothing was changed."


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        body = {"detail": TOO_LARGE, "code": "too_large"}
        return Response(body, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, SuspiciousOperation):  # too many fields or files, a bad multipart body
        body = {"detail": MALFORMED.format(problem=str(exc).rstrip(".")), "code": "malformed"}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
