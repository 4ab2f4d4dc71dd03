"""Who is supplying on the website: the signed-in member and their partner."""

from django.core.exceptions import PermissionDenied

from partners.models import PartnerMember


def request_member(request) -> PartnerMember | None:
    """The signed-in user's membership, looked up once per request (one query)."""
    if not hasattr(request, "_partner_member"):
        user = getattr(request, "user", None)
        member = None
        if user is not None and user.is_authenticated and not hasattr(user, "api_key"):
            member = PartnerMember.objects.select_related("partner").filter(user=user).first()
        request._partner_member = member
    return request._partner_member


def require_member(request) -> PartnerMember:
    member = request_member(request)
    if member is None:
        raise PermissionDenied("This account does not belong to a content partner.")
    return member
