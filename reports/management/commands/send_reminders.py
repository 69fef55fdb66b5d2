"""E-mail officers whose report is due soon or overdue; each reminder once, however often it runs (cron)."""

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.context import AuditedCommand
from reports.reminders import by_recipient, reminders_due, send_reminders_to


class Command(AuditedCommand):
    help = (
        "E-mail the officers of units whose report is due within REPORT_REMINDER_DAYS days or overdue. "
        "Each reminder is sent once: safe to run several times a day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List who would be reminded; send nothing.")

    def handle(self, *args, dry_run=False, **options):
        translation.activate(settings.LANGUAGE_CODE)
        today = timezone.localdate()
        grouped = by_recipient(reminders_due(today=today))
        sent = reminders = 0
        failed = []
        for recipient, items in grouped.items():
            if dry_run:
                for item in items:
                    self.stdout.write(
                        f"{recipient.email}: {item.organization.code} {item.plan.slug} {item.period.id} {item.kind}"
                    )
                continue
            try:
                if send_reminders_to(recipient, items):
                    sent += 1
                    reminders += len(items)
            except Exception as exc:  # one bad address must not stop the others
                failed.append(f"{recipient.email}: {exc}")
        if dry_run:
            self.stdout.write(
                _("Dry run: %(people)s officer(s) would be reminded of %(count)s report(s).")
                % {"people": len(grouped), "count": sum(len(items) for items in grouped.values())}
            )
            return
        self.stdout.write(
            _("Sent %(mails)s e-mail(s) reminding of %(count)s report(s).") % {"mails": sent, "count": reminders}
        )
        if failed:
            raise CommandError(
                _("Could not e-mail %(count)s officer(s); they will be tried again on the next run: %(list)s")
                % {"count": len(failed), "list": "; ".join(failed)}
            )
