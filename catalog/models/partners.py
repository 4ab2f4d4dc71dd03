"""Content partners: who supplied the footage, and their share of each sale."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django_countries.fields import CountryField

from common.images import CheckedImageField
from common.models import TimestampedModel, unique_upload_name


def upload_partner_profile(instance, filename):
    return unique_upload_name("partners/profile", filename)


def upload_partner_cover(instance, filename):
    return unique_upload_name("partners/cover", filename)


class ContentPartner(TimestampedModel):
    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", "Individual"
        AGENCY = "agency", "Agency"
        BROADCASTER = "broadcaster", "Broadcaster"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.INDIVIDUAL)
    bio = models.TextField(blank=True)
    country = CountryField(blank=True)
    profile_image = CheckedImageField(upload_to=upload_partner_profile, blank=True)
    cover_image = CheckedImageField(upload_to=upload_partner_cover, blank=True)
    revenue_share = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.500"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text="The partner's share of each sale, as a fraction (0.500 is half).",
    )
    verified = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revenue_share__gte=0) & Q(revenue_share__lte=1),
                name="partner_revenue_share_fraction",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:partner", kwargs={"slug": self.slug})
