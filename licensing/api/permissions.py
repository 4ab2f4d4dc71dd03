from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.permissions import BasePermission

from licensing.site import request_buyer


class IsBuyer(BasePermission):
    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            raise NotAuthenticated("Send an API key: Authorization: Api-Key <key>.")
        buyer = request_buyer(request)
        if buyer is None:
            raise PermissionDenied("This account does not belong to a buyer organisation.")
        request.buyer = buyer
        return True
