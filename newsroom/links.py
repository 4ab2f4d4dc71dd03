"""Absolute links to the newsroom's own resources, for payloads sent without a request."""

from django.conf import settings

from common.links import absolute_url


def ninjs_url(public_id: str, request=None) -> str:
    """The ninjs item of a clip: /api/v1/assets/{id}/ninjs/ (the ninjs part's route; built
    literally here until it is merged, then reverse("api:asset-ninjs"))."""
    path = f"/api/v1/assets/{public_id}/ninjs/"
    if request is not None:
        return absolute_url(request, path)
    return settings.SITE_URL + path
