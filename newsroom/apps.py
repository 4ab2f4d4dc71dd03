from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """What buyers' newsroom systems integrate with: ninjs items and feeds with ODRL rights,
    signed webhooks, saved searches and lightboxes."""

    name = "newsroom"
    verbose_name = "Newsroom integration"

    def ready(self):
        from catalog.signals import asset_restrictions_changed, asset_status_changed
        from newsroom.saved_searches import receivers as saved_search_receivers

        asset_status_changed.connect(
            saved_search_receivers.match_when_published, dispatch_uid="newsroom-saved-published"
        )
        asset_restrictions_changed.connect(
            saved_search_receivers.match_when_restrictions_change,
            dispatch_uid="newsroom-saved-restrictions",
        )
