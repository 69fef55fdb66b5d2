from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from audit.context import AuditedCommand
from reports.national import NationalSize, generate_national


class Command(AuditedCommand):
    help = (
        "Build a deterministic synthetic national union tree (default: 54 second-level nodes, 3,000 upper "
        "unions, 150,000 grassroots unions) with reports for both seed plans and their national copies. "
        "Use a fresh database (PostgreSQL for the full size)."
    )

    def add_arguments(self, parser):
        defaults = NationalSize()
        parser.add_argument("--second-level", type=int, default=defaults.second_level)
        parser.add_argument("--upper", type=int, default=defaults.upper)
        parser.add_argument("--grassroots", type=int, default=defaults.grassroots)
        parser.add_argument("--seed", type=int, default=defaults.seed)
        parser.add_argument("--no-reports", action="store_true", help="Only the tree.")

    def handle(self, *args, **options):
        size = NationalSize(
            second_level=options["second_level"],
            upper=options["upper"],
            grassroots=options["grassroots"],
            seed=options["seed"],
        )
        if size.second_level < 2 or size.upper < size.second_level or size.grassroots < 1:
            raise CommandError(
                _("Sizes need at least 2 second-level nodes, an upper union for each, and 1 grassroots union.")
            )
        try:
            result = generate_national(size, with_reports=not options["no_reports"], log=self.stdout.write)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(
            _("Done: %(orgs)s organizations, %(reports)s reports, %(values)s values in %(seconds).0f s.")
            % {
                "orgs": result.organizations,
                "reports": result.reports,
                "values": result.values,
                "seconds": result.seconds,
            }
        )
