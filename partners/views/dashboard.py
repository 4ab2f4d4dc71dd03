"""The partner's dashboard on the site (/partner/): each clip with its status, the review note of
a returned clip, rendition progress, sales and earnings; totals; the latest uses buyers
reported of the partner's clips (never the buyer or the buyer's note); the money panel. Every
query is filtered by the signed-in member's partner, and their number does not grow with the
clips."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.shortcuts import render
from django.urls import reverse

from catalog.models import AssetStatus, VideoAsset
from common.members import request_member
from footage.models import Rendition, Upload
from ledger.selectors import AssetSales, asset_sales, earning_totals
from licensing.selectors import partner_usages
from partners.context_processors import PARTNER_MEMBER_SESSION_KEY
from partners.earnings import earnings_panel
from partners.models import PartnerMember, PartnerNotification, ReviewDecision
from partners.site import require_member

CLIPS_PER_PAGE = 25
NOTICES_SHOWN = 10
READY_UPLOADS_SHOWN = 10
USES_SHOWN = 10


class SignInView(auth_views.LoginView):
    """The site's sign-in: a partner member with nowhere asked for lands on their dashboard;
    everyone else where LOGIN_REDIRECT_URL says."""

    def form_valid(self, form):
        response = super().form_valid(form)
        self.request.session[PARTNER_MEMBER_SESSION_KEY] = (
            request_member(self.request, PartnerMember) is not None
        )
        return response

    def get_default_redirect_url(self):
        if request_member(self.request, PartnerMember) is not None:
            return reverse("partners:dashboard")
        return super().get_default_redirect_url()


@login_required
def dashboard(request):
    member = require_member(request)
    if not request.session.get(PARTNER_MEMBER_SESSION_KEY):  # made a member since signing in
        request.session[PARTNER_MEMBER_SESSION_KEY] = True
    partner = member.partner
    clips, next_cursor = _clips_page(partner, request.GET.get("after", ""))
    sales = asset_sales(partner, [clip.pk for clip in clips])
    for clip in clips:
        clip.sales = sales.get(clip.pk, AssetSales())
        clip.returned_note = _returned_note(clip)
        clip.rendition_rows = list(clip.renditions.all())
    context = {
        "partner": partner,
        "clips": clips,
        "next_cursor": next_cursor,
        "first_page": not request.GET.get("after"),
        "counts": _status_counts(partner),
        "totals": _earning_totals(partner),
        "share_percent": f"{(partner.revenue_share * 100).normalize():f}",
        "notices": list(
            # Sales and refunds are the money panel's; the review decisions are listed here.
            PartnerNotification.objects.filter(
                partner=partner,
                kind__in=[PartnerNotification.Kind.PUBLISHED, PartnerNotification.Kind.RETURNED],
            ).order_by("-created_at", "-id")[:NOTICES_SHOWN]
        ),
        "ready_uploads": list(
            Upload.objects.filter(
                partner=partner, purpose=Upload.Purpose.MASTER, status=Upload.Status.READY
            ).order_by("-created_at", "-id")[:READY_UPLOADS_SHOWN]
        ),
        "uses": partner_usages(partner, limit=USES_SHOWN),
        "panel": earnings_panel(partner),
    }
    return render(request, "partners/dashboard.html", context)


def _clips_page(partner, after: str) -> tuple[list, str]:
    """Newest first, a page at a time, continuing after a clip's public id (keyset on the
    primary key: one index range however many clips the partner has)."""
    clips = VideoAsset.objects.filter(partner=partner)
    if after:
        start = VideoAsset.objects.filter(partner=partner, public_id=after).values("pk")[:1]
        clips = clips.filter(pk__lt=start)
    found = list(
        clips.order_by("-pk")
        .only(
            "public_id", "title", "slug", "status", "duration_seconds", "restrictions", "created_at"
        )
        .prefetch_related(
            Prefetch("renditions", queryset=Rendition.objects.order_by("kind")),
            Prefetch(
                "review_decisions",
                queryset=ReviewDecision.objects.order_by("-created_at", "-id"),
                to_attr="decisions",
            ),
        )[: CLIPS_PER_PAGE + 1]
    )
    more = len(found) > CLIPS_PER_PAGE
    found = found[:CLIPS_PER_PAGE]
    return found, (found[-1].public_id if more else "")


def _returned_note(clip) -> str:
    """The note of the latest decision, when that decision sent the clip back."""
    if clip.status != AssetStatus.DRAFT or not clip.decisions:
        return ""
    latest = clip.decisions[0]
    return latest.note if latest.verdict == ReviewDecision.Verdict.RETURNED else ""


def _earning_totals(partner) -> dict:
    rows = earning_totals(partner)
    return {
        "sales": sum(row["sold"] - row["refunded"] for row in rows),
        "amounts": {row["currency"]: row["net"] for row in rows},
    }


def _status_counts(partner) -> dict:
    rows = VideoAsset.objects.filter(partner=partner).values("status").annotate(n=Count("id"))
    counts = {row["status"]: row["n"] for row in rows.order_by()}
    return {
        "all": sum(counts.values()),
        "review": counts.get(AssetStatus.REVIEW, 0),
        "published": counts.get(AssetStatus.PUBLISHED, 0),
        "draft": counts.get(AssetStatus.DRAFT, 0),
    }
