from django.apps import AppConfig


class FootageConfig(AppConfig):
    name = "footage"
    verbose_name = "Footage: masters and renditions"

    def ready(self):
        from catalog.signals import (
            asset_publish_preparing,
            asset_publishing,
            asset_status_changed,
        )
        from footage import checks  # noqa: F401 - registers the signing pair's start-up check
        from footage.receivers import (
            hold_back_duplicates,
            read_before_publishing,
            rekey_when_withdrawn,
        )

        asset_status_changed.connect(rekey_when_withdrawn, dispatch_uid="footage-rekey-withdrawn")
        asset_publishing.connect(hold_back_duplicates, dispatch_uid="footage-hold-duplicates")
        asset_publish_preparing.connect(read_before_publishing, dispatch_uid="footage-read-first")
