from django.utils.translation import gettext as _

from audit.context import AuditedCommand
from reports.demo import DEMO_PASSWORD, seed_demo


class Command(AuditedCommand):
    help = "Load the seed plans, a demo tree, demo users and several years of reports. Safe to run again."

    def handle(self, *args, **options):
        result = seed_demo()
        self.stdout.write(
            _("Demo ready: %(orgs)s organizations, %(users)s users, %(reports)s new reports.")
            % {"orgs": result.organizations, "users": result.users, "reports": result.reports}
        )
        self.stdout.write(_("Every demo user's password is %(password)s (see README).") % {"password": DEMO_PASSWORD})
