from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """One change that matters to money, rights or publication: who, what, when, before, after."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the system made the change (a command or a task).",
    )
    action = models.CharField(max_length=64)
    target_type = models.CharField(max_length=100, help_text="app_label.model of the target.")
    target_id = models.CharField(max_length=64)
    target_repr = models.CharField(max_length=255)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]
        verbose_name_plural = "audit entries"

    def __str__(self):
        return f"{self.action} {self.target_repr}"
