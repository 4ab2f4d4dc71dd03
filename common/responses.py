"""Answers more than one app gives in the same way."""

from django.shortcuts import render

# Unavailable For Legal Reasons (RFC 7725): what a clip's restrictions answer a visitor.
UNAVAILABLE_FOR_LEGAL_REASONS = 451


def unavailable(request, context: dict):
    """The 451 page: `context` names the clip (`asset`), the checker's `decision` with its
    reasons, and the visitor's `territory_label`."""
    return render(request, "451.html", context, status=UNAVAILABLE_FOR_LEGAL_REASONS)
