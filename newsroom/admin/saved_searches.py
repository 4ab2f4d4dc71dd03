"""Newsroom records in the admin. Saved searches: staff read them and their matches (who was
told of which clip, when); buyers manage them on the site and over the API."""

from django.contrib import admin
from django.db.models import Count

from newsroom.models import SavedSearch, SavedSearchMatch


class SavedSearchMatchInline(admin.TabularInline):
    model = SavedSearchMatch
    extra = 0
    can_delete = False
    fields = ["asset", "matched_at", "webhook_sent_at", "emailed_at"]
    readonly_fields = fields
    ordering = ["-matched_at", "-id"]

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("asset")


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ["name", "buyer", "created_by", "notify", "match_count", "created_at"]
    list_select_related = ["buyer", "created_by"]
    list_filter = ["created_at"]
    search_fields = ["name", "public_id", "buyer__name"]
    readonly_fields = ["public_id", "buyer", "created_by", "query", "swept_until", "created_at"]
    fields = ["public_id", "name", "buyer", "created_by", "query", "notify", "swept_until"]
    inlines = [SavedSearchMatchInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(match_total=Count("matches"))

    @admin.display(description="Matches", ordering="match_total")
    def match_count(self, saved):
        return saved.match_total

    def has_add_permission(self, request):
        return False  # made through the services, which check the query

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SavedSearchMatch)
class SavedSearchMatchAdmin(admin.ModelAdmin):
    list_display = ["saved_search", "asset", "matched_at", "webhook_sent_at", "emailed_at"]
    list_select_related = ["saved_search", "asset"]
    search_fields = ["saved_search__name", "asset__title", "asset__public_id"]
    date_hierarchy = "matched_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
