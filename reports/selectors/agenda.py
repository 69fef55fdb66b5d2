"""An officer's reports: due now and soon, overdue, returned (with the reason), and past ones.

A unit owes a report for every period of every plan it reports on, from the
day the period begins; the agenda lists them whether or not the report has
been opened yet.
"""

import datetime
from dataclasses import dataclass, field

from plans.models import Plan
from plans.periods import Period
from reports.deadlines import Deadline, deadline
from reports.models import Report, ReportStatus
from reports.selectors.review import MISSING
from unions.models import Organization, Role
from unions.scoping import organizations_with_role


@dataclass(frozen=True)
class AgendaItem:
    organization: Organization
    plan: Plan
    period: Period
    report: Report | None
    deadline: Deadline

    @property
    def status(self) -> str:
        """The report's status; without a report, "missing" once the due date has passed."""
        if self.report is not None:
            return self.report.status
        return MISSING if self.deadline.is_overdue else ""

    @property
    def url_kwargs(self) -> dict:
        return {"plan": self.plan.slug, "org": self.organization.code, "period": self.period.id}


@dataclass
class OfficerAgenda:
    due: list[AgendaItem] = field(default_factory=list)
    overdue: list[AgendaItem] = field(default_factory=list)
    returned: list[AgendaItem] = field(default_factory=list)
    past: list[AgendaItem] = field(default_factory=list)
    units: list[Organization] = field(default_factory=list)

    @property
    def many_units(self) -> bool:
        """Whether the user files for several units, so each line must name its unit."""
        return len(self.units) > 1

    @property
    def to_do(self) -> int:
        return len(self.due) + len(self.overdue) + len(self.returned)


def officer_agenda(user, *, today: datetime.date) -> OfficerAgenda:
    """Every report the user files, sorted into what needs doing and what is done. Three queries."""
    agenda = OfficerAgenda(units=organizations_with_role(user, Role.OFFICER))
    if not agenda.units:
        return agenda
    plans = [
        plan
        for plan in Plan.objects.visible_to(user).select_related("issuer").order_by("-last_year", "slug")
        if any(plan.reports_kind(unit.kind) and unit.is_in_subtree_of(plan.issuer) for unit in agenda.units)
    ]
    reports = {
        (report.organization_id, report.plan_id, report.period): report
        for report in Report.objects.filter(organization__in=agenda.units, plan__in=plans).only(
            "id", "organization_id", "plan_id", "period", "status", "return_reason", "is_late", "entry_extended_until"
        )
    }
    for unit in agenda.units:
        for plan in plans:
            if not (plan.reports_kind(unit.kind) and unit.is_in_subtree_of(plan.issuer)):
                continue
            for period in plan.periods():
                if period.start > today or not unit.is_open_during(period.start, period.end):
                    continue
                report = reports.get((unit.pk, plan.pk, period.id))
                dates = deadline(plan, period, report.entry_extended_until if report else None, today)
                item = AgendaItem(organization=unit, plan=plan, period=period, report=report, deadline=dates)
                status = item.status
                if status == ReportStatus.RETURNED:
                    agenda.returned.append(item)
                elif (
                    status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.ABSENT) or not dates.is_open
                ):
                    agenda.past.append(item)
                elif dates.is_overdue:
                    agenda.overdue.append(item)
                else:
                    agenda.due.append(item)
    for items in (agenda.due, agenda.overdue, agenda.returned):
        items.sort(key=lambda item: (item.deadline.due, item.organization.path, item.plan.slug))
    agenda.past.sort(key=lambda item: (item.deadline.due, item.plan.slug), reverse=True)
    return agenda
