"""Admin bases for records of money and rights: staff read them; services write them."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records of money and rights: staff read them; services write them."""

    deletable = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # staff with view permission get Django's read-only pages

    def has_delete_permission(self, request, obj=None):
        # A record of money or rights is never deleted; a subclass whose rows may go (with
        # what hangs off them) says deletable = True and gets Django's permission check.
        return self.deletable and super().has_delete_permission(request, obj)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
