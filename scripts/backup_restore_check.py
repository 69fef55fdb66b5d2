"""Back up the portal's PostgreSQL database and prove the backup restores.

Dumps the database DATABASE_URL names with pg_dump (custom format), restores the dump into a
fresh scratch database with pg_restore, and compares the two: the row count of every table and
a checksum of every report value (and of every report's status and version). The source side is
counted in the very snapshot pg_dump copies (an exported snapshot), so the comparison is exact
even while the portal is in use. Exits 0 when they agree, 1 on any difference, 2 when a step fails.
The scratch database is dropped afterwards (unless --keep-scratch). Run from the project root:

    DATABASE_URL=postgres://user:password@host:5432/chitieu .venv/bin/python scripts/backup_restore_check.py \\
        --dump /var/backups/chitieu/chitieu-$(date +%F).dump

Without --dump the dump goes to a temporary file and is deleted. The database user needs the
CREATEDB privilege (for the scratch database); pg_dump and pg_restore must be on the PATH and not
older than the server.
"""

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import dj_database_url
import psycopg2
from psycopg2 import sql

CHECKSUMS = {
    # name: (table, columns in a stable order, order by)
    "report values": ("reports_reportvalue", ["report_id", "indicator_id", "number", "choice"], "id"),
    "reports": ("reports_report", ["organization_id", "plan_id", "period", "status", "version"], "id"),
}


class CheckFailed(Exception):
    """A step (dump, create, restore) failed; the message says which."""


def connection_settings(url: str) -> dict:
    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        raise CheckFailed(f"DATABASE_URL must name a PostgreSQL database (postgres://...); got {config['ENGINE']}.")
    return {
        "dbname": config["NAME"],
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "host": config.get("HOST") or None,
        "port": str(config["PORT"]) if config.get("PORT") else None,
    }


def connect(params: dict, dbname: str | None = None):
    options = {key: value for key, value in params.items() if value is not None}
    if dbname is not None:
        options["dbname"] = dbname
    return psycopg2.connect(**options)


def client_args(params: dict) -> tuple[list[str], dict]:
    """Command-line arguments and environment for pg_dump / pg_restore (the password goes in PGPASSWORD)."""
    args = []
    for flag, key in (("--host", "host"), ("--port", "port"), ("--username", "user")):
        if params.get(key):
            args += [flag, params[key]]
    env = dict(os.environ)
    if params.get("password"):
        env["PGPASSWORD"] = params["password"]
    return args, env


def run(command: list[str], env: dict, what: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise CheckFailed(f"{what} failed ({' '.join(command[:1])} exit {done.returncode}):\n{done.stderr.strip()}")


def measure(cursor) -> dict[str, object]:
    """Row counts of every table in the public schema, and the checksums."""
    cursor.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
    )
    tables = [name for (name,) in cursor.fetchall()]
    result: dict[str, object] = {}
    for table in tables:
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        result[f"rows in {table}"] = cursor.fetchone()[0]
    for name, (table, columns, order) in CHECKSUMS.items():
        if table not in tables:
            continue
        row = sql.SQL("concat_ws('|', {})").format(
            sql.SQL(", ").join(sql.SQL("{}::text").format(sql.Identifier(column)) for column in columns)
        )
        cursor.execute(
            sql.SQL("SELECT md5(coalesce(string_agg({row}, E'\\n' ORDER BY {order}), '')) FROM {table}").format(
                row=row, order=sql.Identifier(order), table=sql.Identifier(table)
            )
        )
        result[f"checksum of {name}"] = cursor.fetchone()[0]
    return result


def differences(source: dict, restored: dict) -> list[str]:
    problems = []
    for key in sorted(set(source) | set(restored)):
        if source.get(key) != restored.get(key):
            problems.append(f"{key}: database {source.get(key, 'missing')}, restored {restored.get(key, 'missing')}")
    return problems


def restore(dump: Path, scratch: str, params: dict) -> None:
    args, env = client_args(params)
    run(
        ["pg_restore", *args, "--dbname", scratch, "--no-owner", "--no-privileges", "--exit-on-error", str(dump)],
        env,
        "pg_restore",
    )


def check(url: str, dump: Path, *, keep_scratch: bool = False, after_restore: Callable | None = None) -> list[str]:
    """Dump, restore into a scratch database, compare; return the differences (empty: the backup is good)."""
    params = connection_settings(url)
    args, env = client_args(params)
    scratch = f"{params['dbname'][:40]}_restorecheck_{secrets.token_hex(4)}"
    with closing(connect(params)) as source:
        source.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with source.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            # pg_dump copies exactly what this transaction sees; it stays open until both are done.
            run(
                ["pg_dump", *args, "--format=custom", "--snapshot", snapshot, "--file", str(dump), params["dbname"]],
                env,
                "pg_dump",
            )
            before = measure(cursor)
        source.rollback()
    admin = connect(params, "postgres")
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(scratch)))
        try:
            restore(dump, scratch, params)
            if after_restore is not None:
                after_restore(scratch, params)
            with closing(connect(params, scratch)) as restored, restored.cursor() as cursor:
                after = measure(cursor)
        finally:
            if not keep_scratch:
                with admin.cursor() as cursor:
                    cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(scratch)))
    finally:
        admin.close()
    print(f"Compared {len(before)} figures between {params['dbname']} and its restored copy {scratch}.")
    for key, value in before.items():
        print(f"  {key}: {value}")
    return differences(before, after)


def main(argv: list[str] | None = None, *, after_restore: Callable | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--dump", type=Path, help="where to keep the dump (default: a temporary file, deleted)")
    parser.add_argument("--keep-scratch", action="store_true", help="leave the restored scratch database in place")
    options = parser.parse_args(argv)
    if not options.database_url:
        print("Set DATABASE_URL (or --database-url) to the PostgreSQL database to back up.", file=sys.stderr)
        return 2
    try:
        if options.dump:
            problems = check(
                options.database_url, options.dump, keep_scratch=options.keep_scratch, after_restore=after_restore
            )
        else:
            with tempfile.TemporaryDirectory() as folder:
                problems = check(
                    options.database_url,
                    Path(folder) / "backup.dump",
                    keep_scratch=options.keep_scratch,
                    after_restore=after_restore,
                )
    except (CheckFailed, psycopg2.Error, OSError) as exc:
        print(f"Backup check failed: {exc}", file=sys.stderr)
        return 2
    if problems:
        print("The restored copy differs from the database:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print("OK: the backup restores to the same rows and the same report values.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
