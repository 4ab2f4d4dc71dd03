"""Buyers in admin: the organisation, its members, credits and invoice payments (as actions
that call the services), and its API keys, shown once."""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied, ValidationError

from common.admin.readonly import ReadOnlyInline
from common.keys.admin import ShownOnceKeyAdmin
from licensing.models import ApiKey, Buyer, BuyerMember
from licensing.services.buyers import buyer_add_credits, buyer_settle_invoice, buyer_update
from licensing.services.errors import BuyerError
from licensing.services.keys import api_key_create, api_key_revoke


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
