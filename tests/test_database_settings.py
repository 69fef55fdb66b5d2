"""How the portal's PostgreSQL connections plan queries (settings: PG_SESSION_OPTIONS)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def database_options(**env) -> dict:
    """settings.DATABASES['default']['OPTIONS'] as a fresh process reads them from `env`."""
    environ = {key: value for key, value in os.environ.items() if key != "PG_SESSION_OPTIONS"}
    environ.update({"DEBUG": "1", "DJANGO_SETTINGS_MODULE": "config.settings", **env})
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_postgresql_connections_plan_without_parallel_workers_and_with_cached_index_reads():
    options = database_options(DATABASE_URL="postgres://postgres@127.0.0.1:5432/chitieu")
    assert options["options"] == "-c max_parallel_workers_per_gather=0 -c random_page_cost=1.1"


def test_the_planner_options_can_be_changed_or_left_to_the_server():
    url = "postgres://postgres@127.0.0.1:5432/chitieu"
    assert database_options(DATABASE_URL=url, PG_SESSION_OPTIONS="-c work_mem=64MB")["options"] == "-c work_mem=64MB"
    assert "options" not in database_options(DATABASE_URL=url, PG_SESSION_OPTIONS="")
    # Given in the database address, they win.
    given = database_options(DATABASE_URL=url + "?options=-c%20jit%3Doff")
    assert given["options"] == "-c jit=off"


def test_sqlite_gets_no_postgresql_options():
    assert "options" not in database_options(DATABASE_URL="sqlite:///ignored.sqlite3")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner settings")
def test_the_connection_the_portal_opens_carries_the_options(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"


def test_planner_options_that_are_not_settings_stop_start_up_naming_the_variable():
    environ = {key: value for key, value in os.environ.items() if key != "PG_SESSION_OPTIONS"}
    environ.update(
        DEBUG="1",
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/chitieu",
        PG_SESSION_OPTIONS="random_page_cost=1.1",  # the -c forgotten
    )
    code = "from django.conf import settings; settings.DATABASES"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True)
    assert result.returncode != 0
    assert "PG_SESSION_OPTIONS must be PostgreSQL settings written as -c name=value" in result.stderr


def test_several_planner_settings_are_accepted_as_written():
    url = "postgres://postgres@127.0.0.1:5432/chitieu"
    value = "-c jit=off  -cwork_mem=64MB -c random_page_cost=1.1"
    assert database_options(DATABASE_URL=url, PG_SESSION_OPTIONS=value)["options"] == value
