from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.permissions import BasePermission

from licensing.models import Buyer
from licensing.site import request_buyer as member_buyer


def request_buyer(request) -> Buyer | None:
    """The organisation a request acts for: an API key's buyer or a signed-in member's."""
    user = request.user
    if user and user.is_authenticated and hasattr(user, "api_key"):
        return getattr(user, "buyer", None)  # a content partner's key acts for no buyer
    return member_buyer(request)


def request_person(request):
    """The signed-in member behind a request; None for an API key, which is not a person (an
    order, an audit entry or a saved search then names no one)."""
    return None if hasattr(request.user, "api_key") else request.user


class IsBuyer(BasePermission):
    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            raise NotAuthenticated("Send an API key: Authorization: Api-Key <key>.")
        buyer = request_buyer(request)
        if buyer is None:
            raise PermissionDenied("This account does not belong to a buyer organisation.")
        request.buyer = buyer
        return True
