"""Start-up check of the Content Credentials signing pair (docs/verification.md): without
one, downloads fail (503) or, with C2PA_UNSIGNED_FALLBACK, go out unsigned; either should be
known before the first buyer finds out."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Warning, register

from footage.signing import signing_problem


@register()
def signing_pair_usable(app_configs=None, **kwargs):
    if not settings.C2PA_SIGN_DOWNLOADS:
        return []
    problem = signing_problem()
    if problem is None:
        return []
    if settings.C2PA_UNSIGNED_FALLBACK:
        return [
            Warning(
                f"Downloads go out without Content Credentials: {problem}",
                hint="For development, run `manage.py signing_keys_ensure` (make run does).",
                id="footage.W001",
            )
        ]
    return [
        Error(
            f"Downloads cannot be signed, so none will be served: {problem}",
            hint="Point C2PA_SIGNING_CERT and C2PA_SIGNING_KEY at the marketplace's pair, or "
            "set C2PA_SIGN_DOWNLOADS=0 to deliver masters without Content Credentials.",
            id="footage.E001",
        )
    ]


@register()
def trust_list_readable(app_configs=None, **kwargs):
    """A trust list that cannot be read would make every master's credentials unreadable."""
    path = settings.C2PA_TRUST_ANCHORS
    if not path or Path(path).is_file():
        return []
    return [
        Error(
            f"C2PA_TRUST_ANCHORS names {path}, which is not a readable file.",
            hint="Point it at a PEM bundle of CA certificates, or leave it empty to trust none.",
            id="footage.E002",
        )
    ]
