from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """What buyers' newsroom systems integrate with: ninjs items and feeds with ODRL rights,
    signed webhooks, saved searches and lightboxes."""

    name = "newsroom"
    verbose_name = "Newsroom integration"
