import json

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from audit.context import AuditedCommand
from plans.formatting import vietnamese_number
from plans.models import Plan
from plans.periods import Period
from reports.compliance import evaluate, validate_question
from unions.models import Organization


class Command(AuditedCommand):
    help = (
        "Print compliance with every target of a plan for an organization's subtree and a period: "
        "a JSON list (DESIGN §5) or a table."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="The plan's short name, e.g. binhdinh-130.")
        parser.add_argument("--org", required=True, help="The organization's code, e.g. BD-QN.")
        parser.add_argument("--period", required=True, help="2024 for the year, 2024S1 for its first half.")
        parser.add_argument("--format", choices=["json", "table"], default="table", help="Default: table.")

    def handle(self, *args, **options):
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

        compliance = evaluate(plan=plan, organization=organization, period=period)
        if options["format"] == "json":
            self.stdout.write(json.dumps(compliance.as_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(self.table(compliance))

    def table(self, compliance) -> str:
        def percent(value):
            return "—" if value is None else f"{vietnamese_number(value, 2, strip=False)}%"

        header = [
            _("Target"),
            _("Value"),
            _("Threshold"),
            _("Status"),
            _("Numerator / denominator"),
            _("Expected"),
            _("Reported"),
            _("On time"),
        ]
        rows = [
            [
                result.target.code,
                percent(result.value),
                f"{result.target.get_comparator_display()} {vietnamese_number(result.target.threshold, 4)}%",
                str(result.status_label),
                f"{vietnamese_number(result.numerator, 4)} / {vietnamese_number(result.denominator, 4)}",
                str(result.expected),
                str(result.reported),
                str(result.on_time),
            ]
            for result in compliance.targets
        ]
        widths = [max(len(row[index]) for row in [header, *rows]) for index in range(len(header))]

        def line(cells):
            return "  ".join(
                cell.rjust(width) if index in (1, 5, 6, 7) else cell.ljust(width)
                for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
            ).rstrip()

        plan = compliance.plan
        title = _("%(plan)s · %(unit)s (%(code)s) · %(period)s") % {
            "plan": plan.number or plan.slug,
            "unit": compliance.organization.name,
            "code": compliance.organization.code,
            "period": compliance.period.label,
        }
        units = compliance.units
        summary = _("Units: %(reported)s of %(expected)s reported (%(coverage)s), %(on_time)s on time.") % {
            "reported": units.reported,
            "expected": units.expected,
            "coverage": percent(units.coverage),
            "on_time": units.on_time,
        }
        return "\n".join(
            [title, "", line(header), line(["-" * width for width in widths]), *map(line, rows), "", summary]
        )
