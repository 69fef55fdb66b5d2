from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Field-level audit trail (django-auditlog): which models are followed, the admin to read and
    export it, and the batch records of bulk writes. See README, "Audit trail"."""

    name = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from audit.registry import register_models

        register_models()
