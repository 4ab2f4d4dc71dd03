from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from common.keys.admin import ShownOnceKeyAdmin
from licensing.models import (
    ApiKey,
    AssetPrice,
    Buyer,
    BuyerMember,
    Download,
    Earning,
    IllegalOrderTransition,
    License,
    LicenseType,
    Order,
    OrderLine,
    Payment,
)
from licensing.services.buyers import buyer_add_credits, buyer_settle_invoice, buyer_update
from licensing.services.errors import BuyerError, LicensingError
from licensing.services.keys import api_key_create, api_key_revoke
from licensing.services.orders import license_revoke, order_refund


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records of money and rights: staff read them; services write them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # staff with view permission get Django's read-only pages

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class BuyerMemberInline(admin.TabularInline):
    model = BuyerMember
    extra = 0
    autocomplete_fields = ["user"]


class ApiKeyInline(ReadOnlyInline):
    model = ApiKey
    fields = ["name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields


class AmountActionForm(ActionForm):
    amount = forms.DecimalField(
        required=False,
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        label="Amount",
    )


@admin.register(Buyer)
class BuyerAdmin(admin.ModelAdmin):
    list_display = [
        "name", "country", "payment_method", "credit_balance", "invoice_balance",
        "invoice_limit", "currency",
    ]  # fmt: skip
    list_filter = ["payment_method", "country"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["credit_balance", "invoice_balance", "created_at", "updated_at"]
    inlines = [BuyerMemberInline, ApiKeyInline]
    action_form = AmountActionForm
    actions = ["add_credits", "settle_invoice"]

    @staticmethod
    def holds_money(buyer) -> bool:
        return bool(buyer.credit_balance or buyer.invoice_balance or buyer.orders.exists())

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and self.holds_money(obj):
            fields.append("currency")
        return fields

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or not self.holds_money(obj))

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one at a time, where nothing is owed or held
        return actions

    def save_model(self, request, obj, form, change):
        if not change:
            obj.full_clean()
            obj.save()
            return
        try:
            buyer_update(buyer=obj, fields=form.changed_data, actor=request.user)
        except BuyerError as refusal:
            raise PermissionDenied(refusal.detail) from refusal

    def _amount(self, request):
        """The amount beside the action, read by the action form's own field: "NaN", "1e99"
        or "²" are refused with a sentence like an empty box, never parsed by hand."""
        try:
            amount = AmountActionForm.base_fields["amount"].clean(request.POST.get("amount"))
        except ValidationError as error:
            self.message_user(request, f"Amount: {' '.join(error.messages)}", messages.ERROR)
            return None
        if amount is None:
            self.message_user(request, "Enter a positive amount beside the action.", messages.ERROR)
        return amount

    @admin.action(description="Add credits (the amount beside the action)", permissions=["change"])
    def add_credits(self, request, queryset):
        amount = self._amount(request)
        for buyer in queryset if amount else []:
            try:
                buyer_add_credits(buyer=buyer, amount=amount, actor=request.user)
            except BuyerError as refusal:
                self.message_user(request, f"{buyer}: {refusal.detail}", messages.ERROR)
                continue
            self.message_user(
                request, f"{buyer}: credit is now {buyer.credit_balance} {buyer.currency}."
            )

    @admin.action(
        description="Record an invoice payment (the amount beside the action)",
        permissions=["change"],
    )
    def settle_invoice(self, request, queryset):
        amount = self._amount(request)
        for buyer in queryset if amount else []:
            try:
                buyer_settle_invoice(buyer=buyer, amount=amount, actor=request.user)
            except BuyerError as refusal:
                self.message_user(request, f"{buyer}: {refusal.detail}", messages.ERROR)
            else:
                self.message_user(
                    request, f"{buyer}: {buyer.invoice_balance} {buyer.currency} still owed."
                )


@admin.register(ApiKey)
class ApiKeyAdmin(ShownOnceKeyAdmin):
    """Keys show their prefix only; a new key's secret is shown once (ShownOnceKeyAdmin)."""

    list_display = ["name", "buyer", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_select_related = ["buyer"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "buyer__name"]
    autocomplete_fields = ["buyer"]
    fields = ["buyer", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    revoke_key = staticmethod(api_key_revoke)

    def save_model(self, request, obj, form, change):
        key, raw = api_key_create(buyer=obj.buyer, name=obj.name, created_by=request.user)
        obj.pk, obj.prefix, obj.created_at = key.pk, key.prefix, key.created_at
        self.keep_secret(request, raw)


@admin.register(LicenseType)
class LicenseTypeAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "use",
        "exclusive",
        "duration_days",
        "price",
        "currency",
        "active",
    ]
    list_editable = ["price", "active"]


@admin.register(AssetPrice)
class AssetPriceAdmin(admin.ModelAdmin):
    list_display = ["asset", "license_type", "price", "currency"]
    list_select_related = ["asset", "license_type"]
    autocomplete_fields = ["asset"]
    search_fields = ["asset__title", "asset__public_id"]


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = [
        "title",
        "asset_public_id",
        "license_name",
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
        "exclusive",
        "starts_at",
        "ends_at",
        "revoked_at",
    ]
    list_select_related = ["buyer", "asset", "license_type"]
    list_filter = ["license_type", "exclusive", "revoked_at"]
    search_fields = [
        "public_id",
        "verification_code",
        "buyer__name",
        "asset__title",
        "asset__public_id",
    ]
    readonly_fields = [
        "public_id", "line", "buyer", "asset", "license_type", "exclusive", "starts_at",
        "ends_at", "verification_code", "revoked_at", "revoke_reason", "verify_link",
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
    list_display = ["license", "buyer", "territory", "size", "created_at"]
    list_select_related = ["license__line", "buyer"]
    list_filter = ["territory"]
    date_hierarchy = "created_at"


@admin.register(Earning)
class EarningAdmin(ReadOnlyAdmin):
    list_display = ["partner", "kind", "amount", "currency", "share", "line", "created_at"]
    list_select_related = ["partner", "line"]
    list_filter = ["kind", "partner", "currency"]
    date_hierarchy = "created_at"
    change_list_template = "admin/licensing/earning/change_list.html"

    def get_urls(self):
        summary = self.admin_site.admin_view(self.summary_view)
        return [path("summary/", summary, name="licensing_earning_summary"), *super().get_urls()]

    def summary_view(self, request):
        """Each partner's earnings per month: sales, refunds and what is owed."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        rows = (
            Earning.objects.annotate(month=TruncMonth("created_at"))
            .values("month", "partner__name", "partner_id", "currency")
            .annotate(total=Sum("amount"), lines=Count("id"))
            .order_by("-month", "partner__name", "currency")
        )
        context = {
            **self.admin_site.each_context(request),
            "title": "Partner earnings by month",
            "rows": rows,
            "opts": self.model._meta,
            "changelist_url": reverse("admin:licensing_earning_changelist"),
        }
        return TemplateResponse(request, "admin/licensing/earning/summary.html", context)


# Partner balances and payouts: their own module, to keep this one readable.
from licensing import payouts_admin  # noqa: E402, F401
