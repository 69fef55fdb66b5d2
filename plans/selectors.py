"""Reads of plans for pages, services and the compliance engine."""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Prefetch, QuerySet

from plans.models import Indicator, IndicatorRule, Plan, PlanTask, Target

_CACHE_ATTR = "_structure"
_TARGET_ORDER = ("order", "id")
_TARGET_INDICATORS = ("indicator", "numerator", "denominator")


class PlanStructure:
    """A plan's indicators, rules, tasks and targets, each read once (one query) when first needed.

    A dashboard that needs only the targets reads them with their indicators in one query; a form
    that needs everything reads each part once.
    """

    def __init__(self, plan: Plan):
        self.plan = plan

    @cached_property
    def indicators(self) -> list[Indicator]:
        indicators = list(Indicator.objects.filter(plan=self.plan).order_by("order", "id"))
        for indicator in indicators:
            indicator.plan = self.plan
        return indicators

    @cached_property
    def _by_id(self) -> dict[int, Indicator]:
        return {indicator.pk: indicator for indicator in self.indicators}

    @cached_property
    def rules(self) -> list[IndicatorRule]:
        rules = list(
            IndicatorRule.objects.filter(plan=self.plan).prefetch_related(
                Prefetch("parts", queryset=Indicator.objects.order_by("order", "id"))
            )
        )
        for rule in rules:
            rule.whole = self._by_id[rule.whole_id]
        return rules

    @cached_property
    def tasks(self) -> list[PlanTask]:
        return list(PlanTask.objects.filter(plan=self.plan).order_by("order", "id"))

    @cached_property
    def targets(self) -> list[Target]:
        if "indicators" in self.__dict__:
            targets = list(Target.objects.filter(plan=self.plan).order_by(*_TARGET_ORDER))
            for target in targets:
                for field in _TARGET_INDICATORS:
                    pk = getattr(target, f"{field}_id")
                    if pk:
                        setattr(target, field, self._by_id[pk])
        else:
            targets = list(
                Target.objects.filter(plan=self.plan).select_related(*_TARGET_INDICATORS).order_by(*_TARGET_ORDER)
            )
        self._own(targets)
        return targets

    def keep_targets(self, targets: list[Target]) -> None:
        """Take targets already read with their indicators (plan_with_targets) as this structure's targets."""
        self._own(targets)
        self.__dict__["targets"] = targets  # the cached_property, filled

    def _own(self, targets: list[Target]) -> None:
        """Point the targets and their indicators at this structure's plan object."""
        for target in targets:
            target.plan = self.plan
            for field in _TARGET_INDICATORS:
                indicator = getattr(target, field)
                if indicator is not None:
                    indicator.plan = self.plan

    @property
    def reportable_tasks(self) -> list[PlanTask]:
        """The tasks units give an account of: those without sub-tasks."""
        parents = {task.parent_id for task in self.tasks if task.parent_id}
        return [task for task in self.tasks if task.pk not in parents]

    def indicator(self, code: str) -> Indicator | None:
        return next((indicator for indicator in self.indicators if indicator.code == code), None)


def plan_structure(plan: Plan) -> PlanStructure:
    """The plan's structure, kept on the plan object for the rest of the request."""
    cached = getattr(plan, _CACHE_ATTR, None)
    if cached is None:
        cached = PlanStructure(plan)
        setattr(plan, _CACHE_ATTR, cached)
    return cached


def plan_with_targets(plans: QuerySet, **lookup) -> Plan | None:
    """The plan matching `lookup` among `plans` (already narrowed to what the user may read), with its
    issuer, and its targets with their indicators read in the same query (plan_structure(plan).targets),
    as a dashboard needs them; None when there is no such plan. A plan without targets takes a second
    query."""
    targets = list(
        Target.objects.filter(plan__in=plans.filter(**lookup))
        .select_related("plan__issuer", *_TARGET_INDICATORS)
        .order_by(*_TARGET_ORDER)
    )
    if not targets:
        return plans.select_related("issuer").filter(**lookup).first()
    plan = targets[0].plan
    plan_structure(plan).keep_targets(targets)
    return plan


def forget_structure(plan: Plan) -> None:
    if hasattr(plan, _CACHE_ATTR):
        delattr(plan, _CACHE_ATTR)


# --- the chain of plans: the plans a plan implements, and those implementing it -------------------

MAX_CHAIN_DEPTH = 10  # far deeper than the union tree; stops a loop an admin might have made


@dataclass
class ChainNode:
    """A plan implementing the plan above it, with the (visible) plans implementing it in turn."""

    plan: Plan
    children: list["ChainNode"]


def plans_implemented(plan: Plan, user) -> list[Plan]:
    """The plans this plan implements, nearest first, up to the top (those the user may read)."""
    visible = Plan.objects.visible_to(user).select_related("issuer")
    chain, seen, current = [], {plan.pk}, plan
    for _level in range(MAX_CHAIN_DEPTH):
        if current.implements_id is None or current.implements_id in seen:
            break
        above = visible.filter(pk=current.implements_id).first()
        if above is None:
            break
        chain.append(above)
        seen.add(above.pk)
        current = above
    return chain


def implementing_plans(plan: Plan, user) -> list[ChainNode]:
    """The plans implementing this one, and theirs, as a tree (those the user may read). One query
    per level."""
    visible = Plan.objects.visible_to(user).select_related("issuer").order_by("issuer__path", "slug")
    roots: list[ChainNode] = []
    level = {plan.pk: roots}
    seen = {plan.pk}
    for _depth in range(MAX_CHAIN_DEPTH):
        found = [below for below in visible.filter(implements_id__in=list(level)) if below.pk not in seen]
        if not found:
            break
        next_level = {}
        for below in found:
            node = ChainNode(plan=below, children=[])
            level[below.implements_id].append(node)
            next_level[below.pk] = node.children
            seen.add(below.pk)
        level = next_level
    return roots


def units_without_implementing_plan(plan: Plan, user, today) -> QuerySet:
    """The open units directly below the plan's issuer (those the user may see) that have no plan
    implementing it yet."""
    from django.db.models import Q

    from unions.models import Organization

    return (
        Organization.objects.visible_to(user)
        .filter(parent_id=plan.issuer_id)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=today))
        .exclude(pk__in=Plan.objects.filter(implements=plan).values("issuer_id"))
        .order_by("code")
    )
