"""Staff's side of partner money: balances to read, payouts to mark paid (with the transfer's
reference, on an intermediate page) or cancel."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from common.admin.readonly import ReadOnlyAdmin
from ledger.errors import PayoutRefused
from ledger.models import PartnerBalance, Payout
from ledger.services.payouts import payout_cancel, payout_mark_paid


class ReferenceForm(forms.Form):
    reference = forms.CharField(
        max_length=100, help_text="The bank transfer's reference, as it appears on the statement."
    )


@admin.register(PartnerBalance)
class PartnerBalanceAdmin(ReadOnlyAdmin):
    """Read only: the earnings ledger and payouts move balances, never a form."""

    list_display = ["partner", "currency", "available", "owed", "updated_at"]
    list_select_related = ["partner"]
    list_filter = ["currency"]
    search_fields = ["partner__name", "partner__slug"]


@admin.register(Payout)
class PayoutAdmin(admin.ModelAdmin):
    list_display = [
        "id", "partner", "amount", "currency", "status", "requested_at", "paid_at", "reference",
    ]  # fmt: skip
    list_select_related = ["partner"]
    list_filter = ["status", "currency"]
    search_fields = ["partner__name", "reference"]
    date_hierarchy = "requested_at"
    readonly_fields = [
        "partner", "amount", "currency", "status", "requested_by", "requested_at", "paid_at",
        "paid_by", "reference",
    ]  # fmt: skip
    fields = readonly_fields
    actions = ["mark_paid", "cancel"]

    def has_add_permission(self, request, obj=None):
        return False  # partners request payouts; staff pay or cancel them

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Mark the selected payout paid…", permissions=["change"])
    def mark_paid(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request,
                "Mark one payout paid at a time: each has its own transfer reference.",
                messages.ERROR,
            )
            return None
        payout = queryset.select_related("partner").get()
        form = ReferenceForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            try:
                payout_mark_paid(
                    payout=payout, reference=form.cleaned_data["reference"], actor=request.user
                )
            except PayoutRefused as refusal:
                self.message_user(request, refusal.detail, messages.ERROR)
            else:
                self.message_user(request, f"{payout} marked paid.", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Mark payout paid",
            "payout": payout,
            "form": form,
            "opts": self.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/ledger/payout/mark_paid.html", context)

    @admin.action(
        description="Cancel the selected payouts (amounts go back)", permissions=["change"]
    )
    def cancel(self, request, queryset):
        done = 0
        for payout in queryset.order_by("pk"):
            try:
                payout_cancel(payout=payout, actor=request.user)
            except PayoutRefused as refusal:
                self.message_user(request, refusal.detail, messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, f"Cancelled {done} payouts.", messages.SUCCESS)
