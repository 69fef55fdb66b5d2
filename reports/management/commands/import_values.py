"""import_values FILE.xlsx --plan SLUG [--dry-run] [--status draft|submitted|approved] [--force]"""

import os

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from audit.context import AuditedCommand
from plans.models import Plan
from reports.imports.issues import ImportRejected
from reports.imports.values import IMPORT_STATUSES, import_values_file
from reports.imports.xlsx import SpreadsheetError


class Command(AuditedCommand):
    help = (
        "Import report values from an xlsx file (first sheet: org_code, period, then one column per indicator "
        "code). All or nothing: a file with any bad row changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx workbook")
        parser.add_argument("--plan", required=True, help="the plan's short name (slug), e.g. binhdinh-130")
        parser.add_argument("--dry-run", action="store_true", help="check the file and say what would change")
        parser.add_argument("--status", choices=IMPORT_STATUSES, default="draft", help="status of imported reports")
        parser.add_argument("--force", action="store_true", help="overwrite approved reports (recorded in history)")
        parser.add_argument("--language", choices=["vi", "en"], help="language of the messages (default: vi)")

    def handle(self, *args, **options):
        with translation.override(options["language"] or translation.get_language()):
            return self.run(options)

    def run(self, options):
        plan = Plan.objects.filter(slug=options["plan"]).first()
        if plan is None:
            raise CommandError(_("There is no plan with the short name “%(slug)s”.") % {"slug": options["plan"]})
        path = options["file"]
        if not os.path.isfile(path):
            raise CommandError(_("There is no file %(path)s.") % {"path": path})
        try:
            result = import_values_file(
                path,
                plan=plan,
                by=None,
                status=options["status"],
                force=options["force"],
                dry_run=options["dry_run"],
                file_name=os.path.basename(path),
            )
        except SpreadsheetError as exc:
            raise CommandError(exc.messages[0]) from None
        except ImportRejected as exc:
            self._problems(exc.issues)
            raise CommandError(_("Nothing was imported.")) from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        for notice in result.notices:
            self.stdout.write(notice)
        if result.issues:
            self._problems(result.issues)
            raise CommandError(_("The file has problems; importing it would change nothing."))
        summary = _(
            "%(rows)s rows: %(new)s new reports, %(updated)s reports changed, %(unchanged)s unchanged, "
            "%(skipped)s without figures; figures: %(vnew)s new, %(vchanged)s changed, %(vremoved)s removed."
        ) % {
            "rows": result.rows,
            "new": result.reports_new,
            "updated": result.reports_updated,
            "unchanged": result.unchanged,
            "skipped": result.skipped_empty,
            "vnew": result.values_new,
            "vchanged": result.values_changed,
            "vremoved": result.values_removed,
        }
        if options["dry_run"]:
            self.stdout.write(_("Dry run, nothing written. %(summary)s") % {"summary": summary})
        else:
            self.stdout.write(self.style.SUCCESS(_("Imported. %(summary)s") % {"summary": summary}))

    def _problems(self, issues):
        for issue in issues:
            self.stderr.write(str(issue))
