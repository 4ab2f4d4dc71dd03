from django.contrib import admin

from catalog.admin.display import AssetCountAdmin
from catalog.models import Category, Tag
from catalog.services import categories_delete, category_save, tag_save, tags_delete


@admin.register(Category)
class CategoryAdmin(AssetCountAdmin):
    list_display = ["name", "slug", "parent", "asset_count"]
    list_select_related = ["parent"]
    ordering = ["name"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]

    def save_model(self, request, obj, form, change):
        category_save(category=obj)

    def delete_model(self, request, obj):
        categories_delete(categories=Category.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        categories_delete(categories=queryset)


@admin.register(Tag)
class TagAdmin(AssetCountAdmin):
    list_display = ["name", "slug", "asset_count"]
    ordering = ["name"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        tag_save(tag=obj)

    def delete_model(self, request, obj):
        tags_delete(tags=Tag.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        tags_delete(tags=queryset)
