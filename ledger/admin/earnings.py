"""The earnings ledger in admin: read only, with each partner's earnings by month."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.template.response import TemplateResponse
from django.urls import path, reverse

from common.admin.readonly import ReadOnlyAdmin
from ledger.models import Earning


@admin.register(Earning)
class EarningAdmin(ReadOnlyAdmin):
    list_display = ["partner", "kind", "amount", "currency", "share", "line", "created_at"]
    list_select_related = ["partner", "line"]
    list_filter = ["kind", "partner", "currency"]
    date_hierarchy = "created_at"
    change_list_template = "admin/ledger/earning/change_list.html"

    def get_urls(self):
        summary = self.admin_site.admin_view(self.summary_view)
        return [path("summary/", summary, name="ledger_earning_summary"), *super().get_urls()]

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
            "changelist_url": reverse("admin:ledger_earning_changelist"),
        }
        return TemplateResponse(request, "admin/ledger/earning/summary.html", context)
