"""A deliberately naive re-computation of DESIGN §2 "Compliance", independent of the engine.

It reads every unit, report and value of a plan into Python, finds subtrees by
walking parent links (not the stored paths), and goes unit by unit, the way a
person would with a spreadsheet. Slow and obvious: the engine's figures must
equal these.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from plans.models import Plan
from plans.periods import Period
from plans.selectors import plan_structure
from reports.models import Report, ReportValue
from unions.models import Organization

COMPARE = {
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
}


@dataclass
class Expected:
    target: str
    value: Decimal | None
    numerator: Decimal
    denominator: Decimal
    status: str
    expected: int
    reported: int
    on_time: int


class NaiveCompliance:
    def __init__(self, plan: Plan):
        self.plan = plan
        self.structure = plan_structure(plan)
        self.units = {unit.pk: unit for unit in Organization.objects.all()}
        self.reports = {(r.organization_id, r.period): r for r in Report.objects.filter(plan=plan)}
        self.values = {(v.report_id, v.indicator_id): v for v in ReportValue.objects.filter(report__plan=plan)}

    def subtree(self, root: Organization) -> list[Organization]:
        found, frontier = [self.units[root.pk]], [root.pk]
        while frontier:
            parent = frontier.pop()
            for unit in self.units.values():
                if unit.parent_id == parent:
                    found.append(unit)
                    frontier.append(unit.pk)
        return found

    def counted_report(self, unit: Organization, period: Period) -> Report | None:
        report = self.reports.get((unit.pk, period.id))
        if report is None or report.status not in ("submitted", "approved"):
            return None
        if not unit.is_open_during(period.start, period.end):
            return None
        return report

    def answer(self, organization: Organization, period: Period) -> list[Expected]:
        in_scope_ids = {unit.pk for unit in self.subtree(self.plan.issuer)}
        units = [
            unit
            for unit in self.subtree(organization)
            if unit.pk in in_scope_ids and unit.kind in self.plan.reporting_kinds
        ]
        answers = []
        for target in self.structure.targets:
            counted = [unit for unit in units if unit.kind in target.population_kinds]
            expected = [unit for unit in counted if unit.is_open_during(period.start, period.end)]
            reported = [unit for unit in expected if self.counted_report(unit, period)]
            on_time = [unit for unit in reported if not self.counted_report(unit, period).is_late]
            if target.measure == "unit_share":
                numerator = denominator = Decimal(0)
                for unit in reported:
                    value = self.values.get((self.counted_report(unit, period).pk, target.indicator_id))
                    if value is None:
                        continue
                    denominator += 1
                    if target.unit_meets_condition(value.number, value.choice):
                        numerator += 1
            else:
                numerator = self.ratio_sum(target, target.numerator, counted, period)
                denominator = self.ratio_sum(target, target.denominator, counted, period)
            if denominator == 0:
                value, status = None, "no_data"
            else:
                with localcontext() as context:
                    context.prec = 60
                    value = (numerator * 100 / denominator).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
                # Exact comparison without division: 100 x num (op) threshold x den, the denominator being positive.
                met = COMPARE[target.comparator](numerator * 100, target.threshold * denominator)
                status = "met" if met else "not_met"
            answers.append(
                Expected(
                    target=target.code,
                    value=value,
                    numerator=numerator,
                    denominator=denominator,
                    status=status,
                    expected=len(expected),
                    reported=len(reported),
                    on_time=len(on_time),
                )
            )
        return answers

    def ratio_sum(self, target, indicator, units, period: Period) -> Decimal:
        periods = [period]
        if target.evaluation == "by_deadline" and indicator.aggregation == "flow":
            periods = [Period(year) for year in range(self.plan.first_year, period.year)] + [period]
        total = Decimal(0)
        for counted_period in periods:
            for unit in units:
                report = self.counted_report(unit, counted_period)
                value = report and self.values.get((report.pk, indicator.pk))
                if value:
                    total += value.number
        return total
