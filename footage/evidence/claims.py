"""The file against the partner's word: where the capture metadata a master carries differs
from what the clip claims (its recorded date and country), each difference a *discrepancy*
with a sentence a person can read (docs/verification.md, "Discrepancies").

A sentence never gives coordinates: it is shown to the partner and, as a check, to buyers, and
a phone's location may be somebody's home. Staff see the coordinates in admin."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django_countries import countries

from footage.evidence.capture import Capture

# A claimed date is a day somewhere on Earth: from 00:00 at UTC+14 to 24:00 at UTC-12.
EARLIEST_ZONE, LATEST_ZONE = timedelta(hours=14), timedelta(hours=12)


@dataclass(frozen=True)
class Claim:
    """What the partner says: the day it was recorded, the country, when the file arrived."""

    recorded_on: date | None
    country: str
    received_at: datetime | None


def discrepancies(capture: Capture, claim: Claim) -> list[dict]:
    """[{"code", "detail"}] for each way the file and the claim disagree; [] when they agree
    or when either side is silent."""
    found = []
    date_gap = _date_gap(capture.recorded_at, claim.recorded_on)
    if date_gap is not None:
        found.append({"code": "recorded_date", "detail": date_gap})
    if capture.recorded_at and claim.received_at:
        ahead = capture.recorded_at - claim.received_at
        if ahead > timedelta(hours=tolerance_hours()):
            found.append(
                {
                    "code": "recorded_after_received",
                    "detail": (
                        f"The file says it was recorded {_when(capture.recorded_at)}, "
                        f"{_span(ahead)} after it reached us: its clock is wrong or the date "
                        "was rewritten."
                    ),
                }
            )
    if capture.country and claim.country and capture.country != claim.country:
        found.append(
            {
                "code": "location_country",
                "detail": (
                    f"The file's location is in {countries.name(capture.country)}; the clip "
                    f"says it was filmed in {countries.name(claim.country)}."
                ),
            }
        )
    return found


def discrepancies_now(asset, evidence) -> list[dict]:
    """The discrepancies between the file's evidence and the clip's claims as they are now:
    the partner or staff may have changed the date or country since the file was read."""
    capture = Capture(recorded_at=evidence.recorded_at, country=evidence.capture_country.code or "")
    claim = Claim(asset.recorded_at, asset.location_country.code or "", asset.created_at)
    return discrepancies(capture, claim)


def tolerance_hours() -> int:
    return settings.VERIFY_DATE_TOLERANCE_HOURS


def _date_gap(recorded_at: datetime | None, claimed: date | None) -> str | None:
    if recorded_at is None or claimed is None:
        return None
    day_starts = datetime.combine(claimed, time.min, tzinfo=UTC) - EARLIEST_ZONE
    day_ends = datetime.combine(claimed + timedelta(days=1), time.min, tzinfo=UTC) + LATEST_ZONE
    if recorded_at < day_starts:
        gap, side = day_starts - recorded_at, "before"
    elif recorded_at > day_ends:
        gap, side = recorded_at - day_ends, "after"
    else:
        return None
    if gap <= timedelta(hours=tolerance_hours()):
        return None
    return (
        f"The file says it was recorded {_when(recorded_at)}, {_span(gap)} {side} the "
        f"recording date given ({claimed:%-d %B %Y})."
    )


def _when(moment: datetime) -> str:
    return f"on {moment.astimezone(UTC):%-d %B %Y at %H:%M} UTC"


def _span(gap: timedelta) -> str:
    hours = gap.total_seconds() / 3600
    if hours < 48:
        return f"{round(hours)} hours"
    return f"{round(hours / 24)} days"
