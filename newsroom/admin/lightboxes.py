"""Boards in the admin: staff read them to help a buyer ("where did our board go?"); members
edit them on the site and over the API, so the admin changes nothing."""

from django.contrib import admin
from django.db.models import Count

from newsroom.models import Lightbox, LightboxItem


class LightboxItemInline(admin.TabularInline):
    model = LightboxItem
    extra = 0
    can_delete = False
    fields = ["asset", "note", "added_by", "added_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("asset", "added_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Lightbox)
class LightboxAdmin(admin.ModelAdmin):
    list_display = ["name", "public_id", "buyer", "clip_count", "created_by", "updated_at"]
    list_select_related = ["buyer", "created_by"]
    list_filter = ["updated_at"]
    search_fields = ["name", "public_id", "buyer__name"]
    readonly_fields = ["public_id", "buyer", "name", "created_by", "created_at", "updated_at"]
    fields = readonly_fields
    inlines = [LightboxItemInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(clip_count=Count("items"))

    @admin.display(description="clips", ordering="clip_count")
    def clip_count(self, board) -> int:
        return board.clip_count

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
