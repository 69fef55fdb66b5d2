"""Audit records written by hand: one record for a whole batch of bulk writes.

Bulk writes (reports.bulk's COPY, bulk_create, queryset.update()) send no model signals, so
django-auditlog does not see them. Writing one LogEntry per row there would also multiply an import
of 200,000 figures by two. Such a write leaves ONE record instead: who, when, which file or job,
how many rows of each kind, and a bounded sample of the changed values; the full per-report detail
is in each report's own history (ReportEvent rows written in the same transaction).
"""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models

#: How many reports' changes a batch record lists before it only counts them.
SAMPLE_REPORTS = 100


def record_batch(
    *,
    subject: models.Model | type[models.Model],
    kind: str,
    label: str,
    by=None,
    details: dict | None = None,
    changes: dict | None = None,
) -> LogEntry:
    """Write one audit record for a bulk write. `subject` is the object the batch changed (an
    import's plan) or, when it spans a whole table, its model; `kind` names the batch
    ("values_import", "demo_data", ...) and is kept in additional_data["batch"]."""
    object_pk, object_id = (str(subject.pk), subject.pk) if isinstance(subject, models.Model) else ("", None)
    return LogEntry.objects.log_create(
        subject,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        content_type=ContentType.objects.get_for_model(subject),
        object_pk=object_pk,
        object_id=object_id,
        object_repr=label[:1000],
        actor=by,
        changes=changes or {},
        additional_data={"batch": kind, **(details or {})},
    )


def values_import_details(result, *, file_name: str) -> tuple[dict, dict]:
    """The batch record of a values import: counts and a sample of what changed, by report.
    Returns (details, changes): changes maps "UNIT period" to the report's status before and after."""
    counts = {
        "rows": result.rows,
        "reports_new": result.reports_new,
        "reports_updated": result.reports_updated,
        "unchanged": result.unchanged,
        "skipped_empty": result.skipped_empty,
        "values_new": result.values_new,
        "values_changed": result.values_changed,
        "values_removed": result.values_removed,
    }
    sample = [
        {
            "report": change.report_id,
            "unit": change.organization.code,
            "period": change.period.id,
            "status": [change.old_status, change.new_status],
            "values": {value.indicator.code: [value.old_display, value.new_display] for value in change.values},
        }
        for change in result.changes[:SAMPLE_REPORTS]
    ]
    details = {
        "file": file_name,
        "plan": result.plan.slug,
        "status": result.status,
        "forced": any(change.forced for change in result.changes),
        "counts": counts,
        "reports": sample,
        "reports_not_listed": max(0, len(result.changes) - SAMPLE_REPORTS),
    }
    changes = {f"{item['unit']} {item['period']}": [item["status"][0] or "-", item["status"][1]] for item in sample}
    return details, changes
