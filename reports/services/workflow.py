"""The report workflow: draft -> submitted -> approved, or returned (with a reason) -> submitted again.

Each service locks the report row, checks who is acting, changes the report
and writes one ReportEvent, all in one transaction. Refusals raise
PermissionDenied (not allowed for this user) or ValidationError (not allowed
now, or bad data), with a message a union officer can act on.
"""

from collections.abc import Mapping
from decimal import Decimal
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record_created
from plans.models import Plan
from plans.periods import Period
from plans.selectors import plan_structure
from reports.compliance.rollups import RollupChanges
from reports.deadlines import entry_is_open, reopened_until, submitted_late
from reports.models import (
    COUNTED_STATUSES,
    EDITABLE_STATUSES,
    Report,
    ReportAction,
    ReportEvent,
    ReportStatus,
    ReportTaskAccount,
    ReportValue,
    display_value,
)
from reports.services.consolidation import assign_document_number, check_children_ready, freeze_figures
from reports.tasks import notify_officers_task
from reports.values import Value, applicable_indicators, check_values, read_values
from unions.models import Organization
from unions.scoping import is_officer_of, is_reviewer_above

NARRATIVE_FIELDS = ("results", "shortcomings", "proposals")


class StaleReportError(ValidationError):
    """Someone else saved the report after this user opened it."""


# --- checks shared by the services -------------------------------------------------------------


def _lock(report: Report) -> Report:
    """The report's row, locked and read again. Its plan and unit are the caller's objects when they are
    already loaded (both are only read here): the plan keeps its structure for the rest of the request,
    so a save followed by a submit reads the indicators and rules once."""
    known = report._state.fields_cache
    related = [name for name in ("organization", "plan") if name not in known]
    locked = Report.objects.select_for_update(of=("self",) if related else ()).select_related(*related)
    locked = locked.get(pk=report.pk)
    for name in ("organization", "plan"):
        if name in known and getattr(locked, f"{name}_id") == getattr(report, f"{name}_id"):
            setattr(locked, name, known[name])
    return locked


def _check_version(report: Report, expected_version: int | None) -> None:
    if expected_version is not None and report.version != expected_version:
        raise StaleReportError(
            _(
                "Someone else saved this report after you opened it. Your changes were not saved; "
                "the current values are shown below."
            ),
            code="stale",
        )


def _check_officer(user, report: Report) -> None:
    if user is not None and not is_officer_of(user, report.organization):
        raise PermissionDenied(_("Only an officer of %(unit)s can do this.") % {"unit": report.organization.name})


def _check_reviewer(user, report: Report) -> None:
    if user is None or not is_reviewer_above(user, report.organization):
        raise PermissionDenied(
            _("Only a reviewer of a unit above %(unit)s can do this.") % {"unit": report.organization.name}
        )


def _check_editable(report: Report, user) -> None:
    if report.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("This report is %(status)s and cannot be changed.") % {"status": report.get_status_display().lower()},
            code="locked",
        )
    today = timezone.localdate()
    window_open = entry_is_open(report.plan, report.period_obj, report.entry_extended_until, today)
    if user is not None and not window_open and not is_reviewer_above(user, report.organization):
        raise ValidationError(
            _("Entry for this period closed on %(date)s. Ask a reviewer above your unit to reopen it.")
            % {"date": _date(report.plan, report.period_obj)},
            code="closed",
        )


def _date(plan: Plan, period: Period) -> str:
    from django.utils.formats import date_format

    from reports.deadlines import entry_closes_on

    return date_format(entry_closes_on(plan, period), "SHORT_DATE_FORMAT")


def _track(report: Report) -> RollupChanges:
    """Start following what a transition changes in the compliance rollups (applied after the save).
    `report` is the locked row: one that does not count yet (a draft, a returned report) adds nothing
    before, so there is nothing to read."""
    changes = RollupChanges(report.plan)
    if report.status in COUNTED_STATUSES:
        changes.before([report.pk], [report.organization])
    else:
        changes.before_nothing(report)
    return changes


def _event(report: Report, action: str, by, *, from_status: str = "", comment: str = "", changes=None) -> ReportEvent:
    return ReportEvent.objects.create(
        report=report,
        action=action,
        from_status=from_status,
        to_status=report.status,
        actor=by,
        comment=comment,
        changes=changes or {},
    )


def _notify_after_commit(event: ReportEvent) -> None:
    """Tell the unit's officers about a reviewer's decision once it is committed (never before,
    never if it rolls back); a mail failure is logged and does not undo the decision."""
    transaction.on_commit(partial(notify_officers_task.enqueue, event.pk), robust=True)


def check_can_report(*, organization: Organization, plan: Plan, period: Period) -> None:
    """A report exists only for a period of the plan, for a unit in scope that was open during it."""
    if not plan.has_period(period):
        raise ValidationError(
            _("Plan %(plan)s has no reporting period %(period)s.")
            % {"plan": plan.number or plan.slug, "period": period.id},
            code="period",
        )
    if not plan.reports_kind(organization.kind) or not organization.is_in_subtree_of(plan.issuer):
        raise ValidationError(
            _("%(unit)s (%(kind)s) does not report on plan %(plan)s.")
            % {"unit": organization.name, "kind": organization.get_kind_display(), "plan": plan.number or plan.slug},
            code="kind",
        )
    if not organization.is_open_during(period.start, period.end):
        raise ValidationError(
            _("%(unit)s was not open during %(period)s, so it has no report for it.")
            % {"unit": organization.name, "period": period.label},
            code="closed_unit",
        )


# --- services ----------------------------------------------------------------------------------


@transaction.atomic
def report_create(*, organization: Organization, plan: Plan, period: str | Period, by) -> Report:
    """Open a new draft report. `by` is None only for system jobs (imports run by a command)."""
    if not isinstance(period, Period):
        try:
            period = Period.parse(period)
        except ValueError as exc:
            raise ValidationError(str(exc), code="period") from None
    check_can_report(organization=organization, plan=plan, period=period)
    if by is not None and not is_officer_of(by, organization):
        raise PermissionDenied(_("Only an officer of %(unit)s can do this.") % {"unit": organization.name})
    try:
        with transaction.atomic():
            report = Report.objects.create(organization=organization, plan=plan, period=period.id)
    except IntegrityError:
        raise ValidationError(_("This unit already has a report for this plan and period."), code="duplicate") from None
    _event(report, ReportAction.CREATED, by)
    return report


def report_get_or_create(*, organization: Organization, plan: Plan, period: str | Period, by) -> Report:
    """The unit's report for this plan and period, opened as a draft if there is none yet."""
    period_id = period.id if isinstance(period, Period) else str(period).strip().upper()
    existing = Report.objects.filter(organization=organization, plan=plan, period=period_id).first()
    if existing:
        return existing
    try:
        return report_create(organization=organization, plan=plan, period=period, by=by)
    except ValidationError as exc:
        if exc.code != "duplicate":
            raise
        return Report.objects.get(organization=organization, plan=plan, period=period_id)


def _apply_values(report: Report, cleaned: Mapping[str, Value | None], by_code, stored) -> dict:
    """Write changed values; return {code: [old, new]} as the reader sees them. New values go in one
    INSERT, each with the audit record its own save would have left (audit.services.record_created)."""
    changes = {}
    added = []
    for code, new in cleaned.items():
        indicator = by_code[code]
        old_row = stored.get(code)
        old = Value(number=old_row.number, choice=old_row.choice) if old_row else None
        if _same(old, new):
            continue
        if new is None:
            old_row.delete()
        elif old_row is None:
            added.append(ReportValue(report=report, indicator=indicator, number=new.number, choice=new.choice))
        else:
            old_row.number, old_row.choice = new.number, new.choice
            old_row.save(update_fields=["number", "choice"])
        changes[code] = [
            display_value(indicator, old.number, old.choice) if old else "",
            display_value(indicator, new.number, new.choice) if new else "",
        ]
    if added:
        record_created(ReportValue.objects.bulk_create(added))
    return changes


def _same(old: Value | None, new: Value | None) -> bool:
    if old is None or new is None:
        return old is new
    return old.choice == new.choice and _num(old.number) == _num(new.number)


def _num(number: Decimal | None):
    return None if number is None else number.normalize()


def stored_values(report: Report) -> dict[str, ReportValue]:
    return {row.indicator.code: row for row in report.values.select_related("indicator")}


@transaction.atomic
def report_save(
    *,
    report: Report,
    by,
    values: Mapping[str, object] | None = None,
    task_accounts: Mapping[str, str] | None = None,
    narrative: Mapping[str, str] | None = None,
    expected_version: int | None = None,
    action: str = ReportAction.SAVED,
) -> Report:
    """Save a draft: any subset of values (an empty one removes the value), task accounts by task
    number, and narrative sections. Types, bounds and cross-field rules are checked; completeness
    is not (that is for submit). An unchanged save writes nothing."""
    report = _lock(report)
    _check_version(report, expected_version)
    _check_officer(by, report)
    _check_editable(report, by)
    structure = plan_structure(report.plan)
    indicators = applicable_indicators(structure.indicators, report.organization.kind, report.period_obj)
    by_code = {indicator.code: indicator for indicator in indicators}
    cleaned, errors = read_values(indicators, values or {})
    stored = stored_values(report)
    merged = {code: Value(number=row.number, choice=row.choice) for code, row in stored.items()}
    merged.update(cleaned)
    for code, messages in check_values(indicators, structure.rules, merged, complete=False).items():
        errors.setdefault(code, []).extend(messages)
    tasks_by_number = {task.number: task for task in structure.reportable_tasks}
    for number in task_accounts or {}:
        if number not in tasks_by_number:
            errors.setdefault("tasks", []).append(
                _("Task %(number)s is not one of this plan's tasks.") % {"number": number}
            )
    unknown = set(narrative or {}) - set(NARRATIVE_FIELDS)
    if unknown:
        errors.setdefault("narrative", []).append(_("Unknown narrative section."))
    if errors:
        raise ValidationError(errors)

    changes = {}
    value_changes = _apply_values(report, cleaned, by_code, stored)
    if value_changes:
        changes["values"] = value_changes
    task_changes = _apply_task_accounts(report, task_accounts or {}, tasks_by_number)
    if task_changes:
        changes["tasks"] = task_changes
    narrative_changes = {}
    for field, text in (narrative or {}).items():
        text = (text or "").strip()
        if getattr(report, field) != text:
            narrative_changes[field] = [getattr(report, field), text]
            setattr(report, field, text)
    if narrative_changes:
        changes["narrative"] = narrative_changes
    if not changes:
        return report
    report.version += 1
    report.save()
    _event(report, action, by, from_status=report.status, changes=changes)
    return report


def _apply_task_accounts(report: Report, accounts: Mapping[str, str], tasks_by_number) -> dict:
    stored = {row.task.number: row for row in report.task_accounts.select_related("task")}
    changes = {}
    for number, text in accounts.items():
        text = (text or "").strip()
        row = stored.get(number)
        old = row.text if row else ""
        if old == text:
            continue
        if row is None:
            ReportTaskAccount.objects.create(report=report, task=tasks_by_number[number], text=text)
        else:
            row.text = text
            row.save(update_fields=["text"])
        changes[number] = [old, text]
    return changes


@transaction.atomic
def report_submit(*, report: Report, by, expected_version: int | None = None) -> Report:
    """Send the report up for review; only a complete, valid report can go. Late ones are marked late."""
    report = _lock(report)
    rollup_changes = _track(report)
    _check_officer(by, report)  # first: a read-only role learns nothing from a refusal but "not yours"
    if report.status == ReportStatus.SUBMITTED:
        raise ValidationError(_("This report has already been submitted."), code="already_submitted")
    _check_version(report, expected_version)
    _check_editable(report, by)
    structure = plan_structure(report.plan)
    indicators = applicable_indicators(structure.indicators, report.organization.kind, report.period_obj)
    stored = {code: Value(number=row.number, choice=row.choice) for code, row in stored_values(report).items()}
    errors = check_values(indicators, structure.rules, stored, complete=True)
    if errors:
        raise ValidationError(errors)
    check_children_ready(report)
    now = timezone.now()
    old_status = report.status
    if report.first_submitted_at is None:
        report.first_submitted_at = now
        report.is_late = submitted_late(report.plan, report.period_obj, timezone.localdate(now))
    assign_document_number(report)
    report.submitted_at = now
    report.status = ReportStatus.SUBMITTED
    report.version += 1
    report.save()
    rollup_changes.apply([report.pk])
    freeze_figures(report)  # after the rollups are in step, so the engine reads the report as submitted
    if report.compiled:
        report.save(update_fields=["compiled"])
    _event(report, ReportAction.SUBMITTED, by, from_status=old_status)
    return report


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give a reason, so the unit knows what to fix.")]}, code="reason")
    return reason


@transaction.atomic
def report_return(*, report: Report, by, reason: str, expected_version: int | None = None) -> Report:
    """Send a submitted report back to its unit, with the reason."""
    report = _lock(report)
    rollup_changes = _track(report)
    _check_reviewer(by, report)
    reason = _require_reason(reason)
    _check_version(report, expected_version)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be returned."), code="not_submitted")
    report.status = ReportStatus.RETURNED
    report.return_reason = reason
    report.compiled = {}  # a consolidated report is compiled live again while it is corrected
    report.version += 1
    report.save()
    rollup_changes.apply([report.pk])
    _notify_after_commit(_event(report, ReportAction.RETURNED, by, from_status=ReportStatus.SUBMITTED, comment=reason))
    return report


@transaction.atomic
def report_approve(*, report: Report, by, expected_version: int | None = None) -> Report:
    """Approve a submitted report; it is then locked."""
    report = _lock(report)
    rollup_changes = _track(report)
    _check_reviewer(by, report)
    _check_version(report, expected_version)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be approved."), code="not_submitted")
    report.status = ReportStatus.APPROVED
    report.return_reason = ""
    report.version += 1
    report.save()
    rollup_changes.apply([report.pk])
    _notify_after_commit(_event(report, ReportAction.APPROVED, by, from_status=ReportStatus.SUBMITTED))
    return report


@transaction.atomic
def report_reopen(*, report: Report, by, reason: str) -> Report:
    """Reopen a report for its unit, with a reason: an approved report goes back to the unit
    (as returned), a report marked as not reported becomes a draft again, and a report whose entry
    window has closed gets REPORT_REOPEN_DAYS more. Reopening a consolidated report reopens it alone,
    never the reports below it."""
    report = _lock(report)
    rollup_changes = _track(report)
    _check_reviewer(by, report)
    reason = _require_reason(reason)
    today = timezone.localdate()
    old_status = report.status
    window_open = entry_is_open(report.plan, report.period_obj, report.entry_extended_until, today)
    if report.status == ReportStatus.APPROVED:
        report.status = ReportStatus.RETURNED
        report.return_reason = reason
        report.compiled = {}
    elif report.status == ReportStatus.ABSENT:
        report.status = ReportStatus.DRAFT  # the unit may file it after all
    elif report.status == ReportStatus.SUBMITTED or window_open:
        raise ValidationError(
            _("This report is open for its unit already; there is nothing to reopen."), code="not_locked"
        )
    if not window_open:
        report.entry_extended_until = reopened_until(today)
    report.version += 1
    report.save()
    rollup_changes.apply([report.pk])
    _notify_after_commit(_event(report, ReportAction.REOPENED, by, from_status=old_status, comment=reason))
    return report
