"""Members of content partners and their API keys. A key's secret is shown once, on the page
that answers the form (as buyers' keys are: licensing.admin.ApiKeyAdmin), never its hash."""

from django.contrib import admin

from audit.services import audit_record
from common.keys.admin import ShownOnceKeyAdmin
from partners.models import PartnerApiKey, PartnerMember
from partners.services.members import partner_key_create, partner_key_revoke


@admin.register(PartnerMember)
class PartnerMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "user_email", "partner", "created_at"]
    list_select_related = ["user", "partner"]
    list_filter = ["partner"]
    search_fields = ["user__username", "user__email", "partner__name"]
    autocomplete_fields = ["user", "partner"]
    fields = ["partner", "user", "created_at"]
    readonly_fields = ["created_at"]

    @admin.display(description="E-mail", ordering="user__email")
    def user_email(self, member):
        return member.user.email

    def get_readonly_fields(self, request, obj=None):
        # Who a member is does not change; remove them and add another instead.
        return ["partner", "user", "created_at"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return
        obj.save()
        audit_record(
            actor=request.user,
            action="partner.member_added",
            target=obj,
            after={"user": obj.user.email or obj.user.get_username(), "partner": obj.partner.slug},
        )

    def delete_model(self, request, obj):
        audit_record(
            actor=request.user,
            action="partner.member_removed",
            target=obj,
            before={"user": obj.user.email or obj.user.get_username(), "partner": obj.partner.slug},
        )
        obj.delete()

    def delete_queryset(self, request, queryset):
        for member in queryset.select_related("user", "partner"):
            self.delete_model(request, member)


@admin.register(PartnerApiKey)
class PartnerApiKeyAdmin(ShownOnceKeyAdmin):
    """Keys show their prefix only; a new key's secret is shown once (ShownOnceKeyAdmin)."""

    list_display = ["name", "partner", "member", "prefix", "created_at", "last_used_at", "revoked"]
    list_select_related = ["partner", "member__user"]
    list_filter = ["revoked_at", "partner"]
    search_fields = ["name", "prefix", "partner__name", "member__user__email"]
    autocomplete_fields = ["member"]
    fields = ["member", "name", "partner", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["partner", "prefix", "created_at", "last_used_at", "revoked_at"]
    revoke_key = staticmethod(partner_key_revoke)
    revoked_noun = "partner API keys"

    @admin.display(description="Revoked", boolean=True)
    def revoked(self, key):
        return key.revoked_at is not None

    def save_model(self, request, obj, form, change):
        key, raw = partner_key_create(member=obj.member, name=obj.name)
        obj.pk, obj.prefix, obj.partner_id, obj.created_at = (
            key.pk,
            key.prefix,
            key.partner_id,
            key.created_at,
        )
        audit_record(
            actor=request.user,
            action="partner_key.created",
            target=key,
            after={"partner": key.partner_id, "prefix": key.prefix},
        )
        self.keep_secret(request, raw)
