"""What the newsroom adds to the catalog's clip page (settings.CLIP_PAGE_PANELS): "Add to a
board", for signed-in members of a buyer organisation."""

from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string

from licensing.site import request_buyer
from newsroom.models import Lightbox, LightboxItem


def boards(request, asset) -> str:
    buyer = request_buyer(request)
    if buyer is None:
        return ""
    # Bounded by the boards-per-buyer limit; one query, which also says where the clip is.
    here = LightboxItem.objects.filter(lightbox=OuterRef("pk"), asset=asset)
    choices = (
        Lightbox.objects.filter(buyer=buyer)
        .only("public_id", "name")
        .annotate(has_clip=Exists(here))
    )
    context = {"asset": asset, "boards": choices}
    return render_to_string("newsroom/_board_panel.html", context, request=request)
