"""The units behind the figures: who has not reported, who counts against a unit-share target,
and what is overdue. Querysets and small results, with the same filters as the engine."""

import datetime
import operator
from dataclasses import dataclass
from functools import reduce

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from plans.models import Measure, Plan, Target
from plans.periods import Period
from plans.selectors import plan_structure
from reports.compliance.engine import (
    collect_tallies,
    compliance_from,
    condition_q,
    counted_kinds,
    default_period,
    in_scope_q,
    merged,
    open_during_q,
    periods_with_values,
    unit_counts,
)
from reports.compliance.results import Compliance, UnitCounts
from reports.models import COUNTED_STATUSES, Report, ReportValue
from unions.models import Organization


def units_not_reported(*, plan: Plan, organization: Organization, period: Period) -> QuerySet:
    """Expected units of the subtree (every reporting kind of the plan) without a submitted or approved
    report for the period, in tree order. Each carries `report_id` and `report_status` of its report
    when it has one (a draft or a returned report), else None."""
    # At most one report per unit, plan and period: no ordering needed (the default one joins two tables).
    report = Report.objects.filter(plan=plan, period=period.id, organization=OuterRef("pk")).order_by()
    counted = report.filter(status__in=COUNTED_STATUSES)
    return (
        # The units expected (engine.expected_units), said on the units themselves rather than as a list of
        # ids: the database then walks the subtree's range of paths (the path's prefix, an index range since
        # paths compare byte by byte: unions migration 0004), not every unit before it.
        Organization.objects.filter(in_scope_q(plan, organization), open_during_q(period))
        # NOT EXISTS, one index look-up per unit: NOT IN would read every counted report of the plan first.
        .exclude(Exists(counted))
        .annotate(report_id=Subquery(report.values("pk")[:1]), report_status=Subquery(report.values("status")[:1]))
        .select_related("parent")
        .order_by("path")
    )


def counts_against(target: Target, number, choice: str) -> bool:
    """Whether one unit's value pulls a unit-share target away from its threshold: for a ">=" or
    ">" target, a value that does not meet the condition; for a "<" or "<=" target (the plan wants
    few such units, e.g. units that failed their tasks), a value that meets it."""
    meets = target.unit_meets_condition(number, choice)
    return not meets if target.comparator in (">=", ">") else meets


def _against_q(plan: Plan, target: Target) -> Q:
    """The ReportValue rows that count against a unit-share target (`counts_against`, in SQL), from
    units of the target's kinds (values_against_targets keeps them to the units expected)."""
    counted = Q(indicator_id=target.indicator_id, report__organization__kind__in=counted_kinds(plan, target))
    meets = condition_q(target)
    wants_many = target.comparator in (">=", ">")
    if meets is None:  # no value can meet the condition
        return counted if wants_many else Q(pk__in=[])
    return counted & (~meets if wants_many else meets)


def unit_share_targets(plan: Plan) -> list[Target]:
    return [target for target in plan_structure(plan).targets if target.measure == Measure.UNIT_SHARE]


def values_against_targets(*, plan: Plan, organization: Organization, period: Period) -> QuerySet:
    """The values of reported units that count against some unit-share target (see `counts_against`),
    one row per unit and indicator, in tree order. Use `targets_against(row, targets)` to name them."""
    targets = unit_share_targets(plan)
    if not targets:
        return ReportValue.objects.none()
    return (
        ReportValue.objects.filter(
            reduce(operator.or_, (_against_q(plan, target) for target in targets)),
            # The units expected (engine.expected_units), said on the joined unit rather than as a list of
            # ids: the database then walks the subtree's units in path order and stops at a page, instead
            # of sorting every reported unit of the nation first.
            in_scope_q(plan, organization, prefix="report__organization__"),
            open_during_q(period, prefix="report__organization__"),
            report__plan=plan,
            report__period=period.id,
            report__status__in=COUNTED_STATUSES,
            indicator_id__in={target.indicator_id for target in targets},  # lets the database use its index
        )
        .select_related("report__organization", "indicator")
        .order_by("report__organization__path", "indicator__order", "indicator_id")
    )


def targets_against(plan: Plan, row: ReportValue, targets: list[Target]) -> list[Target]:
    """The unit-share targets a value counts against."""
    kind = row.report.organization.kind
    return [
        target
        for target in targets
        if target.indicator_id == row.indicator_id
        and kind in counted_kinds(plan, target)
        and counts_against(target, row.number, row.choice)
    ]


@dataclass(frozen=True)
class OverduePeriod:
    period: Period
    due: datetime.date
    units: UnitCounts


@dataclass(frozen=True)
class PlanOverview:
    """A plan seen from one organization: its targets at the current period and what is overdue."""

    compliance: Compliance
    overdue: list[OverduePeriod]

    @property
    def overdue_reports(self) -> int:
        return sum(item.units.missing for item in self.overdue)


def plan_overview(*, plan: Plan, organization: Organization, today: datetime.date) -> PlanOverview:
    """The targets at the plan's current period (`default_period`) and, for every period already due,
    the expected units without a submitted or approved report (latest first). Three queries."""
    current = default_period(plan, today)
    due = [period for period in plan.periods() if plan.due_date(period) < today]
    periods = sorted({*due, current}, key=lambda period: period.sort_key)
    tally = merged(
        collect_tallies(
            plan=plan,
            organization=organization,
            periods=periods,
            values_for=periods_with_values(plan, [current]),
            by_child=False,
        )
    )
    overdue = []
    for period in reversed(due):
        units = unit_counts(tally, period, list(plan.reporting_kinds))
        if units.missing:
            overdue.append(OverduePeriod(period=period, due=plan.due_date(period), units=units))
    return PlanOverview(compliance=compliance_from(plan, organization, current, tally), overdue=overdue)
