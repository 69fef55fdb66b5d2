"""Reminders of due dates: which officer must be told about which report today, and telling them once.

A unit's officer is reminded when the unit's report for a period is due
within REPORT_REMINDER_DAYS days ("due soon") and again once it is overdue, as
long as the report is not submitted or approved and entry is still open (a
reviewer's reopening counts). Each (officer, unit, plan, period, kind) is sent
once: a ReportReminder row records it in the same transaction as the sending,
so `send_reminders` may run as often as cron likes.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction

from plans.models import Plan
from plans.periods import Period
from reports.deadlines import Deadline, deadline, entry_closes_on
from reports.models import COUNTED_STATUSES, ReminderKind, Report, ReportReminder
from reports.notifications import absolute_url, render_mail
from unions.models import Membership, Organization, Role

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reminder:
    recipient: object
    organization: Organization
    plan: Plan
    period: Period
    kind: str
    deadline: Deadline

    @property
    def url(self) -> str:
        from django.urls import reverse

        return absolute_url(
            reverse(
                "report_detail",
                kwargs={"plan": self.plan.slug, "org": self.organization.code, "period": self.period.id},
            )
        )


def reminders_due(*, today: datetime.date) -> list[Reminder]:
    """The reminders not sent yet that today calls for. A few queries per plan with a period due."""
    lead = datetime.timedelta(days=settings.REPORT_REMINDER_DAYS)
    extended = set(
        Report.objects.filter(entry_extended_until__gte=today).order_by().values_list("plan_id", "period").distinct()
    )
    reminders = []
    for plan in Plan.objects.select_related("issuer").order_by("slug"):
        periods = [
            period
            for period in plan.periods()
            if period.start <= today
            and plan.due_date(period) - lead <= today
            and (today <= entry_closes_on(plan, period) or (plan.pk, period.id) in extended)
        ]
        if not periods:
            continue
        ids = [period.id for period in periods]
        officers = (
            Membership.objects.filter(
                role=Role.OFFICER,
                user__is_active=True,
                organization__path__startswith=plan.issuer.path,
                organization__kind__in=plan.reporting_kinds,
            )
            .exclude(user__email="")
            .select_related("user", "organization")
            .order_by("organization__path", "user_id")
        )
        reports = {
            (org_id, period): (status, until)
            for org_id, period, status, until in Report.objects.filter(plan=plan, period__in=ids).values_list(
                "organization_id", "period", "status", "entry_extended_until"
            )
        }
        sent = set(
            ReportReminder.objects.filter(plan=plan, period__in=ids).values_list(
                "recipient_id", "organization_id", "period", "kind"
            )
        )
        for membership in officers:
            unit = membership.organization
            for period in periods:
                if not unit.is_open_during(period.start, period.end):
                    continue
                status, until = reports.get((unit.pk, period.id), ("", None))
                if status in COUNTED_STATUSES:
                    continue
                dates = deadline(plan, period, until, today)
                if not dates.is_open:
                    continue
                kind = ReminderKind.OVERDUE if dates.is_overdue else ReminderKind.DUE_SOON
                if (membership.user_id, unit.pk, period.id, kind) in sent:
                    continue
                reminders.append(
                    Reminder(
                        recipient=membership.user,
                        organization=unit,
                        plan=plan,
                        period=period,
                        kind=kind,
                        deadline=dates,
                    )
                )
    return reminders


def by_recipient(reminders: list[Reminder]) -> dict[object, list[Reminder]]:
    grouped: dict[object, list[Reminder]] = defaultdict(list)
    for reminder in reminders:
        grouped[reminder.recipient].append(reminder)
    return dict(grouped)


def send_reminders_to(recipient, reminders: list[Reminder]) -> bool:
    """Record and send one e-mail listing these reminders. False when another run has just sent
    them (nothing is sent twice); a mail failure raises and records nothing, so the next run tries again."""
    message = render_mail("reminder", {"recipient": recipient, "reminders": reminders}, recipient.email)
    try:
        with transaction.atomic():
            ReportReminder.objects.bulk_create(
                [
                    ReportReminder(
                        recipient=recipient,
                        organization=reminder.organization,
                        plan=reminder.plan,
                        period=reminder.period.id,
                        kind=reminder.kind,
                    )
                    for reminder in reminders
                ]
            )
            message.send()
    except IntegrityError:
        logger.info("Reminders for %s were sent by another run.", recipient)
        return False
    return True
