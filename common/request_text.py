"""Text a request carries that no database may be asked about: a NUL character.

PostgreSQL refuses NUL in any text value ("A string literal cannot contain NUL (0x00)
characters"), so a NUL that reached a query used to be a 500 there and a quiet miss on SQLite.
This middleware answers 400 with a sentence before any view, session or authentication sees
the request: in the path, the query string, a header (Authorization included) or a cookie.
Bodies are the forms' and serializers' to judge: Django's and DRF's CharField refuse NUL, and
reading a body here would take it from the parsers.
"""

from urllib.parse import unquote_plus

from django.http import JsonResponse
from django.shortcuts import render

REFUSED = "\x00"
SENTENCE = (
    "The request contains a NUL character (%00), which no address, parameter or header may "
    "hold; nothing was changed."
)


def where_refused(request) -> str | None:
    """ "path", "query", a header's name, or None when the request holds no refused character."""
    if REFUSED in request.path_info or REFUSED in request.path:
        return "path"
    if REFUSED in unquote_plus(request.META.get("QUERY_STRING", "")):
        return "query"
    for key, value in request.META.items():
        if (key.startswith("HTTP_") or key in ("CONTENT_TYPE", "CONTENT_LENGTH")) and (
            isinstance(value, str) and REFUSED in value
        ):
            return key.removeprefix("HTTP_").replace("_", "-").title()
    # A quoted cookie may spell a NUL as the octal escape \000, which parsing turns into one.
    for name, value in request.COOKIES.items():
        if REFUSED in name or REFUSED in value:
            return "Cookie"
    return None


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = where_refused(request)
        if where is None:
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            body = {"detail": SENTENCE, "code": "nul_character", "where": where}
            return JsonResponse(body, status=400)
        return render(request, "400.html", {"sentence": SENTENCE}, status=400)
