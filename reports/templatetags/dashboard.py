"""Dashboard cells, rendered in Python: a national page holds thousands of them, and a template loop
with a tag per cell costs more than the figures themselves. A row's cells are rendered in one call."""

from functools import lru_cache

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from plans.formatting import vietnamese_percent
from reports.compliance.results import MET, NO_DATA

register = template.Library()


FIGURE = "\x00figure\x00"  # where a met or failed cell's figure goes


@lru_cache(maxsize=16)
def _shapes(language: str) -> tuple[str, str, str]:
    """A cell's content in the active language, escaped: no data, met and not met (the last two with
    FIGURE where the figure goes)."""
    hidden = '<span class="visually-hidden"> {}</span>'
    no_data = format_html('<span class="text-muted">—' + hidden + "</span>", _("No data"))
    met = format_html('<span class="text-met">{}&nbsp;✓' + hidden + "</span>", FIGURE, _("Met"))
    not_met = format_html('<span class="text-not-met">{}&nbsp;✗' + hidden + "</span>", FIGURE, _("Not met"))
    return str(no_data), str(met), str(not_met)


def _content(result, shapes) -> str:
    no_data, met, not_met = shapes
    if result.status == NO_DATA:
        return no_data
    return (met if result.status == MET else not_met).replace(FIGURE, escape(vietnamese_percent(result.value)))


@register.simple_tag
def result_cells(results, current=None) -> str:
    """A row's cells, a `<td>` each: the figure, a symbol that prints, the status for screen readers; the
    cell of period `current` highlighted."""
    shapes = _shapes(get_language())
    cells = []
    for result in results:
        active = " table-active" if current is not None and getattr(result, "period", None) == current else ""
        cells.append(f'<td class="text-end text-nowrap{active}">{_content(result, shapes)}</td>')
    return SafeString("".join(cells))
