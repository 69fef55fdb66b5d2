"""Benchmark (not a test): write the summary workbook of about 150,000 reporting units; print time and memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/chitieu .venv/bin/python bench/export_summary.py
        [--grassroots 150000] [--existing]

It works in a throwaway database (the configured one's name + "_bench_export"; SQLite: a temporary file),
dropped at the end: the synthetic national tree of `generate_national` (tree only), and one 2025 report for
every unit that reports on `national-130` (VGCL's national copy of binhdinh-130, every level reporting),
99 % of them submitted or approved with every figure, the rest drafts. Then, for VGCL's subtree:

1. the raw fetch: the rows and values the figures sheet reads, through the same queries, writing nothing
   (the floor the export cannot beat);
2. `manage.py export_summary` in a fresh process: wall and CPU time, and that process's peak RSS (Linux),
   then the compliance engine's share of it (`evaluate_breakdown` alone);
3. `write_summary` in this process with tracemalloc on: the peak Python memory (slower, so not timed).

With --existing it uses the configured database as it is (e.g. after `generate_national`), and only reads.
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from fresh import run_fresh  # noqa: E402

from plans.models import Plan  # noqa: E402
from plans.periods import Period  # noqa: E402
from plans.selectors import plan_structure  # noqa: E402
from reports.bulk import insert_rows, next_id, reset_sequences  # noqa: E402
from reports.compliance import evaluate_breakdown  # noqa: E402
from reports.exports.summary import counted_reports, write_summary  # noqa: E402
from reports.exports.unit_rows import CHUNK  # noqa: E402
from reports.models import Report, ReportStatus, ReportValue  # noqa: E402
from reports.national import REPORT_FIELDS, VALUE_FIELDS, NationalSize, generate_national  # noqa: E402
from reports.synthetic import ValueMaker  # noqa: E402
from unions.models import Organization  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PLAN, ORG, PERIOD = "national-130", "VGCL", Period(2025)


def build(grassroots: int) -> None:
    started = time.perf_counter()
    size = NationalSize(grassroots=grassroots, upper=max(60, grassroots // 50), second_level=54)
    generate_national(size, with_reports=False)
    plan = Plan.objects.get(slug=PLAN)
    structure = plan_structure(plan)
    units = list(
        Organization.objects.subtree_of(plan.issuer)
        .filter(kind__in=plan.reporting_kinds)
        .open_during(PERIOD.start, PERIOD.end)
        .order_by("pk")
        .values_list("pk", "kind")
    )
    report_id, value_id = next_id(Report), next_id(ReportValue)
    due = plan.due_date(PERIOD)
    submitted = timezone.make_aware(datetime.datetime.combine(due, datetime.time(9)))
    indicators_for = {}
    reports, values = [], []
    for unit_id, kind in units:
        rng = random.Random(unit_id)
        draw = rng.random()
        status = ReportStatus.DRAFT if draw < 0.01 else ReportStatus.SUBMITTED if draw < 0.4 else ReportStatus.APPROVED
        late = rng.random() < 0.15
        when = None if status == ReportStatus.DRAFT else submitted
        reports.append(
            (report_id, unit_id, plan.pk, PERIOD.id, status, 1, "", "", "", when, when, late and bool(when), "", None,
             submitted, submitted)
        )  # fmt: skip
        if kind not in indicators_for:
            indicators_for[kind] = [i for i in structure.indicators if i.applies_to(kind, PERIOD)]
        figures = ValueMaker(rng).figures([i.code for i in indicators_for[kind]], PERIOD.year, plan.first_year)
        for indicator in indicators_for[kind]:
            if indicator.code in figures:
                number, choice = figures[indicator.code]
                values.append((value_id, report_id, indicator.pk, number, choice))
                value_id += 1
        report_id += 1
    insert_rows(Report, REPORT_FIELDS, reports)
    insert_rows(ReportValue, VALUE_FIELDS, values)
    reset_sequences(Report, ReportValue)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"data: {Organization.objects.count():,} organizations, {len(reports):,} reports of {PLAN} {PERIOD.id}, "
        f"{len(values):,} values, built in {time.perf_counter() - started:.0f} s",
        flush=True,
    )


def raw_fetch(plan, organization) -> None:
    """The figures sheet's own queries, rows fetched and dropped: the floor of the export."""
    started = time.perf_counter()
    reports = values = 0
    rows = (
        counted_reports(plan=plan, organization=organization, period=PERIOD)
        .order_by("organization__path")
        .values_list("pk", "organization__code", "organization__name", "organization__parent__name")
        .iterator(chunk_size=CHUNK)
    )
    chunk = []
    for row in rows:
        chunk.append(row[0])
        reports += 1
        if len(chunk) == CHUNK:
            values += len(ReportValue.objects.filter(report_id__in=chunk).values_list("report_id", "number", "choice"))
            chunk = []
    if chunk:
        values += len(ReportValue.objects.filter(report_id__in=chunk).values_list("report_id", "number", "choice"))
    print(f"raw fetch: {reports:,} reports and {values:,} values in {time.perf_counter() - started:.2f} s", flush=True)


def command_run(database_name: str) -> None:
    """export_summary in a fresh process: wall and CPU time, and its peak RSS (Linux)."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings_test")
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
            f"/{database_name}"
        )
    else:
        env["DATABASE_URL"] = f"sqlite:///{database_name}"
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "tong-hop.xlsx"
        run = run_fresh(
            str(ROOT / "manage.py"),
            ["export_summary", "--plan", PLAN, "--org", ORG, "--period", PERIOD.id, "-o", str(out)],
            env,
        )
        size = out.stat().st_size
    elapsed, cpu, peak = run["seconds"], run["cpu"], run["peak_mb"]
    print(run["stdout"].strip())
    memory = f"peak RSS {peak:.0f} MB" if peak else "peak RSS unknown (no /proc)"
    print(
        f"export_summary (a fresh process, start-up included): {elapsed:.2f} s wall, {cpu:.2f} s CPU, "
        f"{size / 2**20:.1f} MB file, {memory}",
        flush=True,
    )


def engine(plan, organization) -> None:
    started = time.perf_counter()
    evaluate_breakdown(plan=plan, organization=organization, period=PERIOD)
    print(f"of which the compliance engine (evaluate_breakdown): {time.perf_counter() - started:.2f} s", flush=True)


def traced(plan, organization) -> None:
    phases = {}
    started = time.perf_counter()

    def progress(done):
        phases.setdefault("first rows", time.perf_counter() - started)

    tracemalloc.start()
    with tempfile.TemporaryFile() as out:
        result = write_summary(plan=plan, organization=organization, period=PERIOD, out=out, progress=progress)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    elapsed = time.perf_counter() - started
    print(
        f"write_summary with tracemalloc on: {result.reported_rows:,} reported + {result.not_reported_rows:,} "
        f"not reported rows in {elapsed:.1f} s (engine and first sheets {phases.get('first rows', 0):.1f} s); "
        f"peak Python memory {peak / 2**20:.1f} MB",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grassroots", type=int, default=150_000)
    parser.add_argument("--existing", action="store_true", help="use the configured database as it is (read only)")
    parser.add_argument("--skip-tracemalloc", action="store_true")
    arguments = parser.parse_args()
    settings_dict = connection.settings_dict
    if not arguments.existing:
        if settings_dict["ENGINE"].endswith("postgresql"):
            settings_dict.setdefault("TEST", {})["NAME"] = settings_dict["NAME"] + "_bench_export"
        else:
            settings_dict.setdefault("TEST", {})["NAME"] = str(Path(tempfile.gettempdir()) / "chitieu_bench_export.db")
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        print(f"database: {connection.vendor} {connection.settings_dict['NAME']}", flush=True)
        if not arguments.existing:
            build(arguments.grassroots)
        plan = Plan.objects.select_related("issuer").get(slug=PLAN)
        organization = Organization.objects.get(code=ORG)
        raw_fetch(plan, organization)
        command_run(connection.settings_dict["NAME"])
        engine(plan, organization)
        if not arguments.skip_tracemalloc:
            traced(plan, organization)
    finally:
        if not arguments.existing:
            connection.creation.destroy_test_db(settings_dict["NAME"], verbosity=0, keepdb=False)


if __name__ == "__main__":
    main()
