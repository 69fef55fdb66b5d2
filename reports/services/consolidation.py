"""Consolidated reports in the workflow: the check before one goes up, its frozen figures, the
document number every report gets when it is first submitted, and a reviewer marking a unit's report
as not reported so that the report above it can go up.

The transitions themselves stay in reports.services.workflow, which calls these hooks.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.models import Plan
from plans.periods import Period
from reports.models import Report, ReportAction, ReportEvent, ReportStatus
from reports.selectors.consolidation import child_reports, compile_figures, is_consolidated
from unions.models import Organization, OrganizationKind
from unions.scoping import is_reviewer_above


def _status_words(status: str) -> str:
    return ReportStatus(status).label.lower() if status else _("not started")


def check_children_ready(report: Report) -> None:
    """A consolidated report goes up only once every report of its reporting children is approved or
    marked as not reported; otherwise it is refused with the list of those children."""
    if report.organization.kind == OrganizationKind.GRASSROOTS:
        return  # the bottom of the tree: nothing below to wait for (and no query)
    waiting = [
        child
        for child in child_reports(plan=report.plan, organization=report.organization, period=report.period_obj)
        if not child.is_ready
    ]
    if not waiting:
        return
    names = "; ".join(f"{child.organization.name} ({_status_words(child.status)})" for child in waiting)
    raise ValidationError(
        _(
            "This consolidated report can be submitted once every report of the units below is approved or "
            "marked as not reported. Still waiting for %(count)s: %(units)s."
        )
        % {"count": len(waiting), "units": names},
        code="children_not_ready",
    )


def freeze_figures(report: Report) -> None:
    """Keep the subtree's figures as the engine gives them now (the report itself already counted)."""
    if is_consolidated(plan=report.plan, organization=report.organization, period=report.period_obj):
        report.compiled = compile_figures(plan=report.plan, organization=report.organization, period=report.period_obj)


def assign_document_number(report: Report) -> None:
    """The report's number as an official document: the next in a sequence per unit and calendar year,
    given at its first submission and kept when it is corrected and submitted again. The unit's row
    is locked so that two reports submitted at once get different numbers."""
    if report.document_number is not None:
        return
    Organization.objects.select_for_update().filter(pk=report.organization_id).first()
    year = timezone.localdate().year
    used = Report.objects.filter(organization_id=report.organization_id, document_year=year).aggregate(
        last=Max("document_number")
    )["last"]
    report.document_year = year
    report.document_number = (used or 0) + 1


@transaction.atomic
def report_mark_absent(*, organization: Organization, plan: Plan, period: Period, by, reason: str) -> Report:
    """A reviewer above records, with a reason, that the unit did not report for the period (after its
    due date). Its draft or returned report, if any, is kept as it was typed but no longer counts as
    pending; without a report, one is opened in this status. `report_reopen` undoes it."""
    from reports.services.workflow import _event, _lock, _require_reason, check_can_report

    check_can_report(organization=organization, plan=plan, period=period)
    if by is None or not is_reviewer_above(by, organization):
        raise PermissionDenied(_("Only a reviewer of a unit above %(unit)s can do this.") % {"unit": organization.name})
    reason = _require_reason(reason)
    due = plan.due_date(period)
    if timezone.localdate() <= due:
        from django.utils.formats import date_format

        raise ValidationError(
            _("The report is due on %(date)s: it can be marked as not reported only after that.")
            % {"date": date_format(due, "SHORT_DATE_FORMAT")},
            code="not_due",
        )
    report = Report.objects.filter(organization=organization, plan=plan, period=period.id).first()
    if report is None:
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    organization=organization, plan=plan, period=period.id, status=ReportStatus.ABSENT
                )
        except IntegrityError:
            raise ValidationError(_("Someone opened this report meanwhile. Look at it again."), code="stale") from None
        ReportEvent.objects.create(report=report, action=ReportAction.CREATED, actor=by, to_status="", comment=reason)
        _event(report, ReportAction.ABSENT, by, comment=reason)
        return report
    report = _lock(report)
    if report.status == ReportStatus.SUBMITTED:
        raise ValidationError(
            _("This report has been submitted and waits for your decision: approve it or return it."),
            code="submitted",
        )
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise ValidationError(
            _("This report is %(status)s; there is nothing to mark.") % {"status": report.get_status_display().lower()},
            code="not_pending",
        )
    old_status = report.status
    report.status = ReportStatus.ABSENT
    report.version += 1
    report.save()
    _event(report, ReportAction.ABSENT, by, from_status=old_status, comment=reason)
    return report
