"""Stories: the "From the blog" items that put clips in context."""

from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from catalog.markdown import LONGEST_BODY, render_markdown, validate_story_body
from catalog.models.assets import VideoAsset
from catalog.models.querysets import StoryQuerySet
from common.models import TimestampedModel


class Story(TimestampedModel):
    """A "From the blog" item; the body is Markdown, rendered through an HTML sanitiser."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.TextField(blank=True)
    body = models.TextField(
        blank=True,
        max_length=LONGEST_BODY,
        validators=[validate_story_body],
        help_text=f"Markdown, at most {LONGEST_BODY:,} characters. Raw HTML is shown as text.",
    )
    # The body rendered and cleaned when the story is saved, so no request renders Markdown.
    body_html = models.TextField(blank=True, editable=False)
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

    def save(self, *args, **kwargs):
        # body_html is a function of body; keeping it here means no save can leave it stale.
        self.body_html = render_markdown(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("catalog:story", kwargs={"slug": self.slug})

    @property
    def is_live(self) -> bool:
        return self.published_at is not None and self.published_at <= timezone.now()
