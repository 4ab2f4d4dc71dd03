"""The clip (VideoAsset) admin: text, classification, restrictions with an availability
preview, and status moves through the catalogue's services. The footage app adds the master
upload and the renditions to this page (footage.admin)."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.utils.html import format_html
from django_countries import countries

from catalog.admin.display import thumbnail
from catalog.forms import DurationField
from catalog.models import AssetStatus, IllegalTransition, VideoAsset
from catalog.services import (
    AssetRuleError,
    asset_change_status,
    asset_delete,
    asset_relations_change,
    asset_release_hold,
    asset_save,
)
from common.admin.actions import run_on_each
from rights import RestrictionError, compile_restrictions
from rights.registry import load as territory_registry

# Territories every availability preview shows, besides those the asset's own rules name.
PREVIEW_TERRITORIES = ("GB", "US", "CN", "HK", "TW", "FR", "DE", "IN", "JP", "AE", "BR", "AU")


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


class VideoAssetAdminForm(forms.ModelForm):
    duration_seconds = DurationField(
        label="Duration", required=False, help_text="Taken from the master when you upload one."
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
        if self.needs_duration() and not cleaned.get("duration_seconds"):
            self.add_error("duration_seconds", self.missing_duration)
        return cleaned

    missing_duration = "Give the duration."

    def needs_duration(self) -> bool:
        """Whether to ask for a duration that is missing (not when the field already has
        an error of its own)."""
        return "duration_seconds" not in self.errors

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
            '<img src="{}" alt="{}" width="320" height="180" class="poster-preview">',
            url,
            obj.title,
        )

    def save_model(self, request, obj, form, change):
        asset_save(asset=obj, actor=request.user)

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
        with asset_relations_change(asset=form.instance):
            super().save_related(request, form, formsets, change)

    def _change_status(self, request, queryset, status):
        verb = TRANSITION_VERBS[status]
        run_on_each(
            self,
            request,
            queryset,
            lambda asset: asset_change_status(asset=asset, status=status, actor=request.user),
            refusals=(IllegalTransition, AssetRuleError),
            failed=f"Did not {verb}",
            done=lambda n: f"{verb.capitalize()}: {n} {'asset' if n == 1 else 'assets'}.",
        )

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
        run_on_each(
            self,
            request,
            queryset,
            lambda asset: asset_release_hold(asset=asset, actor=request.user),
            refusals=AssetRuleError,
            failed="Did not release",
            done=lambda n: f"Released: {n}.",
        )

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
