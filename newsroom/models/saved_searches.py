"""Saved searches: a buyer's query over the assets list, and the clips that matched it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from common.models import PUBLIC_ID_LENGTH, TimestampedModel, new_public_id

NOTIFY_CHANNELS = ("webhook", "email")


class SavedSearch(TimestampedModel):
    """The assets list's filters, kept by a buyer organisation, with how to be told of news."""

    public_id = models.CharField(
        max_length=PUBLIC_ID_LENGTH, unique=True, default=new_public_id, editable=False
    )
    buyer = models.ForeignKey(
        "licensing.Buyer", on_delete=models.CASCADE, related_name="saved_searches"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="saved_searches",
        help_text="Who saved it (receives the e-mail digest); empty when an API key did.",
    )
    name = models.CharField(max_length=200)
    # The assets list's filters as query parameters ({"search": "flood", "category": "news"}),
    # validated by catalog.filters.AssetFilter before they are stored (saved_searches.query).
    query = models.JSONField(default=dict, blank=True)
    notify = models.JSONField(default=list, blank=True, help_text="webhook and/or email")
    # Clips that became visible up to this moment have been looked at by the periodic run.
    swept_until = models.DateTimeField()
    # Since when the e-mail digest is on (None: off): it lists matches from then on only, so
    # turning it on later does not mail every match kept while it was off.
    mail_from = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["buyer", "-created_at", "-id"], name="saved_search_buyer")]
        verbose_name_plural = "saved searches"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("api:saved-search-detail", kwargs={"public_id": self.public_id})

    def notifies(self, channel: str) -> bool:
        return channel in (self.notify or [])


class SavedSearchMatch(models.Model):
    """A clip that matched a saved search once it became visible to the buyer: one row per
    pair, so nobody is told twice of the same clip."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="matches")
    asset = models.ForeignKey(
        "catalog.VideoAsset", on_delete=models.CASCADE, related_name="saved_search_matches"
    )
    matched_at = models.DateTimeField(auto_now_add=True)
    webhook_sent_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-matched_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["saved_search", "asset"], name="saved_search_match_once"
            )
        ]
        indexes = [
            models.Index(fields=["saved_search", "-matched_at", "-id"], name="saved_match_latest"),
            # The digest's "not mailed yet": a few rows among many.
            models.Index(
                fields=["saved_search"],
                condition=Q(emailed_at__isnull=True),
                name="saved_match_unmailed",
            ),
        ]

    def __str__(self):
        return f"{self.asset_id} matched {self.saved_search}"
