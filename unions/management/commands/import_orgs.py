"""import_orgs FILE.xlsx [--dry-run]"""

import os

from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from audit.context import AuditedCommand
from reports.imports.issues import ImportRejected
from reports.imports.orgs import import_orgs_file
from reports.imports.xlsx import SpreadsheetError


class Command(AuditedCommand):
    help = (
        "Create or update union organizations from an xlsx file (first sheet: code, name, kind, parent_code, "
        "optionally opened_on, closed_on). All or nothing: a file with any bad row changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx workbook")
        parser.add_argument("--dry-run", action="store_true", help="check the file and say what would change")
        parser.add_argument("--language", choices=["vi", "en"], help="language of the messages (default: vi)")

    def handle(self, *args, **options):
        with translation.override(options["language"] or translation.get_language()):
            return self.run(options)

    def run(self, options):
        path = options["file"]
        if not os.path.isfile(path):
            raise CommandError(_("There is no file %(path)s.") % {"path": path})
        try:
            result = import_orgs_file(path, dry_run=options["dry_run"])
        except SpreadsheetError as exc:
            raise CommandError(exc.messages[0]) from None
        except ImportRejected as exc:
            for issue in exc.issues:
                self.stderr.write(str(issue))
            raise CommandError(_("Nothing was imported.")) from None
        for notice in result.notices:
            self.stdout.write(notice)
        if result.issues:
            for issue in result.issues:
                self.stderr.write(str(issue))
            raise CommandError(_("The file has problems; importing it would change nothing."))
        summary = _(
            "%(rows)s rows: %(created)s units created, %(updated)s updated (%(moved)s moved), %(unchanged)s unchanged."
        ) % {
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "moved": result.moved,
            "unchanged": result.unchanged,
        }
        if options["dry_run"]:
            self.stdout.write(_("Dry run, nothing written. %(summary)s") % {"summary": summary})
        else:
            self.stdout.write(self.style.SUCCESS(_("Imported. %(summary)s") % {"summary": summary}))
