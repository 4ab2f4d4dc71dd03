"""What licensing tells the apps above it about the uses buyers report of a partner's clips
(the partners' dashboard, clip API and statements): the clip, when, the platform, the
territory, the title and address of the use. Never the buyer's note, and never the buyer:
partners are not told who licensed their clips (docs/partners.md). Each is one query, and
the note is not even read from the database.
"""

import datetime
from dataclasses import dataclass

from licensing.models import Usage
from licensing.models.usages import PLATFORM_CHOICES

PLATFORM_NAMES = dict(PLATFORM_CHOICES)
_FIELDS = (
    "license__line__asset_public_id",
    "license__line__title",
    "used_at",
    "platform",
    "territory",
    "title",
    "url",
    "reported_at",
)


@dataclass(frozen=True)
class PartnerUsage:
    clip_id: str  # the clip's public id
    clip: str  # its title when sold
    used_at: datetime.datetime
    platform: str
    territory: str
    title: str
    url: str
    reported_at: datetime.datetime

    @property
    def platform_label(self) -> str:
        return PLATFORM_NAMES.get(self.platform, self.platform)


def _read(rows) -> list[PartnerUsage]:
    return [
        PartnerUsage(
            clip_id=row["license__line__asset_public_id"],
            clip=row["license__line__title"],
            used_at=row["used_at"],
            platform=row["platform"],
            territory=row["territory"],
            title=row["title"],
            url=row["url"],
            reported_at=row["reported_at"],
        )
        for row in rows.values(*_FIELDS)
    ]


def partner_usages(partner, *, asset_id: int | None = None, limit: int = 50) -> list:
    """The latest uses of the partner's clips (of one clip when `asset_id` is given), most
    recent use first, at most `limit`."""
    rows = Usage.objects.filter(license__line__partner=partner)
    if asset_id is not None:
        rows = rows.filter(license__asset_id=asset_id)
    return _read(rows.order_by("-used_at", "-id")[:limit])


def partner_usages_reported(partner, start, end) -> list:
    """The uses of the partner's clips reported in [start, end), in the order they happened:
    what a statement of that period lists (it does not change once the period is over)."""
    rows = Usage.objects.filter(
        license__line__partner=partner, reported_at__gte=start, reported_at__lt=end
    )
    return _read(rows.order_by("used_at", "id"))
