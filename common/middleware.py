"""A query the database cut off for taking too long answers 503 with a sentence, not a 500."""

from django.db import OperationalError
from django.http import JsonResponse
from django.shortcuts import render

QUERY_CANCELED = "57014"  # PostgreSQL: statement_timeout (STATEMENT_TIMEOUT_MS) ran out
RETRY_AFTER_SECONDS = 5
SENTENCE = (
    "The catalogue took too long to answer this request, so it was stopped; nothing was "
    "changed. Try again in a moment, or narrow the search or filters."
)


def was_cut_off(error: BaseException) -> bool:
    return isinstance(error, OperationalError) and (
        getattr(error.__cause__, "sqlstate", None) == QUERY_CANCELED
    )


class StatementTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not was_cut_off(exception):
            return None
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": SENTENCE, "code": "timeout"}, status=503)
        else:
            response = render(request, "503.html", {"sentence": SENTENCE}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
