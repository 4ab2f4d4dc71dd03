"""What footage adds to the catalog's clip page (settings.CLIP_PAGE_PANELS): "How this clip was
verified", the same checks the API's verification resource answers (docs/verification.md)."""

from django.template.loader import render_to_string

from footage.evidence.summary import verification_summary


def verification(request, asset):
    summary = verification_summary(asset)
    return render_to_string(
        "footage/_verification.html", {"asset": asset, **summary}, request=request
    )
