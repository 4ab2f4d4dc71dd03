"""Uses a buyer reports of a licensed clip (docs/licensing.md, "Usage reports").

A report is refused, and nothing recorded, when its input is bad (InputInvalid, 400, naming
the field) or when the use is outside the licence (UsageOutsideLicense, 422, naming the field
and giving the reasons): under a revoked licence, in the future, before the licence starts or
from its end on, where or on a platform the clip's restrictions refuse at the time of use, or
outside the licensee's territory (the line's `territory`), which every licence type's terms
name.
The restrictions are checked the way a download checks them (licensing.services.territory):
the clip's, by the rights checker, for the licence's use, at `used_at`, in the territory of
the use and on its platform.
"""

from datetime import UTC, datetime

from django.utils import timezone

from licensing.models import ApiKey, Buyer, License, Usage
from licensing.models.usages import USAGE_NOTE_MAX, USAGE_TITLE_MAX, USAGE_URL_MAX
from licensing.services.errors import InputInvalid, LicenseUnusable, UsageOutsideLicense
from licensing.services.texts import bounded_text, web_address
from rights import PLATFORMS
from rights.registry import load as territory_registry
from rights.rules import PLATFORM_LABELS


def _now():
    return timezone.now()  # the seam tests move time through


def usage_territory(value) -> str:
    """An ISO 3166-1 alpha-2 code, upper-cased; InputInvalid naming `territory` otherwise."""
    code = value.strip().upper() if isinstance(value, str) else ""
    if len(code) != 2 or code not in territory_registry().codes:
        raise InputInvalid(
            "The territory must be a country's two-letter ISO 3166-1 code, such as GB or FR.",
            fields=("territory",),
        )
    return code


def usage_platform(value) -> str:
    if value not in PLATFORMS:
        names = ", ".join(PLATFORMS)
        raise InputInvalid(f"The platform must be one of {names}.", fields=("platform",))
    return value


def _refuse(license: License, sentence: str, field: str | None, reasons=()) -> None:
    item = {"license": license.public_id, "reasons": list(reasons) or [sentence]}
    raise UsageOutsideLicense(sentence, [item], fields=(field,) if field else ())


def _day(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def ensure_use_within(license: License, *, used_at, platform: str, territory: str) -> None:
    """Raise UsageOutsideLicense (422) unless the licence covers this use."""
    if license.revoked_at is not None:
        why = license.revoke_reason or "no reason given"
        _refuse(
            license,
            f"Licence {license.public_id} was revoked ({why}), so no use can be reported under it.",
            None,
        )
    if used_at > _now():
        _refuse(license, "A use cannot be in the future: give when the clip went out.", "used_at")
    term = f"Licence {license.public_id} runs {_day(license.starts_at)} to {_day(license.ends_at)}"
    if used_at < license.starts_at:
        _refuse(license, f"{term}: this use is before it starts.", "used_at")
    if used_at >= license.ends_at:
        _refuse(license, f"{term}: this use is after it ended.", "used_at")
    asset = license.asset
    decision = asset.availability(territory, at=used_at, use=license.line.use, platform=platform)
    if decision.allowed:
        _ensure_licensee_territory(license, territory)
        return
    # Name the platform when it alone refuses: the same check without it allows.
    without_platform = asset.availability(territory, at=used_at, use=license.line.use)
    field = "platform" if without_platform.allowed else "territory"
    label = territory_registry().label(territory)
    where = f"on {PLATFORM_LABELS[platform]}" if field == "platform" else f"in {label}"
    _refuse(
        license,
        f"The clip's restrictions do not allow this use {where}: {'; '.join(decision.reasons)}.",
        field,
        decision.reasons,
    )


def _ensure_licensee_territory(license: License, territory: str) -> None:
    """Every licence type covers use in the licensee's territory, as its terms say: the
    territory the line was sold in (the buyer organisation's then)."""
    sold_in = license.line.territory
    if territory == sold_in:
        return
    names = territory_registry()
    _refuse(
        license,
        f"Licence {license.public_id} covers use in {names.label(sold_in)}, the licensee's "
        f"territory when it was bought; this use is in {names.label(territory)}.",
        "territory",
    )


def usage_report(
    *,
    license: License,
    buyer: Buyer,
    used_at: datetime,
    platform: str,
    territory: str,
    title: str,
    url: str = "",
    note: str = "",
    reported_by=None,
    api_key: ApiKey | None = None,
) -> Usage:
    """Record a use of a licensed clip, or raise as the module says and record nothing."""
    if license.buyer_id != buyer.pk:
        raise LicenseUnusable(f"Licence {license.public_id} belongs to another buyer.")
    if not isinstance(used_at, datetime) or timezone.is_naive(used_at):
        raise InputInvalid(
            "When it was used must be a date and time with its zone.", fields=("used_at",)
        )
    platform = usage_platform(platform)
    territory = usage_territory(territory)
    title = bounded_text(
        title, field="title", label="The title", max_length=USAGE_TITLE_MAX, required=True
    )
    url = web_address(url, field="url", label="The address", max_length=USAGE_URL_MAX)
    note = bounded_text(note, field="note", label="The note", max_length=USAGE_NOTE_MAX)
    ensure_use_within(license, used_at=used_at, platform=platform, territory=territory)
    return Usage.objects.create(
        license=license,
        used_at=used_at,
        platform=platform,
        territory=territory,
        title=title,
        url=url,
        note=note,
        reported_by=reported_by,
        api_key=api_key,
        reported_at=_now(),
    )
