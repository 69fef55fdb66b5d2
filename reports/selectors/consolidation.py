"""Consolidated reports: an upper unit's report for a plan and period is compiled, not typed.

A report is consolidated when units of the plan's scope below its unit were expected to report for
the period. Its subtree's figures and compliance, and the list of units that did not report, come
from the compliance engine (reports.compliance) for that unit's subtree: live while the report is
being prepared, and frozen into `Report.compiled` when it is submitted, so the document sent up says
what was sent up even if a report below is reopened later. Its own figures (full-time officers on
binhdinh-130, "propagated" on hcm-edu-1712), its task accounts and narrative are typed as in any
report.

The reports it waits for are those of its reporting children: the nearest units below it in the
plan's scope (its children, or, below a child whose kind does not report on the plan, that child's
own reporting units).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from plans.models import Plan, Target
from plans.periods import Period
from plans.selectors import plan_structure
from reports.compliance import STATUS_LABELS, evaluate, in_scope_q, open_during_q, units_not_reported
from reports.models import Report, ReportStatus
from unions.models import Organization, OrganizationKind

#: Statuses of a child's report that let the consolidated report above go up.
READY_STATUSES = (ReportStatus.APPROVED, ReportStatus.ABSENT)
MAX_DEPTH = 10


@dataclass(frozen=True)
class ChildReport:
    """A reporting child and its report for the period (None: not started)."""

    organization: Organization
    report: Report | None

    @property
    def status(self) -> str:
        return self.report.status if self.report else ""

    @property
    def is_ready(self) -> bool:
        return self.status in READY_STATUSES


def is_consolidated(*, plan: Plan, organization: Organization, period: Period) -> bool:
    """Whether units of the plan's scope below this one were expected to report for the period. A
    grassroots union is the bottom of the tree (DESIGN §1), so its reports never are (and cost no query)."""
    if organization.kind == OrganizationKind.GRASSROOTS:
        return False
    return (
        Organization.objects.filter(in_scope_q(plan, organization), open_during_q(period))
        .exclude(pk=organization.pk)
        .exists()
    )


def reporting_children(*, plan: Plan, organization: Organization, period: Period) -> list[Organization]:
    """The nearest units below in the plan's scope that were open during the period, in tree order.
    One query per level passed through (one, when every child reports on the plan)."""
    found: list[Organization] = []
    parents = [organization.pk]
    for _level in range(MAX_DEPTH):
        if not parents:
            break
        below = list(Organization.objects.filter(parent_id__in=parents))
        in_scope = [unit for unit in below if unit.kind in plan.reporting_kinds and unit.is_in_subtree_of(plan.issuer)]
        found += [unit for unit in in_scope if unit.is_open_during(period.start, period.end)]
        parents = [unit.pk for unit in below if unit not in in_scope]
    return sorted(found, key=lambda unit: unit.path)


def child_reports(*, plan: Plan, organization: Organization, period: Period) -> list[ChildReport]:
    """Each reporting child with its report for the period. Two queries when every child reports."""
    children = reporting_children(plan=plan, organization=organization, period=period)
    reports = {
        report.organization_id: report
        for report in Report.objects.filter(plan=plan, period=period.id, organization__in=children).only(
            "id", "organization_id", "status", "is_late", "period", "plan_id"
        )
    }
    return [ChildReport(organization=child, report=reports.get(child.pk)) for child in children]


def compile_figures(*, plan: Plan, organization: Organization, period: Period) -> dict:
    """The subtree's figures as the compliance engine gives them now, in the form kept in
    `Report.compiled`: units expected / reported / on time, each target as the `compliance` command
    prints it (DESIGN §5), and the units that did not report."""
    compliance = evaluate(plan=plan, organization=organization, period=period)
    missing = units_not_reported(plan=plan, organization=organization, period=period)
    return {
        "compiled_at": timezone.now().isoformat(),
        "units": {
            "expected": compliance.units.expected,
            "reported": compliance.units.reported,
            "on_time": compliance.units.on_time,
        },
        "targets": compliance.as_json(),
        "not_reported": [
            {"code": unit.code, "name": unit.name, "status": unit.report_status or ""}
            for unit in missing
            if unit.pk != organization.pk
        ],
    }


@dataclass(frozen=True)
class CompiledTarget:
    """One target's line in a consolidated report."""

    target: Target
    value: Decimal | None
    numerator: Decimal
    denominator: Decimal
    status: str
    expected: int
    reported: int

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


@dataclass(frozen=True)
class Consolidation:
    """What a consolidated report shows of its subtree: frozen (submitted) or live."""

    figures: dict
    is_frozen: bool
    targets: list[CompiledTarget]
    children: list[ChildReport]

    @property
    def units(self) -> dict:
        return self.figures["units"]

    @property
    def not_reported(self) -> list[dict]:
        return self.figures["not_reported"]

    @property
    def waiting_for(self) -> list[ChildReport]:
        return [child for child in self.children if not child.is_ready]


def compiled_targets(plan: Plan, figures: dict) -> list[CompiledTarget]:
    rows = {row["target"]: row for row in figures["targets"]}
    result = []
    for target in plan_structure(plan).targets:
        row = rows.get(target.code)
        if row is None:  # a target added to the plan after the report was frozen
            continue
        result.append(
            CompiledTarget(
                target=target,
                value=None if row["value"] is None else Decimal(row["value"]),
                numerator=Decimal(row["numerator"]),
                denominator=Decimal(row["denominator"]),
                status=row["status"],
                expected=row["expected"],
                reported=row["reported"],
            )
        )
    return result


def consolidation(
    *, plan: Plan, organization: Organization, period: Period, report: Report | None
) -> Consolidation | None:
    """The consolidated part of this unit's report, or None when nothing below it reports."""
    if not is_consolidated(plan=plan, organization=organization, period=period):
        return None
    frozen = bool(report is not None and report.compiled and not report.is_editable_status)
    figures = report.compiled if frozen else compile_figures(plan=plan, organization=organization, period=period)
    return Consolidation(
        figures=figures,
        is_frozen=frozen,
        targets=compiled_targets(plan, figures),
        children=child_reports(plan=plan, organization=organization, period=period),
    )
