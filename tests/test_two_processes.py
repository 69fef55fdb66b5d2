"""Two stateless app processes (gunicorn) in front of one PostgreSQL: officers file through both at once,
each unit's form posted to both, and every report is in the database once, submitted once."""

import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

from plans.services import seed_plans
from reports.models import Report, ReportEvent
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.reporting import COMPLETE_2025, form_data
from unions.models import Organization

ROOT = Path(__file__).resolve().parent.parent
UNITS = 24


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def app_environment(static_root: Path) -> dict:
    database = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
        f"{database['PORT'] or 5432}/{database['NAME']}",
        "DEBUG": "0",
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "REPORT_ENTRY_GRACE_DAYS": "100000",  # the 2025 window is long closed by the machine's clock
        "LOG_LEVEL": "WARNING",
        "STATIC_ROOT": str(static_root),
    }


def collect_static(env: dict) -> None:
    """What a deployment does once: with DEBUG off the app serves hashed static files from STATIC_ROOT."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )


def start_app(port: int, env: dict) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=10)
            return process
        except OSError:  # refused while it binds, or a read timeout while the first worker imports Django
            if process.poll() is not None:
                break
            time.sleep(0.3)
    process.kill()
    raise AssertionError("gunicorn did not start: " + process.stderr.read().decode()[-3000:])


def signed_in(user) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store["auth_started_at"] = store["last_seen_at"] = int(time.time())
    store.create()
    return store.session_key


class _Stay(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post(port: int, path: str, data: dict, session: str) -> int:
    token = secrets.token_hex(16)
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode(),
        headers={"Cookie": f"sessionid={session}; csrftoken={token}", "Referer": f"http://127.0.0.1:{port}/"},
    )
    try:
        return urllib.request.build_opener(_Stay()).open(request, timeout=60).status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.django_db(transaction=True)
def test_two_app_processes_on_one_postgresql_file_every_report_once(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs a PostgreSQL database that both app processes share (CI runs the suite on one)")
    seed_plans()
    district = OrganizationFactory(code="BD-TWO", kind="district", parent=Organization.objects.get(code="BD"))
    filings = []
    for number in range(UNITS):
        unit = OrganizationFactory(code=f"BD-TWO-{number:02d}", parent=district)
        officer = UserFactory(username=f"two-{number:02d}")
        MembershipFactory(user=officer, organization=unit, role="officer")
        filings.append((unit.code, signed_in(officer)))
    env = app_environment(tmp_path / "static")
    collect_static(env)
    ports = [free_port(), free_port()]
    apps = [start_app(port, env) for port in ports]
    statuses: list[int] = []
    lock = threading.Lock()

    def file(code: str, session: str, port: int) -> None:
        status = post(
            port, f"/reports/binhdinh-130/{code}/2025/edit/", form_data(0, COMPLETE_2025, action="submit"), session
        )
        with lock:
            statuses.append(status)

    try:
        # Every unit's form is posted to both processes at once, as from two tabs on two servers.
        threads = [
            threading.Thread(target=file, args=(code, session, port)) for code, session in filings for port in ports
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        for app in apps:
            app.terminate()
        for app in apps:
            app.wait(timeout=30)

    assert len(statuses) == 2 * UNITS
    assert all(status in (302, 409) for status in statuses), statuses
    assert statuses.count(302) >= UNITS  # each unit filed at least once; a refused twin says so (409)
    reports = Report.objects.filter(plan__slug="binhdinh-130", period="2025", organization__parent=district)
    assert reports.count() == UNITS  # one report a unit, whichever process opened it
    assert set(reports.values_list("status", flat=True)) == {"submitted"}
    for report in reports:
        assert ReportEvent.objects.filter(report=report, action="submitted").count() == 1, report
        assert ReportEvent.objects.filter(report=report, action="created").count() == 1, report
