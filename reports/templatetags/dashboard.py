"""Dashboard cells, rendered in Python: a page can hold thousands of them, and an {% include %} per
cell costs more than the figures themselves."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from plans.formatting import vietnamese_percent
from reports.compliance.results import MET, NO_DATA

register = template.Library()


@register.simple_tag
def result_cell(result) -> str:
    """One target's value in a table cell: the figure, a symbol that prints, the status for screen readers."""
    status = result.status
    if status == NO_DATA:
        return format_html('<span class="text-muted">—<span class="visually-hidden"> {}</span></span>', _("No data"))
    met = status == MET
    return format_html(
        '<span class="{}">{}&nbsp;{}<span class="visually-hidden"> {}</span></span>',
        "text-met" if met else "text-not-met",
        vietnamese_percent(result.value),
        "✓" if met else "✗",
        _("Met") if met else _("Not met"),
    )
