from django.contrib import admin

from catalog.admin.display import AssetCountAdmin, thumbnail
from catalog.models import ContentPartner


@admin.register(ContentPartner)
class ContentPartnerAdmin(AssetCountAdmin):
    list_display = [
        "profile_thumbnail",
        "name",
        "kind",
        "country",
        "verified",
        "revenue_share",
        "asset_count",
    ]
    list_display_links = ["profile_thumbnail", "name"]
    list_filter = ["kind", "verified"]
    ordering = ["name"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["profile_preview", "cover_preview", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "country", "verified", "revenue_share", "bio"]}),
        (
            "Images",
            {"fields": [("profile_image", "profile_preview"), ("cover_image", "cover_preview")]},
        ),
        ("History", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description="")
    def profile_thumbnail(self, obj):
        return thumbnail(obj.profile_image, width=40, height=40, alt=obj.name)

    @admin.display(description="Profile image preview")
    def profile_preview(self, obj):
        return thumbnail(obj.profile_image, width=120, height=120, alt=obj.name)

    @admin.display(description="Cover image preview")
    def cover_preview(self, obj):
        return thumbnail(obj.cover_image, width=360, height=120, alt=obj.name)
