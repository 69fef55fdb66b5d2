"""Benchmark helper (not a test): import one xlsx file of report values in this process, then roll it back.

    DATABASE_URL=... .venv/bin/python bench/import_rolled_back.py FILE.xlsx --plan national-130 [--max-rows N]

bench/national.py runs it in a fresh process (bench/fresh.py) for the import's wall and CPU time and the
process's peak RSS, without tracemalloc slowing it down. It goes through the service the upload page and
`manage.py import_values` use (all or nothing, the rollups kept in the same transaction), with status
"submitted" and --force, and rolls the transaction back, so the database is as it was. It prints the
number of values it would have written.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--plan", required=True)
    parser.add_argument("--max-rows", type=int, help="raise IMPORT_MAX_ROWS (rows a sheet may hold) for this run")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import transaction

    from plans.models import Plan
    from reports.imports.values import import_values_file

    if args.max_rows:
        settings.IMPORT_MAX_ROWS = max(settings.IMPORT_MAX_ROWS, args.max_rows)
    plan = Plan.objects.get(slug=args.plan)
    with transaction.atomic():
        result = import_values_file(args.file, plan=plan, by=None, status="submitted", force=True)
        transaction.set_rollback(True)
    print("VALUES", sum(len(change.values) for change in result.changes))


if __name__ == "__main__":
    main()
