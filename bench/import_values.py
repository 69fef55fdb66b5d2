"""Benchmark (not a test): import 20,000 rows of report values and print the time and peak memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/chitieu .venv/bin/python bench/import_values.py [--rows 20000]

It works in a throwaway database (the configured one's name + "_bench_import"; in memory for SQLite),
dropped at the end: a tree of N grassroots unions under the binhdinh-130 issuer, a workbook of
N rows (one 2025 report each, every figure filled in), imported three times through the same
service the command and the upload page use: into no reports (all new), with every figure
changed (all updated), and once more with tracemalloc on for the peak Python memory. Then the
data-entry template is written for a quarter of the units and for all of them: its peak memory
should not grow with the number of rows (write-only workbook, units read a chunk at a time).
"""

import argparse
import datetime
import io
import itertools
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

import time_machine  # noqa: E402
from django.db import connection  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from plans.services import seed_plans  # noqa: E402
from reports.imports.values import import_value_records, read_values_file  # noqa: E402
from reports.models import Report, ReportValue  # noqa: E402
from unions.models import Organization, OrganizationKind  # noqa: E402
from unions.services import organization_create, rebuild_paths  # noqa: E402

HEADER = [
    "org_code",
    "period",
    "rating",
    "party_members",
    "party_members_good",
    "party_members_failed",
    "introduced_to_party",
    "civil_servant_members",
    "civil_servant_members_standard",
    "members",
    "members_trained",
]


def workbook(codes: list[str], bump: int) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Số liệu")
    sheet.append(HEADER)
    for index, code in enumerate(codes):
        members = 100 + index % 50 + bump
        sheet.append([code, "2025", "good", 40 + bump, 38, 1, 2, 10, 9, members, members - 10])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(plan, content: bytes, label: str, trace: bool = False) -> None:
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    records, issues, _notices = read_values_file(content, plan=plan)
    read = time.perf_counter()
    assert not issues, issues[:3]
    result = import_value_records(plan=plan, records=records, by=None, file_name="bench.xlsx")
    done = time.perf_counter()
    line = (
        f"{label}: {len(records):,} rows, {result.reports_new:,} new and {result.reports_updated:,} updated reports, "
        f"{result.values_new + result.values_changed:,} figures written in {done - start:.2f} s "
        f"(reading {read - start:.2f} s, checking and writing {done - read:.2f} s)"
    )
    if trace:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        line += f"; peak Python memory {peak / 2**20:.0f} MB (tracemalloc on, so slower)"
    else:
        line += f"; process peak RSS so far {peak_rss_mb():.0f} MB"
    print(line, flush=True)


def template(plan, root, units: int) -> None:
    """The data-entry template for the first `units` units (time, and peak Python memory with tracemalloc)."""
    from plans.periods import Period
    from reports.exports import template as template_module

    everyone = template_module.template_units
    template_module.template_units = lambda **kwargs: itertools.islice(everyone(**kwargs), units)
    try:
        tracemalloc.start()
        start = time.perf_counter()
        with tempfile.TemporaryFile() as out:
            written = template_module.write_template(plan=plan, period=Period(2025), root=root, user=None, out=out)
            size = out.tell()
        elapsed = time.perf_counter() - start
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    finally:
        template_module.template_units = everyone
    print(
        f"template: {written:,} units, {size / 2**20:.1f} MB in {elapsed:.2f} s (tracemalloc on); "
        f"peak Python memory {peak / 2**20:.1f} MB",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--profile", action="store_true", help="print where the time goes (cProfile)")
    arguments = parser.parse_args()
    rows = arguments.rows
    settings_dict = connection.settings_dict
    if settings_dict["ENGINE"].endswith("postgresql"):
        settings_dict.setdefault("TEST", {})["NAME"] = settings_dict["NAME"] + "_bench_import"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        print(f"database: {connection.vendor} {connection.settings_dict['NAME']}", flush=True)
        _hcm, plan = seed_plans()
        bd = Organization.objects.get(code="BD")
        district = organization_create(code="BD-BENCH", name="LĐLĐ thử tải", kind="district", parent=bd)
        codes = [f"BD-BENCH-{n:05d}" for n in range(rows)]
        Organization.objects.bulk_create(
            [
                Organization(code=code, name=f"CĐCS số {code[-5:]}", kind=OrganizationKind.GRASSROOTS, parent=district)
                for code in codes
            ],
            batch_size=2000,
        )
        rebuild_paths()
        first, second, third = workbook(codes, 0), workbook(codes, 1), workbook(codes, 2)
        print(f"workbook: {len(first) / 2**20:.1f} MB, {rows:,} rows x {len(HEADER)} columns", flush=True)
        with time_machine.travel(datetime.datetime(2025, 12, 1, 9, tzinfo=datetime.UTC), tick=True):
            if arguments.profile:
                import cProfile
                import pstats

                profile = cProfile.Profile()
                profile.runcall(run, plan, first, "import into empty reports (profiled)")
                pstats.Stats(profile).sort_stats("tottime").print_stats(30)
                return
            run(plan, first, "import into empty reports")
            run(plan, second, "import changing every figure")
            run(plan, third, "import changing every figure", trace=True)
        assert Report.objects.count() == rows and ReportValue.objects.count() == rows * (len(HEADER) - 2)
        template(plan, bd, rows // 4)
        template(plan, bd, rows)
    finally:
        connection.creation.destroy_test_db(settings_dict["NAME"], verbosity=0, keepdb=False)


if __name__ == "__main__":
    main()
