"""The duplicates of a clip and staff's decisions on them (docs/verification.md, "Duplicates and
first filmer").

A match with another partner's clip holds the clip back from publication until staff decide:
not a duplicate, this clip's partner filmed it first, or reject this clip as a copy. Each
decision is recorded on the match with its reason and audited. A match with the partner's own
clip is a warning only (Resolution.SAME_PARTNER)."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit.services import audit_record
from catalog.models import VideoAsset
from common.errors import ServiceError
from footage.models import Duplicate

Resolution = Duplicate.Resolution
DECISIONS = (Resolution.NOT_DUPLICATE, Resolution.FILMED_FIRST, Resolution.REJECTED)
LONGEST_REASON = 2000


class DuplicateError(ServiceError):
    """A decision on a duplicate refused; the message says why."""


def asset_duplicates(asset: VideoAsset):
    """Every match the clip is part of, whichever side found it, the closest first."""
    return (
        Duplicate.objects.filter(Q(asset=asset) | Q(other=asset))
        .select_related("asset__partner", "other__partner", "resolved_by")
        .order_by("-similarity", "pk")
    )


def duplicates_holding(asset: VideoAsset):
    """The matches that keep the clip from publication: another partner's clip, undecided, or
    decided against this clip (rejected as a copy)."""
    undecided = Q(resolution=Resolution.OPEN) & (Q(asset=asset) | Q(other=asset))
    rejected = Q(resolution=Resolution.REJECTED, asset=asset)
    return Duplicate.objects.filter(undecided | rejected).select_related("asset", "other")


def holding_reason(asset: VideoAsset) -> str | None:
    """The sentence that refuses publication, or None when nothing holds the clip."""
    held = list(duplicates_holding(asset)[:3])
    if not held:
        return None
    first = held[0]
    if first.resolution == Resolution.REJECTED:
        return (
            f"“{asset.title}” ({asset.public_id}) was rejected as a copy of "
            f"{first.other.public_id}: {first.reason}"
        )
    others = ", ".join(
        (match.other if match.asset_id == asset.pk else match.asset).public_id for match in held
    )
    return (
        f"“{asset.title}” ({asset.public_id}) matches another partner's clip ({others}); "
        "staff must decide whether it is a duplicate before it can be published."
    )


@transaction.atomic
def duplicate_resolve(*, duplicate: Duplicate, resolution: str, reason: str, actor) -> Duplicate:
    """Record staff's decision on a match, with the reason, and audit it. A decision may be
    changed later by another one (each is audited)."""
    reason = (reason or "").strip()
    if resolution not in DECISIONS:
        raise DuplicateError(
            "Choose a decision: not a duplicate, this partner filmed it first, or reject."
        )
    if not reason:
        raise DuplicateError("Give the reason for the decision: it is kept with the match.")
    if len(reason) > LONGEST_REASON:
        raise DuplicateError(f"A reason may be at most {LONGEST_REASON:,} characters.")
    locked = (
        Duplicate.objects.select_for_update().select_related("asset", "other").get(pk=duplicate.pk)
    )
    if locked.resolution == Resolution.SAME_PARTNER:
        raise DuplicateError("Both clips are the same partner's: there is nothing to decide.")
    before = {"resolution": locked.resolution, "reason": locked.reason}
    locked.resolution, locked.reason = resolution, reason
    locked.resolved_by, locked.resolved_at = actor, timezone.now()
    locked.save(update_fields=["resolution", "reason", "resolved_by", "resolved_at"])
    audit_record(
        actor=actor,
        action="asset.duplicate_resolved",
        target=locked.asset,
        before=before,
        after={"resolution": resolution, "reason": reason, "other": locked.other.public_id},
    )
    return locked
