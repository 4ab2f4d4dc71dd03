"""Stories: the "From the blog" items that put clips in context."""

from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from catalog.models.assets import VideoAsset
from catalog.models.querysets import StoryQuerySet
from common.models import TimestampedModel


class Story(TimestampedModel):
    """A "From the blog" item; the body is Markdown, rendered through an HTML sanitiser."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text="Markdown. Raw HTML is removed when shown.")
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty while the story is a draft."
    )
    related_assets = models.ManyToManyField(VideoAsset, blank=True, related_name="stories")

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = [F("published_at").desc(nulls_last=True), "-id"]
        verbose_name_plural = "stories"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("catalog:story", kwargs={"slug": self.slug})

    @property
    def is_live(self) -> bool:
        return self.published_at is not None and self.published_at <= timezone.now()
