"""Pages every anonymous visitor from one territory sees alike, rendered once and shared.

A list of clips depends on the address and the visitor's territory only (never on who they are
while nobody is signed in), so the rendered page is kept PAGE_CACHE_SECONDS (default 30) per
(territory, address) in the shared cache (Redis across processes; a CDN does the same job in
front). Signed-in visitors, other methods, and any response that sets a cookie (a CSRF token,
a session) are never kept. What a cached list shows can be that many seconds old; a clip page,
a purchase and a download always check the clip's restrictions afresh.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse


def shared_per_territory(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds <= 0 or request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"page:{request.territory or '-'}:{address}"
        kept = cache.get(key)
        if kept is not None:
            content, content_type = kept
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, (response.content, response["Content-Type"]), seconds)
        return response

    return wrapped
