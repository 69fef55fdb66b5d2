"""Reads for the dashboard pages that depend on who is asking: at which units a user may see a plan's
figures, the way up the tree, and the overview of every plan. The figures themselves come from
reports.compliance; the scoping rules from unions.scoping."""

import datetime
from dataclasses import dataclass

from plans.models import Plan
from reports.compliance import PlanOverview, plan_overview
from unions.models import Organization, Role
from unions.scoping import can_view, can_view_subtree, is_admin, memberships_of


def dashboard_units(user, plan: Plan) -> list[Organization]:
    """The highest units at which the user may see the plan's figures, in tree order: the issuer for
    staff and for reviewers and viewers above it, else the user's own units inside the issuer's subtree
    (an officer's unit only when nothing lies below it)."""
    issuer = plan.issuer
    if is_admin(user):
        return [issuer]
    found: dict[int, Organization] = {}
    for membership in memberships_of(user):
        unit = membership.organization
        if membership.role != Role.OFFICER and issuer.is_in_subtree_of(unit):
            found[issuer.pk] = issuer
        elif unit.is_in_subtree_of(issuer) and can_view_subtree(user, unit):
            found[unit.pk] = unit
    units = sorted(found.values(), key=lambda unit: unit.path)
    return [unit for unit in units if not any(u is not unit and unit.is_in_subtree_of(u) for u in units)]


def dashboard_unit(user, plan: Plan, code: str) -> Organization | None:
    """The unit with this code if the user may see the plan's figures there, else None (a 404).

    The units above it are read by the ids in its path (a second query; matching every unit's path
    against the unit's would read the whole tree), and kept on the unit for way_up()."""
    unit = Organization.objects.filter(code=code).first()
    if unit is None or not may_see_figures(user, plan, unit):
        return None
    above = [pk for pk in unit.ancestor_ids if pk != unit.pk]
    unit._ancestors = list(Organization.objects.filter(pk__in=above).order_by("depth")) if above else []
    return unit


def may_see_figures(user, plan: Plan, unit: Organization) -> bool:
    """Whether the user may see the plan's figures at this unit (else the page is a 404)."""
    return can_view(user, unit) and unit.is_in_subtree_of(plan.issuer) and can_view_subtree(user, unit)


def way_up(user, plan: Plan, unit: Organization) -> list[Organization]:
    """The units above `unit`, from the plan's issuer down, at which the user may see the figures."""
    ancestors = getattr(unit, "_ancestors", None)
    if ancestors is None:
        ids = [pk for pk in unit.ancestor_ids if pk != unit.pk]
        ancestors = Organization.objects.filter(pk__in=ids).order_by("depth")
    above = [each for each in ancestors if each.is_in_subtree_of(plan.issuer)]
    return [organization for organization in above if can_view_subtree(user, organization)]


@dataclass(frozen=True)
class OverviewEntry:
    plan: Plan
    unit: Organization
    overview: PlanOverview
    in_progress: bool


def overview_entries(user, today: datetime.date) -> list[OverviewEntry]:
    """Every plan the user may read, at each of the user's highest units for it: the targets at the
    plan's current period and what is overdue. A fixed number of queries per plan and unit."""
    entries = []
    plans = Plan.objects.visible_to(user).select_related("issuer").order_by("-last_year", "slug")
    for plan in plans:
        for unit in dashboard_units(user, plan):
            overview = plan_overview(plan=plan, organization=unit, today=today)
            in_progress = plan.is_active_in(today.year)
            entries.append(OverviewEntry(plan=plan, unit=unit, overview=overview, in_progress=in_progress))
    return entries
