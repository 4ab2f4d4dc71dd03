"""Who a partner request acts for: a partner key's partner, or a signed-in member's."""

from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.permissions import BasePermission

from catalog.models import ContentPartner
from common.keys.authentication import KeyUser
from common.members import request_member
from partners.api.authentication import PartnerKeyAuthentication
from partners.models import PartnerMember

# What every partner endpoint lists: a partner key, or a member signed in on the site.
PARTNER_AUTHENTICATION = [PartnerKeyAuthentication, SessionAuthentication]


def request_partner(request) -> ContentPartner | None:
    """The partner a request acts for: a partner key's, or the signed-in member's."""
    user = request.user
    if isinstance(user, KeyUser):
        return getattr(user, "partner", None)  # a buyer's key acts for no partner
    member = request_member(request, PartnerMember)
    return member.partner if member else None


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
