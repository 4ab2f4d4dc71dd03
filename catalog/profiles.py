"""Finding or making the RestrictionProfile a compiled restriction text belongs to."""

from django.db import IntegrityError, transaction

from catalog.models import ProfileTerritory, RestrictionProfile
from catalog.stored_rules import StoredRestrictions


def profile_for(stored: StoredRestrictions) -> RestrictionProfile:
    """The profile of these compiled rules, made (with its territory rows) the first time."""
    key = stored.key()
    found = RestrictionProfile.objects.filter(key=key).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            profile = RestrictionProfile.objects.create(
                key=key, expires_at=stored.expires_at, **stored.profile_fields()
            )
            ProfileTerritory.objects.bulk_create(
                ProfileTerritory(
                    profile=profile,
                    territory=code,
                    effect=effect,
                    valid_from=start,
                    valid_until=end,
                )
                for code, effect, start, end in stored.territories
            )
    except IntegrityError:  # another transaction made the same profile first
        return RestrictionProfile.objects.get(key=key)
    return profile
