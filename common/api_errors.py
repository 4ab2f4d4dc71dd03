"""The API's exception handler (DRF's EXCEPTION_HANDLER): DRF's own, plus the request errors
Django raises while a body is read, which DRF would otherwise pass on to Django's HTML pages.
Anything still unhandled goes on to handler500, which answers JSON under /api/ (config.views).
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from common.parsers import BodyTooLarge

MALFORMED = "The request could not be read ({problem}); nothing was changed."


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):  # Django's own limit on a form or request.body
        return drf_exception_handler(BodyTooLarge(settings.DATA_UPLOAD_MAX_MEMORY_SIZE), context)
    if isinstance(exc, SuspiciousOperation):  # too many fields or files, a bad multipart body
        body = {"detail": MALFORMED.format(problem=str(exc).rstrip(".")), "code": "malformed"}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
