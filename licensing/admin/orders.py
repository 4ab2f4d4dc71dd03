"""Orders, licences and downloads in admin: read only, with refund and revoke as actions that
call the services."""

from django.contrib import admin, messages
from django.utils.html import format_html

from common.admin.readonly import ReadOnlyAdmin, ReadOnlyInline
from licensing.models import (
    Download,
    IllegalOrderTransition,
    License,
    Order,
    OrderLine,
    Payment,
    Usage,
)
from licensing.services.errors import LicensingError
from licensing.services.orders import license_revoke, order_refund


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = [
        "title",
        "asset_public_id",
        "license_name",
        "resolution",
        "tier_factor",
        "upgrade_of",
        "upgraded_from",
        "price",
        "currency",
        "territory",
        "restrictions",
        "partner",
        "partner_share",
    ]
    readonly_fields = fields


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = ["kind", "method", "amount", "currency", "created_at"]
    readonly_fields = fields


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    view_on_site = False  # an order's URL is the buyer's API resource
    list_display = [
        "public_id",
        "buyer",
        "status",
        "total",
        "currency",
        "payment_method",
        "created_at",
    ]
    list_select_related = ["buyer"]
    list_filter = ["status", "payment_method"]
    search_fields = ["public_id", "buyer__name", "idempotency_key"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "public_id", "buyer", "status", "total", "currency", "payment_method", "territory",
        "idempotency_key", "placed_by", "api_key", "created_at", "paid_at", "refunded_at",
    ]  # fmt: skip
    fields = readonly_fields
    inlines = [OrderLineInline, PaymentInline]
    actions = ["refund"]

    @admin.action(
        description="Refund selected orders (returns money, revokes licences)", permissions=["view"]
    )
    def refund(self, request, queryset):
        if not request.user.has_perm("licensing.change_order"):
            self.message_user(request, "You may not refund orders.", messages.ERROR)
            return
        done = 0
        for order in queryset.order_by("pk"):
            try:
                order_refund(order=order, actor=request.user, reason="Refunded by staff")
            except IllegalOrderTransition as refusal:
                self.message_user(request, f"Did not refund: {refusal}", messages.ERROR)
            except LicensingError as refusal:
                self.message_user(
                    request, f"Did not refund {order.public_id}: {refusal.detail}", messages.ERROR
                )
            else:
                done += 1
        if done:
            self.message_user(request, f"Refunded {done} orders.", messages.SUCCESS)


@admin.register(License)
class LicenseAdmin(ReadOnlyAdmin):
    list_display = [
        "public_id",
        "buyer",
        "asset",
        "license_type",
        "resolution",
        "exclusive",
        "starts_at",
        "ends_at",
        "revoked_at",
    ]
    list_select_related = ["buyer", "asset", "license_type"]
    list_filter = ["license_type", "resolution", "exclusive", "revoked_at"]
    search_fields = [
        "public_id",
        "verification_code",
        "buyer__name",
        "asset__title",
        "asset__public_id",
    ]
    readonly_fields = [
        "public_id", "line", "buyer", "asset", "license_type", "resolution", "exclusive",
        "starts_at", "ends_at", "verification_code", "revoked_at", "revoke_reason", "verify_link",
    ]  # fmt: skip
    fields = readonly_fields
    actions = ["revoke"]

    @admin.display(description="Public check")
    def verify_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.get_absolute_url())

    def has_revoke_permission(self, request):
        return request.user.has_perm("licensing.change_license")

    @admin.action(description="Revoke selected licences", permissions=["revoke"])
    def revoke(self, request, queryset):
        for license in queryset.order_by("pk"):
            try:
                license_revoke(license=license, actor=request.user, reason="Revoked by staff")
            except LicensingError as refusal:
                self.message_user(request, refusal.detail, messages.ERROR)


@admin.register(Download)
class DownloadAdmin(ReadOnlyAdmin):
    list_display = ["license", "buyer", "territory", "size", "project_code", "created_at"]
    list_select_related = ["license__line", "buyer"]
    list_filter = ["territory"]
    search_fields = ["project_code", "license__public_id", "buyer__name"]
    date_hierarchy = "created_at"


@admin.register(Usage)
class UsageAdmin(ReadOnlyAdmin):
    """Uses buyers reported (licensing.services.usages); staff read them, buyers report them."""

    list_display = ["license", "used_at", "platform", "territory", "title", "reported_at"]
    list_select_related = ["license__line"]
    list_filter = ["platform", "territory"]
    search_fields = ["title", "license__public_id", "license__asset__public_id"]
    date_hierarchy = "used_at"
