"""Services that act on a unit's report for a period, whether or not the report exists yet.

The web form offers a unit's report for a period before the report exists: the
officer's first save opens it. And a reviewer above must be able to reopen a
closed period for a unit that never opened its report. Both build on the
workflow services, inside one transaction, so a refusal leaves nothing behind.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.models import Plan
from plans.periods import Period
from reports.deadlines import entry_is_open, reopened_until
from reports.models import Report, ReportAction
from reports.services.workflow import (
    StaleReportError,
    _check_version,
    _event,
    _notify_after_commit,
    _require_reason,
    check_can_report,
    report_create,
    report_reopen,
    report_save,
)
from unions.models import Organization
from unions.scoping import is_reviewer_above

#: The version a form carries when it was opened before its report existed.
NO_REPORT_YET = 0


def _as_period(period: str | Period) -> Period:
    if isinstance(period, Period):
        return period
    try:
        return Period.parse(period)
    except ValueError as exc:
        raise ValidationError(str(exc), code="period") from None


def _find(organization: Organization, plan: Plan, period: Period) -> Report | None:
    return Report.objects.filter(organization=organization, plan=plan, period=period.id).first()


@transaction.atomic
def report_save_for_period(
    *,
    organization: Organization,
    plan: Plan,
    period: str | Period,
    by,
    values=None,
    task_accounts=None,
    narrative=None,
    expected_version: int | None = None,
) -> Report:
    """Save the unit's report for the period, opening it as a draft first if there is none.

    `expected_version` is the version the form was opened at, or NO_REPORT_YET (0) when the
    report did not exist then: if someone opened and saved it meanwhile, the save is refused as
    stale rather than written over theirs. A refused save also undoes the opening, so no empty
    draft is left behind.
    """
    period = _as_period(period)
    report = _find(organization, plan, period)
    if report is not None:
        return report_save(
            report=report,
            by=by,
            values=values,
            task_accounts=task_accounts,
            narrative=narrative,
            expected_version=expected_version,
        )
    try:
        report = report_create(organization=organization, plan=plan, period=period, by=by)
    except ValidationError as exc:
        if getattr(exc, "code", None) == "duplicate":
            # Another tab opened it between our look-up and our insert: refused as stale.
            _check_version(_find(organization, plan, period), NO_REPORT_YET)
        raise
    return report_save(report=report, by=by, values=values, task_accounts=task_accounts, narrative=narrative)


@transaction.atomic
def report_reopen_for_period(
    *, organization: Organization, plan: Plan, period: str | Period, by, reason: str
) -> Report:
    """Reopen entry for a unit's report for a period, with a reason.

    With a report, this is `report_reopen`. Without one (the unit never opened it and entry has
    closed), a reviewer above opens a draft for the unit that stays open for REPORT_REOPEN_DAYS;
    both the opening and the reopening are audited with the reviewer's name and reason.
    """
    period = _as_period(period)
    report = _find(organization, plan, period)
    if report is not None:
        return report_reopen(report=report, by=by, reason=reason)
    check_can_report(organization=organization, plan=plan, period=period)
    if by is None or not is_reviewer_above(by, organization):
        raise PermissionDenied(_("Only a reviewer of a unit above %(unit)s can do this.") % {"unit": organization.name})
    reason = _require_reason(reason)
    today = timezone.localdate()
    if entry_is_open(plan, period, None, today):
        raise ValidationError(
            _("Entry for this period is still open: the unit's officer can file the report now."),
            code="not_locked",
        )
    try:
        with transaction.atomic():
            report = Report.objects.create(
                organization=organization, plan=plan, period=period.id, entry_extended_until=reopened_until(today)
            )
    except IntegrityError:
        raise StaleReportError(
            _("Someone else opened this report meanwhile. Look at it again before you reopen it."), code="stale"
        ) from None
    _event(report, ReportAction.CREATED, by, comment=reason)
    _notify_after_commit(_event(report, ReportAction.REOPENED, by, comment=reason))
    return report


__all__ = ["NO_REPORT_YET", "report_reopen_for_period", "report_save_for_period"]
