"""A deterministic synthetic national tree with several years of reports, for scale tests and benchmarks.

The tree: the confederation (VGCL), `second_level` nodes under it (34 provincial and city federations,
among them the seed issuers HCM and BD, then central sector unions), `upper` upper unions spread over
them with skewed sizes, and `grassroots` grassroots unions under those (a few directly under their
federation); about 1 % closed during the plans' years and 1 % opened late.

The reports: both seed plans (over the HCM education sector and the Bình Định subtrees) and their
national copies issued by VGCL (`national-1712`, `national-130`, the same indicators and targets with
every level above grassroots reporting too), every period, in every status (some late, some missing).
Rows go in with COPY on PostgreSQL. Synthetic reports carry no history events.
"""

import copy
import datetime
import random
import time
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record_batch
from plans.models import Plan
from plans.seeds import PLANS as SEED_PLANS
from plans.selectors import plan_structure
from plans.services import plan_load, seed_plans
from reports.bulk import insert_rows, next_id, reset_sequences
from reports.compliance import rollups
from reports.models import Report, ReportStatus, ReportValue
from reports.synthetic import ValueMaker, draw_status
from unions.models import PATH_SEPARATOR, Organization, OrganizationKind
from unions.services import tree_changed

PROVINCES = 34
NATIONAL_PLANS = {"national-1712": "hcm-edu-1712", "national-130": "binhdinh-130"}
NATIONAL_KINDS = [kind for kind in OrganizationKind.values if kind != OrganizationKind.CONFEDERATION]
UNIT_NAMES = [
    "Công ty TNHH",
    "Công ty Cổ phần",
    "Trường THPT",
    "Trường THCS",
    "Trường Tiểu học",
    "Bệnh viện",
    "Trung tâm Y tế",
    "Ủy ban nhân dân xã",
    "Hợp tác xã",
    "Chi cục",
]
RETURN_REASON = "Số liệu chưa khớp với biên bản, đề nghị kiểm tra lại."


@dataclass
class NationalSize:
    second_level: int = 54
    upper: int = 3000
    grassroots: int = 150_000
    seed: int = 1


@dataclass
class _Node:
    pk: int
    code: str
    name: str
    kind: str
    parent: "_Node | None"
    path: str = ""
    depth: int = 0
    opened_on: datetime.date | None = None
    closed_on: datetime.date | None = None
    weight: float = 1.0
    children: list = field(default_factory=list)


@dataclass
class NationalResult:
    organizations: int
    reports: int
    values: int
    seconds: float


def _allocate(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainders), each part at least `minimum`."""
    base = minimum * len(weights)
    rest = max(0, total - base)
    scale = sum(weights) or 1.0
    raw = [rest * w / scale for w in weights]
    parts = [int(r) for r in raw]
    order = sorted(range(len(weights)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: rest - sum(parts)]:
        parts[i] += 1
    return [p + minimum for p in parts]


def _existing(code: str) -> _Node:
    org = Organization.objects.get(code=code)
    return _Node(pk=org.pk, code=org.code, name=org.name, kind=org.kind, parent=None, path=org.path, depth=org.depth)


def _build_tree(size: NationalSize, rng: random.Random) -> tuple[list[_Node], list[_Node]]:
    """The new nodes (uppers first, then grassroots) in insertion order, and the second level."""
    vgcl, hcm, bd, hcm_gd = (_existing(code) for code in ("VGCL", "HCM", "BD", "HCM-GD"))
    pk = next_id(Organization)
    new: list[_Node] = []

    def add(code, name, kind, parent):
        nonlocal pk
        node = _Node(pk=pk, code=code, name=name, kind=kind, parent=parent)
        node.path = f"{parent.path}{pk}{PATH_SEPARATOR}"
        node.depth = parent.depth + 1
        parent.children.append(node)
        new.append(node)
        pk += 1
        return node

    second = [hcm, bd]
    for number in range(1, size.second_level - 1):
        if len(second) < PROVINCES:
            second.append(add(f"N-F{number:02d}", f"Liên đoàn Lao động tỉnh mô phỏng {number}", "federation", vgcl))
        else:
            second.append(add(f"N-S{number:02d}", f"Công đoàn ngành Trung ương mô phỏng {number}", "sector", vgcl))
    # Skewed sizes: the city first, Bình Định about 4,000 grassroots unions at the default size.
    for rank, node in enumerate(second, start=1):
        node.weight = 1.0 / rank**0.8
    bd.weight = 0.65 * sum(node.weight for node in second) * 4000 / 150_000 / 0.65

    upper_counts = _allocate(size.upper - 1, [node.weight for node in second], minimum=1)
    uppers: list[_Node] = [hcm_gd]
    hcm_gd.parent = hcm
    hcm.children.append(hcm_gd)
    for parent, count in zip(second, upper_counts, strict=True):
        for number in range(1, count + 1):
            if parent.kind == "sector":
                kind = "sector"
            else:
                kind = rng.choices(["district", "sector", "industrial_zone", "commune"], [55, 15, 10, 20])[0]
            node = add(
                f"{parent.code}-U{number:03d}", f"Công đoàn cấp trên mô phỏng {parent.code}-{number}", kind, parent
            )
            node.weight = parent.weight * rng.lognormvariate(0, 0.8) / max(count, 1)
            uppers.append(node)
    # The HCMC education sector union holds about 1 % of all grassroots unions.
    hcm_gd.weight = 0.0
    hcm_gd.weight = sum(node.weight for node in uppers) * 0.01 / 0.99
    # Grassroots: most under an upper union, some directly under their federation.
    holders = uppers + second
    weights = [node.weight if node in uppers else node.weight * 0.08 for node in holders]
    counts = _allocate(size.grassroots, weights)
    for parent, count in zip(holders, counts, strict=True):
        for number in range(1, count + 1):
            name = f"Công đoàn cơ sở {rng.choice(UNIT_NAMES)} mô phỏng {parent.code}-{number}"
            node = add(f"{parent.code}-G{number:05d}", name, "grassroots", parent)
            draw = rng.random()
            if draw < 0.01:
                node.closed_on = datetime.date(rng.randint(2021, 2025), rng.randint(1, 12), 1)
            elif draw < 0.02:
                node.opened_on = datetime.date(rng.randint(2021, 2024), rng.randint(1, 12), 1)
    return new, second


def _insert_tree(nodes: list[_Node]) -> int:
    fields = ["id", "code", "name", "kind", "parent", "path", "depth", "opened_on", "closed_on", "place"]
    rows = ((n.pk, n.code, n.name, n.kind, n.parent.pk, n.path, n.depth, n.opened_on, n.closed_on, "") for n in nodes)
    return insert_rows(Organization, fields, rows)


def _national_plans() -> list[Plan]:
    plans = []
    for slug, source in NATIONAL_PLANS.items():
        spec = copy.deepcopy(next(s for s in SEED_PLANS if s["slug"] == source))
        spec.update(
            slug=slug,
            issuer="VGCL",
            number="",
            title=f"(Dữ liệu mô phỏng toàn quốc) {spec['title']}",
            reporting_kinds=NATIONAL_KINDS,
        )
        plans.append(plan_load(spec))
    return plans


def _aware(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _report_rows(plan: Plan, units: list[tuple], seed: int, report_id: int, value_id: int):
    """Report and value rows for these units, all periods; returns (reports, values, next ids)."""
    structure = plan_structure(plan)
    periods = plan.periods()
    indicators_for = {}
    reports, values = [], []
    for unit_id, kind, opened_on, closed_on in units:
        rng = random.Random(f"{seed}-{plan.slug}-{unit_id}")
        maker = ValueMaker(rng)
        for period in periods:
            status = draw_status(rng, period == periods[-1])
            if status is None:
                continue
            if (opened_on and opened_on > period.end) or (closed_on and closed_on < period.start):
                continue
            key = (kind, period.is_half)
            if key not in indicators_for:
                indicators_for[key] = [i for i in structure.indicators if i.applies_to(kind, period)]
            indicators = indicators_for[key]
            if not indicators:
                continue
            due = plan.due_date(period)
            late = rng.random() < 0.15
            submitted_day = due + datetime.timedelta(days=rng.randint(1, 20) if late else -rng.randint(0, 9))
            created = _aware(due - datetime.timedelta(days=rng.randint(10, 40)), 9)
            submitted = _aware(submitted_day, 15) if status != ReportStatus.DRAFT else None
            reports.append(
                (
                    report_id, unit_id, plan.pk, period.id, status, 1, "", "", "",
                    submitted, submitted, bool(submitted and late),
                    RETURN_REASON if status == ReportStatus.RETURNED else "", None, created, submitted or created,
                )
            )  # fmt: skip
            figures = maker.figures([i.code for i in indicators], period.year, plan.first_year)
            for indicator in indicators:
                if indicator.code not in figures or (status == ReportStatus.DRAFT and rng.random() < 0.3):
                    continue
                number, choice = figures[indicator.code]
                values.append((value_id, report_id, indicator.pk, number, choice))
                value_id += 1
            report_id += 1
    return reports, values, report_id, value_id


REPORT_FIELDS = [
    "id", "organization", "plan", "period", "status", "version", "results", "shortcomings", "proposals",
    "first_submitted_at", "submitted_at", "is_late", "return_reason", "entry_extended_until", "created_at",
    "updated_at",
]  # fmt: skip
VALUE_FIELDS = ["id", "report", "indicator", "number", "choice"]


def generate_national(size: NationalSize, *, with_reports: bool = True, log=None) -> NationalResult:
    """Build the synthetic nation in one transaction; refuse if it is already there."""
    started = time.monotonic()
    say = log or (lambda message: None)
    seed_plans()
    if Organization.objects.filter(code__in=["N-F01", "BD-U001", "HCM-G00001"]).exists():
        raise ValidationError(_("The synthetic national data is already in this database; use a fresh database."))
    rng = random.Random(size.seed)
    with transaction.atomic():
        nodes, _second = _build_tree(size, rng)
        organizations = _insert_tree(nodes)
        say(f"{organizations} organizations ({time.monotonic() - started:.1f} s)")
        plans = [Plan.objects.get(slug=slug) for slug in ("hcm-edu-1712", "binhdinh-130")] + _national_plans()
        report_count = value_count = 0
        if with_reports:
            report_id, value_id = next_id(Report), next_id(ReportValue)
            for plan in plans:
                units = list(
                    Organization.objects.subtree_of(plan.issuer)
                    .filter(kind__in=plan.reporting_kinds)
                    .order_by("pk")
                    .values_list("pk", "kind", "opened_on", "closed_on")
                )
                for start in range(0, len(units), 2000):
                    reports, values, report_id, value_id = _report_rows(
                        plan, units[start : start + 2000], size.seed, report_id, value_id
                    )
                    report_count += insert_rows(Report, REPORT_FIELDS, reports)
                    value_count += insert_rows(ReportValue, VALUE_FIELDS, values)
                say(f"{plan.slug}: {report_count} reports, {value_count} values ({time.monotonic() - started:.1f} s)")
        reset_sequences(Organization, Report, ReportValue)
        tree_changed()
        record_batch(
            subject=Organization,
            kind="national_data",
            label=_("Synthetic national data generated"),
            details={"organizations": organizations, "reports": report_count, "values": value_count, "seed": size.seed},
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    for plan in plans:
        rollups.build(plan)
        say(f"{plan.slug}: rollups built ({time.monotonic() - started:.1f} s)")
    return NationalResult(organizations, report_count, value_count, time.monotonic() - started)
