"""Footage on the clip's admin page: the master upload, the stored master and the renditions
table, plus "Re-run failed renditions", and the clip's prepared delivery formats. The footage
app builds on the catalogue, so it extends the catalogue's VideoAsset admin here and registers
the result in its place. Prepared formats have their own read-only list with "Prepare again"."""

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join

from catalog.admin.assets import VideoAssetAdmin, VideoAssetAdminForm
from catalog.models import VideoAsset
from common.admin.readonly import ReadOnlyAdmin
from footage.encoding import MediaError
from footage.evidence.duplicates import DECISIONS, DuplicateError, duplicate_resolve
from footage.evidence.panel import verification_panel
from footage.models import Duplicate, PreparedFormat, Rendition
from footage.preparing import formats_prepare_again
from footage.services import asset_attach_master, master_check, renditions_retry_failed


def rendition_result(rendition):
    if not rendition.is_ready:
        return "—"
    if rendition.kind == Rendition.Kind.PREVIEW:
        return format_html(
            '<video src="{}" controls preload="none" width="320" height="180"></video>',
            rendition.file.url,
        )
    return format_html('<img src="{}" alt="" width="160" height="90">', rendition.file.url)


class VideoAssetFootageForm(VideoAssetAdminForm):
    master_upload = forms.FileField(
        label="Master video",
        required=False,
        help_text="The footage itself: an MP4/MOV, MXF, Matroska/WebM, MPEG-TS or AVI file "
        "(playlists are refused). Its duration and picture size are read "
        "from the file; poster, thumbnails and a watermarked preview are made in the background.",
    )
    missing_duration = "Give the duration, or upload the master video."

    def clean(self):
        upload = self.cleaned_data.get("master_upload")
        self.master_probe = None
        if upload:
            try:
                self.master_probe = master_check(upload)
            except MediaError as error:
                self.add_error("master_upload", str(error))
            else:
                self.cleaned_data["duration_seconds"] = self.master_probe.duration_seconds
                self.instance.duration_seconds = self.master_probe.duration_seconds
        return super().clean()

    def needs_duration(self) -> bool:
        # An unreadable upload is the error to fix; asking for a duration too would mislead.
        return super().needs_duration() and "master_upload" not in self.errors


PREPARED_FIELDS = ["format", "status", "progress", "attempts", "stalls", "error", "detail"]
PREPARED_FILE_FIELDS = ["stored_file", "signed", "size", "width", "height", "frame_rate", "source"]


class VideoAssetFootageAdmin(VideoAssetAdmin):
    form = VideoAssetFootageForm
    readonly_fields = [
        *VideoAssetAdmin.readonly_fields,
        "master_file",
        "renditions_table",
        "formats_table",
        "verification",
    ]
    actions = [*VideoAssetAdmin.actions, "rerun_failed_renditions"]
    # After "Where and when", before "Picture".
    fieldsets = [
        *VideoAssetAdmin.fieldsets[:3],
        (
            "Footage",
            {"fields": ["master_upload", "master_file", "renditions_table", "formats_table"]},
        ),
        ("Verification", {"fields": ["verification"]}),
        *VideoAssetAdmin.fieldsets[3:],
    ]

    @admin.display(description="Renditions")
    def renditions_table(self, obj):
        """Progress of the background jobs; re-run failed ones with the list action."""
        rows = obj.renditions.order_by("kind") if obj.pk else []
        if not rows:
            return "None yet: they are made after a master is uploaded."
        return format_html(
            "<table><tr><th>Kind</th><th>Status</th><th>Progress</th><th>Attempts</th>"
            "<th>Last heartbeat</th><th>Error</th><th>Result</th></tr>{}</table>",
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td><progress max='100' value='{}'></progress> {}%"
                "</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                (
                    (
                        r.get_kind_display(),
                        r.get_status_display(),
                        r.progress,
                        r.progress,
                        r.attempts,
                        f"{r.heartbeat_at:%Y-%m-%d %H:%M:%S} UTC" if r.heartbeat_at else "—",
                        r.error or "—",
                        rendition_result(r),
                    )
                    for r in rows
                ),
            ),
        )

    @admin.display(description="Prepared formats")
    def formats_table(self, obj):
        """The delivery formats buyers asked for (footage.preparing); "Prepare again" is on
        the prepared formats' list."""
        rows = obj.prepared_formats.order_by("format") if obj.pk else []
        if not rows:
            return "None yet: a format is made when a buyer first asks for it."
        return format_html(
            "<table><tr><th>Format</th><th>Status</th><th>Progress</th><th>Attempts</th>"
            "<th>Size</th><th>Made from the current master</th><th>Error</th></tr>{}</table>",
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}%</td><td>{}</td><td>{}</td><td>{}</td>"
                "<td>{}</td></tr>",
                (
                    (
                        r.format,
                        r.get_status_display(),
                        r.progress,
                        r.attempts,
                        f"{r.width}×{r.height}, {r.size / 1e6:,.1f} MB" if r.size else "—",
                        "yes" if r.is_current(obj) else "no (made again when asked)",
                        r.error or "—",
                    )
                    for r in rows
                ),
            ),
        )

    @admin.display(description="Verification")
    def verification(self, obj):
        return verification_panel(obj)

    @admin.display(description="Stored master")
    def master_file(self, obj):
        if not obj.master:
            return "None yet"
        return f"{obj.master.name.rsplit('/', 1)[-1]} ({obj.duration}, {obj.width}×{obj.height})"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        upload = form.cleaned_data.get("master_upload")
        if upload and form.master_probe is not None:
            asset_attach_master(asset=obj, file=upload, actor=request.user)

    @admin.action(description="Re-run failed renditions of selected assets", permissions=["change"])
    def rerun_failed_renditions(self, request, queryset):
        count = renditions_retry_failed(assets=queryset)
        self.message_user(request, f"Queued {count} failed renditions again.", messages.SUCCESS)


class DuplicateDecisionForm(forms.ModelForm):
    resolution = forms.ChoiceField(
        label="Decision",
        choices=[(value, Duplicate.Resolution(value).label) for value in DECISIONS],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        max_length=2000,
        help_text="Why: kept with the match and in the audit trail (e.g. who sent the raw file "
        "first, what the filmer told us).",
    )

    class Meta:
        model = Duplicate
        fields = ["resolution", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        match = self.instance
        if match.pk:  # say which clip each decision is about
            clip, other = match.asset, match.other
            self.fields["resolution"].choices = [
                ("not_duplicate", f"Not a duplicate: {clip.public_id} and {other.public_id} "
                 "are different footage"),
                ("filmed_first", f"{clip.partner.name} filmed it first: {clip.public_id} may "
                 "be published"),
                ("rejected", f"Reject {clip.public_id} (“{clip.title}”) as a copy of "
                 f"{other.public_id}: it may not be published"),
            ]  # fmt: skip


admin.site.unregister(VideoAsset)
admin.site.register(VideoAsset, VideoAssetFootageAdmin)


@admin.register(PreparedFormat)
class PreparedFormatAdmin(ReadOnlyAdmin):
    """Delivery formats asked for by buyers and made by the workers: read-only; "Prepare
    again" queues failed ones afresh (footage.preparing.formats_prepare_again)."""

    list_display = ["asset", "format", "status", "progress", "attempts", "size", "updated_at"]
    list_filter = ["status", "format"]
    list_select_related = ["asset"]
    search_fields = ["asset__public_id"]
    fields = [
        "asset",
        *PREPARED_FIELDS,
        *PREPARED_FILE_FIELDS,
        "heartbeat_at",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields
    actions = ["prepare_again"]

    @admin.display(description="File")
    def stored_file(self, obj):
        return obj.file.name or "—"  # private like the master: no address to show

    def has_prepare_permission(self, request):
        return request.user.has_perm("footage.change_preparedformat")

    @admin.action(description="Prepare again (failed ones)", permissions=["prepare"])
    def prepare_again(self, request, queryset):
        count = formats_prepare_again(queryset)
        self.message_user(request, f"Queued {count} failed formats again.", messages.SUCCESS)


@admin.register(Duplicate)
class DuplicateAdmin(admin.ModelAdmin):
    """Staff's decision on one match (footage.evidence.duplicates): not a duplicate, this
    clip's partner filmed it first, or reject this clip as a copy, with the reason. Reached
    from the Verification panel; each decision is audited."""

    form = DuplicateDecisionForm
    list_display = ["asset", "other", "similarity", "asset_covered", "resolution", "found_at"]
    list_filter = ["resolution"]
    list_select_related = ["asset", "other"]
    search_fields = ["asset__public_id", "other__public_id", "asset__title"]
    fields = ["side_by_side", "resolution", "reason"]
    readonly_fields = ["side_by_side"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # The same partner's clips: a warning, nothing to decide.
        if obj is not None and obj.resolution == Duplicate.Resolution.SAME_PARTNER:
            return False
        return super().has_change_permission(request, obj)

    @admin.display(description="The two clips")
    def side_by_side(self, match):
        return verification_panel(match.asset)

    def save_model(self, request, obj, form, change):
        try:
            duplicate_resolve(
                duplicate=obj,
                resolution=form.cleaned_data["resolution"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except DuplicateError as refusal:
            self.message_user(request, refusal.detail, messages.ERROR)
            request.decision_refused = True

    def response_change(self, request, obj):
        if getattr(request, "decision_refused", False):  # no "changed successfully" then
            return self.response_post_save_change(request, obj)
        return super().response_change(request, obj)

    def log_change(self, request, obj, message):
        pass  # audited by duplicate_resolve, with the reason
