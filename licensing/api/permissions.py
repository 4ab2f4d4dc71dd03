from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.permissions import BasePermission

from licensing.models import Buyer


def request_buyer(request) -> Buyer | None:
    """The organisation a request acts for: an API key's buyer or a signed-in member's."""
    user = request.user
    if not user or not user.is_authenticated:
        return None
    if hasattr(user, "api_key"):
        return user.buyer
    membership = getattr(user, "buyer_membership", None)
    return membership.buyer if membership is not None else None


class IsBuyer(BasePermission):
    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            raise NotAuthenticated("Send an API key: Authorization: Api-Key <key>.")
        buyer = request_buyer(request)
        if buyer is None:
            raise PermissionDenied("This account does not belong to a buyer organisation.")
        request.buyer = buyer
        return True
