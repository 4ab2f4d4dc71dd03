"""Admin bases for records of money and rights: staff read them; services write them."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records of money and rights: staff read them; services write them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # staff with view permission get Django's read-only pages

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
