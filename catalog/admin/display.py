"""Pieces the catalogue's admin pages share."""

from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html


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


class AssetCountAdmin(admin.ModelAdmin):
    """An "Assets" column counted in the page's own query (annotate), not a query per row."""

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(asset_total=Count("assets"))

    @admin.display(description="Assets", ordering="asset_total")
    def asset_count(self, obj):
        return obj.asset_total
