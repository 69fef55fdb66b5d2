from auditlog.models import LogEntry
from django.utils.translation import gettext_lazy as _


class AuditEntry(LogEntry):
    """auditlog's LogEntry under the portal's name: what the admin lists and exports."""

    class Meta:
        proxy = True
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")
        ordering = ["-timestamp", "-id"]

    def __str__(self) -> str:
        from audit.display import action_label

        return f"{action_label(self)}: {self.object_repr}"
