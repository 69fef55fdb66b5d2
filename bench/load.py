"""Load test (not a test of the suite): 200 simulated people on the portal for 10 minutes, against
gunicorn on 127.0.0.1 and the synthetic nation in PostgreSQL (see bench/national.py for making it).

    .venv/bin/pip install -r requirements-bench.txt
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/chitieu_national .venv/bin/python bench/load.py \\
        [--users 200] [--minutes 10] [--workers 4] [--threads 2]

Three in four are officers, each of a grassroots unit with no 2025 report on national-130: they open
the form, think, submit once, then read their report and their home page. The others are reviewers (at
the confederation, federations and districts): their dashboard and a drill-down into a child, each
followed by its lists of units as the browser loads them (htmx), their home page (the review queue), and
now and then a district's summary export. Prints locust's figures
per page, every 5xx answer and dropped connection, and checks that every submit the server accepted is
in the database, submitted, once.
"""

import argparse
import csv
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from national import FIGURES, ROOT, prepare_officers, setup_django, signed_in, start_gunicorn

PLAN, PERIOD = "national-130", "2025"


def prepare_reviewers(count: int) -> list[dict]:
    """`count` reviewers: one at the confederation, then federations and districts in turn, signed in."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from unions.models import Membership, Organization, Role

    rng = random.Random(7)
    vgcl = Organization.objects.get(code="VGCL")
    federations = list(Organization.objects.filter(parent=vgcl).annotate(n=Count("children")).filter(n__gt=0))
    districts = list(
        Organization.objects.filter(parent__in=federations, children__kind="grassroots").distinct().order_by("?")[:200]
    )
    places = [vgcl] + [rng.choice(federations if index % 2 else districts) for index in range(1, count)]
    stamp = secrets.token_hex(3)
    User = get_user_model()
    people = []
    for index, unit in enumerate(places):
        user = User.objects.create_user(f"load-{stamp}-reviewer-{index}", password=None)
        Membership.objects.create(user=user, organization=unit, role=Role.REVIEWER)
        children = list(Organization.objects.filter(parent=unit).values_list("code", flat=True)[:50])
        below = [d.code for d in districts if d.path.startswith(unit.path)] or [unit.code]
        people.append(
            {"unit": unit.code, "children": children or [unit.code], "districts": below[:20], "plan": PLAN,
             "period": PERIOD, "session": signed_in(user), "csrf": secrets.token_hex(16)}
        )  # fmt: skip
    return people


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        sys.exit("Give the PostgreSQL database with the synthetic nation: --database-url or DATABASE_URL.")
    setup_django(args.database_url)
    from reports.models import Report, ReportEvent

    officers = args.users * 3 // 4
    work = Path(tempfile.mkdtemp(prefix="chitieu-load-"))
    people = {
        "officer": [
            {
                "unit": code,
                "session": session,
                "csrf": csrf,
                "plan": PLAN,
                "period": PERIOD,
                "figures": {**FIGURES, "version": "0"},
            }
            for code, session, csrf in prepare_officers(officers)
        ],  # fmt: skip
        "reviewer": prepare_reviewers(args.users - officers),
    }
    (work / "people.json").write_text(json.dumps(people))
    port = 8400 + secrets.randbelow(400)
    with (work / "gunicorn.log").open("wb") as log:
        server = start_gunicorn(args.database_url, port, args.workers, args.threads, log=log)
        try:
            subprocess.run(
                [str(ROOT / ".venv/bin/locust"), "-f", str(ROOT / "bench/locustfile.py"), "--headless",
                 "-u", str(args.users), "-r", "10", "-t", f"{int(args.minutes * 60)}s", "--host",
                 f"http://127.0.0.1:{port}", "--csv", str(work / "load"), "--only-summary", "--stop-timeout", "30"],
                env={**os.environ, "LOAD_PEOPLE": str(work / "people.json"), "LOAD_FILED": str(work / "filed.json")},
                check=False,
            )  # fmt: skip
        finally:
            server.terminate()
            server.wait(timeout=60)
    outcome = json.loads((work / "filed.json").read_text())
    print(f"\nserver: gunicorn, {args.workers} workers x {args.threads} threads; files in {work}")
    with (work / "load_stats.csv").open() as stats:
        for row in csv.DictReader(stats):
            print(
                f"{row['Name']:<32} {row['Request Count']:>7} requests  {row['Failure Count']:>4} failures  "
                f"p50 {row['50%']:>6} ms  p95 {row['95%']:>6} ms  p99 {row['99%']:>6} ms  "
                f"{float(row['Requests/s']):.1f}/s"
            )
    print(f"5xx answers and dropped connections: {len(outcome['server_errors'])}", outcome["server_errors"][:5])
    filed = outcome["filed"]
    reports = Report.objects.filter(plan__slug=PLAN, period=PERIOD, organization__code__in=filed)
    submitted = reports.filter(status="submitted").count()
    events = ReportEvent.objects.filter(report__in=reports, action="submitted").count()
    print(f"submits accepted: {len(filed)} of {officers} officers; in the database: {reports.count()} reports, "
          f"{submitted} submitted, {events} submit events")  # fmt: skip
    if outcome["server_errors"] or not (len(filed) == reports.count() == submitted == events):
        sys.exit(1)


if __name__ == "__main__":
    main()
