"""Audit records written by hand, for writes that django-auditlog's signals do not see.

Bulk writes (reports.bulk's COPY, bulk_create, queryset.update()) send no model signals, so
django-auditlog does not see them. Writing one LogEntry per row there would also multiply an import
of 200,000 figures by two. Such a write leaves ONE record instead: who, when, which file or job,
how many rows of each kind, and a bounded sample of the changed values; the full per-report detail
is in each report's own history (ReportEvent rows written in the same transaction).

A few new rows written at once through the web (a report's figures on its first save) keep a record
each, as if saved one by one: `record_created`.
"""

from auditlog.cid import get_cid
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import pre_save
from django.utils.encoding import smart_str

#: How many reports' changes a batch record lists before it only counts them.
SAMPLE_REPORTS = 100


def record_created(instances: list[models.Model]) -> None:
    """For rows just written by bulk_create (which sends no signals), the records django-auditlog writes
    when each is saved new, field for field, in one INSERT: the changes auditlog works out, its
    serialized data, the request's correlation id, and the actor, address and port that auditlog's
    request context puts on each record (its pre_save receiver on LogEntry, sent here as save() would).
    tests/test_audit.py compares them with the records of rows saved one by one."""
    entries = []
    for instance in instances:
        changes = model_instance_diff(None, instance, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES)
        if not changes:
            continue
        pk = instance.pk
        additional = getattr(instance, "get_additional_data", None)
        entry = LogEntry(
            content_type=ContentType.objects.get_for_model(instance),
            object_pk=pk,
            object_id=pk if isinstance(pk, int) else None,
            object_repr=smart_str(instance),
            serialized_data=LogEntry.objects._get_serialized_data_or_none(instance),
            additional_data=additional() if callable(additional) else None,
            cid=get_cid(),
            action=LogEntry.Action.CREATE,
            changes=changes,
        )
        pre_save.send(sender=LogEntry, instance=entry, raw=False, using=LogEntry.objects.db, update_fields=None)
        entries.append(entry)
    LogEntry.objects.bulk_create(entries)


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
