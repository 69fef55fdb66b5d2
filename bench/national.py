"""Benchmark (not a test): the portal at national scale, each figure beside its floor measured in the same run.

    # once: a database with the synthetic nation (about 10 minutes on 2 cores)
    createdb -h 127.0.0.1 -U postgres chitieu_national
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/chitieu_national
    DEBUG=1 .venv/bin/python manage.py migrate && DEBUG=1 .venv/bin/python manage.py generate_national
    # then, as often as you like
    .venv/bin/python bench/national.py [--repeat 30] [--skip filing,import,peer,export]
    .venv/bin/python bench/national.py --sqlite-demo      # the demo on SQLite (a throwaway file)

What it measures (server time: the request handled in this process, middleware to rendered page):

- the national dashboard (VGCL, national-130, 2025), a federation's drill-down (the largest one), a
  district's (grassroots children) and a grassroots unit's page; each beside its floor, the raw SQL the
  engine would run to count the same figures from the reports (no ORM, no rollups), and beside the raw
  fetch of the rollup rows the page actually reads; each measured twice: as a page is seen again (its
  figures kept under the digest of the rows they come from, which any change moves on) and as the first
  view after a change (the figures worked out and rendered again);
- the `compliance` command, beside the same raw SQL;
- the summary export of the national subtree (150,000 rows), `manage.py export_summary` in a fresh process:
  wall and CPU time and peak RSS, beside the raw fetch of the exported rows, and beside django-import-export's
  default export of the same values in a fresh process (the peer);
- an import of 20,000 rows (`--import-rows`) in a fresh process (bench/import_rolled_back.py, in a transaction
  rolled back afterwards): wall and CPU time and peak RSS, beside the COPY of as many values into a scratch
  table, and beside django-import-export's default import path (the peer, timed once);
- report filing by 8 concurrent clients against gunicorn on 127.0.0.1 (officers posting the report form
  with "submit"): throughput, p50, p95, errors, and every filed report checked in the database after;
  beside the floor, the same rows written with raw SQL by 8 threads.

Machines here are shared and noisy: read the ratios, measured in the same run, rather than the times.
"""

import argparse
import gc
import io
import os
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from fresh import run_fresh  # noqa: E402

BENCH_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-" + "x" * 50,
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "SECURE_HSTS_SECONDS": "0",
    # The national plans' periods are past; keep entry open so that officers can file.
    "REPORT_ENTRY_GRACE_DAYS": "100000",
    "LOG_LEVEL": "WARNING",
    # As in production with several app processes: sessions read through a shared cache (Redis).
    "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/3"),
}


def setup_django(database_url: str) -> None:
    os.environ.update(BENCH_ENV)
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG is off: hashed static files


# --- measuring --------------------------------------------------------------------------------


def stats(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)
    pick = lambda q: ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]  # noqa: E731
    return {"n": len(ordered), "p50": pick(0.5), "p95": pick(0.95), "mean": statistics.fmean(ordered)}


def timed(fn, repeat: int, warm: int = 2) -> dict:
    for _ in range(warm):
        fn()
    # As gunicorn.conf.py does in each worker once Django is loaded: what lives on is kept out of the
    # garbage collector's full passes.
    gc.collect()
    gc.freeze()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return stats(samples)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_once(fn):
    """Run fn once, timed: (seconds, how much this process's peak RSS grew in MB, result)."""
    before = peak_rss_mb()
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, peak_rss_mb() - before, result


RESULTS: list[tuple[str, str, str, str]] = []


def report(name: str, ours: str, floor: str = "", ratio: str = "") -> None:
    RESULTS.append((name, ours, floor, ratio))
    print(f"{name:<44} {ours:<34} {floor:<30} {ratio}", flush=True)


def ms(s: dict) -> str:
    return f"p50 {s['p50']:.1f} ms, p95 {s['p95']:.1f} ms"


# --- the pages and their floors -------------------------------------------------------------------


#: The planner settings the portal changes for its connections (settings.PG_SESSION_OPTIONS).
PLANNER_SETTINGS = ("max_parallel_workers_per_gather", "random_page_cost")


def raw_timer(sqls: list[tuple[str, tuple]], *, server_planner: bool = False):
    """Run the statements, fetching every row. With server_planner, as PostgreSQL plans them by default
    (parallel workers allowed): a floor is the raw SQL at its fastest, not as the portal's settings plan it."""
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            if server_planner:
                cursor.execute(
                    "SELECT set_config(name, boot_val, false) FROM pg_settings WHERE name = ANY(%s)",
                    [list(PLANNER_SETTINGS)],
                )
            try:
                for sql, params in sqls:
                    cursor.execute(sql, params)
                    cursor.fetchall()
            finally:
                if server_planner:
                    cursor.execute("; ".join(f"RESET {name}" for name in PLANNER_SETTINGS))

    return run


def captured(fn) -> list[tuple[str, tuple]]:
    """The SQL statements (with their parameters) that fn sends."""
    from django.db import connection

    statements = []

    def wrapper(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        fn()
    return statements


def bench_pages(repeat: int) -> None:
    from django.contrib.auth import get_user_model
    from django.core.cache import caches
    from django.db.models import Count, Q
    from django.test import Client

    from plans.models import Plan
    from plans.periods import Period
    from reports.compliance import dashboard_rows, rollups
    from reports.compliance.engine import collect_tallies, periods_with_values
    from unions.models import Organization

    plan = Plan.objects.select_related("issuer").get(slug="national-130")
    if not rollups.is_fresh(plan):
        print("rollups are stale: rebuilding them first ...", flush=True)
        rollups.build(plan)
    period = Period.parse("2025")
    admin, _created = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(admin)
    vgcl = Organization.objects.get(code="VGCL")
    federation = Organization.objects.filter(parent=vgcl).annotate(n=Count("children")).order_by("-n").first()
    district = Organization.objects.filter(parent=federation, children__isnull=False).distinct().first()
    grassroots = Organization.objects.filter(parent=district, kind="grassroots").first()
    for label, unit in (
        ("national dashboard (VGCL)", vgcl),
        (f"federation drill-down ({federation.code})", federation),
        (f"district drill-down ({district.code})", district),
        (f"grassroots unit page ({grassroots.code})", grassroots),
    ):
        url = f"/dashboard/{plan.slug}/?org={unit.code}&period={period.id}"
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        queries = captured(lambda url=url: client.get(url))
        page = timed(lambda url=url: client.get(url), repeat)
        # The first view after a change: the figures worked out and rendered again (nothing kept).
        cold = timed(lambda url=url: (caches["figures"].clear(), client.get(url)), repeat)
        direct = captured(
            lambda unit=unit: collect_tallies(
                plan=plan,
                organization=unit,
                periods=[period],
                values_for=periods_with_values(plan, [period]),
                by_child=True,
            )
        )
        floor = timed(raw_timer(direct, server_planner=True), max(3, repeat // 3), warm=1)
        stored = captured(
            lambda unit=unit: dashboard_rows.read_dashboard(
                plan=plan, unit=Q(pk=unit.pk), self_periods=plan.periods(), child_periods=[period]
            )
        )
        rows = timed(raw_timer(stored), repeat, warm=1)
        report(
            label,
            f"{ms(page)}, {len(queries)} queries",
            f"raw aggregate p50 {floor['p50']:.1f} ms",
            f"{page['p95'] / floor['p50']:.2f}x aggregate; {page['p95'] / max(rows['p50'], 0.01):.1f}x row fetch "
            f"({rows['p50']:.1f} ms)",
        )
        report(
            f"  {label}: first view after a change (figures not kept)",
            ms(cold),
            "",
            f"{cold['p95'] / max(rows['p50'], 0.01):.1f}x row fetch",
        )
        if unit.kind != "grassroots":
            # What the page loads next with htmx: the units that have not reported and those against a target.
            lists = f"/dashboard/{plan.slug}/units/?org={unit.code}&period={period.id}"
            # As htmx asks for them (its header): a fragment of the dashboard.
            assert client.get(lists, HTTP_HX_REQUEST="true").status_code == 200, lists
            fragment = timed(lambda lists=lists: client.get(lists, HTTP_HX_REQUEST="true"), repeat)
            report(f"  {label}: its lists of units (htmx)", ms(fragment))


def bench_command(repeat: int) -> None:
    from django.core.management import call_command

    from plans.models import Plan
    from plans.periods import Period
    from reports.compliance.engine import collect_tallies, periods_with_values
    from unions.models import Organization

    def run():
        call_command("compliance", plan="national-130", org="VGCL", period="2025", format="json", stdout=io.StringIO())

    ours = timed(run, max(3, repeat // 3), warm=1)
    plan = Plan.objects.select_related("issuer").get(slug="national-130")
    period = Period.parse("2025")
    vgcl = Organization.objects.get(code="VGCL")
    direct = captured(
        lambda: collect_tallies(
            plan=plan,
            organization=vgcl,
            periods=[period],
            values_for=periods_with_values(plan, [period]),
            by_child=False,
        )
    )
    floor = timed(raw_timer(direct, server_planner=True), 3, warm=1)
    report(
        "compliance command (VGCL, json)",
        ms(ours),
        f"raw aggregate p50 {floor['p50']:.1f} ms",
        f"{ours['p50'] / floor['p50']:.2f}x",
    )


# --- filing under concurrency ---------------------------------------------------------------------


def prepare_officers(count: int) -> list[tuple[str, str, str]]:
    """`count` grassroots units with no 2025 report on national-130, each with its own officer and a
    signed-in session: (unit code, session key, CSRF token)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from plans.models import Plan
    from reports.models import Report
    from unions.models import Membership, Organization, Role

    plan = Plan.objects.get(slug="national-130")
    taken = Report.objects.filter(plan=plan, period="2025").values("organization_id")
    units = list(
        Organization.objects.filter(kind="grassroots", closed_on__isnull=True, opened_on__isnull=True)
        .exclude(pk__in=taken)
        .order_by("?")[:count]
    )
    User = get_user_model()
    password = make_password(secrets.token_urlsafe(12))
    stamp = secrets.token_hex(3)
    users = User.objects.bulk_create(
        [User(username=f"bench-{stamp}-{unit.code}"[:150], password=password) for unit in units]
    )
    Membership.objects.bulk_create(
        [Membership(user=user, organization=unit, role=Role.OFFICER) for user, unit in zip(users, units, strict=True)]
    )
    return [(unit.code, signed_in(user), secrets.token_hex(16)) for user, unit in zip(users, units, strict=True)]


def signed_in(user) -> str:
    """A session key of `user`, signed in now, as the login page would leave it: in the configured
    session store (with CACHE_URL, in the shared cache as well as the database)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store["auth_started_at"] = store["last_seen_at"] = int(time.time())
    store.create()
    return store.session_key


FIGURES = {
    "value-rating": "good",
    "value-party_members": "40",
    "value-party_members_good": "38",
    "value-party_members_failed": "0",
    "value-introduced_to_party": "2",
    "value-civil_servant_members": "10",
    "value-civil_servant_members_standard": "10",
    "value-members": "120",
    "value-members_trained": "90",
    "results": "Đã triển khai kế hoạch.",
}


def start_gunicorn(database_url: str, port: int, workers: int, threads: int = 1, log=subprocess.PIPE):
    """gunicorn on 127.0.0.1:port, once it answers. `log`: where its stderr goes (a file for long runs,
    so that a full pipe never stalls it)."""
    env = {**os.environ, **BENCH_ENV, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--threads", str(threads), "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log,
    )  # fmt: skip
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=10)
            return process
        except OSError:  # refused while it binds, or slow while the first worker imports Django
            if process.poll() is not None:
                break
            time.sleep(0.5)
    process.kill()
    raise RuntimeError(
        "gunicorn did not start" + (": " + process.stderr.read().decode()[-2000:] if process.stderr else "")
    )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def file_reports(port: int, sessions: list[tuple[str, str, str]], clients: int) -> dict:
    opener = urllib.request.build_opener(_NoRedirect())
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def work(share):
        for code, session, csrf in share:
            body = urllib.parse.urlencode(
                {**FIGURES, "version": "0", "action": "submit", "csrfmiddlewaretoken": csrf}
            ).encode()
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/reports/national-130/{code}/2025/edit/",
                data=body,
                headers={
                    "Cookie": f"sessionid={session}; csrftoken={csrf}",
                    "Referer": f"http://127.0.0.1:{port}/",
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )
            started = time.perf_counter()
            try:
                status = opener.open(request, timeout=30).status
            except urllib.error.HTTPError as exc:
                status = exc.code
            except Exception as exc:
                status = repr(exc)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if status != 302:
                    errors.append(f"{code}: {status}")

    shares = [sessions[index::clients] for index in range(clients)]
    threads = [threading.Thread(target=work, args=(share,)) for share in shares]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    return {**stats(latencies), "seconds": seconds, "errors": errors, "throughput": len(latencies) / seconds}


def _insert_sql(model, given: dict) -> tuple[str, list, list[str]]:
    """A raw INSERT of one row of the model: the given columns, every other column its default (auto
    dates: now). Returns the SQL, the parameters and the column names (to change one per row)."""
    import datetime

    from django.db import connection

    now = datetime.datetime.now(datetime.UTC)
    columns, params = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.attname in given:
            value = given[field.attname]
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        else:
            value = field.get_db_prep_save(field.get_default(), connection)
        columns.append(field.column)
        params.append(value)
    sql = f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    return sql, params, columns


def _row(params: list, columns: list[str], **changes) -> list:
    row = list(params)
    for column, value in changes.items():
        row[columns.index(column)] = value
    return row


def raw_filing_floor(count: int, clients: int) -> dict:
    """The same rows (a report, its nine values, two history events) written with raw SQL by 8 threads,
    one transaction a filing (rolled back, to leave the data as it was)."""
    import datetime

    import psycopg2
    from django.db import connection

    from plans.models import Indicator, Plan
    from reports.models import Report, ReportEvent, ReportValue
    from unions.models import Organization

    plan = Plan.objects.get(slug="national-130")
    indicators = list(Indicator.objects.filter(plan=plan, reporting_kinds=["grassroots"]).values_list("pk", flat=True))
    units = list(Organization.objects.filter(kind="grassroots").values_list("pk", flat=True)[:count])
    now = datetime.datetime.now(datetime.UTC)
    report_sql, report_params, report_columns = _insert_sql(
        Report, {"plan_id": plan.pk, "period": "BENCH", "status": "submitted", "organization_id": 0,
                 "created_at": now, "submitted_at": now, "first_submitted_at": now}
    )  # fmt: skip
    report_sql += " RETURNING id"
    organization_index = report_columns.index("organization_id")
    value_sql, value_params, value_columns = _insert_sql(
        ReportValue, {"report_id": 0, "indicator_id": 0, "number": 1, "choice": ""}
    )
    event_sql, event_params, event_columns = _insert_sql(
        ReportEvent, {"report_id": 0, "action": "submitted", "to_status": "submitted", "at": now, "changes": "{}"}
    )
    settings = connection.settings_dict
    latencies, lock = [], threading.Lock()

    def work(share):
        db = psycopg2.connect(host=settings["HOST"], port=settings["PORT"] or 5432, user=settings["USER"],
                              password=settings["PASSWORD"], dbname=settings["NAME"])  # fmt: skip
        cursor = db.cursor()
        for unit in share:
            started = time.perf_counter()
            params = list(report_params)
            params[organization_index] = unit
            cursor.execute(report_sql, params)
            report_id = cursor.fetchone()[0]
            cursor.executemany(value_sql, [_row(value_params, value_columns, report_id=report_id, indicator_id=i)
                                           for i in indicators])  # fmt: skip
            cursor.executemany(event_sql, [_row(event_params, event_columns, report_id=report_id)] * 2)
            db.rollback()
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)
        db.close()

    shares = [units[index::clients] for index in range(clients)]
    threads = [threading.Thread(target=work, args=(share,)) for share in shares]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    return {**stats(latencies), "throughput": len(latencies) / seconds}


def bench_filing(database_url: str, filings: int, clients: int, workers: int) -> None:
    from reports.models import Report, ReportEvent

    sessions = prepare_officers(filings)
    port = 8400 + secrets.randbelow(400)
    server = start_gunicorn(database_url, port, workers)
    try:
        result = file_reports(port, sessions, clients)
    finally:
        server.terminate()
        server.wait(timeout=30)
    codes = [code for code, _session, _csrf in sessions]
    filed = Report.objects.filter(plan__slug="national-130", period="2025", organization__code__in=codes)
    submitted = filed.filter(status="submitted").count()
    events = ReportEvent.objects.filter(report__in=filed, action="submitted").count()
    floor = raw_filing_floor(min(filings, 2000), clients)
    report(
        f"report filing, {clients} clients, {workers} workers",
        f"{result['throughput']:.0f}/s, {ms(result)}, {len(result['errors'])} errors",
        f"raw SQL {floor['throughput']:.0f}/s, p50 {floor['p50']:.1f} ms",
        f"{floor['throughput'] / result['throughput']:.1f}x slower than raw",
    )
    report(
        "  every filed report in the database, once",
        f"{filed.count()} reports for {len(codes)} filings, {submitted} submitted, {events} submit events",
    )
    if result["errors"]:
        print("  first errors:", result["errors"][:5])


# --- import and export ----------------------------------------------------------------------------


def bench_import(rows: int, with_peer: bool) -> None:
    from django.conf import settings
    from django.db import connection, transaction
    from openpyxl import Workbook

    from plans.models import Plan
    from reports.models import Report
    from unions.models import Organization

    plan = Plan.objects.get(slug="national-130")
    taken = Report.objects.filter(plan=plan, period="2025").values("organization_id")
    open_units = Organization.objects.filter(kind="grassroots", closed_on__isnull=True, opened_on__isnull=True)
    codes = list(open_units.exclude(pk__in=taken).values_list("code", flat=True)[:rows])
    new_reports = len(codes)  # units without a 2025 report first; then units with one (figures over stored ones)
    if len(codes) < rows:
        codes += list(open_units.exclude(code__in=codes).values_list("code", flat=True)[: rows - len(codes)])
    if len(codes) < rows:
        print(f"  {len(codes):,} rows: the nation has no more open grassroots units", flush=True)
    rows = len(codes)
    header = ["org_code", "period", *[name.removeprefix("value-") for name in FIGURES if name.startswith("value-")]]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Số liệu")
    sheet.append(header)
    for code in codes:
        sheet.append([code, "2025", "good", 40, 38, 0, 2, 10, 10, 120, 90])
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    folder = Path(tempfile.mkdtemp())
    path = folder / "import.xlsx"
    path.write_bytes(data)

    arguments = [str(path), "--plan", plan.slug]
    if rows > settings.IMPORT_MAX_ROWS:  # one sheet holds at most IMPORT_MAX_ROWS rows (100,000 by default)
        print(f"  IMPORT_MAX_ROWS raised from {settings.IMPORT_MAX_ROWS:,} to {rows:,} for this run", flush=True)
        arguments += ["--max-rows", str(rows)]
    ours = run_fresh(str(ROOT / "bench/import_rolled_back.py"), arguments, dict(os.environ))
    values = int(ours["stdout"].split("VALUES")[1])
    path.unlink()
    folder.rmdir()

    def raw():
        """The same number of value rows copied (COPY, as the import writes them) into a scratch table."""
        lines = "".join(f"{n}\t{n % 12}\t1\t\n" for n in range(values))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE bench_values (report_id bigint, indicator_id bigint, number numeric, choice text)"
            )
            cursor.copy_expert("COPY bench_values FROM STDIN", io.StringIO(lines))
            transaction.set_rollback(True)

    floor_seconds = timed(raw, 1, warm=0)["p50"] / 1000
    report(
        f"import of {rows} rows ({new_reports} new reports; fresh process)",
        f"{ours['seconds']:.1f} s ({ours['cpu']:.1f} s CPU), peak RSS {ours['peak_mb']:.0f} MB",
        f"COPY of its {values} values {floor_seconds:.1f} s",
        f"{ours['seconds'] / floor_seconds:.1f}x",
    )
    if with_peer:
        bench_import_peer(plan, codes, data)


def bench_import_peer(plan, codes: list[str], data: bytes) -> None:
    """django-import-export's default path: a ModelResource for Report and one for ReportValue, row by
    row, as a Django developer would first write it (all or nothing with use_transactions)."""
    import tablib
    from django.db import transaction
    from import_export import fields, resources, widgets

    from plans.models import Indicator
    from reports.models import Report, ReportValue
    from unions.models import Organization

    class ReportResource(resources.ModelResource):
        organization = fields.Field(attribute="organization", column_name="org_code",
                                    widget=widgets.ForeignKeyWidget(Organization, "code"))  # fmt: skip

        class Meta:
            model = Report
            fields = ("organization", "plan", "period", "status")
            import_id_fields = ("organization", "plan", "period")

    class ValueResource(resources.ModelResource):
        class Meta:
            model = ReportValue
            fields = ("report", "indicator", "number", "choice")
            import_id_fields = ("report", "indicator")

    indicators = {i.code: i.pk for i in Indicator.objects.filter(plan=plan)}
    codes_in_file = [name.removeprefix("value-") for name in FIGURES if name.startswith("value-")]
    figures = ["good", 40, 38, 0, 2, 10, 10, 120, 90]

    def peer():
        with transaction.atomic():
            reports = tablib.Dataset(headers=["org_code", "plan", "period", "status"])
            for code in codes:
                reports.append([code, plan.pk, "2025", "submitted"])
            result = ReportResource().import_data(reports, dry_run=False, use_transactions=True, raise_errors=True)
            ids = dict(
                Report.objects.filter(plan=plan, period="2025", organization__code__in=codes).values_list(
                    "organization__code", "pk"
                )
            )
            values = tablib.Dataset(headers=["report", "indicator", "number", "choice"])
            for code in codes:
                for name, figure in zip(codes_in_file, figures, strict=True):
                    number, choice = (None, figure) if isinstance(figure, str) else (figure, "")
                    values.append([ids[code], indicators[name], number, choice])
            ValueResource().import_data(values, dry_run=False, use_transactions=True, raise_errors=True)
            transaction.set_rollback(True)
        return result

    seconds, growth, _result = timed_once(peer)  # row by row, slow: run once, not traced
    ours = next(row for row in RESULTS if row[0].startswith("import of"))
    our_seconds = float(ours[1].split(" s")[0])
    report(
        "  peer: django-import-export default import",
        f"{seconds:.1f} s, peak RSS grew {growth:.0f} MB",
        "",
        f"ours is {seconds / our_seconds:.1f}x faster",
    )


def bench_export(with_peer: bool, timeout: float) -> None:
    """`manage.py export_summary` of the national subtree in a fresh process (time, CPU, peak RSS), beside
    the raw fetch of the values it exports, and beside django-import-export's default export of them."""
    from django.db import connection

    from reports.models import ReportValue

    folder = Path(tempfile.mkdtemp())
    question = ["--plan", "national-130", "--org", "VGCL", "--period", "2025"]
    ours = run_fresh(
        str(ROOT / "manage.py"), ["export_summary", *question, "-o", str(folder / "ours.xlsx")], dict(os.environ)
    )
    rows = ReportValue.objects.filter(
        report__plan__slug="national-130", report__period="2025", report__status__in=["submitted", "approved"]
    )

    def raw():
        with connection.cursor() as cursor:
            sql, params = rows.values_list(
                "report__organization__code", "indicator__code", "number", "choice"
            ).query.sql_with_params()
            cursor.execute(sql, params)
            while cursor.fetchmany(5000):
                pass

    floor = timed(raw, 1, warm=0)["p50"] / 1000
    report(
        "summary export (VGCL, 2025; fresh process)",
        f"{ours['seconds']:.1f} s ({ours['cpu']:.1f} s CPU), peak RSS {ours['peak_mb']:.0f} MB, "
        f"{(folder / 'ours.xlsx').stat().st_size / 2**20:.1f} MB file",
        f"raw fetch of the values {floor:.1f} s",
        f"{ours['seconds'] / floor:.1f}x",
    )
    if with_peer:
        peer = run_fresh(str(ROOT / "bench/peer_export.py"), [str(folder / "peer.xlsx")], dict(os.environ), timeout)
        if peer["timed_out"]:  # it reads each row's unit code with a query of its own: hours at this size
            report("  peer: django-import-export default export", f"not done after {timeout:.0f} s: stopped", "",
                   f"ours is more than {timeout / ours['seconds']:.0f}x faster")  # fmt: skip
        else:
            report(
                "  peer: django-import-export default export",
                f"{peer['seconds']:.1f} s ({peer['cpu']:.1f} s CPU), peak RSS {peer['peak_mb']:.0f} MB",
                "",
                f"ours is {peer['seconds'] / ours['seconds']:.1f}x faster, "
                f"{peer['peak_mb'] / ours['peak_mb']:.1f}x less memory",
            )
    for file in folder.iterdir():
        file.unlink()
    folder.rmdir()


# --- SQLite demo ----------------------------------------------------------------------------------


def bench_sqlite_demo(repeat: int) -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    for slug, code in (("binhdinh-130", "BD"), ("hcm-edu-1712", "HCM-GD")):
        url = f"/dashboard/{slug}/?org={code}"
        assert client.get(url).status_code == 200
        report(f"SQLite demo dashboard ({slug} at {code})", ms(timed(lambda url=url: client.get(url), repeat)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--filings", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--import-rows", type=int, default=20000)
    parser.add_argument("--skip", default="", help="comma-separated: pages,command,filing,import,export,peer")
    parser.add_argument("--sqlite-demo", action="store_true")
    parser.add_argument("--peer-timeout", type=float, default=600, help="seconds before the peer export is stopped")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    if args.sqlite_demo:
        path = Path(tempfile.mkdtemp()) / "demo.sqlite3"
        setup_django(f"sqlite:///{path}")
        bench_sqlite_demo(args.repeat)
        return
    if not args.database_url.startswith("postgres"):
        sys.exit("Give the PostgreSQL database with the synthetic nation: --database-url or DATABASE_URL.")
    setup_django(args.database_url)
    from plans.models import Plan

    if not Plan.objects.filter(slug="national-130").exists():
        sys.exit("No synthetic nation in this database: run `manage.py generate_national` first (see --help).")
    print(f"{'measure':<44} {'ours':<34} {'floor':<30} ratio")
    if "pages" not in skip:
        bench_pages(args.repeat)
    if "command" not in skip:
        bench_command(args.repeat)
    if "export" not in skip:
        bench_export(with_peer="peer" not in skip, timeout=args.peer_timeout)
    if "import" not in skip:
        bench_import(args.import_rows, with_peer="peer" not in skip)
    if "filing" not in skip:
        bench_filing(args.database_url, args.filings, args.clients, args.workers)


if __name__ == "__main__":
    main()
