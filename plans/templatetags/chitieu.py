from django import template

from plans.formatting import vietnamese_long_date, vietnamese_number, vietnamese_percent

register = template.Library()


@register.filter
def vn_long_date(value):
    return vietnamese_long_date(value) if value else ""


@register.filter
def vn_number(value, places=2):
    return "" if value is None or value == "" else vietnamese_number(value, int(places))


@register.filter
def vn_percent(value, places=2):
    return vietnamese_percent(value, int(places))
