from django.utils.translation import gettext as _

from audit.context import AuditedCommand
from plans.services import seed_plans


class Command(AuditedCommand):
    help = "Load the two seed plans (hcm-edu-1712, binhdinh-130) and their issuers. Safe to run again."

    def handle(self, *args, **options):
        plans = seed_plans()
        for plan in plans:
            self.stdout.write(
                _("Plan %(slug)s: %(indicators)s indicators, %(targets)s targets.")
                % {"slug": plan.slug, "indicators": plan.indicators.count(), "targets": plan.targets.count()}
            )
