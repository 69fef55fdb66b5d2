"""Faults: the database connection dropped in the middle of an import, and a backup that must restore.

On PostgreSQL the importing connection is really killed (pg_terminate_backend from a second
connection) after the import has written its reports and values and before it writes their history;
on SQLite, where there is no server to kill, the same point raises the OperationalError a dropped
connection raises. Either way the user gets a message rather than an error page, nothing of the
import is left in the database, and confirming again imports the file.
"""

import datetime
import importlib.util
import subprocess
import sys
import time
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.db import OperationalError, connection, connections

import reports.imports.values as values_module
from reports.models import Report, ReportEvent, ReportValue, StagedImport
from tests.spreadsheets import xlsx
from tests.test_import_pages import confirm, preview_of, upload
from tests.test_import_values import FIGURES, HEADER, row, snapshot

ROOT = Path(__file__).resolve().parent.parent
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="pg_dump and pg_restore back up PostgreSQL (set DATABASE_URL=postgres://...)",
)


@pytest.fixture
def before_due():
    with time_machine.travel(datetime.datetime(2025, 12, 1, 9, tzinfo=datetime.UTC), tick=False):
        yield


def test_the_database_connection_is_checked_before_each_request_reuses_it():
    """A connection the server dropped between requests (a restart, a failover) is replaced, not used."""
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def _drop_connection() -> None:
    """Kill this thread's database connection from another one, as a server restart would; wait until it is gone."""
    if connection.vendor != "postgresql":
        raise OperationalError("server closed the connection unexpectedly")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            assert cursor.fetchone()[0] is True
            for _ in range(100):
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
                if cursor.fetchone()[0] == 0:
                    break
                time.sleep(0.05)
    finally:
        other.close()


@pytest.mark.django_db(transaction=True)
def test_a_connection_dropped_mid_import_leaves_nothing_and_confirming_again_imports(
    world, before_due, client, monkeypatch
):
    client.force_login(world.federation_reviewer)
    page = preview_of(client, upload(client, xlsx([HEADER, row("BD-D1-G1"), row("BD-D1-G2"), row("BD-D2-G1")])))
    before = snapshot()
    real_insert = values_module.insert_dicts
    written = {}

    def insert_then_fail(model, rows):
        if model is ReportEvent and not written:
            # Reports and values are written (in the import's transaction); the history is next.
            written["reports"] = Report.objects.count()
            written["values"] = ReportValue.objects.count()
            _drop_connection()
        return real_insert(model, rows)

    monkeypatch.setattr(values_module, "insert_dicts", insert_then_fail)

    response = confirm(client, page)

    assert response.status_code == 200
    assert written == {"reports": 3, "values": 3 * len(FIGURES)}  # the fault came mid-way
    assert "Hệ thống không thể hoàn tất việc nhập" in response.content.decode()
    assert "chưa có gì được nhập" in response.content.decode()
    assert snapshot() == before  # nothing partial: no report, value or event of the import
    assert StagedImport.objects.get().confirmed_at is None  # the claim was undone with the rest

    monkeypatch.setattr(values_module, "insert_dicts", real_insert)
    retried = confirm(client, response)  # the user confirms again from the page the message is on
    assert "Đã nhập: 3 báo cáo mới, 0 báo cáo được cập nhật." in retried.content.decode()
    assert Report.objects.count() == 3 and ReportValue.objects.count() == 3 * len(FIGURES)
    assert ReportEvent.objects.filter(action="imported").count() == 3


# --- backup and restore ---------------------------------------------------------------------------


def _script():
    spec = importlib.util.spec_from_file_location("backup_restore_check", ROOT / "scripts" / "backup_restore_check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _database_url() -> str:
    database = connection.settings_dict
    return (
        f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )


def _scratch_databases() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", ["%_restorecheck_%"])
        return [name for (name,) in cursor.fetchall()]


def _filed_reports(world):
    from reports.imports.values import import_values_file

    content = xlsx([HEADER, row("BD-D1-G1"), row("BD-D1-G2", members="150"), row("BD-D2-G1")])
    import_values_file(content, plan=world.bd_plan, by=None, file_name="a.xlsx")


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_backup_restores_to_the_same_rows_and_values(world, before_due, tmp_path):
    _filed_reports(world)
    dump = tmp_path / "chitieu.dump"
    done = subprocess.run(
        [sys.executable, "scripts/backup_restore_check.py", "--dump", str(dump)],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": _database_url()},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "OK: the backup restores to the same rows and the same report values." in done.stdout
    assert f"rows in reports_reportvalue: {3 * len(FIGURES)}" in done.stdout
    assert "rows in reports_report: 3" in done.stdout
    assert "checksum of report values:" in done.stdout
    assert dump.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    assert _scratch_databases() == []


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_restore_that_lost_or_changed_a_value_is_reported_and_fails(world, before_due, capsys):
    _filed_reports(world)
    script = _script()

    def damage(scratch, params):
        with script.connect(params, scratch) as restored, restored.cursor() as cursor:
            cursor.execute(
                "UPDATE reports_reportvalue SET number = number + 1 "
                "WHERE id = (SELECT min(id) FROM reports_reportvalue WHERE number IS NOT NULL)"
            )
            cursor.execute("DELETE FROM reports_reportevent WHERE id = (SELECT max(id) FROM reports_reportevent)")
        restored.close()

    code = script.main(["--database-url", _database_url()], after_restore=damage)

    assert code == 1
    err = capsys.readouterr().err
    assert "The restored copy differs from the database:" in err
    assert "checksum of report values:" in err
    events = ReportEvent.objects.count()
    assert f"rows in reports_reportevent: database {events}, restored {events - 1}" in err
    assert "rows in reports_reportvalue" not in err  # counts equal: only the checksum saw the change
    assert _scratch_databases() == []


def test_the_backup_check_refuses_a_database_that_is_not_postgresql(capsys):
    assert _script().main(["--database-url", "sqlite:///tmp/x.sqlite3"]) == 2
    assert "must name a PostgreSQL database" in capsys.readouterr().err
