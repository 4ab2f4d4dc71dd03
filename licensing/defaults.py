"""The licence types every installation sells, at list prices staff can change in admin.

A term is a number of days (`duration_days`), and the terms say the same number: "12 months"
would end a day later than 365 days whenever the term spans a 29 February."""

from decimal import Decimal

LICENSE_TYPES = [
    {
        "code": "editorial",
        "name": "Editorial",
        "use": "editorial",
        "exclusive": False,
        "duration_days": 365,
        "price": Decimal("150.00"),
        "terms": "Editorial use (news, current affairs, documentary) on any platform, in the "
        "licensee's territory, for 365 days from purchase. Non-exclusive. No advertising, "
        "sponsorship or promotional use.",
    },
    {
        "code": "commercial",
        "name": "Commercial",
        "use": "commercial",
        "exclusive": False,
        "duration_days": 365,
        "price": Decimal("450.00"),
        "terms": "Commercial and editorial use, including advertising and branded content, on "
        "any platform the clip's restrictions allow, in the licensee's territory, for 365 days "
        "from purchase. Non-exclusive.",
    },
    {
        "code": "exclusive",
        "name": "Exclusive",
        "use": "commercial",
        "exclusive": True,
        "duration_days": 365,
        "price": Decimal("2500.00"),
        "terms": "Commercial and editorial use as the commercial licence, for 365 days from "
        "purchase, exclusively: while it is active no other licence of any kind is sold for the "
        "clip.",
    },
]


def ensure_license_types(license_type_model=None, using="default") -> None:
    """Create any missing default licence type (existing ones, and their prices, are kept)."""
    if license_type_model is None:
        from licensing.models import LicenseType as license_type_model
    for spec in LICENSE_TYPES:
        license_type_model.objects.using(using).get_or_create(
            code=spec["code"], defaults={**spec, "currency": "USD"}
        )


def ensure_resolution_tiers(tier_model=None, using="default") -> None:
    """Create any missing resolution tier at its default factor (catalog.formats); existing
    ones, and the factors staff set, are kept."""
    from catalog.formats import DEFAULT_TIER_FACTORS, TIER_LABELS, TIERS

    if tier_model is None:
        from licensing.models import ResolutionTier as tier_model
    for position, code in enumerate(TIERS):
        tier_model.objects.using(using).get_or_create(
            code=code,
            defaults={
                "name": TIER_LABELS[code],
                "factor": Decimal(DEFAULT_TIER_FACTORS[code]),
                "position": position,
            },
        )
