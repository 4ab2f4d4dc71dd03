"""Staff's review of a partner's clip: publish it, or return it to the partner with a note.

Each decision is kept (ReviewDecision), audited, and told to the partner (partners.notify):
the dashboard shows the note of the last return beside the clip."""

from django.db import transaction

from audit.services import audit_record
from catalog.models import AssetStatus, IllegalTransition, VideoAsset
from catalog.services import AssetRuleError, asset_change_status
from footage.evidence.services import evidence_ensure
from partners.models import PartnerNotification, ReviewDecision
from partners.notify import notify_partner

LONGEST_NOTE = 4000


class ReviewError(Exception):
    """A review decision refused; the message says why."""


def _in_review(asset: VideoAsset) -> VideoAsset:
    locked = VideoAsset.objects.select_for_update().select_related("partner").get(pk=asset.pk)
    if locked.status != AssetStatus.REVIEW:
        raise ReviewError(
            f"“{locked.title}” ({locked.public_id}) is {locked.get_status_display().lower()}, "
            "not in review."
        )
    return locked


def _note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > LONGEST_NOTE:
        raise ReviewError(f"A note may be at most {LONGEST_NOTE:,} characters.")
    return note


def asset_publish(asset: VideoAsset, actor, note: str = "") -> ReviewDecision:
    """Publish a clip in review. Refused (ReviewError) when its restrictions cannot be read
    (buyers' checks could not say where it may be used), or while it matches another
    partner's clip staff have not decided on. A master never read is read first, before the
    row lock, so its matches are kept for staff even when publishing is refused."""
    evidence_ensure(asset)
    return _publish(asset, actor, note)


@transaction.atomic
def _publish(asset: VideoAsset, actor, note: str = "") -> ReviewDecision:
    note = _note(note)
    locked = _in_review(asset)
    try:
        asset_change_status(asset=locked, status=AssetStatus.PUBLISHED, actor=actor)
    except (AssetRuleError, IllegalTransition) as error:
        raise ReviewError(str(error)) from None
    decision = ReviewDecision.objects.create(
        asset=locked, verdict=ReviewDecision.Verdict.PUBLISHED, note=note, reviewer=actor
    )
    audit_record(actor=actor, action="partner.asset_published", target=locked, after={"note": note})
    message = f"“{locked.title}” is published and on sale."
    notify_partner(
        partner=locked.partner,
        kind=PartnerNotification.Kind.PUBLISHED,
        message=f"{message} {note}" if note else message,
        asset=locked,
    )
    asset.status, asset.published_at = locked.status, locked.published_at
    return decision


@transaction.atomic
def asset_return(asset: VideoAsset, actor, note: str) -> ReviewDecision:
    """Send a clip in review back to its partner as a draft, with a note saying what to
    change; the partner edits it and submits it again."""
    note = _note(note)
    if not note:
        raise ReviewError("Say what the partner should change: a returned clip needs a note.")
    locked = _in_review(asset)
    asset_change_status(asset=locked, status=AssetStatus.DRAFT, actor=actor)
    decision = ReviewDecision.objects.create(
        asset=locked, verdict=ReviewDecision.Verdict.RETURNED, note=note, reviewer=actor
    )
    audit_record(actor=actor, action="partner.asset_returned", target=locked, after={"note": note})
    notify_partner(
        partner=locked.partner,
        kind=PartnerNotification.Kind.RETURNED,
        message=f"“{locked.title}” was returned to you: {note}",
        asset=locked,
    )
    asset.status = locked.status
    return decision
