"""A dashboard's figures in a fixed number of small queries, whatever the size of the tree.

- the unit asked for (by code or pk), with whether it has units below it: one query;
- for a unit with units below it, its rollup rows, those of one page of its children that have units
  below them (upper units, which hold rows) and those of the units above it (for their names): one
  query, by ids only, so that it is cheap to build and to plan;
- one page of its children without units below them (grassroots unions hold no rollup rows), with their
  counted reports and values: one query, when it has such children;
- for a grassroots unit, its own counted reports and values and the units above it: one query.

Everything is read as it is stored (the figures as JSON text) and hashed into a digest before anything
is decoded: a page rendered from the figures can be kept under the digest and is never stale, since any
change to a row it comes from changes the digest. The figures themselves are added up only when first
asked for, by the rollups' and the engine's own code.
"""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from types import SimpleNamespace

from django.db.models import Exists, FilteredRelation, OuterRef, Q, TextField
from django.db.models.functions import Cast

from plans.periods import Period
from reports.compliance.rollups import _PlanFacts, add_to_tally, report_slice
from reports.models import COUNTED_STATUSES, ComplianceRollup, RollupState
from unions.models import Organization, TreeRevision

LEAF_PAGE_SIZE = 50

_UNIT_FIELDS = ["pk", "code", "name", "kind", "path", "depth", "parent_id", "opened_on", "closed_on", "place"]
_WIDTH = len(_UNIT_FIELDS)


@dataclass
class LeafPage:
    """Which page of a unit's children a dashboard shows (they can be thousands): each page holds up to
    LEAF_PAGE_SIZE upper units and as many grassroots unions, each in code order."""

    number: int = 1
    has_next: bool = False

    @property
    def has_previous(self) -> bool:
        return self.number > 1


class DashboardFigures:
    """What a dashboard shows for one unit: the unit, the units above it (top down), the children on
    the page, and the tallies keyed as engine.collect_tallies(by_child=True) keys them, plus "" for the
    unit's whole subtree at every period asked. The tallies are added up from the rows read when first
    needed.

    `digest` names every row the figures are made from (the unit, rollup rows, reports and values, with
    the units' names and codes): equal digests, equal figures."""

    def __init__(self, unit, ancestors, children, leaf_page, digest: str, tallies):
        self.unit: Organization = unit
        self.ancestors: list[Organization] = ancestors
        self.children: dict[str, Organization] = children
        self.leaf_page: LeafPage = leaf_page
        self.digest = digest
        self._tallies = tallies  # a function giving the tallies

    @cached_property
    def tallies(self) -> dict:
        return self._tallies()


def _unit(values) -> Organization:
    """An Organization from the first _WIDTH values of a row (in the order of _UNIT_FIELDS)."""
    fields = zip(_UNIT_FIELDS, values[:_WIDTH], strict=True)
    return Organization(**{("id" if name == "pk" else name): value for name, value in fields})


def _children_of(pk) -> "Exists":
    return Exists(Organization.objects.filter(parent=pk))


def read_dashboard(
    *, plan, unit: Q, self_periods: list[Period], child_periods: list[Period], leaf_page: int = 1
) -> DashboardFigures | None:
    """A dashboard's figures for the unit matching `unit` (Q(code=...) or Q(pk=...)): its subtree at
    `self_periods`, its own report and each child's subtree at `child_periods`, the children a page at a
    time (LeafPage). None when the unit is unknown, or when an upper unit has no fresh rollup rows (the
    tree or the targets changed since they were built): the engine then counts directly."""
    facts = _PlanFacts(plan)
    found = (
        Organization.objects.filter(unit)
        .annotate(
            has_children=_children_of(OuterRef("pk")),
            has_leaves=Exists(Organization.objects.filter(parent=OuterRef("pk")).exclude(_children_of(OuterRef("pk")))),
        )
        .values_list(*_UNIT_FIELDS, "has_children", "has_leaves")
        .first()
    )
    if found is None:
        return None
    own_unit = _unit(found[:_WIDTH])
    has_children, has_leaves = found[_WIDTH:]
    above = [pk for pk in own_unit.ancestor_ids if pk != own_unit.pk]
    digest = hashlib.blake2b(repr(found).encode(), digest_size=16)
    if not has_children:
        return _grassroots_figures(facts, own_unit, above, _sorted(self_periods, child_periods), digest)

    page = LeafPage(number=max(1, leaf_page))
    start = (page.number - 1) * LEAF_PAGE_SIZE
    self_ids = {period.id for period in self_periods}
    child_ids = {period.id for period in child_periods}
    rows = _rollup_rows(facts, own_unit, above, self_ids, child_ids, start)
    if not any(row[4] == own_unit.pk for row in rows):
        return None  # stale rollups, or none for this unit: the engine counts directly
    digest.update(repr(rows).encode())
    units: dict[int, Organization] = {}
    for row in rows:
        if row[4] not in units:
            units[row[4]] = _unit(row[4:])
    uppers = sorted((each for each in units.values() if each.parent_id == own_unit.pk), key=lambda each: each.code)
    page.has_next = len(uppers) > LEAF_PAGE_SIZE
    children = {each.path: each for each in uppers[:LEAF_PAGE_SIZE]}

    leaf_rows, leaf_units, leaves = [], {}, []
    if has_leaves:
        below = (
            Organization.objects.filter(parent_id=own_unit.pk)
            .exclude(_children_of(OuterRef("pk")))
            .order_by("code")
            .values("pk")[start : start + LEAF_PAGE_SIZE + 1]
        )
        leaf_rows = _base_rows(facts, Q(pk__in=below), list(child_periods))
        leaf_units = _base_units(leaf_rows)
        shown = sorted(leaf_units.values(), key=lambda each: each.code)
        page.has_next = page.has_next or len(shown) > LEAF_PAGE_SIZE
        leaves = shown[:LEAF_PAGE_SIZE]
        digest.update(repr(leaf_rows).encode())
    shown_paths = set(children)
    children.update((each.path, each) for each in leaves)

    def tallies():
        from reports.compliance.engine import _Tally

        result: dict[str, _Tally] = defaultdict(_Tally)
        for period_id, kind, subtree, own, holder_pk, *_rest in rows:
            if holder_pk == own_unit.pk:
                if period_id in self_ids:
                    add_to_tally(result[""], period_id, kind, json.loads(subtree))
                if period_id in child_ids:
                    add_to_tally(result[own_unit.path], period_id, kind, json.loads(own))
            elif period_id in child_ids and units[holder_pk].path in shown_paths:
                add_to_tally(result[units[holder_pk].path], period_id, kind, json.loads(subtree))
        if leaves:
            leaf_tallies = _base_tallies(facts, leaf_rows, leaf_units, list(child_periods))
            for each in leaves:
                result[each.path].add(leaf_tallies.get(each.path, _Tally()))
        return result

    ancestors = sorted((units[pk] for pk in above if pk in units), key=lambda each: each.depth)
    return DashboardFigures(own_unit, ancestors, children, page, digest.hexdigest(), tallies)


def _rollup_rows(facts, unit: Organization, above: list[int], self_ids, child_ids, start: int) -> list[tuple]:
    """The unit's rows, those of one page of its children with units below them (one child more than a
    page, to know whether another page follows) and those of the units above it, joined with their
    units; none unless the plan's rollups are fresh. The figures come as JSON text."""
    fresh = RollupState.objects.filter(
        plan=facts.plan,
        tree_revision=TreeRevision.objects.filter(pk=1).values("number")[:1],
        signature=facts.signature,
    )
    page = (
        Organization.objects.filter(parent_id=unit.pk)
        .filter(_children_of(OuterRef("pk")))
        .order_by("code")
        .values("pk")[start : start + LEAF_PAGE_SIZE + 1]
    )
    # The children's rows by their parent (indexed), then those on the page: a row filter alone would
    # have the database read every row of the plan.
    wanted = Q(organization_id=unit.pk, period__in=self_ids | child_ids) | Q(
        parent_id=unit.pk, organization_id__in=page, period__in=child_ids
    )
    if above:
        wanted |= Q(organization_id__in=above, period__in=child_ids)
    return list(
        ComplianceRollup.objects.filter(wanted, plan=facts.plan)
        .filter(Exists(fresh))
        .values_list(
            "period",
            "kind",
            Cast("subtree", TextField()),
            Cast("own", TextField()),
            *(f"organization__{name}" for name in _UNIT_FIELDS),
        )
    )


def _grassroots_figures(facts, unit: Organization, above: list[int], periods: list[Period], digest):
    """A unit without units below it (a grassroots union): its figures from its own counted reports,
    read with the units above it in one query."""
    from reports.compliance.engine import _Tally

    rows = _base_rows(facts, Q(pk=unit.pk) | Q(pk__in=above), periods)
    digest.update(repr(rows).encode())
    units = _base_units(rows)
    own_rows = [row for row in rows if row[0] == unit.pk]

    def tallies():
        tally = _base_tallies(facts, own_rows, {unit.pk: unit}, periods).get(unit.path, _Tally())
        return defaultdict(_Tally, {"": tally, unit.path: tally})

    ancestors = sorted((units[pk] for pk in above if pk in units), key=lambda each: each.depth)
    return DashboardFigures(unit, ancestors, {}, LeafPage(), digest.hexdigest(), tallies)


# --- units' own counted reports -----------------------------------------------------------------


def _base_rows(facts: _PlanFacts, units: Q, periods: list[Period]) -> list[tuple]:
    """The units matching `units`, each joined with its counted reports at the periods and their values:
    one row per value (or per unit, or per report without values)."""
    ids = [period.id for period in periods]
    reports = FilteredRelation(
        "reports", condition=Q(reports__plan=facts.plan, reports__period__in=ids, reports__status__in=COUNTED_STATUSES)
    )
    return list(
        Organization.objects.filter(units)
        .annotate(rep=reports)
        .values_list(
            *_UNIT_FIELDS,
            "rep__id",
            "rep__period",
            "rep__status",
            "rep__is_late",
            "rep__values__indicator_id",
            "rep__values__number",
            "rep__values__choice",
        )
    )


def _base_units(rows: list[tuple]) -> dict[int, Organization]:
    found: dict[int, Organization] = {}
    for row in rows:
        if row[0] not in found:
            found[row[0]] = _unit(row[:_WIDTH])
    return found


def _base_tallies(facts: _PlanFacts, rows: list[tuple], units: dict[int, Organization], periods: list[Period]):
    """{path: tally} of the units (as _base_units gives them) from their rows."""
    from reports.compliance.engine import _Tally

    reports_of: dict[int, dict[int, tuple]] = defaultdict(dict)
    values_of: dict[int, list] = defaultdict(list)
    for row in rows:
        report_id, period_id, status, is_late, indicator_id, number, choice = row[_WIDTH:]
        if report_id is None:
            continue
        reports_of[row[0]][report_id] = (period_id, status, is_late)
        if indicator_id is not None:
            values_of[report_id].append((indicator_id, number, choice))
    tallies = defaultdict(_Tally)
    for pk, unit in units.items():
        if not facts.in_scope(unit):
            continue
        tally = tallies[unit.path]
        for period in periods:
            if unit.is_open_during(period.start, period.end):
                tally.expected[(period.id, unit.kind)] += 1
        for report_id, (period_id, status, is_late) in reports_of[pk].items():
            report = SimpleNamespace(period=period_id, status=status, is_late=is_late)
            add_to_tally(tally, period_id, unit.kind, report_slice(facts, unit, report, values_of[report_id]))
    return tallies


def _sorted(*period_lists) -> list[Period]:
    found = {period.id: period for periods in period_lists for period in periods}
    return sorted(found.values(), key=lambda period: period.sort_key)
