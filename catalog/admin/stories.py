from django.contrib import admin
from django.db.models import Count

from catalog.models import Story


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["title", "published_at", "related_count"]
    ordering = ["-published_at", "-id"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["related_assets"]
    date_hierarchy = "published_at"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(related_total=Count("related_assets"))

    @admin.display(description="Related clips", ordering="related_total")
    def related_count(self, obj):
        return obj.related_total
