"""Signing in and setting a password: what the lockout counts, who may reset a password.

Django's own views do the work (config.urls wires them); this module holds the two places where
the project's rules differ from Django's defaults.
"""

import unicodedata

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.shortcuts import render


def attempted_username(request, credentials=None) -> str:
    """The account a sign-in attempt is for, as the lockout counts it: "Desk@X.example " and
    "desk@x.example" are one account, so changing the case does not buy more guesses."""
    field = settings.AXES_USERNAME_FORM_FIELD
    source = credentials or getattr(request, "data", None) or request.POST
    return str(source.get(field) or "").strip().lower()


def lockout_response(request, original_response=None, credentials=None):
    """The page a refused sign-in gets (settings.AXES_LOCKOUT_CALLABLE): 429 Too Many Requests
    with Retry-After, on the site's own page for both the site's and the admin's sign-in."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    response = render(request, "registration/locked_out.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form also for members who never had a password: `create_buyer` and staff make
    members by e-mail alone, and this is how they set their first one. Inactive users still
    get nothing, and an unknown address is answered exactly like a known one."""

    def get_users(self, email):
        email_field = auth_forms.UserModel.get_email_field_name()
        users = auth_forms.UserModel._default_manager.filter(
            **{f"{email_field}__iexact": email, "is_active": True}
        )
        return (user for user in users if _same_address(email, getattr(user, email_field)))


def _same_address(one: str, other: str) -> bool:
    """As Django's own form compares: the database's case-insensitive match can be looser than
    Unicode case folding (the look-alike address trick of CVE-2019-19844), so only an address
    equal to the stored one after NFKC and case folding gets the mail, sent to the stored one."""
    return (
        unicodedata.normalize("NFKC", one).casefold()
        == unicodedata.normalize("NFKC", other).casefold()
    )


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password through the e-mailed link also lifts the account's sign-in
    lockout: whoever holds the mailbox has just proved they own the account."""

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username().strip().lower())
        return response
