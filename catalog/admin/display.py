"""Pieces the catalogue's admin pages share."""

from django.contrib import admin
from django.utils.html import format_html

from catalog.counts import with_published_counts


def thumbnail(image, *, width: int, height: int, alt: str = ""):
    if not image:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" loading="lazy" class="thumbnail">',
        image.url,
        alt,
        width,
        height,
    )


class AssetCountAdmin(admin.ModelAdmin):
    """A "Published clips" column from the maintained counts (catalog.counts), in the page's
    own query: no count of the catalogue per page view, nor a query per row."""

    def get_queryset(self, request):
        return with_published_counts(super().get_queryset(request), name="asset_total")

    @admin.display(description="Published clips", ordering="asset_total")
    def asset_count(self, obj):
        return obj.asset_total
