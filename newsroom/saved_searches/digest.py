"""The e-mail digest: one message per saved search per run listing the clips matched since the
last one, to the person who saved it. Each match is mailed once (emailed_at)."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from licensing.models import BuyerMember
from newsroom.models import SavedSearch, SavedSearchMatch
from newsroom.saved_searches.matching import asset_links

logger = logging.getLogger(__name__)

# A digest lists at most this many clips; the rest wait for the next run.
DIGEST_LENGTH = 100


def digest_send(saved: SavedSearch) -> int:
    """Mail `saved`'s unmailed matches to its creator; returns how many clips it listed.

    The rows are locked while the mail goes out, so two runs at once cannot both send them;
    a failed send rolls back and they are tried again next run."""
    person = saved.created_by
    if person is None or not person.email or saved.mail_from is None:
        return 0
    if not person.is_active or not BuyerMember.objects.filter(user=person, buyer_id=saved.buyer_id):
        return 0  # who saved it has left the organisation: its news is not theirs any more
    with transaction.atomic():
        pending = list(
            SavedSearchMatch.objects.select_for_update()
            .filter(saved_search=saved, emailed_at__isnull=True, matched_at__gte=saved.mail_from)
            .order_by("matched_at", "pk")[:DIGEST_LENGTH]
        )
        if not pending:
            return 0
        shown = (
            SavedSearchMatch.objects.filter(pk__in=[m.pk for m in pending])
            .select_related("asset")
            .order_by("matched_at", "pk")
        )
        # A clip withdrawn since it matched is not offered; it counts as told all the same.
        clips = [{"asset": m.asset, **asset_links(m.asset)} for m in shown if m.asset.is_published]
        if clips:
            context = {"saved": saved, "clips": clips, "site_name": settings.SITE_NAME}
            subject = f"{len(clips)} new clip{'s' if len(clips) != 1 else ''} for “{saved.name}”"
            body = render_to_string("newsroom/saved_search_digest.txt", context)
            send_mail(subject, body, None, [person.email])
        SavedSearchMatch.objects.filter(pk__in=[m.pk for m in pending]).update(
            emailed_at=timezone.now()
        )
    return len(clips)


def digests_send() -> int:
    """The periodic run's mail step: a digest for each saved search that asks for one."""
    mailed = 0
    unmailed = SavedSearchMatch.objects.filter(emailed_at__isnull=True).values("saved_search_id")
    waiting = SavedSearch.objects.filter(pk__in=unmailed, mail_from__isnull=False).select_related(
        "created_by"
    )
    for saved in waiting.order_by("pk").iterator():
        if not saved.notifies("email"):
            continue
        try:
            mailed += digest_send(saved)
        except Exception:  # one unreachable mailbox must not hold up everyone else's digest
            logger.exception("Digest of saved search %s not sent; next run retries", saved.pk)
    return mailed
