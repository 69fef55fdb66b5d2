"""Importing report values from a workbook: the `import_values` command, the upload page and the admin.

The format (DESIGN §5): the first sheet has a header row `org_code, period`, then one column
per indicator code (a `name` column, as in the data-entry template, is for people and is not
imported). One row is one report. A yes/no cell is 1/0 or có/không, a choice cell is its code,
an empty cell is no value: like an empty field on the web form, it removes a stored value. An
indicator without a column is left as it is, and a row with no figure at all is skipped.

Every value goes through the same rules as the web form (reports.values: Vietnamese numbers,
bounds, part <= whole, required figures before submission) and the same workflow rules
(reports.services.workflow.check_can_report, the entry window of reports.deadlines, who may
approve). The file is all-or-nothing: any problem in any row and nothing is written.

Writing is done in bulk inside one transaction that first locks the plan's row, so that two
imports for the same plan run one after the other and the second one sees what the first wrote:
importing the same file twice at the same moment ends with one set of values. Existing reports
are locked too, so a form save waits and then finds the report changed (its version moved on).
"""

from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record_batch, values_import_details
from plans.models import Plan
from reports.bulk import collector_paused, delete_ids, id_batch, insert_dicts, insert_rows
from reports.compliance.rollups import RollupChanges, WrittenReport
from reports.deadlines import submitted_late
from reports.imports.issues import ImportIssue, ImportRejected, StaleImportError
from reports.imports.values_check import (
    IMPORT_STATUSES,
    ReportChange,
    ValueChange,
    ValuesChecker,
    ValuesImport,
    check_arguments,
    check_value_records,
    chunks,
    import_submits,
    may_import_for,
)
from reports.imports.values_format import ValuesRecord, expected_columns, read_values_file, records_from_table
from reports.models import (
    COUNTED_STATUSES,
    Report,
    ReportAction,
    ReportEvent,
    ReportStatus,
    ReportValue,
    display_value,
)

__all__ = [
    "IMPORT_STATUSES",
    "ReportChange",
    "ValueChange",
    "ValuesImport",
    "ValuesRecord",
    "check_arguments",
    "check_value_records",
    "expected_columns",
    "import_value_records",
    "import_values_file",
    "may_import_for",
    "read_values_file",
    "records_from_table",
]


def import_value_records(
    *,
    plan: Plan,
    records: list[ValuesRecord],
    by,
    status: str = ReportStatus.DRAFT,
    force: bool = False,
    file_name: str = "",
    expected_fingerprint: str | None = None,
) -> ValuesImport:
    """Check and write, all or nothing. Raises ImportRejected (nothing written) or StaleImportError
    when `expected_fingerprint` (from a preview) no longer matches what would be written."""
    check_arguments(by=by, status=status, force=force)
    with collector_paused(), transaction.atomic():
        list(Plan.objects.select_for_update().filter(pk=plan.pk).values_list("pk", flat=True))
        checker = ValuesChecker(plan=plan, by=by, status=status, force=force, lock=True)
        result = checker.check(records)
        if result.issues:
            raise ImportRejected(result.issues)
        if expected_fingerprint is not None and expected_fingerprint != result.fingerprint:
            raise StaleImportError()
        _write(result, by=by, file_name=file_name, rollup_changes=checker.rollups, today=checker.today)
    return result


def import_values_file(
    source,
    *,
    plan: Plan,
    by,
    status: str = ReportStatus.DRAFT,
    force: bool = False,
    dry_run: bool = False,
    file_name: str = "",
    expected_fingerprint: str | None = None,
) -> ValuesImport:
    """Read a workbook and import it (or only check it, with dry_run). Raises SpreadsheetError for a
    file that cannot be read, ImportRejected for a file with any problem; nothing is written then."""
    with collector_paused():
        records, issues, notices = read_values_file(source, plan=plan)
        if dry_run or issues:
            result = check_value_records(plan=plan, records=records, by=by, status=status, force=force)
            result.issues = issues + result.issues
            if not dry_run:
                raise ImportRejected(result.issues)
        else:
            result = import_value_records(
                plan=plan,
                records=records,
                by=by,
                status=status,
                force=force,
                file_name=file_name,
                expected_fingerprint=expected_fingerprint,
            )
        result.notices = notices + result.notices
    return result


# --- writing ---------------------------------------------------------------------------------------


def _write(result: ValuesImport, *, by, file_name: str, rollup_changes: RollupChanges, today) -> None:
    """Write every change in bulk; the caller holds the transaction and the locks. `rollup_changes` holds
    the changes of the existing reports already (counted by the checker, which decided their lateness on
    `today`: the new reports' lateness is decided on the same day)."""
    if not result.changes:
        result.written = True
        return
    now = timezone.now()
    units = [change.organization for change in result.changes]
    rollup_changes.before([change.report_id for change in result.changes if not change.is_new], units)
    late = _create_reports(result, now=now, today=today)
    _update_reports(result, now=now, today=today)

    delete_ids(ReportValue, [pk for change in result.changes for pk in change.old_value_ids])
    insert_rows(
        ReportValue,
        ["report_id", "indicator_id", "number", "choice"],
        (
            (change.report_id, value.indicator.id, value.new.number, value.new.choice)
            for change in result.changes
            for value in change.values
            if value.new is not None
        ),
    )

    shown: dict[tuple, str] = {}

    def display(indicator, value) -> str:
        if value is None:
            return ""
        key = (indicator.pk, value.number, value.choice)
        if key not in shown:
            shown[key] = display_value(indicator, value.number, value.choice)
        return shown[key]

    actor_id = by.pk if by is not None else None
    insert_dicts(ReportEvent, _events(result, actor_id=actor_id, now=now, file_name=file_name, display=display))
    # The new reports are counted from what was just written; the others are read back (their lateness
    # was decided in the database).
    written = (_written(change, late[change.report_id]) for change in result.changes if change.is_new)
    rollup_changes.apply([change.report_id for change in result.changes], units, written=written)
    _audit(result, by=by, file_name=file_name)
    result.written = True


def _events(result: ValuesImport, *, actor_id, now, file_name: str, display):
    """Each report's history rows, one by one: "created" for a new report, then "imported"."""
    comments = {forced: _comment(file_name, forced) for forced in (False, True)}
    for change in result.changes:
        event = {
            "report_id": change.report_id,
            "action": ReportAction.IMPORTED,
            "from_status": change.old_status or ReportStatus.DRAFT,
            "to_status": change.new_status,
            "actor_id": actor_id,
            "at": now,
            "comment": comments[change.forced],
            "changes": {
                "values": {
                    v.indicator.code: [display(v.indicator, v.old), display(v.indicator, v.new)] for v in change.values
                }
            }
            if change.values
            else {},
        }
        if change.is_new:
            yield {
                **event,
                "action": ReportAction.CREATED,
                "from_status": "",
                "to_status": ReportStatus.DRAFT,
                "comment": "",
                "changes": {},
            }
        yield event


def _audit(result: ValuesImport, *, by, file_name: str) -> None:
    """One audit record for the whole file (not one per value: see audit.services)."""
    details, changes = values_import_details(result, file_name=file_name)
    record_batch(
        subject=result.plan,
        kind="values_import",
        label=_("Import of %(file)s into plan %(plan)s")
        % {"file": file_name or _("a file"), "plan": result.plan.number or result.plan.slug},
        by=by,
        details=details,
        changes=changes,
    )


def _written(change: ReportChange, is_late: bool) -> WrittenReport:
    """A new report as the import wrote it: every value it holds is one of the change's."""
    values = [
        (value.indicator.id, value.new.number, value.new.choice) for value in change.values if value.new is not None
    ]
    return WrittenReport(
        pk=change.report_id,
        unit=change.organization,
        period=change.period.id,
        status=change.new_status,
        is_late=is_late,
        values=values,
    )


def _create_reports(result: ValuesImport, *, now, today) -> dict[int, bool]:
    """Insert the new reports, then read their ids back (by unit and period, which are unique per plan).
    Returns whether each new report (by id) is late."""
    plan = result.plan
    new = [change for change in result.changes if change.is_new]
    if not new:
        return {}
    rows = []
    for change in new:
        counted = change.new_status in COUNTED_STATUSES
        rows.append(
            {
                "organization_id": change.organization.pk,
                "plan_id": plan.pk,
                "period": change.period.id,
                "status": change.new_status,
                "version": 2,
                "created_at": now,
                "updated_at": now,
                "first_submitted_at": now if counted else None,
                "submitted_at": now if counted else None,
                "is_late": counted and submitted_late(plan, change.period, today),
            }
        )
    try:
        with transaction.atomic():
            insert_dicts(Report, rows)
    except IntegrityError:
        raise ImportRejected(
            [
                ImportIssue(
                    None,
                    "",
                    _(
                        "Someone opened one of these reports while the file was being imported. Nothing was "
                        "imported; upload the file again."
                    ),
                )
            ]
        ) from None
    ids: dict[tuple[int, str], int] = {}
    periods = sorted({change.period.id for change in new})
    for chunk in chunks(sorted({change.organization.pk for change in new})):
        query = Report.objects.filter(plan=plan, period__in=periods, organization_id__any=chunk).order_by()
        ids.update(
            ((org_id, period), pk) for org_id, period, pk in query.values_list("organization_id", "period", "pk")
        )
    for change in new:
        change.report_id = ids[(change.organization.pk, change.period.id)]
    return {change.report_id: row["is_late"] for change, row in zip(new, rows, strict=True)}


def _update_reports(result: ValuesImport, *, now, today) -> None:
    """Existing reports: one UPDATE per kind of transition (and period, for lateness), not one per report."""
    groups: dict[tuple, list[int]] = {}
    for change in result.changes:
        if change.is_new:
            continue
        old = change.old_status
        submits = import_submits(old, change.new_status)
        approves = change.new_status == ReportStatus.APPROVED and old != ReportStatus.APPROVED
        key = (change.new_status, submits, approves, change.period if submits else None)
        groups.setdefault(key, []).append(change.report_id)
    for (new_status, submits, approves, period), ids in groups.items():
        update = {"status": new_status, "version": F("version") + 1, "updated_at": now}
        if submits:
            late = submitted_late(result.plan, period, today)
            update.update(
                submitted_at=now,
                first_submitted_at=Coalesce(F("first_submitted_at"), Value(now)),
                is_late=Case(When(first_submitted_at__isnull=True, then=Value(late)), default=F("is_late")),
            )
        if approves:
            update["return_reason"] = ""
        for chunk in chunks(ids, id_batch()):
            Report.objects.filter(pk__any=chunk).update(**update)


def _comment(file_name: str, forced: bool) -> str:
    if forced:
        return _("Imported from %(file)s over an approved report (forced by an administrator).") % {
            "file": file_name or _("a file")
        }
    return _("Imported from %(file)s.") % {"file": file_name or _("a file")}
