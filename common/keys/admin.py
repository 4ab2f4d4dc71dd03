"""What the admin of any API key does, a buyer's or a content partner's: keys are made and
revoked, never edited or deleted, and a new key's secret is shown once, on the page that
answers the form: never in a message (messages outlive the response and could reach a cookie),
a log line or any later page."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import reverse


class ShownOnceKeyAdmin(admin.ModelAdmin):
    """Subclasses make the key in save_model (calling keep_secret with the raw key) and name
    the service that revokes one (`revoke_key`) and what the message calls them."""

    actions = ["revoke"]
    revoke_key = None  # staticmethod(service(*, key, actor))
    revoked_noun = "keys"

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def keep_secret(self, request, raw: str) -> None:
        request.new_key_secret = raw  # read once by response_add, on this request only

    def response_add(self, request, obj, post_url_continue=None):
        opts = self.model._meta
        admin_name = f"admin:{opts.app_label}_{opts.model_name}"
        context = {
            **self.admin_site.each_context(request),
            "title": f"Copy the new {opts.verbose_name} now",
            "opts": opts,
            "key": obj,
            "secret": request.new_key_secret,
            "changelist_url": reverse(f"{admin_name}_changelist"),
            "add_url": reverse(f"{admin_name}_add"),
        }
        template = f"admin/{opts.app_label}/{opts.model_name}/created.html"
        return TemplateResponse(request, template, context)

    def has_revoke_permission(self, request):
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    @admin.action(description="Revoke the selected keys", permissions=["revoke"])
    def revoke(self, request, queryset):
        count = 0
        for key in queryset.filter(revoked_at__isnull=True):
            self.revoke_key(key=key, actor=request.user)
            count += 1
        self.message_user(request, f"Revoked {count} {self.revoked_noun}.", messages.SUCCESS)
