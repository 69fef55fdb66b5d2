"""Small pieces of the report pages: status badges and deadline wording."""

from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
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


@register.simple_tag
def grid_cells(plan, row) -> str:
    """A status grid row's cells, a `<td>` each (rendered in Python: a page holds 50 rows of up to 12
    periods): the status in words, linking to the unit's report for the period where there is, or should
    be, one; late ones starred."""
    labels: dict[str, str] = {}
    address = ""
    cells = []
    for cell in row.cells:
        text = labels.get(cell.state)
        if text is None:
            text = labels[cell.state] = escape(status_label(cell.state))
        if cell.is_actionable:
            if not address:  # reversed once a row; only the period, the last part, differs
                first = reverse("report_detail", args=[plan.slug, row.organization.code, cell.period.id])
                address = first[: -len(cell.period.id) - 1]
            star = "*" if cell.is_late else ""
            inside = f'<a class="stretched-cell" href="{escape(address)}{cell.period.id}/">{text}{star}</a>'
        else:
            inside = '<span class="text-muted">–</span>'
        cells.append(
            f'<td class="text-center status-{escape(cell.state)}" title="{escape(cell.period.label)}: {text}">'
            f"{inside}</td>"
        )
    return SafeString("".join(cells))


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
