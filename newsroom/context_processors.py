"""What every page may ask of the newsroom, computed only if a template asks."""

from django.utils.functional import SimpleLazyObject

from licensing.site import request_buyer


def boards(request) -> dict:
    # A card in a list shows "Add to board" to members of a buyer organisation; the buyer is
    # looked up once per request (licensing.site), and not at all on pages that do not ask.
    return {"can_add_to_board": SimpleLazyObject(lambda: request_buyer(request) is not None)}
