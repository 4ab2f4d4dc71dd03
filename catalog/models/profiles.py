"""Restriction profiles: every distinct set of compiled rules, shared by the clips whose texts
compile to it. Availability is decided per profile, over a table the size of the number of
distinct restriction texts, so listing the clips a territory may see costs the same at a
thousand clips or ten million: `profile_id IN (the profiles available there now)`."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from catalog.models.choices import TerritoryScope
from rights import PLATFORMS, USES
from rights.registry import load as territory_registry

# The compiled column that says a clip may not be used on each platform.
PLATFORM_COLUMNS = {platform: f"blocks_{platform}" for platform in PLATFORMS}


class RestrictionProfileQuerySet(models.QuerySet):
    def available_in(self, territory, at=None, use=None, platform=None):
        """Profiles whose rules allow `territory` (an ISO code; None or an unknown code is an
        unknown territory) at `at` (default now), for `use` and `platform` when given: the
        same decision as RestrictionSet.check(), in SQL."""
        at = at or timezone.now()
        code = territory_registry().territory(territory)
        # Unreadable text is stored as held (catalog.stored_rules), so held_for_release=False
        # also keeps out what cannot be read.
        profiles = self.filter(held_for_release=False).filter(
            Q(embargo_until__isnull=True) | Q(embargo_until__lte=at),
            Q(expires_at__isnull=True) | Q(expires_at__gt=at),
        )
        if code is None:
            profiles = profiles.filter(territory_scope=TerritoryScope.NONE)
        else:
            rows = ProfileTerritory.objects.filter(
                Q(valid_from__isnull=True) | Q(valid_from__lte=at),
                Q(valid_until__isnull=True) | Q(valid_until__gt=at),
                territory=code,
            )
            denied = rows.filter(effect=ProfileTerritory.DENY).values("profile_id")
            allowed = rows.filter(effect=ProfileTerritory.ALLOW).values("profile_id")
            profiles = profiles.filter(
                Q(territory_scope=TerritoryScope.NONE)
                | (Q(territory_scope=TerritoryScope.DENY) & ~Q(pk__in=denied))
                | (Q(territory_scope=TerritoryScope.ALLOW) & Q(pk__in=allowed) & ~Q(pk__in=denied))
            )
        if use not in (None, *USES):
            raise ValueError(f"use must be one of {', '.join(USES)}, not {use!r}")
        if use == "commercial":
            profiles = profiles.filter(editorial_only=False)
        if platform is not None:
            if platform not in PLATFORM_COLUMNS:
                raise ValueError(f"platform must be one of {', '.join(PLATFORM_COLUMNS)}")
            profiles = profiles.filter(**{PLATFORM_COLUMNS[platform]: False})
        return profiles


class RestrictionProfile(models.Model):
    """One distinct compiled rule set (catalog.stored_rules.StoredRestrictions), never edited:
    a clip whose text changes moves to another profile."""

    key = models.CharField(max_length=64, unique=True, editable=False)
    territory_scope = models.CharField(max_length=12, choices=TerritoryScope.choices)
    embargo_until = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="From when it may no longer be used."
    )
    held_for_release = models.BooleanField(default=False)
    editorial_only = models.BooleanField(default=False)
    blocks_broadcast = models.BooleanField(default=False)
    blocks_digital = models.BooleanField(default=False)
    blocks_social = models.BooleanField(default=False)

    objects = RestrictionProfileQuerySet.as_manager()

    def __str__(self):
        return f"Restriction profile {self.pk} ({self.get_territory_scope_display().lower()})"


class ProfileTerritory(models.Model):
    """One territory a profile allows or denies, for a period (open-ended when valid_from and
    valid_until are empty; dated for groups such as the EU)."""

    ALLOW, DENY = "allow", "deny"

    profile = models.ForeignKey(
        RestrictionProfile, on_delete=models.CASCADE, related_name="territories"
    )
    territory = models.CharField(max_length=2)
    effect = models.CharField(max_length=5, choices=[(ALLOW, "Allow"), (DENY, "Deny")])
    valid_from = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["territory", "effect", "profile"], name="profile_territory_lookup"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(effect__in=["allow", "deny"]), name="profile_territory_effect"
            ),
        ]

    def __str__(self):
        return f"{self.effect} {self.territory}"
