"""run_export_jobs: write the summary workbooks waiting in the background, and delete old ones."""

from django.utils.translation import gettext as _

from audit.context import AuditedCommand
from reports.exports.jobs import purge_old_exports, run_waiting_exports


class Command(AuditedCommand):
    help = (
        "Write every summary workbook waiting to be written (for EXPORT_JOB_RUNNER=command, run it every "
        "minute from cron or a worker), and delete those older than EXPORT_KEEP_HOURS. Safe to run often "
        "and twice at once: each job is written once."
    )

    def handle(self, *args, **options):
        purged = purge_old_exports()
        ran = run_waiting_exports()
        message = _("%(ran)s summary workbooks written, %(purged)s old ones deleted.")
        self.stdout.write(message % {"ran": ran, "purged": purged})
