"""One unit's report for one plan and period, as the form and the report page show it.

The sheet exists before the report does: a unit's report for a period is
offered as an empty form until the officer's first save opens it.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from plans.models import Indicator, Plan, PlanTask
from plans.periods import Period
from plans.selectors import plan_structure
from reports.deadlines import Deadline, deadline
from reports.models import COUNTED_STATUSES, Report, ReportStatus, ReportValue
from reports.services import NO_REPORT_YET
from reports.services.workflow import NARRATIVE_FIELDS
from reports.values import Value, applicable_indicators, display_text, input_text, read_values
from unions.models import Organization
from unions.scoping import is_officer_of, is_reviewer_above


class EarlierFigures:
    """The unit's figures in the latest earlier period that had each indicator, read (one query) only
    when a page shows them: a form that is posted and saved never does."""

    def __init__(self, organization: Organization, plan: Plan, period: Period, indicators: list[Indicator]):
        self._question = (organization, plan, period, indicators)

    @cached_property
    def by_code(self) -> dict[str, tuple[Period, Value]]:
        return _previous_values(*self._question)


@dataclass(frozen=True)
class SheetRow:
    """One figure: its value now, and the unit's value for it in the last period that had it."""

    indicator: Indicator
    value: Value | None
    earlier: EarlierFigures

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def previous(self) -> Value | None:
        found = self.earlier.by_code.get(self.code)
        return found[1] if found else None

    @property
    def previous_period(self) -> Period | None:
        found = self.earlier.by_code.get(self.code)
        return found[0] if found else None

    @property
    def display(self) -> str:
        return display_text(self.indicator, self.value)

    @property
    def input(self) -> str:
        return input_text(self.indicator, self.value)

    @property
    def previous_display(self) -> str:
        return display_text(self.indicator, self.previous)


@dataclass(frozen=True)
class SheetGroup:
    title: str
    rows: list[SheetRow]


@dataclass(frozen=True)
class TaskRow:
    task: PlanTask
    text: str


@dataclass(frozen=True)
class NarrativeRow:
    name: str
    label: str
    text: str


@dataclass(frozen=True)
class ReportSheet:
    organization: Organization
    plan: Plan
    period: Period
    report: Report | None
    groups: list[SheetGroup]
    tasks: list[TaskRow]
    narrative: list[NarrativeRow]
    deadline: Deadline

    @property
    def rows(self) -> list[SheetRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def version(self) -> int:
        """What the form sends back as expected_version."""
        return self.report.version if self.report else NO_REPORT_YET

    @property
    def status(self) -> str:
        return self.report.status if self.report else ""

    @cached_property
    def previous_period(self) -> Period | None:
        """The period most previous figures come from, named once in the column's heading; a row
        whose figure comes from another (a year-only figure on a year report) names its own. Kept
        once worked out: the page compares every row's period with it."""
        periods = [row.previous_period for row in self.rows if row.previous_period is not None]
        return max(set(periods), key=periods.count) if periods else None


def _previous_values(
    organization: Organization, plan: Plan, period: Period, indicators: list[Indicator]
) -> dict[str, tuple[Period, Value]]:
    """For each indicator, the unit's value in the latest earlier period that had it (submitted or
    approved reports only: a draft's figures are not yet the unit's word)."""
    earlier = [p for p in plan.periods() if p.sort_key < period.sort_key]
    wanted: dict[str, Period] = {}
    for indicator in indicators:
        for candidate in reversed(earlier):
            if indicator.applies_to(organization.kind, candidate):
                wanted[indicator.code] = candidate
                break
    if not wanted:
        return {}
    rows = ReportValue.objects.filter(
        report__organization=organization,
        report__plan=plan,
        report__period__in={p.id for p in wanted.values()},
        report__status__in=COUNTED_STATUSES,
        indicator__code__in=list(wanted),
    ).values_list("report__period", "indicator__code", "number", "choice")
    found = {}
    for period_id, code, number, choice in rows:
        if wanted[code].id == period_id:
            found[code] = (wanted[code], Value(number=number, choice=choice))
    return found


def report_sheet(
    *, organization: Organization, plan: Plan, period: Period, report: Report | None, today: datetime.date
) -> ReportSheet:
    """The report's figures grouped as the plan groups them, its task accounts and narrative, and
    its dates; the previous period's figures beside each (read when first shown). A fixed number of
    queries."""
    structure = plan_structure(plan)
    indicators = applicable_indicators(structure.indicators, organization.kind, period)
    stored: dict[str, Value] = {}
    accounts: dict[str, str] = {}
    if report is not None:
        for code, number, choice in report.values.values_list("indicator__code", "number", "choice"):
            stored[code] = Value(number=number, choice=choice)
        accounts = dict(report.task_accounts.values_list("task__number", "text"))
    earlier = EarlierFigures(organization, plan, period, indicators)
    groups: list[SheetGroup] = []
    for indicator in indicators:
        row = SheetRow(indicator=indicator, value=stored.get(indicator.code), earlier=earlier)
        if groups and groups[-1].title == indicator.group:
            groups[-1].rows.append(row)
        else:
            groups.append(SheetGroup(title=indicator.group, rows=[row]))
    tasks = [TaskRow(task=task, text=accounts.get(task.number, "")) for task in structure.reportable_tasks]
    narrative = [
        NarrativeRow(
            name=name,
            label=str(Report._meta.get_field(name).verbose_name),
            text=getattr(report, name) if report else "",
        )
        for name in NARRATIVE_FIELDS
    ]
    return ReportSheet(
        organization=organization,
        plan=plan,
        period=period,
        report=report,
        groups=groups,
        tasks=tasks,
        narrative=narrative,
        deadline=deadline(plan, period, report.entry_extended_until if report else None, today),
    )


@dataclass(frozen=True)
class ReportActions:
    """What this user may do with this report now: which buttons a page shows. The services
    decide again when the button is pressed."""

    edit: bool
    submit: bool
    review: bool
    reopen: bool
    is_officer: bool
    is_reviewer: bool
    mark_absent: bool = False


def report_actions(user, sheet: ReportSheet) -> ReportActions:
    officer = is_officer_of(user, sheet.organization)
    reviewer = is_reviewer_above(user, sheet.organization)
    report = sheet.report
    editable_status = report is None or report.is_editable_status
    window_open = sheet.deadline.is_open
    edit = officer and editable_status and (window_open or reviewer)
    return ReportActions(
        edit=edit,
        submit=edit and report is not None,
        review=reviewer and report is not None and report.status == ReportStatus.SUBMITTED,
        reopen=reviewer
        and (
            (report is not None and report.status in (ReportStatus.APPROVED, ReportStatus.ABSENT))
            or (not window_open and editable_status)
        ),
        is_officer=officer,
        is_reviewer=reviewer,
        mark_absent=reviewer and editable_status and sheet.deadline.is_overdue,
    )


def _equal(old: Value | None, new: Value | None) -> bool:
    if old is None or new is None:
        return old is new
    if old.choice or new.choice:
        return old.choice == new.choice
    return old.number is not None and new.number is not None and old.number.normalize() == new.number.normalize()


def differs_from_sheet(
    sheet: ReportSheet,
    *,
    values: Mapping[str, str],
    task_accounts: Mapping[str, str],
    narrative: Mapping[str, str],
) -> bool:
    """Whether what a form sent differs from the report as it is stored (read by the same rules
    as a save): tells a repeated click apart from a second tab with other figures."""
    cleaned, errors = read_values([row.indicator for row in sheet.rows], values)
    if errors:
        return True
    if any(row.code in cleaned and not _equal(row.value, cleaned[row.code]) for row in sheet.rows):
        return True
    if any((task_accounts.get(row.task.number) or "").strip() != row.text for row in sheet.tasks):
        return True
    return any((narrative.get(row.name) or "").strip() != row.text for row in sheet.narrative)
