"""What is sold: licence types and per-clip prices."""

from django.contrib import admin

from licensing.models import AssetPrice, LicenseType


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
