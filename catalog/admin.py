from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.utils.html import format_html, format_html_join
from django_countries import countries

from catalog.forms import DurationField
from catalog.ingest import asset_attach_master, probe_file, renditions_retry_failed
from catalog.media import MediaError
from catalog.models import (
    AssetStatus,
    Category,
    ContentPartner,
    IllegalTransition,
    Rendition,
    Story,
    Tag,
    VideoAsset,
)
from catalog.services import (
    AssetRuleError,
    asset_change_status,
    asset_delete,
    asset_refresh_search_document,
    asset_release_hold,
    asset_save,
    tag_save,
    tags_delete,
)
from territories import RestrictionError, compile_restrictions
from territories.registry import load as territory_registry

# Territories every availability preview shows, besides those the asset's own rules name.
PREVIEW_TERRITORIES = ("GB", "US", "CN", "HK", "TW", "FR", "DE", "IN", "JP", "AE", "BR", "AU")


def rendition_result(rendition):
    if not rendition.is_ready:
        return "—"
    if rendition.kind == Rendition.Kind.PREVIEW:
        return format_html(
            '<video src="{}" controls preload="none" width="320" height="180"></video>',
            rendition.file.url,
        )
    return format_html('<img src="{}" alt="" width="160" height="90">', rendition.file.url)


def thumbnail(image, *, width: int, height: int, alt: str = ""):
    if not image:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" loading="lazy" '
        'style="object-fit:cover;border-radius:3px">',
        image.url,
        alt,
        width,
        height,
    )


class UsedCountryFilter(admin.SimpleListFilter):
    """Only the countries assets were recorded in, by name (not all 249 territories)."""

    title = "country"
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = (
            VideoAsset.objects.exclude(location_country="")
            .order_by()
            .values_list("location_country", flat=True)
            .distinct()
        )
        return sorted(((code, countries.name(code)) for code in codes), key=lambda c: c[1])

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(location_country=self.value())
        return queryset


class AssetCountAdmin(admin.ModelAdmin):
    """An "Assets" column counted in the page's own query (annotate), not a query per row."""

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(asset_total=Count("assets"))

    @admin.display(description="Assets", ordering="asset_total")
    def asset_count(self, obj):
        return obj.asset_total


@admin.register(ContentPartner)
class ContentPartnerAdmin(AssetCountAdmin):
    list_display = [
        "profile_thumbnail",
        "name",
        "kind",
        "country",
        "verified",
        "revenue_share",
        "asset_count",
    ]
    list_display_links = ["profile_thumbnail", "name"]
    list_filter = ["kind", "verified"]
    ordering = ["name"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["profile_preview", "cover_preview", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "country", "verified", "revenue_share", "bio"]}),
        (
            "Images",
            {"fields": [("profile_image", "profile_preview"), ("cover_image", "cover_preview")]},
        ),
        ("History", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description="")
    def profile_thumbnail(self, obj):
        return thumbnail(obj.profile_image, width=40, height=40, alt=obj.name)

    @admin.display(description="Profile image preview")
    def profile_preview(self, obj):
        return thumbnail(obj.profile_image, width=120, height=120, alt=obj.name)

    @admin.display(description="Cover image preview")
    def cover_preview(self, obj):
        return thumbnail(obj.cover_image, width=360, height=120, alt=obj.name)


@admin.register(Category)
class CategoryAdmin(AssetCountAdmin):
    list_display = ["name", "slug", "parent", "asset_count"]
    list_select_related = ["parent"]
    ordering = ["name"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


@admin.register(Tag)
class TagAdmin(AssetCountAdmin):
    list_display = ["name", "slug", "asset_count"]
    ordering = ["name"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        tag_save(tag=obj)

    def delete_model(self, request, obj):
        tags_delete(tags=Tag.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        tags_delete(tags=queryset)


class VideoAssetAdminForm(forms.ModelForm):
    duration_seconds = DurationField(
        label="Duration", required=False, help_text="Taken from the master when you upload one."
    )
    master_upload = forms.FileField(
        label="Master video",
        required=False,
        help_text="The footage itself (MP4, MOV, MXF…). Its duration and picture size are read "
        "from the file; poster, thumbnails and a watermarked preview are made in the background.",
    )

    class Meta:
        model = VideoAsset
        fields = "__all__"  # noqa: DJ007 - the admin narrows this to its fieldsets
        widgets = {
            "title": forms.TextInput(attrs={"class": "vLargeTextField", "size": 90}),
            "slug": forms.TextInput(attrs={"size": 90}),
            "restrictions": forms.Textarea(attrs={"rows": 2, "cols": 90}),
        }

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("master_upload")
        self.master_probe = None
        if upload:
            try:
                self.master_probe = probe_file(upload)
            except MediaError as error:
                self.add_error("master_upload", str(error))
                return cleaned
            cleaned["duration_seconds"] = self.master_probe.duration_seconds
            self.instance.duration_seconds = self.master_probe.duration_seconds
        elif not cleaned.get("duration_seconds") and "duration_seconds" not in self.errors:
            self.add_error("duration_seconds", "Give the duration, or upload the master video.")
        return cleaned

    def clean_restrictions(self):
        """Unreadable restriction text is refused here, beside the field, naming the phrase."""
        text = self.cleaned_data.get("restrictions", "")
        try:
            compile_restrictions(text)
        except RestrictionError as error:
            raise forms.ValidationError(str(error), code="unreadable") from error
        return text


def availability_preview(asset, extra=()):
    """Rows of (territory label, viewing, commercial use, social media) decisions, for admin."""
    registry = territory_registry()
    try:
        rules = asset.restriction_set()
    except RestrictionError as error:
        return {"error": str(error)}
    named = [
        place.key
        for rule in rules.territory_rules
        for place in rule.places
        if place.kind == "territory"
    ]
    codes = list(dict.fromkeys([*extra, *named, *PREVIEW_TERRITORIES]))
    rows = []
    for code in [*codes, None]:
        decisions = [
            rules.check(code),
            rules.check(code, use="commercial"),
            rules.check(code, platform="social"),
        ]
        rows.append((registry.label(code) if code else "Unknown territory", decisions))
    return {
        "reading": rules.text(),
        "duties": rules.duties,
        "warnings": rules.warnings,
        "held": rules.held,
        "rows": rows,
    }


TRANSITION_VERBS = {
    AssetStatus.REVIEW: "send to review",
    AssetStatus.PUBLISHED: "publish",
    AssetStatus.WITHDRAWN: "withdraw",
    AssetStatus.DRAFT: "return to draft",
}


@admin.register(VideoAsset)
class VideoAssetAdmin(admin.ModelAdmin):
    form = VideoAssetAdminForm
    change_form_template = "admin/catalog/videoasset/change_form.html"
    list_display = [
        "poster_thumbnail",
        "title",
        "public_id",
        "partner",
        "duration_display",
        "status",
        "location_country",
        "published_at",
    ]
    list_display_links = ["poster_thumbnail", "title"]
    list_filter = [
        "status",
        "territory_scope",
        "editorial_only",
        "held_for_release",
        "partner",
        "categories",
        "tags",
        UsedCountryFilter,
        "published_at",
    ]
    list_select_related = ["partner"]
    list_per_page = 50
    # A large catalogue: no facet counts, no second unfiltered COUNT(*), no date drill-down
    # (each is another scan of the whole table on every page view).
    show_facets = admin.ShowFacets.NEVER
    show_full_result_count = False
    search_fields = ["title", "public_id", "partner__name"]
    autocomplete_fields = ["partner", "categories", "tags"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = [
        "public_id",
        "status",
        "published_at",
        "master_file",
        "renditions_table",
        "poster_preview",
        "created_at",
        "updated_at",
    ]
    actions = [
        "send_to_review",
        "publish",
        "withdraw",
        "return_to_draft",
        "release_hold",
        "rerun_failed_renditions",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "public_id",
                    "partner",
                    "duration_seconds",
                    ("status", "published_at"),
                ]
            },
        ),
        ("Text", {"fields": ["description", "shotlist", "restrictions"]}),
        ("Where and when", {"fields": ["recorded_at", "location_name", "location_country"]}),
        ("Footage", {"fields": ["master_upload", "master_file", "renditions_table"]}),
        ("Picture", {"fields": [("poster", "poster_preview"), ("width", "height", "frame_rate")]}),
        ("Classification", {"fields": ["categories", "tags"]}),
        ("History", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description="Duration", ordering="duration_seconds")
    def duration_display(self, obj):
        return obj.duration

    @admin.display(description="")
    def poster_thumbnail(self, obj):
        return thumbnail(obj.poster, width=64, height=36, alt=obj.title)

    @admin.display(description="Poster preview")
    def poster_preview(self, obj):
        url = obj.poster_url
        if not url:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" width="320" height="180" style="object-fit:cover">',
            url,
            obj.title,
        )

    @admin.display(description="Renditions")
    def renditions_table(self, obj):
        """Progress of the background jobs; re-run failed ones with the list action."""
        rows = obj.renditions.order_by("kind") if obj.pk else []
        if not rows:
            return "None yet: they are made after a master is uploaded."
        return format_html(
            "<table><tr><th>Kind</th><th>Status</th><th>Progress</th><th>Attempts</th>"
            "<th>Error</th><th>Result</th></tr>{}</table>",
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td><progress max='100' value='{}'></progress> {}%"
                "</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                (
                    (
                        r.get_kind_display(),
                        r.get_status_display(),
                        r.progress,
                        r.progress,
                        r.attempts,
                        r.error or "—",
                        rendition_result(r),
                    )
                    for r in rows
                ),
            ),
        )

    @admin.display(description="Stored master")
    def master_file(self, obj):
        if not obj.master:
            return "None yet"
        return f"{obj.master.name.rsplit('/', 1)[-1]} ({obj.duration}, {obj.width}×{obj.height})"

    def save_model(self, request, obj, form, change):
        asset_save(asset=obj, actor=request.user)
        upload = form.cleaned_data.get("master_upload")
        if upload and form.master_probe is not None:
            asset_attach_master(asset=obj, file=upload, probe=form.master_probe, actor=request.user)

    @admin.action(description="Re-run failed renditions of selected assets", permissions=["change"])
    def rerun_failed_renditions(self, request, queryset):
        count = renditions_retry_failed(assets=queryset)
        self.message_user(request, f"Queued {count} failed renditions again.", messages.SUCCESS)

    def get_actions(self, request):
        # Bulk delete would skip the rule in asset_delete; drafts are deleted one at a time.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None:
            return allowed
        return allowed and obj.status == AssetStatus.DRAFT and obj.published_at is None

    def delete_model(self, request, obj):
        asset_delete(asset=obj, actor=request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        asset_refresh_search_document(form.instance)

    def _change_status(self, request, queryset, status):
        verb = TRANSITION_VERBS[status]
        changed = 0
        for asset in queryset.order_by("pk"):
            try:
                asset_change_status(asset=asset, status=status, actor=request.user)
            except (IllegalTransition, AssetRuleError) as refusal:
                self.message_user(request, f"Did not {verb}: {refusal}", messages.ERROR)
            else:
                changed += 1
        if changed:
            noun = "asset" if changed == 1 else "assets"
            self.message_user(request, f"{verb.capitalize()}: {changed} {noun}.", messages.SUCCESS)

    @admin.action(description="Send selected assets to review", permissions=["change"])
    def send_to_review(self, request, queryset):
        self._change_status(request, queryset, AssetStatus.REVIEW)

    @admin.action(description="Publish selected assets", permissions=["change"])
    def publish(self, request, queryset):
        self._change_status(request, queryset, AssetStatus.PUBLISHED)

    @admin.action(description="Withdraw selected assets", permissions=["change"])
    def withdraw(self, request, queryset):
        self._change_status(request, queryset, AssetStatus.WITHDRAWN)

    @admin.action(description="Return selected assets to draft", permissions=["change"])
    def return_to_draft(self, request, queryset):
        self._change_status(request, queryset, AssetStatus.DRAFT)

    @admin.action(description="Release selected assets held for release", permissions=["change"])
    def release_hold(self, request, queryset):
        released = 0
        for asset in queryset.order_by("pk"):
            try:
                asset_release_hold(asset=asset, actor=request.user)
            except AssetRuleError as refusal:
                self.message_user(request, f"Did not release: {refusal}", messages.ERROR)
            else:
                released += 1
        if released:
            self.message_user(request, f"Released: {released}.", messages.SUCCESS)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.has_change_permission(request, obj):
            context["status_transitions"] = [
                (status, TRANSITION_VERBS[status].capitalize())
                for status in obj.allowed_transitions()
            ]
        if obj is not None:
            extra = [request.territory, *request.GET.get("preview", "").split(",")]
            registry = territory_registry()
            codes = [code for code in map(registry.territory, extra) if code]
            context["availability"] = availability_preview(obj, codes)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        if "_release_hold" in request.POST:
            try:
                asset_release_hold(asset=obj, actor=request.user)
            except AssetRuleError as refusal:
                self.message_user(request, f"Saved, but not released: {refusal}", messages.ERROR)
            else:
                self.message_user(request, f"Saved; “{obj}” is released.", messages.SUCCESS)
            return HttpResponseRedirect(request.path)
        target = request.POST.get("_transition")
        if target not in TRANSITION_VERBS:
            return super().response_change(request, obj)
        try:
            asset_change_status(asset=obj, status=target, actor=request.user)
        except (IllegalTransition, AssetRuleError) as refusal:
            self.message_user(
                request, f"Saved, but did not change status: {refusal}", messages.ERROR
            )
        else:
            self.message_user(
                request,
                f"Saved; “{obj}” is now {obj.get_status_display().lower()}.",
                messages.SUCCESS,
            )
        return HttpResponseRedirect(request.path)


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["title", "published_at", "related_count"]
    ordering = ["-published_at", "-id"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["related_assets"]
    date_hierarchy = "published_at"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(related_total=Count("related_assets"))

    @admin.display(description="Related clips", ordering="related_total")
    def related_count(self, obj):
        return obj.related_total
