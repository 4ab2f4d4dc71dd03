"""Start-up checks of the settings that wire other apps' panels into the catalogue's pages:
a dotted path that names nothing would otherwise fail only when a page is first shown."""

from django.conf import settings
from django.core.checks import Error, register
from django.utils.module_loading import import_string

PANEL_SETTINGS = ("CLIP_PAGE_PANELS", "BROWSE_PAGE_PANELS")


@register()
def panels_can_be_imported(app_configs=None, **kwargs):
    errors = []
    for name in PANEL_SETTINGS:
        for path in getattr(settings, name, []):
            try:
                panel = import_string(path)
            except ImportError as error:
                errors.append(
                    Error(
                        f"{name} names {path!r}, which cannot be imported: {error}",
                        hint="Give the dotted path of a callable (request, …) -> HTML.",
                        id="catalog.E001",
                    )
                )
                continue
            if not callable(panel):
                errors.append(
                    Error(f"{name} names {path!r}, which is not callable.", id="catalog.E002")
                )
    return errors
