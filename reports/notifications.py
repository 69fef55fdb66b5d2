"""E-mail to the people who file reports: a reviewer's decision, and reminders of due dates.

Mail is written in the portal's language (Vietnamese) from the templates in
templates/reports/email/, one message per recipient so that no officer sees
another's address. Decisions are mailed after their transaction commits (see
reports.services.workflow); reminders are sent by `send_reminders`.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation

from reports.models import ReportAction, ReportEvent
from unions.models import Organization, Role

logger = logging.getLogger(__name__)

DECISIONS = (ReportAction.RETURNED, ReportAction.APPROVED, ReportAction.REOPENED)


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def officers_of(organization: Organization) -> list:
    """Active users who file this unit's reports and have an e-mail address."""
    return list(
        get_user_model()
        .objects.filter(
            memberships__organization=organization, memberships__role=Role.OFFICER, is_active=True, email__gt=""
        )
        .distinct()
        .order_by("pk")
    )


def render_mail(template: str, context: dict, to: str) -> EmailMessage:
    """templates/reports/email/<template>_subject.txt and _body.txt, in the portal's language."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"reports/email/{template}_subject.txt", context).split())
        body = render_to_string(f"reports/email/{template}_body.txt", context)
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to])


def send(messages: Iterable[EmailMessage]) -> int:
    messages = list(messages)
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages) or 0


def notify_officers(*, event_id: int) -> int:
    """Tell the unit's officers that a reviewer returned, approved or reopened their report."""
    event = ReportEvent.objects.select_related("report__organization", "report__plan", "actor").get(pk=event_id)
    if event.action not in DECISIONS:
        return 0
    report = event.report
    context = {
        "event": event,
        "report": report,
        "period": report.period_obj,
        "url": absolute_url(report.get_absolute_url()),
        "reviewer": (event.actor.get_full_name() or event.actor.username) if event.actor else "",
    }
    messages = [
        render_mail(f"report_{event.action}", {**context, "recipient": user}, user.email)
        for user in officers_of(report.organization)
    ]
    sent = send(messages)
    logger.info("Report %s %s: %s officer(s) told.", report, event.action, sent)
    return sent
