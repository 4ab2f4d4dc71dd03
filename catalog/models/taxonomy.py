"""Categories (nested at most three levels) and tags: how clips are filed and found."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse


class Category(models.Model):
    MAX_DEPTH = 3  # VideoAssetQuerySet.in_category looks this far down

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = [Lower("name")]
        verbose_name_plural = "categories"
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="category_not_own_parent"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:category", kwargs={"slug": self.slug})

    def clean(self):
        # Levels from the top down to this category, plus those of the subtree it brings along.
        depth, ancestor = self._subtree_levels(), self.parent
        while ancestor is not None:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": "A category cannot sit inside itself."})
            depth += 1
            if depth > self.MAX_DEPTH:
                raise ValidationError(
                    {"parent": f"Categories nest at most {self.MAX_DEPTH} levels deep."}
                )
            ancestor = ancestor.parent

    def _subtree_levels(self) -> int:
        """1 for a leaf, 2 with children, 3 with grandchildren (one query per level)."""
        levels, frontier = 1, [self.pk] if self.pk is not None else []
        while frontier and levels <= self.MAX_DEPTH:
            frontier = list(
                Category.objects.filter(parent__in=frontier).values_list("pk", flat=True)
            )
            levels += bool(frontier)
        return levels


class Tag(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = [Lower("name")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:tag", kwargs={"slug": self.slug})
