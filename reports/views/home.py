"""The starting page, by role: an officer's reports to file; a reviewer's queue; the status grid.

A user may hold several roles (an upper union's officer is often also its
reviewer); the page shows a section for each.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from plans.models import Plan
from reports.forms import GridFilterForm
from reports.models import ReportStatus
from reports.selectors.agenda import officer_agenda
from reports.selectors.review import MISSING, PENDING, grid_parents, grid_plans, review_queue, status_grid
from unions.models import Role
from unions.scoping import is_admin, memberships_of

GRID_LEGEND = [
    ReportStatus.APPROVED,
    ReportStatus.SUBMITTED,
    ReportStatus.RETURNED,
    ReportStatus.DRAFT,
    PENDING,
    MISSING,
    ReportStatus.ABSENT,
]


def _grid_context(request, today) -> dict:
    """The status grid with its filters (GET, so a filtered grid can be bookmarked and shared)."""
    plans = list(grid_plans(request.user))
    if not plans:
        return {}
    by_slug = {plan.slug: plan for plan in plans}
    default = next((plan for plan in plans if plan.is_active_in(today.year)), plans[0])
    plan: Plan = by_slug.get(request.GET.get("plan", ""), default)
    parents = list(grid_parents(request.user, plan))
    data = {"plan": plan.slug, "kind": request.GET.get("kind", ""), "parent": request.GET.get("parent", "")}
    form = GridFilterForm(data, plans=plans, parents=parents, plan=plan)
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    parent = next((unit for unit in parents if unit.code == cleaned.get("parent")), None)
    grid = status_grid(
        request.user,
        plan=plan,
        kind=cleaned.get("kind", ""),
        parent=parent,
        page=request.GET.get("page", 1),
        today=today,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return {"grid": grid, "grid_form": form, "grid_query": query.urlencode(), "grid_legend": GRID_LEGEND}


@login_required
@require_safe
def home(request):
    """What the user has to do today, and where their units stand."""
    today = timezone.localdate()
    roles = {membership.role for membership in memberships_of(request.user)}
    admin = is_admin(request.user)
    context = {"memberships": memberships_of(request.user), "today": today}
    if Role.OFFICER in roles:
        context["agenda"] = officer_agenda(request.user, today=today)
    if Role.REVIEWER in roles or admin:
        context["queue"] = review_queue(request.user)
    if roles & {Role.REVIEWER, Role.VIEWER} or admin:
        context.update(_grid_context(request, today))
    return render(request, "reports/home.html", context)
