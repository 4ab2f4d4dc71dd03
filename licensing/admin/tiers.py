"""Resolution tiers' price factors, and a clip's own factors beside its asset prices. Every
change of a factor is audited: it changes what every later sale costs."""

from django.contrib import admin
from django.db import transaction

from audit.services import audit_record
from catalog.formats import TIERS
from licensing.models import AssetTierFactor, ResolutionTier


class AuditedFactorAdmin(admin.ModelAdmin):
    """Records each save and delete as `<action>.changed` / `<action>.deleted` with the factor
    before and after."""

    audit_action = ""

    def save_model(self, request, obj, form, change):
        before = {}
        if change:
            previous = type(obj).objects.get(pk=obj.pk)
            before = {name: str(getattr(previous, name)) for name in form.changed_data}
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                action=f"{self.audit_action}.{'changed' if change else 'added'}",
                target=obj,
                before=before,
                after={name: str(getattr(obj, name)) for name in form.changed_data},
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action=f"{self.audit_action}.deleted",
                target=obj,
                before={"factor": str(obj.factor)},
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(ResolutionTier)
class ResolutionTierAdmin(AuditedFactorAdmin):
    """The three tiers of catalog.formats; staff change their names and factors. A tier is
    never deleted (lines and licences name it); a missing one can be added back."""

    audit_action = "resolution_tier"
    list_display = ["name", "code", "factor", "position"]
    list_editable = ["factor"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj is not None else []

    def has_add_permission(self, request):
        # Asked on every admin page (the sidebar): only the tiers' own pages count the rows.
        match = getattr(request, "resolver_match", None)
        own = match is not None and (match.url_name or "").startswith("licensing_resolutiontier")
        allowed = own and super().has_add_permission(request)
        return allowed and ResolutionTier.objects.count() < len(TIERS)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AssetTierFactor)
class AssetTierFactorAdmin(AuditedFactorAdmin):
    """A clip's own factor at a tier, replacing the tier's, beside its asset prices."""

    audit_action = "asset_tier_factor"
    list_display = ["asset", "tier", "factor"]
    list_select_related = ["asset", "tier"]
    list_filter = ["tier"]
    autocomplete_fields = ["asset"]
    search_fields = ["asset__title", "asset__public_id"]
