"""The states a clip's status and its compiled territory rules can be in."""

from django.db import models

from catalog.stored_rules import UNREADABLE_SCOPE


class AssetStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


# The only moves a status may make; VideoAsset.transition_to enforces it.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    AssetStatus.DRAFT: frozenset({AssetStatus.REVIEW}),
    AssetStatus.REVIEW: frozenset({AssetStatus.PUBLISHED, AssetStatus.DRAFT}),
    AssetStatus.PUBLISHED: frozenset({AssetStatus.WITHDRAWN}),
    AssetStatus.WITHDRAWN: frozenset({AssetStatus.DRAFT}),
}


class TerritoryScope(models.TextChoices):
    NONE = "none", "No territory rules"
    DENY = "deny", "Denied in some territories"
    ALLOW = "allow", "Only in listed territories"
    UNREADABLE = UNREADABLE_SCOPE, "Restrictions unreadable"
