"""Who is supplying on the website: the signed-in member and their partner."""

from django.core.exceptions import PermissionDenied

from common.members import request_member
from partners.models import PartnerMember


def require_member(request) -> PartnerMember:
    """The signed-in user's membership (common.members.request_member: one query a request)."""
    member = request_member(request, PartnerMember)
    if member is None:
        raise PermissionDenied("This account does not belong to a content partner.")
    return member
