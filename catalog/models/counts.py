"""How many published clips each category, partner and tag holds, per restriction profile.

Maintained as data (catalog.counts refreshes the rows a write touches, in the same
transaction) so that no request counts the catalogue: what a visitor's territory may see is the
sum over the profiles available there, a read over (categories by profiles) rows.
"""

from django.db import models
from django.db.models import Q

from catalog.models.profiles import RestrictionProfile


class ProfileCount(models.Model):
    profile = models.ForeignKey(RestrictionProfile, on_delete=models.CASCADE, related_name="+")
    published = models.PositiveIntegerField()

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.published} published clips of profile {self.profile_id}"


class CategoryCount(ProfileCount):
    category = models.ForeignKey(
        "catalog.Category", on_delete=models.CASCADE, related_name="counts"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["category", "profile"], name="category_count_once"),
            models.CheckConstraint(condition=Q(published__gt=0), name="category_count_positive"),
        ]


class PartnerCount(ProfileCount):
    partner = models.ForeignKey(
        "catalog.ContentPartner", on_delete=models.CASCADE, related_name="counts"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partner", "profile"], name="partner_count_once"),
            models.CheckConstraint(condition=Q(published__gt=0), name="partner_count_positive"),
        ]


class TagCount(ProfileCount):
    tag = models.ForeignKey("catalog.Tag", on_delete=models.CASCADE, related_name="counts")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tag", "profile"], name="tag_count_once"),
            models.CheckConstraint(condition=Q(published__gt=0), name="tag_count_positive"),
        ]
