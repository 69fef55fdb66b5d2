"""Compliance rollups: the engine's tallies, stored per plan, upper unit, period and organization kind,
so that a national dashboard reads a few hundred rows instead of counting 150,000 units.

What is stored is exactly what `engine.collect_tallies` counts (units expected, reported and on
time; the count, total and met count of each target indicator's values), for the subtree of every
unit that has units below it, and for that unit's own report. Everything after (cumulative sums,
percents, statuses) is the engine's own code, reading the same tallies either way.

- `build(plan)` recomputes every row from the reports: aggregate queries grouped by the reporting
  unit's parent, then additions up the tree in Python. It records the tree revision and the plan's
  target signature it was built for.
- `RollupChanges` carries the before and after figures of the reports a write changes; `apply()`
  adds the difference to the rows of the units above, locked in a fixed order, in the write's own
  transaction. The workflow services and the values import use it, so a submit shows on the next
  request.
- `read(...)` answers from the rows when they are fresh (built at the tree's current revision for
  the plan's current targets), and returns None otherwise: the engine then counts directly, so a
  figure is never stale, only slower to come. A dashboard page reads them through
  reports.compliance.dashboard_rows, a fixed number of queries whatever the tree's size.
"""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from types import SimpleNamespace

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from plans.models import COMPARE, ConditionOp, Measure, Plan, Target
from plans.periods import Period
from plans.selectors import plan_structure
from reports.bulk import update_json
from reports.models import COUNTED_STATUSES, ComplianceRollup, Report, ReportValue, RollupState
from unions.models import Organization, TreeRevision

# A slice is the figures of one (period, kind) as JSON: {"e": expected, "r": reported, "o": on time,
# "v": {indicator id: [count, total as a string, {target id: met}]}}, with zeros left out.
Slice = dict


# --- slices: adding, subtracting, and turning into the engine's tallies ---------------------------


def combine(first: Slice, second: Slice, sign: int = 1) -> Slice:
    """first + sign x second, with zeros pruned (so an emptied slice is {})."""
    total = SliceSum()
    total.add(first)
    total.add(second, sign)
    return total.slice()


class SliceSum:
    """Slices added up in place: `add(slice, sign)` as often as needed (the 20,000 reports of an import),
    then `slice()`, with zeros pruned. The one rule for adding figures up; combine() is two adds."""

    __slots__ = ("counts", "values")

    def __init__(self):
        self.counts = {"e": 0, "r": 0, "o": 0}
        self.values: dict[str, list] = {}

    def add(self, data: Slice, sign: int = 1) -> None:
        counts = self.counts
        for key in ("e", "r", "o"):
            if key in data:
                counts[key] += sign * data[key]
        for indicator, (count, total, met) in data.get("v", {}).items():
            slot = self.values.get(indicator)
            if slot is None:
                slot = self.values[indicator] = [0, 0, {}]
            slot[0] += sign * count
            slot[1] += sign * (total if isinstance(total, int) else Decimal(total))
            sums = slot[2]
            for target, number in met.items():
                sums[target] = sums.get(target, 0) + sign * number

    def slice(self) -> Slice:
        result: Slice = {key: number for key, number in self.counts.items() if number}
        values = {}
        for indicator, (count, total, met) in self.values.items():
            met = {target: number for target, number in met.items() if number}
            if count or total or met:
                values[indicator] = [count, total if isinstance(total, int) else _decimal_text(total), met]
        if values:
            result["v"] = values
        return result


def _decimal_text(number: Decimal) -> int | str:
    """A total as JSON keeps it exactly: a whole number as an int, else the decimal's text."""
    if number == number.to_integral_value():
        return int(number)
    return format(number.normalize(), "f")


def add_to_tally(tally, period_id: str, kind: str, data: Slice) -> None:
    """Add a stored slice into an engine tally (engine._Tally)."""
    if not data:
        return
    for key, name in (("e", "expected"), ("r", "reported"), ("o", "on_time")):
        if data.get(key):
            getattr(tally, name)[(period_id, kind)] += data[key]
    for indicator, (count, total, met) in data.get("v", {}).items():
        value = tally.values[(period_id, kind, int(indicator))]
        value.count += count
        value.total += Decimal(total)
        for target, number in met.items():
            value.met[int(target)] = value.met.get(int(target), 0) + number


# --- what one report adds -----------------------------------------------------------------------


#: How many distinct values _PlanFacts.figure remembers.
_FIGURES_LIMIT = 100_000


class _PlanFacts:
    """What a plan's rollups depend on: its scope, its targets' indicators and unit-share conditions."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.issuer = plan.issuer
        targets = plan_structure(plan).targets
        self.indicator_ids: set[int] = set()
        self.share_targets: dict[int, list[Target]] = defaultdict(list)
        for target in targets:
            if target.measure == Measure.UNIT_SHARE:
                self.indicator_ids.add(target.indicator_id)
                self.share_targets[target.indicator_id].append(target)
            else:
                self.indicator_ids.update((target.numerator_id, target.denominator_id))
        self.signature = signature(plan, targets)
        self._bounds: dict[str, tuple] = {}
        self._figures: dict[tuple, tuple] = {}

    def bounds(self, period_id: str) -> tuple:
        """The first and last day of a period, read once per period (not once per report)."""
        found = self._bounds.get(period_id)
        if found is None:
            period = Period.parse(period_id)
            found = self._bounds[period_id] = (period.start, period.end)
        return found

    def figure(self, indicator_id: int, number: Decimal | None, choice: str) -> tuple[str, int | str, dict]:
        """What one value adds to its indicator's figures: (indicator key, total, met by target). Equal
        values add alike (a total keeps no exponent, conditions compare numbers), so it is worked out
        once per distinct value, not for each of a million; the dict is shared, and only ever read."""
        key = (indicator_id, number, choice)
        found = self._figures.get(key)
        if found is None:
            met = {
                str(target.pk): 1
                for target in self.share_targets.get(indicator_id, [])
                if meets(target, number, choice)
            }
            found = (str(indicator_id), _decimal_text(number or Decimal(0)), met)
            if len(self._figures) < _FIGURES_LIMIT:
                self._figures[key] = found
        return found

    def in_scope(self, unit: Organization) -> bool:
        return unit.kind in self.plan.reporting_kinds and unit.is_in_subtree_of(self.issuer)

    def chain(self, unit: Organization) -> list[int]:
        """The ids from the issuer down to the unit (the rows the unit's figures go into)."""
        return unit.ancestor_ids[self.issuer.depth :]


def signature(plan: Plan, targets: list[Target]) -> str:
    """What the stored figures were counted for: the scope and the targets' indicators and conditions."""
    parts = [plan.issuer_id, sorted(plan.reporting_kinds)]
    for target in targets:
        parts.append(
            [target.pk, target.measure, target.indicator_id, target.condition_op, list(target.condition_values)]
            if target.measure == Measure.UNIT_SHARE
            else [target.pk, target.measure, target.numerator_id, target.denominator_id]
        )
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def meets(target: Target, number: Decimal | None, choice: str) -> bool:
    """Whether one value meets a unit-share condition, exactly as engine.condition_q selects it."""
    values = [str(value) for value in target.condition_values]
    if target.condition_op == ConditionOp.IN:
        return choice in values
    if not values:
        return False
    first = values[0]
    if target.condition_op == ConditionOp.EQ and first and choice == first:
        return True
    try:
        bound = Decimal(first)
    except ArithmeticError:
        return False
    return bound.is_finite() and choice == "" and number is not None and COMPARE[target.condition_op](number, bound)


def report_slice(facts: _PlanFacts, unit: Organization, report: Report | None, values) -> Slice:
    """What one report adds to its units' figures: nothing unless it counts (submitted or approved,
    from a unit in scope that was open during its period). `values`: its values, each as a tuple
    (indicator id, number, choice), as a query's values_list gives them."""
    if report is None or report.status not in COUNTED_STATUSES or not facts.in_scope(unit):
        return {}
    if not unit.is_open_during(*facts.bounds(report.period)):
        return {}
    data: Slice = {"r": 1}
    if not report.is_late:
        data["o"] = 1
    figures = {}
    indicator_ids = facts.indicator_ids
    for indicator_id, number, choice in values:
        if indicator_id in indicator_ids:
            key, total, met = facts.figure(indicator_id, number, choice)
            figures[key] = [1, total, met]
    if figures:
        data["v"] = figures
    return data


# --- keeping the rows in step -------------------------------------------------------------------


@dataclass(slots=True)
class WrittenReport:
    """A report as a write has just left it, with all its values as (indicator id, number, choice), for
    RollupChanges.apply to count without reading it back."""

    pk: int
    unit: Organization
    period: str
    status: str
    is_late: bool
    values: list[tuple]


_CHUNK = 1000


class RollupChanges:
    """What a write changes in one plan's rollups: take `before(ids)` of the reports it will change,
    make the change, then `apply(ids)` adds (after - before) to the rows above each report's unit, in
    the same transaction. Bulk: a fixed number of queries per thousand reports. Does nothing for a
    plan whose rollups were never built.

    Nothing is kept per report: each slice read (before: taken off; after: added) goes at once into the
    sums of the rows it changes, and reports under the same parent share one sum, so an import of
    150,000 reports holds a few thousand sums, not 300,000 slices."""

    def __init__(self, plan: Plan):
        self.facts = _PlanFacts(plan) if RollupState.objects.filter(plan=plan).exists() else None
        self._counted: set[int] = set()  # reports whose figures before the change are taken off already
        self._known: set[int] = set()  # reports whose figures after the change are added already (count_known)
        self._units: dict[int, Organization] = {}  # the units whose reports change
        self._uppers: set[int] = set()  # which of them have units below (and rows of their own)
        self._looked_up: set[int] = set()  # the units whose children were looked for
        self._sums: dict[tuple, dict[str, SliceSum]] = defaultdict(lambda: {"subtree": SliceSum(), "own": SliceSum()})
        self._above: dict[tuple, SliceSum] = defaultdict(SliceSum)

    def before(self, report_ids, known_units=()) -> None:
        """`known_units`: the reports' units, when the caller has them (an import), so they are not read."""
        if self.facts is not None:
            ids = [pk for pk in dict.fromkeys(report_ids) if pk and pk not in self._counted]
            self._counted.update(ids)
            for unit, period_id, data in self._slices(ids, known_units):
                self._count(unit, period_id, data, -1)

    def before_nothing(self, report: Report) -> None:
        """The report adds nothing yet (its status does not count): known without reading it."""
        if self.facts is not None and report.pk not in self._counted:
            self._counted.add(report.pk)
            self._units[report.organization.pk] = report.organization

    def count_known(self, changes: list[tuple[WrittenReport, WrittenReport]]) -> None:
        """Reports whose figures the caller knows before and after its write, as (before, after): an import
        reads them under the reports' locks and knows what it will write, so neither is read from the
        database; after - before is added now, and before() and apply() leave these reports alone."""
        if self.facts is None or not changes:
            return
        self._look_up_children([after.unit.pk for _before, after in changes])
        for before, after in changes:
            if before.pk in self._counted:
                continue
            self._counted.add(before.pk)
            self._known.add(after.pk)
            self._count(before.unit, before.period, report_slice(self.facts, before.unit, before, before.values), -1)
            self._count(after.unit, after.period, report_slice(self.facts, after.unit, after, after.values), 1)

    def apply(self, report_ids, known_units=(), written=()) -> None:
        """`written`: WrittenReport of reports the caller has just written whole, with every value they
        now hold (an import's new reports), so they are not read back; the other `report_ids` are read."""
        if self.facts is None:
            return
        done = set()
        written = iter(written)
        while chunk := list(islice(written, _CHUNK)):
            self._look_up_children([report.unit.pk for report in chunk])
            for report in chunk:
                done.add(report.pk)
                self._count(report.unit, report.period, report_slice(self.facts, report.unit, report, report.values), 1)
        ids = [pk for pk in dict.fromkeys(report_ids) if pk not in done and pk not in self._known]
        for unit, period_id, data in self._slices(ids, known_units):
            self._count(unit, period_id, data, 1)
        self._look_up_children(list(self._units))  # a unit of before_nothing() may not have been read
        parents: dict[int, int | None] = {}
        for unit in self._units.values():
            ids = unit.ancestor_ids
            parents.update(zip(ids, [None, *ids[:-1]], strict=True))
        _write(self._deltas(), self._units, parents, self._uppers)
        self._reset()

    def _reset(self) -> None:
        self._counted.clear()
        self._known.clear()
        self._units.clear()
        self._sums.clear()
        self._above.clear()

    def _slices(self, report_ids: list[int], known_units=()):
        """(unit, period id, slice) of each report, read a chunk at a time."""
        known = {unit.pk: unit for unit in known_units}
        known.update(self._units)
        for start in range(0, len(report_ids), _CHUNK):
            chunk = report_ids[start : start + _CHUNK]
            reports = list(
                Report.objects.filter(pk__any=chunk)
                .order_by()
                .values_list("pk", "organization_id", "period", "status", "is_late")
            )
            missing = {row[1] for row in reports} - set(known)
            if missing:
                known.update((unit.pk, unit) for unit in Organization.objects.filter(pk__in=missing))
            self._look_up_children([row[1] for row in reports])
            values = defaultdict(list)
            rows = ReportValue.objects.filter(report_id__any=chunk, indicator_id__in=self.facts.indicator_ids)
            for report_id, *value in rows.values_list("report_id", "indicator_id", "number", "choice"):
                values[report_id].append(value)
            for pk, organization_id, period_id, status, is_late in reports:
                unit = known[organization_id]
                report = SimpleNamespace(period=period_id, status=status, is_late=is_late)
                yield unit, period_id, report_slice(self.facts, unit, report, values[pk])

    def _look_up_children(self, unit_ids: list[int]) -> None:
        unseen = [pk for pk in dict.fromkeys(unit_ids) if pk not in self._looked_up]
        if unseen:
            self._uppers.update(_with_children(unseen))
            self._looked_up.update(unseen)

    def _count(self, unit: Organization, period_id: str, data: Slice, sign: int) -> None:
        """Add sign x one report's slice: into its unit's own row (and subtree row, when the unit is the
        issuer) if the unit has units below it, and into the sum of its parent's group, which goes into
        every subtree row from the issuer down to the parent. Units without rows (grassroots) only pass
        it up."""
        self._units[unit.pk] = unit
        if not data:
            return
        chain = self.facts.chain(unit)
        is_issuer = bool(chain) and chain[-1] == unit.pk
        if unit.pk in self._uppers:
            sums = self._sums[(self.facts.plan.pk, unit.pk, period_id, unit.kind)]
            sums["own"].add(data, sign)
            if is_issuer:
                sums["subtree"].add(data, sign)
        if is_issuer:
            chain = chain[:-1]
        self._above[(tuple(chain), period_id, unit.kind)].add(data, sign)

    def _deltas(self) -> dict:
        """{row key: {"subtree", "own"}}: each group's sum added to the rows above it, zeros left out."""
        plan_id = self.facts.plan.pk
        for (chain, period_id, kind), group in self._above.items():
            delta = group.slice()
            if delta:
                for pk in chain:
                    self._sums[(plan_id, pk, period_id, kind)]["subtree"].add(delta)
        deltas = {}
        for key, parts in self._sums.items():
            delta = {"subtree": parts["subtree"].slice(), "own": parts["own"].slice()}
            if delta["subtree"] or delta["own"]:
                deltas[key] = delta
        return deltas


def _with_children(ids: list[int]) -> set[int]:
    """Which of these units have units below them (and so rollup rows of their own)."""
    found = set()
    for start in range(0, len(ids), _CHUNK):
        found.update(
            Organization.objects.filter(parent_id__any=ids[start : start + _CHUNK])
            .order_by()  # not the tree order: DISTINCT would then be over (parent, path), one row per child
            .values_list("parent_id", flat=True)
            .distinct()
        )
    return found


def _write(deltas: dict, units: dict[int, Organization], parents: dict[int, int | None], uppers: set[int]) -> None:
    """Add the deltas to their rows (grassroots units have none), creating missing rows, locking them
    all in one fixed order so that concurrent writers queue instead of deadlocking."""
    keys = sorted(key for key in deltas if key[1] not in units or key[1] in uppers)
    if not keys:
        return
    ComplianceRollup.objects.bulk_create(
        [
            ComplianceRollup(plan_id=p, organization_id=o, parent_id=parents.get(o), period=period, kind=kind)
            for p, o, period, kind in keys
        ],
        ignore_conflicts=True,
    )
    groups: dict[tuple, list[int]] = defaultdict(list)
    for plan_id, org_id, period, kind in keys:
        groups[(plan_id, period, kind)].append(org_id)
    wanted = Q(pk__in=[])
    for (plan_id, period, kind), org_ids in groups.items():
        wanted |= Q(plan_id=plan_id, period=period, kind=kind, organization_id__in=org_ids)
    locked = ComplianceRollup.objects.select_for_update().filter(wanted)
    rows = list(locked.order_by("plan_id", "organization_id", "period", "kind"))
    for row in rows:
        delta = deltas[(row.plan_id, row.organization_id, row.period, row.kind)]
        row.subtree = combine(row.subtree, delta["subtree"])
        row.own = combine(row.own, delta["own"])
    update_json(ComplianceRollup, ["subtree", "own"], ((row.pk, row.subtree, row.own) for row in rows))


# --- building from scratch ----------------------------------------------------------------------


@transaction.atomic
def build(plan: Plan) -> int:
    """Recompute every row of the plan from the reports and mark them fresh. Returns the row count."""
    from reports.compliance.engine import condition_q, expected_report_q, in_scope_q, open_during_q

    RollupState.objects.select_for_update().filter(plan=plan).first()
    revision = TreeRevision.objects.get_or_create(pk=1)[0].number
    facts = _PlanFacts(plan)
    issuer = plan.issuer
    periods = plan.periods()
    paths = dict(
        Organization.objects.filter(path__startswith=issuer.path)
        .filter(Exists(Organization.objects.filter(parent=OuterRef("pk"))))
        .values_list("pk", "path")
    )
    chains = {pk: [int(x) for x in path.strip("/").split("/")][issuer.depth :] for pk, path in paths.items()}
    rows: dict[tuple[int, str, str], dict] = defaultdict(lambda: {"subtree": {}, "own": {}})

    def put(holder: int, period_id: str, kind: str, data: Slice, own: bool) -> None:
        """own=False: the figures of the holder's children go into the subtree of the holder and of
        every unit above it. own=True: an upper unit's own figures go into its own and its subtree
        (those above it get them as their child's, from the own=False pass)."""
        if holder not in chains or not data:
            return
        if own:
            row = rows[(holder, period_id, kind)]
            row["own"] = combine(row["own"], data)
            row["subtree"] = combine(row["subtree"], data)
            return
        for pk in chains[holder]:
            rows[(pk, period_id, kind)]["subtree"] = combine(rows[(pk, period_id, kind)]["subtree"], data)

    scope = Organization.objects.filter(in_scope_q(plan, issuer))
    counts = {f"p{index}": Count("pk", filter=open_during_q(period)) for index, period in enumerate(periods)}
    for group, own in (("parent_id", False), ("pk", True)):
        units = scope if not own else scope.filter(pk__in=list(paths))
        for row in units.values(group, "kind").annotate(**counts).order_by():
            for index, period in enumerate(periods):
                put(row[group], period.id, row["kind"], {"e": row[f"p{index}"]} if row[f"p{index}"] else {}, own)

    reports = Report.objects.filter(
        expected_report_q(plan, issuer, periods, "period", "organization"), plan=plan, status__in=COUNTED_STATUSES
    )
    for group, own in (("organization__parent_id", False), ("organization_id", True)):
        found = reports if not own else reports.filter(organization_id__in=list(paths))
        for row in (
            found.values(group, "period", "organization__kind")
            .annotate(r=Count("pk"), o=Count("pk", filter=Q(is_late=False)))
            .order_by()
        ):
            data = {"r": row["r"], "o": row["o"]} if row["o"] else {"r": row["r"]}
            put(row[group], row["period"], row["organization__kind"], data, own)

    met = {}
    for targets in facts.share_targets.values():
        for target in targets:
            condition = condition_q(target)
            if condition is not None:
                met[f"met_{target.pk}"] = Count("pk", filter=Q(indicator_id=target.indicator_id) & condition)
    values = ReportValue.objects.filter(
        expected_report_q(plan, issuer, periods, "report__period", "report__organization"),
        report__plan=plan,
        report__status__in=COUNTED_STATUSES,
        indicator_id__in=facts.indicator_ids,
    )
    for group, own in (("report__organization__parent_id", False), ("report__organization_id", True)):
        found = values if not own else values.filter(report__organization_id__in=list(paths))
        for row in (
            found.values(group, "report__period", "report__organization__kind", "indicator_id")
            .annotate(count=Count("pk"), total=Sum("number"), **met)
            .order_by()
        ):
            hits = {name.removeprefix("met_"): row[name] for name in met if row[name]}
            data = {"v": {str(row["indicator_id"]): [row["count"], _decimal_text(row["total"] or Decimal(0)), hits]}}
            put(row[group], row["report__period"], row["report__organization__kind"], data, own)

    ComplianceRollup.objects.filter(plan=plan).delete()
    parent_of = {pk: (chain[-2] if len(chain) > 1 else issuer.parent_id) for pk, chain in chains.items()}
    ComplianceRollup.objects.bulk_create(
        [
            ComplianceRollup(
                plan=plan, organization_id=pk, parent_id=parent_of[pk], period=period_id, kind=kind, **figures
            )
            for (pk, period_id, kind), figures in rows.items()
            if figures["subtree"] or figures["own"]
        ],
        batch_size=2000,
    )
    RollupState.objects.update_or_create(
        plan=plan, defaults={"tree_revision": revision, "signature": facts.signature, "built_at": timezone.now()}
    )
    return ComplianceRollup.objects.filter(plan=plan).count()


# --- reading -----------------------------------------------------------------------------------


def read(
    *,
    plan: Plan,
    organization: Organization,
    self_periods: list[Period],
    child_periods: list[Period],
):
    """The tallies the engine would count, and the children they came from: "" is the organization's
    whole subtree at `self_periods`; when `child_periods` is not empty, its own report (keyed by its
    path) and each child's subtree (keyed by the child's path) at those periods, as
    engine.collect_tallies(by_child=True) keys them. Returns (tallies, {path: child}), or None when the
    rows are stale or the organization has none (the engine then counts directly). One query, and
    two more only when children that hold no rows themselves (grassroots units) have figures."""
    from reports.compliance.engine import _Tally, collect_tallies

    if not organization.is_in_subtree_of(plan.issuer):
        return None
    fresh = RollupState.objects.filter(
        plan=plan,
        tree_revision=TreeRevision.objects.filter(pk=1).values("number")[:1],
        signature=signature(plan, plan_structure(plan).targets),
    )
    self_ids = {p.id for p in self_periods}
    child_ids = {p.id for p in child_periods}
    wanted = Q(organization=organization, period__in=self_ids | child_ids)
    if child_ids:
        wanted |= Q(parent=organization, period__in=child_ids)
    columns = ["organization_id", "period", "kind", "subtree", "own"]
    child_fields = ["code", "name", "kind", "path", "depth", "parent_id", "opened_on", "closed_on"]
    rows = list(
        ComplianceRollup.objects.filter(wanted, plan=plan)
        .filter(Exists(fresh))
        .values_list(*columns, *(f"organization__{name}" for name in child_fields))
    )
    if not rows:
        return None
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    children: dict[int, Organization] = {}
    leaf_units: dict[tuple[str, str], int] = defaultdict(int)  # expected units not held by a child row
    for org_id, period_id, kind, subtree, own, *fields in rows:
        if org_id == organization.pk:
            if period_id in self_ids:
                add_to_tally(tallies[""], period_id, kind, subtree)
            if period_id in child_ids:
                add_to_tally(tallies[organization.path], period_id, kind, own)
                leaf_units[(period_id, kind)] += subtree.get("e", 0) - own.get("e", 0)
        else:
            child = children.get(org_id)
            if child is None:
                child = children[org_id] = Organization(pk=org_id, **dict(zip(child_fields, fields, strict=True)))
            add_to_tally(tallies[child.path], period_id, kind, subtree)
            leaf_units[(period_id, kind)] -= subtree.get("e", 0)
    children_by_path = {child.path: child for child in children.values()}
    if any(leaf_units.values()):
        # Children without rows of their own (grassroots units) are counted directly: only they.
        # (Every figure comes from an expected unit, so no expected unit left over means none.)
        units = Q(parent=organization) & ~Q(pk__in=list(children))
        direct = collect_tallies(
            plan=plan,
            organization=organization,
            periods=list(child_periods),
            values_for=list(child_periods),
            by_child=True,
            units=units,
        )
        for path, tally in direct.items():
            tallies[path].add(tally)
        for child in Organization.objects.filter(units, path__in=list(direct)):
            children_by_path[child.path] = child
    return tallies, children_by_path


def is_fresh(plan: Plan) -> bool:
    """Whether the plan's rollups match the tree and the plan's targets as they are now."""
    return RollupState.objects.filter(
        plan=plan, tree_revision=TreeRevision.current(), signature=signature(plan, plan_structure(plan).targets)
    ).exists()
