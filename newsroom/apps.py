from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """What buyers' newsroom systems integrate with: ninjs items and feeds with ODRL rights,
    signed webhooks, saved searches and lightboxes."""

    name = "newsroom"
    verbose_name = "Newsroom integration"

    def ready(self):
        self._connect_webhooks()

    def _connect_webhooks(self):
        from catalog.signals import asset_restrictions_changed, asset_status_changed
        from licensing.signals import license_revoked, order_created
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
