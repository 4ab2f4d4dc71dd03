"""Lightboxes (boards): clips a buyer organisation collects for a story, shared among its
members, with a note per clip, to be bought together."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse

from common.models import PUBLIC_ID_LENGTH, TimestampedModel, new_public_id

NAME_MAX_LENGTH = 100
NOTE_MAX_LENGTH = 1000


class Lightbox(TimestampedModel):
    """A board of one buyer organisation; every member sees and edits it."""

    public_id = models.CharField(
        max_length=PUBLIC_ID_LENGTH, unique=True, default=new_public_id, editable=False
    )
    buyer = models.ForeignKey(
        "licensing.Buyer", on_delete=models.CASCADE, related_name="lightboxes"
    )
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = "lightbox"
        verbose_name_plural = "lightboxes"
        indexes = [
            models.Index(fields=["buyer", "-updated_at", "-id"], name="lightbox_buyer_updated")
        ]
        constraints = [
            models.CheckConstraint(condition=Q(name__regex=r"\S"), name="lightbox_name_not_blank"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("newsroom:board", kwargs={"public_id": self.public_id})


class LightboxItem(models.Model):
    """One clip on a board, once, with the note a member left on it."""

    lightbox = models.ForeignKey(Lightbox, on_delete=models.CASCADE, related_name="items")
    asset = models.ForeignKey(
        "catalog.VideoAsset", on_delete=models.CASCADE, related_name="lightbox_items"
    )
    note = models.TextField(blank=True, max_length=NOTE_MAX_LENGTH)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["lightbox", "asset"], name="lightbox_item_once"),
            # The database holds the bound too, so no path around the services stores more.
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("note"), NOTE_MAX_LENGTH),
                name="lightbox_note_bounded",
            ),
        ]

    def __str__(self):
        return f"{self.asset_id} on {self.lightbox}"
