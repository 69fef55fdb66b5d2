"""export_summary --plan SLUG --org CODE --period PERIOD -o FILE.xlsx (DESIGN §5)."""

import os
import tempfile

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from audit.context import AuditedCommand
from plans.models import Plan
from plans.periods import Period
from reports.compliance import validate_question
from reports.exports.summary import write_summary
from unions.models import Organization


class Command(AuditedCommand):
    help = (
        "Write the summary workbook of a plan for an organization's subtree and a period: the targets, one sheet "
        "per target by child unit, the units that have not reported, and every reporting unit's figures."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="The plan's short name, e.g. binhdinh-130.")
        parser.add_argument("--org", required=True, help="The organization's code, e.g. BD-QN.")
        parser.add_argument("--period", required=True, help="2024 for the year, 2024S1 for its first half.")
        parser.add_argument("-o", "--output", required=True, help="The .xlsx file to write (replaced if it exists).")
        parser.add_argument("--language", choices=["vi", "en"], help="Language of the workbook (default: vi).")

    def handle(self, *args, **options):
        with translation.override(options["language"] or translation.get_language()):
            return self.run(options)

    def run(self, options):
        plan = Plan.objects.select_related("issuer").filter(slug=options["plan"]).first()
        if plan is None:
            raise CommandError(_("There is no plan “%(slug)s”.") % {"slug": options["plan"]})
        organization = Organization.objects.filter(code=options["org"]).first()
        if organization is None:
            raise CommandError(_("There is no organization with code “%(code)s”.") % {"code": options["org"]})
        try:
            period = Period.parse(options["period"])
            validate_question(plan=plan, organization=organization, period=period)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        path = os.path.abspath(options["output"])
        directory = self.check_output(path)

        # Written beside the target and renamed at the end: a failure never leaves half a workbook.
        try:
            handle, partial = tempfile.mkstemp(dir=directory, prefix=".export-", suffix=".xlsx.part")
        except OSError as exc:
            raise CommandError(_("Cannot write %(path)s: %(error)s") % {"path": path, "error": exc.strerror}) from None
        try:
            with os.fdopen(handle, "wb") as out:
                result = write_summary(plan=plan, organization=organization, period=period, out=out)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(partial, 0o666 & ~umask)
            os.replace(partial, path)
        except OSError as exc:
            raise CommandError(_("Cannot write %(path)s: %(error)s") % {"path": path, "error": exc.strerror}) from None
        finally:
            if os.path.exists(partial):
                os.unlink(partial)
        compliance = result.compliance
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Wrote %(path)s: %(targets)s targets (%(met)s met), %(reported)s units reported, "
                    "%(missing)s not reported."
                )
                % {
                    "path": path,
                    "targets": len(compliance.targets),
                    "met": compliance.met,
                    "reported": result.reported_rows,
                    "missing": result.not_reported_rows,
                }
            )
        )

    def check_output(self, path: str) -> str:
        """The directory to write in, or a clear error before any work is done."""
        if os.path.isdir(path):
            raise CommandError(_("%(path)s is a folder; give a file name ending in .xlsx.") % {"path": path})
        if not path.lower().endswith(".xlsx"):
            raise CommandError(_("The output file must end in .xlsx: %(path)s") % {"path": path})
        directory = os.path.dirname(path)
        if not os.path.isdir(directory):
            raise CommandError(_("The folder %(folder)s does not exist.") % {"folder": directory})
        if not os.access(directory, os.W_OK | os.X_OK) or (os.path.exists(path) and not os.access(path, os.W_OK)):
            raise CommandError(_("Cannot write %(path)s: permission denied.") % {"path": path})
        return directory
