"""Who a request is: a person signed in on the site, or an API key acting for an organisation
(a buyer, a content partner). The apps that own the organisations read theirs off these:
licensing.site.request_buyer, partners.api.permissions.request_partner."""

from common.keys.authentication import KeyUser


def request_member(request, membership):
    """The signed-in person's row of `membership` (a model that makes a user a member of one
    organisation: BuyerMember, PartnerMember), or None: no one signed in, not a member, or an
    API key (which is not a person). Looked up once per request and model, with what it is a
    member of (one query)."""
    found = getattr(request, "_members", None)
    if found is None:
        found = request._members = {}
    if membership not in found:
        user = getattr(request, "user", None)
        member = None
        if user is not None and user.is_authenticated and not isinstance(user, KeyUser):
            # The foreign keys (not the one-to-one user): the organisation it belongs to.
            organisations = [field.name for field in membership._meta.fields if field.many_to_one]
            rows = membership.objects.select_related(*organisations).filter(user=user)
            member = rows.first()
        found[membership] = member
    return found[membership]


def request_person(request):
    """The person behind a request: the signed-in user, or the person an API key was made for
    (a partner key's member); None for a key that names no one (a buyer's) or no one signed in.
    What an order, an upload, an audit entry or a saved search records as who did it."""
    user = getattr(request, "user", None)
    if isinstance(user, KeyUser):
        return user.person
    return user if user is not None and user.is_authenticated else None
