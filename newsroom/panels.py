"""What the newsroom adds to the catalog's clip page (settings.CLIP_PAGE_PANELS): "Add to a
board", for signed-in members of a buyer organisation."""

from django.template.loader import render_to_string

from licensing.site import request_buyer
from newsroom.models import Lightbox


def boards(request, asset) -> str:
    buyer = request_buyer(request)
    if buyer is None:
        return ""
    # Bounded by the boards-per-buyer limit; one query.
    choices = list(Lightbox.objects.filter(buyer=buyer).only("public_id", "name"))
    holding = set(
        Lightbox.objects.filter(buyer=buyer, items__asset=asset).values_list("pk", flat=True)
    )
    context = {"asset": asset, "boards": choices, "holding": holding}
    return render_to_string("newsroom/_board_panel.html", context, request=request)
