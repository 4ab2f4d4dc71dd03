"""Who is buying on the website: the signed-in member's organisation."""

from django.core.exceptions import PermissionDenied

from licensing.models import Buyer


def request_buyer(request) -> Buyer | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    membership = getattr(user, "buyer_membership", None)
    return membership.buyer if membership is not None else None


def require_buyer(request) -> Buyer:
    buyer = request_buyer(request)
    if buyer is None:
        raise PermissionDenied("This account does not belong to a buyer organisation.")
    return buyer
