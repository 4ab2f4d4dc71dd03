"""Who a partner request acts for: a partner key's partner, or a signed-in member's."""

from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.permissions import BasePermission

from catalog.models import ContentPartner
from partners.api.authentication import PartnerKeyAuthentication
from partners.site import request_member

# What every partner endpoint lists: a partner key, or a member signed in on the site.
PARTNER_AUTHENTICATION = [PartnerKeyAuthentication, SessionAuthentication]


def request_partner(request) -> ContentPartner | None:
    user = request.user
    if user and user.is_authenticated and hasattr(user, "api_key"):
        return getattr(user, "partner", None)
    member = request_member(request)
    return member.partner if member else None


def request_partner_person(request):
    """The member behind a partner request: a key's member, or the signed-in user."""
    user = request.user
    if hasattr(user, "api_key"):
        member = getattr(user, "member", None)
        return member.user if member else None
    return user if user.is_authenticated else None


class IsPartnerMember(BasePermission):
    """Sets request.partner; every query of a partner view is filtered by it, so another
    partner's anything is a 404."""

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            raise NotAuthenticated("Send a partner API key: Authorization: Api-Key <key>.")
        partner = request_partner(request)
        if partner is None:
            raise PermissionDenied("This account does not belong to a content partner.")
        request.partner = partner
        return True
