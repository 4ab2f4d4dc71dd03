"""Who a request buys for, on the website and through the API. The one place that answers it;
here, not in common, because it must know Buyer (common.members says who the person is)."""

from django.core.exceptions import PermissionDenied

from common.keys.authentication import KeyUser
from common.members import request_member
from licensing.models import Buyer, BuyerMember


def request_buyer(request) -> Buyer | None:
    """The organisation a request acts for: an API key's buyer, or the signed-in member's
    (looked up once per request, one query). None for anyone else."""
    user = getattr(request, "user", None)
    if isinstance(user, KeyUser):
        return getattr(user, "buyer", None)  # a content partner's key acts for no buyer
    member = request_member(request, BuyerMember)
    return member.buyer if member else None


def require_buyer(request) -> Buyer:
    buyer = request_buyer(request)
    if buyer is None:
        raise PermissionDenied("This account does not belong to a buyer organisation.")
    return buyer
