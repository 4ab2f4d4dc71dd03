from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """What buyers' newsroom systems integrate with: ninjs items and feeds with ODRL rights,
    signed webhooks, saved searches and lightboxes."""

    name = "newsroom"
    verbose_name = "Newsroom integration"

    def ready(self):
        from newsroom import checks  # noqa: F401 - registers the start-up checks

        self._connect_webhooks()
        self._connect_saved_searches()

    def _connect_webhooks(self):
        from catalog.signals import asset_restrictions_changed, asset_status_changed
        from footage.signals import format_failed, format_ready
        from licensing.signals import format_requested, license_revoked, order_created
        from newsroom.webhooks import receivers

        asset_status_changed.connect(
            receivers.on_asset_status_changed, dispatch_uid="newsroom.webhooks.asset_status"
        )
        asset_restrictions_changed.connect(
            receivers.on_asset_restrictions_changed,
            dispatch_uid="newsroom.webhooks.asset_restrictions",
        )
        license_revoked.connect(
            receivers.on_license_revoked, dispatch_uid="newsroom.webhooks.license_revoked"
        )
        order_created.connect(
            receivers.on_order_created, dispatch_uid="newsroom.webhooks.order_created"
        )
        format_requested.connect(
            receivers.on_format_requested, dispatch_uid="newsroom.webhooks.format_requested"
        )
        format_ready.connect(receivers.on_format_ready, dispatch_uid="newsroom.webhooks.ready")
        format_failed.connect(receivers.on_format_failed, dispatch_uid="newsroom.webhooks.failed")

    def _connect_saved_searches(self):
        from catalog.signals import asset_restrictions_changed, asset_status_changed
        from newsroom.saved_searches import receivers as saved_search_receivers

        asset_status_changed.connect(
            saved_search_receivers.match_when_published, dispatch_uid="newsroom-saved-published"
        )
        asset_restrictions_changed.connect(
            saved_search_receivers.match_when_restrictions_change,
            dispatch_uid="newsroom-saved-restrictions",
        )
