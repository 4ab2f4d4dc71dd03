"""The review queue: partners' clips in review, oldest first. Each shows the watermarked
preview, the rights attestation (the signed release form through a staff-only view, never a
media URL), the restrictions as the compiler reads them and the partner's history; staff publish
it or return it to the partner with a note (partners.services.review)."""

import mimetypes
from pathlib import PurePath

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from audit.services import audit_record
from catalog.models import AssetStatus, VideoAsset
from footage.evidence.panel import verification_panel
from footage.models import Rendition
from ledger.selectors import earning_totals
from partners.models import AssetInReview, ReviewDecision
from partners.restriction_controls import restrictions_check
from partners.services.review import ReviewError, asset_publish, asset_return
from rights import RestrictionError

PUBLISH, RETURN = "publish", "return"


class ReviewForm(forms.ModelForm):
    decision = forms.ChoiceField(
        choices=[(PUBLISH, "Publish: put it on sale"), (RETURN, "Return to the partner")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text="The partner sees it. Required when you return the clip: say what to change.",
    )

    class Meta:
        model = AssetInReview
        fields = []

    def clean(self):
        data = super().clean()
        if data.get("decision") == RETURN and not (data.get("note") or "").strip():
            self.add_error("note", "Say what the partner should change: a return needs a note.")
        if data.get("decision") == PUBLISH and self.instance.restrictions_error:
            self.add_error(
                "decision",
                "Its restrictions cannot be read, so it cannot be published; return it to the "
                f"partner. {self.instance.restrictions_error}",
            )
        return data


@admin.register(AssetInReview)
class AssetInReviewAdmin(admin.ModelAdmin):
    form = ReviewForm
    list_display = ["title", "partner", "duration", "created_at", "attested", "restrictions"]
    list_display_links = ["title"]
    list_select_related = ["partner", "rights_attestation"]
    list_filter = ["partner"]
    search_fields = ["title", "public_id", "partner__name"]
    actions = ["publish_selected"]
    fieldsets = [
        ("Decision", {"fields": ["decision", "note"]}),
        ("Footage", {"fields": ["preview", "clip_facts"]}),
        ("Verification", {"fields": ["verification"]}),
        ("Rights", {"fields": ["attestation", "restriction_reading"]}),
        ("Text", {"fields": ["description_text", "shotlist_text"]}),
        ("Partner", {"fields": ["partner_history"]}),
    ]
    readonly_fields = [
        "preview",
        "clip_facts",
        "verification",
        "attestation",
        "restriction_reading",
        "description_text",
        "shotlist_text",
        "partner_history",
    ]

    def get_queryset(self, request):
        # Oldest first: a clip waits its turn; the id breaks ties.
        return (
            super()
            .get_queryset(request)
            .filter(status=AssetStatus.REVIEW)
            .order_by("created_at", "id")
            .prefetch_related(
                Prefetch("renditions", queryset=Rendition.objects.filter(status="done"))
            )
        )

    def get_ordering(self, request):
        return ["created_at", "id"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "show_save": True,
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra)

    # --- the decision --------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
        try:
            if decision == PUBLISH:
                asset_publish(obj, request.user, note=note)
            else:
                asset_return(obj, request.user, note)
        except ReviewError as error:
            self.message_user(request, str(error), messages.ERROR)
            request.review_failed = True

    def save_related(self, request, form, formsets, change):
        pass  # the decision is the whole change: categories and tags are the partner's

    def log_change(self, request, obj, message):
        pass  # audited by the review services, with the note

    def response_change(self, request, obj):
        if not getattr(request, "review_failed", False):
            done = "published" if obj.status == AssetStatus.PUBLISHED else "returned to the partner"
            self.message_user(request, f"“{obj.title}” {done}.", messages.SUCCESS)
        return self.response_post_save_change(request, obj)

    @admin.action(description="Publish selected clips", permissions=["change"])
    def publish_selected(self, request, queryset):
        count = 0
        for clip in queryset.order_by("created_at", "id"):
            try:
                asset_publish(clip, request.user)
            except ReviewError as error:
                self.message_user(request, f"Not published: {error}", messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, f"Published {count} clips.", messages.SUCCESS)

    # --- what staff see -------------------------------------------------------------------

    @admin.display(description="Attested", boolean=True)
    def attested(self, clip):
        return hasattr(clip, "rights_attestation")

    @admin.display(description="Watermarked preview")
    def preview(self, clip):
        url = clip.preview_url
        if not url:
            progress = Rendition.objects.filter(asset=clip).order_by("kind")
            states = ", ".join(f"{r.kind} {r.status} {r.progress}%" for r in progress)
            return f"Not ready yet ({states or 'no renditions'})."
        poster = clip.poster_url or ""
        return format_html(
            '<video src="{}" poster="{}" controls preload="metadata" width="640" height="360">'
            "</video>",
            url,
            poster,
        )

    @admin.display(description="From the file")
    def clip_facts(self, clip):
        picture = f"{clip.width}×{clip.height}" if clip.width and clip.height else "unknown size"
        rate = f", {clip.frame_rate} fps" if clip.frame_rate else ""
        return f"{clip.duration}, {picture}{rate}; submitted {clip.created_at:%Y-%m-%d %H:%M} UTC"

    @admin.display(description="What the file says")
    def verification(self, clip):
        return verification_panel(clip)

    @admin.display(description="Rights attestation")
    def attestation(self, clip):
        try:
            sworn = clip.rights_attestation
        except VideoAsset.rights_attestation.RelatedObjectDoesNotExist:
            return "No attestation: this clip did not come through the partner area."
        lines = [
            (
                "Filmed by the submitter (or rights held)",
                "yes" if sworn.filmed_by_submitter else "no",
            ),
            ("The people in it agreed to be filmed", "yes" if sworn.people_consented else "no"),
            ("Submitted by", str(sworn.submitted_by or "a partner API key")),
            ("Submitted at", f"{sworn.submitted_at:%Y-%m-%d %H:%M} UTC"),
        ]
        table = format_html_join("", "<li>{}: <strong>{}</strong></li>", lines)
        if sworn.release_form:
            link = reverse("admin:partners_assetinreview_release_form", args=[clip.pk])
            form_link = format_html('<li><a href="{}">Signed release form</a></li>', link)
        else:
            form_link = mark_safe("<li>No signed release form was sent.</li>")  # constant text
        return format_html("<ul>{}{}</ul>", table, form_link)

    @admin.display(description="Restrictions")
    def restriction_reading(self, clip):
        if not clip.restrictions:
            return "None: anyone, anywhere, for any use."
        try:
            check = restrictions_check(clip.restrictions)
        except RestrictionError as error:
            return format_html("<strong>Cannot be read:</strong> {}", str(error))
        reasons = format_html_join("", "<li>{}</li>", ((reason,) for reason in check.reasons))
        return format_html("“{}”<ul>{}</ul>", clip.restrictions, reasons)

    @admin.display(description="Description")
    def description_text(self, clip):
        return clip.description or "—"

    @admin.display(description="Shotlist")
    def shotlist_text(self, clip):
        return clip.shotlist or "—"

    @admin.display(description="History")
    def partner_history(self, clip):
        partner = clip.partner
        clips = VideoAsset.objects.filter(partner=partner).aggregate(
            published=Count("id", filter=Q(status=AssetStatus.PUBLISHED)),
            in_review=Count("id", filter=Q(status=AssetStatus.REVIEW)),
            withdrawn=Count("id", filter=Q(status=AssetStatus.WITHDRAWN)),
        )
        decisions = ReviewDecision.objects.filter(asset__partner=partner).aggregate(
            returned=Count("id", filter=Q(verdict=ReviewDecision.Verdict.RETURNED)),
            published=Count("id", filter=Q(verdict=ReviewDecision.Verdict.PUBLISHED)),
        )
        sales = earning_totals(partner)
        money = "; ".join(
            f"{row['sold']} sold, {row['refunded']} refunded, {row['net']} {row['currency']} "
            "earned by the partner"
            for row in sales
        )
        return format_html(
            "<ul><li>{}: {} clips published, {} in review, {} withdrawn</li>"
            "<li>Reviews: {} published, {} returned</li><li>Sales: {}</li></ul>",
            partner,
            clips["published"],
            clips["in_review"],
            clips["withdrawn"],
            decisions["published"],
            decisions["returned"],
            money or "none yet",
        )

    # --- the signed release form, to staff only --------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view(self.release_form_view)
        return [
            path("<int:pk>/release-form/", view, name="partners_assetinreview_release_form"),
            *super().get_urls(),
        ]

    def release_form_view(self, request, pk):
        """The release form from private storage, to staff who may review clips: it names
        people, so it is never a media URL. Any clip's form (not only those in review), so a
        later question about a published clip can be answered; each viewing is audited."""
        if not self.has_view_permission(request):
            raise Http404
        clip = get_object_or_404(VideoAsset.objects.select_related("rights_attestation"), pk=pk)
        sworn = getattr(clip, "rights_attestation", None)
        if sworn is None or not sworn.release_form:
            raise Http404("This clip has no signed release form.")
        audit_record(actor=request.user, action="partner.release_form_viewed", target=clip)
        name = PurePath(sworn.release_form.name).name
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        response = FileResponse(
            sworn.release_form.open("rb"), as_attachment=True, filename=name,
            content_type=content_type,
        )  # fmt: skip
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
