"""Every write to reports goes through these services: atomic, permission-checked, audited."""

from reports.services.consolidation import report_mark_absent
from reports.services.filing import NO_REPORT_YET, report_reopen_for_period, report_save_for_period
from reports.services.workflow import (
    StaleReportError,
    report_approve,
    report_create,
    report_get_or_create,
    report_reopen,
    report_return,
    report_save,
    report_submit,
)

__all__ = [
    "NO_REPORT_YET",
    "StaleReportError",
    "report_approve",
    "report_create",
    "report_get_or_create",
    "report_mark_absent",
    "report_reopen",
    "report_reopen_for_period",
    "report_return",
    "report_save",
    "report_save_for_period",
    "report_submit",
]
