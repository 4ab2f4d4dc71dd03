"""Absolute links to the newsroom's own resources, for payloads sent without a request."""

from django.conf import settings
from django.urls import reverse

from common.links import absolute_url


def ninjs_url(public_id: str, request=None) -> str:
    """The ninjs item of a clip (GET /api/v1/assets/{id}/ninjs/), on SITE_URL without a
    request."""
    path = reverse("api:asset-ninjs", kwargs={"public_id": public_id})
    if request is not None:
        return absolute_url(request, path)
    return settings.SITE_URL + path
