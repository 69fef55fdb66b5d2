"""The compliance engine: DESIGN §2 "Compliance" as a few aggregate queries.

The questions are (plan, organization, period) and the answers come from the
reports as they are now: nothing is cached or summarised, so a report submitted
or approved changes the next answer.

How it stays cheap: three aggregate queries read every figure at once, grouped
by (period, bucket, organization kind[, indicator]), where the bucket is the
child of the asked organization a unit lies under (its path cut one level
below the organization's), or the organization itself. A whole subtree, all
its children (the breakdown) and several periods (the trend) each cost the
same three queries whatever the number of units. Everything after the
queries is additions of exact numbers in Python.

Exactness: counts are integers and sums are Decimals. On SQLite (which keeps
decimals as floating point with 15 significant digits) sums are exact while a
total stays within 15 significant digits; on PostgreSQL they are always exact.
Percents are exact fractions and statuses are decided on them.
"""

import datetime
import operator
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property, reduce

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet, Sum, Value
from django.db.models.functions import StrIndex, Substr
from django.utils.translation import gettext as _

from plans.models import Aggregation, ConditionOp, Evaluation, Indicator, Measure, Plan, Target
from plans.periods import Period
from plans.selectors import plan_structure
from reports.compliance import dashboard_rows, rollups
from reports.compliance.results import Breakdown, BreakdownRow, Compliance, TargetResult, UnitCounts
from reports.models import COUNTED_STATUSES, Report, ReportValue
from unions.models import Organization

_LOOKUPS = {"=": "exact", ">=": "gte", ">": "gt", "<=": "lte", "<": "lt"}
_WHOLE = ""  # the bucket name when the subtree is not split by child


# --- the definition, as filters ----------------------------------------------------------------


def in_scope_q(plan: Plan, organization: Organization, prefix: str = "") -> Q:
    """Units of the organization's subtree that are in the plan's scope: a reporting kind, inside
    the issuer's subtree. (A filter on Organization, or on a model pointing at one via `prefix`.)

    The two subtrees are nested or apart, so one path prefix says it; a repeated prefix would also
    make PostgreSQL's planner expect far fewer rows than there are."""
    issuer = plan.issuer
    if organization.is_in_subtree_of(issuer):
        prefix_path = organization.path
    elif issuer.is_in_subtree_of(organization):
        prefix_path = issuer.path
    else:
        return Q(pk__in=[])
    return Q(**{f"{prefix}path__startswith": prefix_path, f"{prefix}kind__in": list(plan.reporting_kinds)})


def open_during_q(period: Period, prefix: str = "") -> Q:
    """Units open at any time during the period (both ends included)."""
    return (Q(**{f"{prefix}opened_on__isnull": True}) | Q(**{f"{prefix}opened_on__lte": period.end})) & (
        Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gte": period.start})
    )


def expected_units(plan: Plan, organization: Organization, period: Period, units: Q | None = None) -> QuerySet:
    """The ids of the units of the subtree in the plan's scope that were open during the period
    (among `units` when given)."""
    found = Organization.objects.filter(in_scope_q(plan, organization), open_during_q(period))
    return (found.filter(units) if units is not None else found).values("pk")


def expected_report_q(
    plan: Plan,
    organization: Organization,
    periods: list[Period],
    period_field: str,
    unit_field: str,
    units: Q | None = None,
) -> Q:
    """Reports (or values, through `period_field` and `unit_field`) for one of the periods from a unit
    that was expected then. The units are a subquery per period, so the database finds them once
    whatever it believes about the tables' sizes."""
    return reduce(
        operator.or_,
        (
            Q(**{period_field: period.id, f"{unit_field}__in": expected_units(plan, organization, period, units)})
            for period in periods
        ),
    )


def condition_q(target: Target, prefix: str = "") -> Q | None:
    """The values (ReportValue rows) that meet a unit-share condition, as Target.unit_meets_condition
    decides for one value: a choice is compared with the codes, a number (yes/no as 1/0) with the
    number. None when no value can meet it."""
    values = [str(value) for value in target.condition_values]
    if target.condition_op == ConditionOp.IN:
        return Q(**{f"{prefix}choice__in": values})
    if not values:
        return None
    first = values[0]
    condition = None
    if target.condition_op == ConditionOp.EQ and first:
        condition = Q(**{f"{prefix}choice": first})
    try:
        number = Decimal(first)
    except InvalidOperation:
        number = None
    if number is not None and number.is_finite():
        by_number = Q(**{f"{prefix}choice": "", f"{prefix}number__{_LOOKUPS[target.condition_op]}": number})
        condition = by_number if condition is None else condition | by_number
    return condition


def value_periods(plan: Plan, target: Target, indicator: Indicator, period: Period) -> list[Period]:
    """The periods whose reports give a ratio target's sum of this indicator at `period`.

    A flow indicator of a by-deadline ratio target adds up every year report from the plan's
    first year up to the period: at a year Y, the year reports first_year..Y; at a six-month
    period YS1, the year reports first_year..Y-1 and the YS1 reports themselves (the year report
    of Y does not exist yet and would cover more than the period). Everything else takes the
    period alone.
    """
    if (
        target.measure == Measure.RATIO
        and target.evaluation == Evaluation.BY_DEADLINE
        and indicator.aggregation == Aggregation.FLOW
    ):
        return [Period(year) for year in range(plan.first_year, period.year)] + [period]
    return [period]


def target_indicators(target: Target) -> list[Indicator]:
    """The indicators a target reads: its indicator, or its numerator and denominator."""
    if target.measure == Measure.UNIT_SHARE:
        return [target.indicator]
    return [target.numerator, target.denominator]


def counted_kinds(plan: Plan, target: Target) -> list[str]:
    """The organization kinds a target counts: its population, within the plan's reporting kinds."""
    return [kind for kind in target.population_kinds if kind in plan.reporting_kinds]


# --- the three queries -------------------------------------------------------------------------


@dataclass
class _ValueTally:
    count: int = 0
    total: Decimal = Decimal(0)
    met: dict[int, int] = field(default_factory=dict)


@dataclass
class _Tally:
    """Additive figures of one bucket: by (period id, kind) and (period id, kind, indicator id)."""

    expected: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    reported: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    on_time: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    values: dict[tuple[str, str, int], _ValueTally] = field(default_factory=lambda: defaultdict(_ValueTally))

    def add(self, other: "_Tally") -> None:
        for name in ("expected", "reported", "on_time"):
            mine = getattr(self, name)
            for key, number in getattr(other, name).items():
                mine[key] += number
        for key, tally in other.values.items():
            mine = self.values[key]
            mine.count += tally.count
            mine.total += tally.total
            for target_id, number in tally.met.items():
                mine.met[target_id] = mine.met.get(target_id, 0) + number

    def is_empty(self) -> bool:
        return not any(self.expected.values()) and not any(self.reported.values()) and not self.values


def _bucket(organization: Organization, path_field: str):
    """The path of the child of `organization` that a unit lies under, or the organization's own path
    for the organization itself: path[: len(org.path) + position of the next "/" after it]."""
    after = len(organization.path) + 1
    return Substr(path_field, 1, StrIndex(Substr(path_field, after), Value("/")) + (after - 1))


def collect_tallies(
    *,
    plan: Plan,
    organization: Organization,
    periods: list[Period],
    values_for: list[Period],
    by_child: bool,
    units: Q | None = None,
) -> dict[str, _Tally]:
    """Read the figures of the subtree for the periods, split by child when asked, counting only
    `units` (a filter on Organization) when given. Three queries (two when no value is needed),
    whatever the number of units and children."""
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    targets = plan_structure(plan).targets

    def grouped(queryset, path_field: str):
        if by_child:
            return queryset.annotate(bucket=_bucket(organization, path_field)), "bucket"
        return queryset, None

    if periods:
        scope = Organization.objects.filter(in_scope_q(plan, organization))
        found, key = grouped(scope.filter(units) if units is not None else scope, "path")
        rows = (
            found.values(*filter(None, [key, "kind"]))
            .annotate(**{f"p{index}": Count("pk", filter=open_during_q(p)) for index, p in enumerate(periods)})
            .order_by()
        )
        for row in rows:
            tally = tallies[row["bucket"] if key else _WHOLE]
            for index, period in enumerate(periods):
                tally.expected[(period.id, row["kind"])] += row[f"p{index}"]

        reports, key = grouped(
            Report.objects.filter(
                expected_report_q(plan, organization, periods, "period", "organization", units),
                plan=plan,
                status__in=COUNTED_STATUSES,
            ),
            "organization__path",
        )
        rows = (
            reports.values(*filter(None, ["period", key, "organization__kind"]))
            .annotate(reported=Count("pk"), on_time=Count("pk", filter=Q(is_late=False)))
            .order_by()
        )
        for row in rows:
            tally = tallies[row["bucket"] if key else _WHOLE]
            tally.reported[(row["period"], row["organization__kind"])] += row["reported"]
            tally.on_time[(row["period"], row["organization__kind"])] += row["on_time"]

    indicator_ids = set()
    met = {}
    for target in targets:
        if target.measure == Measure.UNIT_SHARE:
            indicator_ids.add(target.indicator_id)
            condition = condition_q(target)
            if condition is not None:
                met[f"met_{target.pk}"] = Count("pk", filter=Q(indicator_id=target.indicator_id) & condition)
        else:
            indicator_ids.update((target.numerator_id, target.denominator_id))
    if values_for and indicator_ids:
        values, key = grouped(
            ReportValue.objects.filter(
                expected_report_q(plan, organization, values_for, "report__period", "report__organization", units),
                report__plan=plan,
                report__status__in=COUNTED_STATUSES,
                indicator_id__in=indicator_ids,
            ),
            "report__organization__path",
        )
        rows = (
            values.values(*filter(None, ["report__period", key, "report__organization__kind", "indicator_id"]))
            .annotate(count=Count("pk"), total=Sum("number"), **met)
            .order_by()
        )
        for row in rows:
            tally = tallies[row["bucket"] if key else _WHOLE]
            value = tally.values[(row["report__period"], row["report__organization__kind"], row["indicator_id"])]
            value.count += row["count"]
            value.total += row["total"] or Decimal(0)
            for name in met:
                target_id = int(name.removeprefix("met_"))
                value.met[target_id] = value.met.get(target_id, 0) + row[name]
    return tallies


def periods_with_values(plan: Plan, periods: list[Period]) -> list[Period]:
    """Every period whose values some target needs to be judged at one of the periods."""
    needed = {}
    for target in plan_structure(plan).targets:
        for indicator in target_indicators(target):
            for period in periods:
                for extra in value_periods(plan, target, indicator, period):
                    needed[extra.id] = extra
    return sorted(needed.values(), key=lambda period: period.sort_key)


# --- from the figures to the answers ----------------------------------------------------------


def unit_counts(tally: _Tally, period: Period, kinds: list[str]) -> UnitCounts:
    return UnitCounts(
        expected=sum(tally.expected.get((period.id, kind), 0) for kind in kinds),
        reported=sum(tally.reported.get((period.id, kind), 0) for kind in kinds),
        on_time=sum(tally.on_time.get((period.id, kind), 0) for kind in kinds),
    )


def _sum(plan: Plan, target: Target, indicator: Indicator, period: Period, tally: _Tally, kinds) -> Decimal:
    total = Decimal(0)
    for counted in value_periods(plan, target, indicator, period):
        for kind in kinds:
            value = tally.values.get((counted.id, kind, indicator.pk))
            if value is not None:
                total += value.total
    return total


def _target_result(plan: Plan, target: Target, period: Period, tally: _Tally, counts: dict) -> TargetResult:
    kinds = counted_kinds(plan, target)
    if target.measure == Measure.UNIT_SHARE:
        rows = [tally.values.get((period.id, kind, target.indicator_id)) for kind in kinds]
        numerator = Decimal(sum(row.met.get(target.pk, 0) for row in rows if row))
        denominator = Decimal(sum(row.count for row in rows if row))
    else:
        numerator = _sum(plan, target, target.numerator, period, tally, kinds)
        denominator = _sum(plan, target, target.denominator, period, tally, kinds)
    return TargetResult(
        target=target,
        period=period,
        numerator=numerator,
        denominator=denominator,
        units=_counts(counts, tally, period, kinds),
    )


def _counts(counts: dict, tally: _Tally, period: Period, kinds: list[str]) -> UnitCounts:
    """unit_counts, once per set of kinds (targets mostly share their population)."""
    key = tuple(kinds)
    if key not in counts:
        counts[key] = unit_counts(tally, period, kinds)
    return counts[key]


def compliance_from(plan: Plan, organization: Organization, period: Period, tally: _Tally) -> Compliance:
    counts: dict = {}
    return Compliance(
        plan=plan,
        organization=organization,
        period=period,
        targets=[_target_result(plan, target, period, tally, counts) for target in plan_structure(plan).targets],
        units=_counts(counts, tally, period, list(plan.reporting_kinds)),
    )


def merged(tallies: dict[str, _Tally]) -> _Tally:
    total = _Tally()
    for tally in tallies.values():
        total.add(tally)
    return total


# --- the public questions ---------------------------------------------------------------------


def _needed(plan: Plan, periods: list[Period]) -> list[Period]:
    """The periods themselves and every period their values need (for cumulative sums)."""
    found = {period.id: period for period in [*periods, *periods_with_values(plan, periods)]}
    return sorted(found.values(), key=lambda period: period.sort_key)


def subtree_tally(plan: Plan, organization: Organization, periods: list[Period], with_values: bool = True) -> _Tally:
    """The subtree's figures at the periods: from the rollups when they are fresh, else counted."""
    needed = _needed(plan, periods) if with_values else periods
    stored = rollups.read(plan=plan, organization=organization, self_periods=needed, child_periods=[])
    if stored is not None:
        return stored[0][_WHOLE]
    values_for = periods_with_values(plan, periods) if with_values else []
    return merged(
        collect_tallies(plan=plan, organization=organization, periods=periods, values_for=values_for, by_child=False)
    )


def _breakdown_from(plan, organization, period, tallies, children, total: _Tally) -> Breakdown:
    rows = []
    for unit in [organization, *sorted(children.values(), key=lambda child: child.code)]:
        tally = tallies.get(unit.path)
        if tally is not None and not tally.is_empty():
            row = compliance_from(plan, unit, period, tally)
            rows.append(BreakdownRow(organization=unit, is_self=unit is organization, compliance=row))
    return Breakdown(total=compliance_from(plan, organization, period, total), rows=rows)


def evaluate(*, plan: Plan, organization: Organization, period: Period) -> Compliance:
    """Every target of the plan for the organization's subtree and the period."""
    return compliance_from(plan, organization, period, subtree_tally(plan, organization, [period]))


def evaluate_breakdown(*, plan: Plan, organization: Organization, period: Period) -> Breakdown:
    """The organization's figures and, from the same queries, those of each child's subtree (and of
    the organization's own report when it reports itself). Children with nothing expected, reported
    or valued in the period are left out. Rows come in the order of the children's codes."""
    return evaluate_dashboard(plan=plan, organization=organization, period=period, trend_periods=[])[0]


def evaluate_dashboard(
    *, plan: Plan, organization: Organization, period: Period, trend_periods: list[Period] | None = None
) -> tuple[Breakdown, list[Compliance]]:
    """A dashboard's figures at once: the breakdown at the period, and the trend (each year of the
    plan by default). From the rollups when fresh (one query), else counted."""
    if trend_periods is None:
        trend_periods = [each for each in plan.periods() if not each.is_half]
    child_periods = _needed(plan, [period])
    stored = rollups.read(
        plan=plan,
        organization=organization,
        self_periods=_needed(plan, [period, *trend_periods]),
        child_periods=child_periods,
    )
    if stored is not None:
        tallies, children = stored
        total = trend_tally = tallies[_WHOLE]
    else:
        children = {child.path: child for child in Organization.objects.filter(parent=organization)}
        tallies = collect_tallies(
            plan=plan,
            organization=organization,
            periods=[period],
            values_for=periods_with_values(plan, [period]),
            by_child=True,
        )
        total = merged(tallies)
        trend_tally = subtree_tally(plan, organization, trend_periods) if trend_periods else total
    breakdown = _breakdown_from(plan, organization, period, tallies, children, total)
    trend = [compliance_from(plan, organization, each, trend_tally) for each in trend_periods]
    return breakdown, trend


class Dashboard:
    """A dashboard's answer: the unit, the units above it, the breakdown at the period (its grassroots
    children a page at a time), the trend, and which page of grassroots children is shown. The
    breakdown and trend are worked out when first read; `digest` names the rows they come from
    (dashboard_rows.DashboardFigures.digest; "" when they were counted directly)."""

    def __init__(self, unit, ancestors, leaf_page, *, digest: str = "", figures=None, counted=None):
        self.unit: Organization = unit
        self.ancestors: list[Organization] = ancestors
        self.leaf_page: dashboard_rows.LeafPage = leaf_page
        self.digest = digest
        self._figures = figures  # a function giving (breakdown, trend)
        if counted is not None:
            self.__dict__["_answer"] = counted

    @cached_property
    def _answer(self) -> tuple[Breakdown, list[Compliance]]:
        return self._figures()

    @property
    def breakdown(self) -> Breakdown:
        return self._answer[0]

    @property
    def trend(self) -> list[Compliance]:
        return self._answer[1]


def dashboard(
    *, plan: Plan, unit: Q, period: Period, trend_periods: list[Period] | None = None, leaf_page: int = 1
) -> Dashboard | None:
    """A dashboard for the unit matching `unit` (Q(code=...) or Q(pk=...)). From the rollups in two or
    three small queries when fresh (dashboard_rows), else counted. None when there is no such unit.
    Scoping is the caller's: check the unit before showing anything."""
    if trend_periods is None:
        trend_periods = [each for each in plan.periods() if not each.is_half]
    figures = dashboard_rows.read_dashboard(
        plan=plan,
        unit=unit,
        self_periods=_needed(plan, [period, *trend_periods]),
        child_periods=_needed(plan, [period]),
        leaf_page=leaf_page,
    )
    if figures is not None:

        def answer():
            whole = figures.tallies[_WHOLE]
            breakdown = _breakdown_from(plan, figures.unit, period, figures.tallies, figures.children, whole)
            return breakdown, [compliance_from(plan, figures.unit, each, whole) for each in trend_periods]

        return Dashboard(figures.unit, figures.ancestors, figures.leaf_page, digest=figures.digest, figures=answer)
    found = Organization.objects.filter(unit).first()
    if found is None:
        return None
    ancestors = list(Organization.objects.filter(pk__in=found.ancestor_ids).exclude(pk=found.pk).order_by("depth"))
    counted = evaluate_dashboard(plan=plan, organization=found, period=period, trend_periods=trend_periods)
    return Dashboard(found, ancestors, dashboard_rows.LeafPage(), counted=counted)


def evaluate_trend(*, plan: Plan, organization: Organization, periods: list[Period] | None = None) -> list[Compliance]:
    """Every target at each period (default: each year of the plan), from one set of queries."""
    if periods is None:
        periods = [period for period in plan.periods() if not period.is_half]
    tally = subtree_tally(plan, organization, periods)
    return [compliance_from(plan, organization, period, tally) for period in periods]


def reporting_by_period(
    *, plan: Plan, organization: Organization, periods: list[Period] | None = None
) -> dict[Period, UnitCounts]:
    """Units expected, reported and on time at each period (default: every period of the plan),
    counting every reporting kind of the plan. Two queries, or one from the rollups."""
    if periods is None:
        periods = plan.periods()
    tally = subtree_tally(plan, organization, periods, with_values=False)
    return {period: unit_counts(tally, period, list(plan.reporting_kinds)) for period in periods}


def default_period(plan: Plan, today: datetime.date) -> Period:
    """The period a dashboard opens at: the latest one already due, or the plan's first."""
    periods = plan.periods()
    due = [period for period in periods if plan.due_date(period) <= today]
    return due[-1] if due else periods[0]


def validate_question(*, plan: Plan, organization: Organization, period: Period) -> None:
    """Refuse a question the plan cannot answer, with a message a user can act on."""
    if not plan.has_period(period):
        raise ValidationError(
            _("Plan %(plan)s has no reporting period %(period)s.")
            % {"plan": plan.number or plan.slug, "period": period.id},
            code="period",
        )
    if not organization.is_in_subtree_of(plan.issuer):
        raise ValidationError(
            _("%(unit)s (%(code)s) is not in the subtree of %(issuer)s, which issued plan %(plan)s.")
            % {
                "unit": organization.name,
                "code": organization.code,
                "issuer": plan.issuer.name,
                "plan": plan.number or plan.slug,
            },
            code="organization",
        )
