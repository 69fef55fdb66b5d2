"""Small pieces of the report pages: status badges and deadline wording."""

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reports.models import ReportStatus
from reports.selectors.review import FUTURE, MISSING, NOT_OPEN, PENDING

register = template.Library()


def status_label(state: str) -> str:
    if state in ReportStatus.values:
        return ReportStatus(state).label
    return {
        "": _("Not started"),
        MISSING: _("Not submitted"),
        PENDING: _("Not started"),
        FUTURE: _("Not begun"),
        NOT_OPEN: _("Unit not open"),
    }.get(state, state)


@register.simple_tag
def status_badge(state: str, late: bool = False):
    """A coloured badge with the status in words (colour is never the only cue)."""
    badge = format_html('<span class="badge status-badge status-{}">{}</span>', state or "none", status_label(state))
    if late:
        badge = format_html('{} <span class="badge text-bg-warning">{}</span>', badge, _("late"))
    return badge


@register.filter
def status_text(state: str) -> str:
    return status_label(state)


@register.filter
def days_left(deadline) -> str:
    """ "5 days left", "due today", "3 days overdue"."""
    days = deadline.days_left
    if days > 0:
        return ngettext("%(days)s day left", "%(days)s days left", days) % {"days": days}
    if days == 0:
        return _("due today")
    return ngettext("%(days)s day overdue", "%(days)s days overdue", -days) % {"days": -days}


@register.filter
def short_date(day) -> str:
    return date_format(day, "SHORT_DATE_FORMAT") if day else ""
