def absolute_url(request, path: str) -> str:
    """`path` as a full URL for the request's host; the bare path when there is no request."""
    return request.build_absolute_uri(path) if request is not None else path
