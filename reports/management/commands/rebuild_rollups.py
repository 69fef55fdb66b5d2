import time

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from audit.context import AuditedCommand
from plans.models import Plan
from reports.compliance import rollups


class Command(AuditedCommand):
    help = (
        "Rebuild the compliance rollups (the stored per-subtree figures that make dashboards fast) of "
        "every plan, or of one, or only of those left stale by a change to the tree or to a plan's targets. "
        "Until they are rebuilt, pages count directly: always right, slower at national scale."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", help="the plan's short name (slug); default: every plan")
        parser.add_argument("--stale-only", action="store_true", help="only plans whose rollups are stale")

    def handle(self, *args, **options):
        plans = Plan.objects.select_related("issuer").order_by("slug")
        if options["plan"]:
            plans = plans.filter(slug=options["plan"])
            if not plans:
                raise CommandError(_("There is no plan “%(slug)s”.") % {"slug": options["plan"]})
        for plan in plans:
            if options["stale_only"] and rollups.is_fresh(plan):
                continue
            started = time.monotonic()
            rows = rollups.build(plan)
            self.stdout.write(
                _("%(slug)s: %(rows)s rows in %(seconds).1f s.")
                % {"slug": plan.slug, "rows": rows, "seconds": time.monotonic() - started}
            )
