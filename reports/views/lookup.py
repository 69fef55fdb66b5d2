"""Finding a unit's report for a plan and period from a URL, narrowed by the user first.

A unit, plan or report the user may not see is a 404, never a 403: an outsider
learns nothing about it, not even that it exists.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from plans.models import Plan
from plans.periods import Period
from reports.models import Report
from reports.selectors.sheet import ReportSheet, report_sheet
from reports.services.workflow import check_can_report
from unions.models import Organization


@dataclass
class ReportTarget:
    organization: Organization
    plan: Plan
    period: Period
    report: Report | None

    def sheet(self) -> ReportSheet:
        return report_sheet(
            organization=self.organization,
            plan=self.plan,
            period=self.period,
            report=self.report,
            today=timezone.localdate(),
        )

    def refresh(self) -> "ReportTarget":
        """The same target read again (after a refused or successful write)."""
        self.report = _find_report(self.organization, self.plan, self.period)
        return self


def _find_report(organization: Organization, plan: Plan, period: Period) -> Report | None:
    report = Report.objects.filter(organization=organization, plan=plan, period=period.id).first()
    if report is not None:
        # Share the objects already read, and the plan's cached structure with them.
        report.organization, report.plan = organization, plan
    return report


def report_target(user, plan_slug: str, org_code: str, period_id: str) -> ReportTarget:
    organization = get_object_or_404(Organization.objects.visible_to(user), code=org_code)
    plan = get_object_or_404(Plan.objects.visible_to(user).select_related("issuer"), slug=plan_slug)
    try:
        period = Period.parse(period_id)
        check_can_report(organization=organization, plan=plan, period=period)
    except (ValueError, ValidationError):
        raise Http404 from None
    return ReportTarget(
        organization=organization, plan=plan, period=period, report=_find_report(organization, plan, period)
    )
