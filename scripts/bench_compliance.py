"""How long the compliance engine and the dashboard take on a large province.

Builds, in a throw-away test database (never the one DATABASE_URL names), the
seed plans and a province under BD of DISTRICTS x UNITS grassroots unions with a
year report (and its values) for every year of binhdinh-130, then times the
engine's questions and the dashboard page. Run from the project root:

    DEBUG=1 .venv/bin/python scripts/bench_compliance.py [--districts 40] [--units 100]

Add DATABASE_URL=postgres://... to measure on PostgreSQL (a test_* database is
created and dropped). Numbers are printed, not asserted.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402


def build(districts: int, units: int) -> None:
    from decimal import Decimal

    from plans.services import seed_plans
    from reports.models import Report, ReportStatus, ReportValue
    from unions.models import Organization, OrganizationKind
    from unions.services import rebuild_paths

    seed_plans()
    bd = Organization.objects.get(code="BD")
    plan = bd.plans.get(slug="binhdinh-130")
    created = Organization.objects.bulk_create(
        [
            Organization(code=f"B-{d:03d}", name=f"LĐLĐ {d}", kind=OrganizationKind.DISTRICT, parent=bd)
            for d in range(districts)
        ]
    )
    grassroots = Organization.objects.bulk_create(
        [
            Organization(code=f"{district.code}-{n:04d}", name=f"CĐCS {n}", kind="grassroots", parent=district)
            for district in created
            for n in range(units)
        ],
        batch_size=2000,
    )
    rebuild_paths()
    indicators = {indicator.code: indicator for indicator in plan.indicators.all()}
    rng = random.Random(1)
    statuses = [ReportStatus.APPROVED] * 6 + [ReportStatus.SUBMITTED] * 2 + [ReportStatus.DRAFT, ReportStatus.RETURNED]
    for year in range(plan.first_year, plan.last_year + 1):
        reports = Report.objects.bulk_create(
            [
                Report(
                    organization=unit,
                    plan=plan,
                    period=str(year),
                    status=rng.choice(statuses),
                    is_late=rng.random() < 0.1,
                )
                for unit in grassroots
                if rng.random() < 0.95
            ],
            batch_size=2000,
        )
        rows = []
        for report in reports:
            members = rng.randint(20, 400)
            party = max(1, members // 5)
            good = party - rng.randint(0, 2)
            civil = members // 3
            numbers = {
                "party_members": party,
                "party_members_good": max(0, good),
                "party_members_failed": 0,
                "introduced_to_party": rng.choice([0, 1, 1, 2]),
                "civil_servant_members": civil,
                "civil_servant_members_standard": civil - rng.randint(0, 1) if civil else 0,
                "members": members,
                "members_trained": members * 7 // 10,
            }
            rows.append(
                ReportValue(
                    report=report,
                    indicator=indicators["rating"],
                    choice=rng.choice(["excellent", "good", "good", "completed"]),
                )
            )
            rows.extend(
                ReportValue(report=report, indicator=indicators[code], number=Decimal(n)) for code, n in numbers.items()
            )
        ReportValue.objects.bulk_create(rows, batch_size=5000)


def timed(label: str, function, repeat: int = 3) -> None:
    best, queries = None, 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as context:
            start = time.perf_counter()
            function()
            elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
        queries = len(context.captured_queries)
    print(f"{label:<46} {best * 1000:8.1f} ms  {queries:3d} queries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--districts", type=int, default=40)
    parser.add_argument("--units", type=int, default=100, help="grassroots unions per district")
    parser.add_argument(
        "--no-analyze", action="store_true", help="skip ANALYZE after loading (the planner then has no statistics)"
    )
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from django.contrib.auth import get_user_model
        from django.test import Client

        from plans.models import Plan
        from plans.periods import Period
        from reports.compliance import evaluate, evaluate_breakdown, evaluate_trend
        from unions.models import Organization

        start = time.perf_counter()
        build(args.districts, args.units)
        if not args.no_analyze:
            with connection.cursor() as cursor:  # the statistics a live database keeps (autovacuum)
                cursor.execute("ANALYZE")
        from reports.models import Report, ReportValue

        print(
            f"{connection.vendor}: {Organization.objects.count()} units, {Report.objects.count()} reports, "
            f"{ReportValue.objects.count()} values built in {time.perf_counter() - start:.1f} s"
        )
        plan = Plan.objects.select_related("issuer").get(slug="binhdinh-130")
        bd, year = plan.issuer, Period.parse("2025")
        timed("evaluate (province, 2025)", lambda: evaluate(plan=plan, organization=bd, period=year))
        timed(
            "evaluate_breakdown (province by district)",
            lambda: evaluate_breakdown(plan=plan, organization=bd, period=year),
        )
        timed("evaluate_trend (province, 6 years)", lambda: evaluate_trend(plan=plan, organization=bd))
        district = Organization.objects.get(code="B-000")
        timed(
            "evaluate_breakdown (one district by unit)",
            lambda: evaluate_breakdown(plan=plan, organization=district, period=year),
        )
        admin = get_user_model().objects.create(username="bench", is_staff=True, is_superuser=True)
        client = Client()
        client.force_login(admin)
        timed(
            "dashboard page (province, 2025)",
            lambda: client.get("/dashboard/binhdinh-130/", {"org": "BD", "period": "2025"}),
        )
        timed("overview page", lambda: client.get("/dashboard/"))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
