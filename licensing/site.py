"""Who is buying on the website: the signed-in member's organisation."""

from django.core.exceptions import PermissionDenied

from licensing.models import Buyer


def request_buyer(request) -> Buyer | None:
    """The member's organisation, looked up once per request (one query)."""
    if not hasattr(request, "_licensing_buyer"):
        user = getattr(request, "user", None)
        buyer = None
        if user is not None and user.is_authenticated and not hasattr(user, "api_key"):
            buyer = Buyer.objects.filter(memberships__user=user).first()
        request._licensing_buyer = buyer
    return request._licensing_buyer


def require_buyer(request) -> Buyer:
    buyer = request_buyer(request)
    if buyer is None:
        raise PermissionDenied("This account does not belong to a buyer organisation.")
    return buyer
