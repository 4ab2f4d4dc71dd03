"""Answers more than one app gives in the same way."""

from django.shortcuts import render

# Unavailable For Legal Reasons (RFC 7725): what a clip's restrictions answer a visitor.
UNAVAILABLE_FOR_LEGAL_REASONS = 451


def unavailable_sentence(where: str) -> str:
    """The one sentence the site's and the API's 451 start with. It never names the clip: a
    visitor who may not see a clip (embargoed, restricted where they are) must not learn its
    title from the refusal either."""
    return f"This clip is not available in {where}."


def unavailable(request, *, detail: str, reasons, status: int = UNAVAILABLE_FOR_LEGAL_REASONS):
    """The 451 page: `detail` says where the clip is refused, `reasons` why (the checker's
    readable reasons). Nothing else about the clip is shown."""
    context = {"detail": detail, "reasons": list(reasons)}
    return render(request, "451.html", context, status=status)
