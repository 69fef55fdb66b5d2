"""A reviewer's reads: the queue of reports waiting for a decision, and the status grid.

The grid shows a plan's reporting units in the user's subtree (rows) by the
plan's periods (columns), each cell the report's status, a page of units at a
time, in a fixed number of queries however large the subtree.
"""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from plans.models import Plan
from plans.periods import Period
from reports.models import Report, ReportStatus
from unions.models import Organization, OrganizationKind
from unions.scoping import reviewable_organizations_q

QUEUE_LIMIT = 20
#: The queue counts its reports up to this many; beyond, the page says "more than" (a national reviewer
#: may have 200,000 waiting, and an exact count of them would cost more than the whole page).
QUEUE_COUNT_LIMIT = 1000
GRID_PAGE_SIZE = 50


@dataclass
class ReviewQueue:
    reports: list[Report]
    total: int
    #: True when there are more than `total` (the count stopped at QUEUE_COUNT_LIMIT).
    capped: bool = False

    @property
    def more(self) -> int:
        return self.total - len(self.reports)


def review_queue(user, *, limit: int = QUEUE_LIMIT, count_limit: int = QUEUE_COUNT_LIMIT) -> ReviewQueue:
    """Submitted reports of the units below the user's reviewer units, oldest first, and how many there
    are, counted up to `count_limit`. Two queries, each stopping early (index report_waiting_queue)."""
    reports = (
        Report.objects.visible_to(user)
        .filter(reviewable_organizations_q(user, prefix="organization__"), status=ReportStatus.SUBMITTED)
        .select_related("organization", "plan")
        .order_by("submitted_at", "pk")
    )
    shown = list(reports[:limit])
    if len(shown) < limit:
        return ReviewQueue(reports=shown, total=len(shown))
    counted = reports[: count_limit + 1].count()
    return ReviewQueue(reports=shown, total=min(counted, count_limit), capped=counted > count_limit)


# Cell states besides the report statuses.
MISSING = "missing"  # due date passed, no report
PENDING = "pending"  # period under way, not yet due, no report
FUTURE = "future"  # period not begun
NOT_OPEN = "not_open"  # the unit was not open during the period


@dataclass(frozen=True)
class GridCell:
    period: Period
    state: str
    is_late: bool = False

    @property
    def has_report(self) -> bool:
        return self.state in ReportStatus.values

    @property
    def is_actionable(self) -> bool:
        """A cell links to the unit's report page when there is, or should be, a report."""
        return self.state not in (FUTURE, NOT_OPEN)


@dataclass(frozen=True)
class GridRow:
    organization: Organization
    cells: list[GridCell]


@dataclass
class StatusGrid:
    plan: Plan
    periods: list[Period]
    rows: list[GridRow]
    page: Page


def grid_plans(user):
    """The plans a grid may show: those the user may read."""
    return Plan.objects.visible_to(user).select_related("issuer").order_by("-last_year", "slug")


def grid_parents(user, plan: Plan):
    """Units a grid can be narrowed to: the upper-level units of the plan's scope the user sees."""
    return (
        Organization.objects.visible_to(user)
        .subtree_of(plan.issuer)
        .exclude(kind=OrganizationKind.GRASSROOTS)
        .order_by("path")
        .only("id", "code", "name", "kind", "path", "depth")
    )


def status_grid(
    user,
    *,
    plan: Plan,
    kind: str = "",
    parent: Organization | None = None,
    page: int | str = 1,
    today: datetime.date,
) -> StatusGrid:
    units = (
        Organization.objects.visible_to(user)
        .subtree_of(plan.issuer)
        .filter(kind__in=plan.reporting_kinds)
        .order_by("path")
    )
    if kind:
        units = units.filter(kind=kind)
    if parent is not None:
        units = units.subtree_of(parent)
    page_obj = Paginator(units, GRID_PAGE_SIZE).get_page(page)
    page_units = list(page_obj.object_list)
    periods = list(reversed(plan.periods()))  # the latest first: what a reviewer looks at
    found = {
        (org_id, period): (status, late)
        for org_id, period, status, late in Report.objects.filter(
            plan=plan, organization__in=[unit.pk for unit in page_units]
        ).values_list("organization_id", "period", "status", "is_late")
    }
    rows = []
    for unit in page_units:
        cells = []
        for period in periods:
            if not unit.is_open_during(period.start, period.end):
                cells.append(GridCell(period, NOT_OPEN))
            elif (unit.pk, period.id) in found:
                status, late = found[(unit.pk, period.id)]
                cells.append(GridCell(period, status, is_late=late))
            elif period.start > today:
                cells.append(GridCell(period, FUTURE))
            else:
                cells.append(GridCell(period, MISSING if today > plan.due_date(period) else PENDING))
        rows.append(GridRow(organization=unit, cells=cells))
    return StatusGrid(plan=plan, periods=periods, rows=rows, page=page_obj)
