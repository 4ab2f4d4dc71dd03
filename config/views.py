"""Error pages: JSON with a sentence under /api/, the site's own pages everywhere else."""

from django.conf import settings
from django.http import JsonResponse
from django.views import defaults, static


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse(
            {"detail": "There is no API resource at this address.", "code": "not_found"}, status=404
        )
    return defaults.page_not_found(request, exception)


def bad_request(request, exception=None):
    """A request Django itself refused (too many fields, a body over
    DATA_UPLOAD_MAX_MEMORY_SIZE, a bad Host) outside any API view's own handling."""
    if _is_api(request):
        body = {
            "detail": "The request could not be read; nothing was changed.",
            "code": "malformed",
        }
        return JsonResponse(body, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": "You may not do this.", "code": "forbidden"}, status=403)
    return defaults.permission_denied(request, exception)


def server_error(request):
    if _is_api(request):
        return JsonResponse(
            {
                "detail": "Something went wrong on our side; nothing was changed. Try again.",
                "code": "server_error",
            },
            status=500,
        )
    return defaults.server_error(request)


def serve_media(request, path):
    """Uploaded media in development and browser tests (MEDIA_ROOT read per request)."""
    return static.serve(request, path, document_root=settings.MEDIA_ROOT)
