from django.utils.functional import SimpleLazyObject

# Set at sign-in (partners.views.dashboard.SignInView) and on each dashboard visit, so the
# header's "Partner area" link costs no query on every other page.
PARTNER_MEMBER_SESSION_KEY = "partner_member"


def partner_area(request) -> dict:
    session = getattr(request, "session", None)
    return {
        "is_partner_member": SimpleLazyObject(
            lambda: bool(session and session.get(PARTNER_MEMBER_SESSION_KEY))
        )
    }
