"""Helpers that put reports straight into the database for the compliance tests.

The engine reads rows as they are, so these tests write rows directly (the
workflow's own tests cover how rows get there); one test goes through the
services to show that a submission changes the next answer.
"""

from decimal import Decimal

from plans.models import Plan
from plans.periods import Period
from plans.selectors import plan_structure
from reports.models import Report, ReportStatus, ReportValue
from tests.factories import OrganizationFactory
from unions.models import Organization, OrganizationKind


def file_report(
    unit: Organization,
    plan: Plan,
    period: str,
    status: str = ReportStatus.SUBMITTED,
    late: bool = False,
    **values,
) -> Report:
    """A report with its values: numbers (yes/no as 1/0) or choice codes (strings that are not numbers)."""
    report = Report.objects.create(organization=unit, plan=plan, period=period, status=status, is_late=late)
    structure = plan_structure(plan)
    rows = []
    for code, raw in values.items():
        indicator = structure.indicator(code)
        assert indicator is not None, code
        if isinstance(raw, str) and not raw.replace(".", "").isdigit():
            rows.append(ReportValue(report=report, indicator=indicator, choice=raw))
        else:
            rows.append(ReportValue(report=report, indicator=indicator, number=Decimal(str(raw))))
    ReportValue.objects.bulk_create(rows)
    return report


def grassroots(parent: Organization, count: int, prefix: str | None = None, **extra) -> list[Organization]:
    prefix = prefix or f"{parent.code}-U"
    return [
        OrganizationFactory(code=f"{prefix}{number:03d}", kind=OrganizationKind.GRASSROOTS, parent=parent, **extra)
        for number in range(1, count + 1)
    ]


def p(period_id: str) -> Period:
    return Period.parse(period_id)
