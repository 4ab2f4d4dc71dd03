"""Start-up checks of the newsroom's settings against what they must agree with."""

from django.conf import settings
from django.core.checks import Error, register

from licensing.services.purchase import MAX_ITEMS


@register()
def a_board_fits_in_one_order(app_configs=None, **kwargs):
    """A board is bought in one order ("Buy the board"), so it holds no more clips than one
    order may have lines."""
    size = settings.LIGHTBOX_MAX_ITEMS
    if 1 <= size <= MAX_ITEMS:
        return []
    return [
        Error(
            f"LIGHTBOX_MAX_ITEMS is {size}; a board must hold 1 to {MAX_ITEMS} clips, what one "
            "order may hold, or buying the board would be refused.",
            hint=f"Set LIGHTBOX_MAX_ITEMS to at most {MAX_ITEMS}.",
            id="newsroom.E001",
        )
    ]
