"""The two sheets of the summary workbook that have a row per unit, streamed a chunk at a time:
the units that have not reported, and every reporting unit's figures.

Rows are read with .iterator(chunk_size=CHUNK) (a server-side cursor on PostgreSQL); a chunk's values
come in one more query. Nothing holds more than a chunk, so memory stays flat at 150,000 units. Rows are
written by PlainRows (safe_cell's rules, the row's XML made in one piece).
"""

from collections.abc import Callable

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.models import Indicator, Plan, ValueType
from plans.periods import Period
from reports.exports.plain_rows import PlainRows
from reports.exports.sheets import DATE, INTEGER, autofilter, header_row, number, prepare_table, title_block
from reports.exports.template import template_indicators
from reports.models import ReportStatus, ReportValue
from unions.models import OrganizationKind

CHUNK = 2000


def _chunks(rows):
    size, chunk = CHUNK, []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _kind_labels() -> dict[str, str]:
    return {kind.value: str(kind.label) for kind in OrganizationKind}


def write_not_reported_sheet(
    sheet, units: QuerySet, *, title: str, lines: list[str], advance: Callable[[int], None]
) -> int:
    """One row per expected unit without a submitted or approved report (reports.compliance.units_not_reported)."""
    headers = [_("Unit code"), _("Unit"), _("Kind"), _("Under"), _("Report")]
    header_number = len(lines) + 3
    widths = [18, 50, 24, 40, 16]
    prepare_table(sheet, header_row_number=header_number, widths=widths)
    title_block(sheet, title, lines)
    header_row(sheet, headers, row_number=header_number, widths=widths)
    kinds = _kind_labels()
    statuses = {status.value: str(status.label) for status in ReportStatus}
    not_started = _("Not started")
    rows = units.values_list("code", "name", "kind", "parent__name", "report_status").iterator(chunk_size=CHUNK)
    plain = PlainRows(sheet, [None] * len(headers))
    count = 0
    for chunk in _chunks(rows):
        for code, name, kind, parent_name, status in chunk:
            plain.append([code, name, kinds.get(kind, kind), parent_name, statuses[status] if status else not_started])
        count += len(chunk)
        advance(len(chunk))
    autofilter(sheet, header_row_number=header_number, columns=len(headers), last_row=header_number + count)
    return count


def _indicator_header(indicator: Indicator) -> str:
    label = f"{indicator.label} ({indicator.unit})" if indicator.unit else indicator.label
    return f"{label}\n{indicator.code}"


def _value_writer(indicator: Indicator):
    """How one indicator's stored (number, choice) becomes a cell value, and the cell's number format."""
    if indicator.value_type == ValueType.CHOICE:
        labels = dict(indicator.choices)
        return (lambda _number, choice: labels.get(choice, choice) or None), None
    if indicator.value_type == ValueType.BOOLEAN:
        yes, no = _("Yes"), _("No")
        return (lambda value, _choice: None if value is None else (yes if value else no)), None
    if indicator.value_type == ValueType.COUNT:
        return (lambda value, _choice: None if value is None else int(value)), INTEGER
    places = indicator.decimal_places
    return (lambda value, _choice: number(value)), ("#,##0." + "0" * places if places else INTEGER)


def write_figures_sheet(
    sheet,
    *,
    plan: Plan,
    period: Period,
    reports: QuerySet,
    title: str,
    lines: list[str],
    advance: Callable[[int], None],
) -> int:
    """One row per report in `reports` (in tree order), one column per indicator of the period."""
    indicators = template_indicators(plan, period)
    headers = [_("Unit code"), _("Unit"), _("Under"), _("Kind"), _("Status"), _("Submitted on"), _("On time")]
    headers += [_indicator_header(indicator) for indicator in indicators]
    header_number = len(lines) + 3
    widths = [18, 44, 32, 20, 12, 12, 10] + [20] * len(indicators)
    prepare_table(sheet, header_row_number=header_number, widths=widths)
    title_block(sheet, title, lines)
    header_row(sheet, headers, row_number=header_number, widths=widths)

    kinds = _kind_labels()
    statuses = {status.value: str(status.label) for status in ReportStatus}
    yes, no = _("Yes"), _("No")
    value_writers = [_value_writer(indicator) for indicator in indicators]
    writers = [(indicator.pk, convert) for indicator, (convert, _format) in zip(indicators, value_writers, strict=True)]
    plain = PlainRows(sheet, [None] * 5 + [DATE, None] + [number_format for _convert, number_format in value_writers])
    indicator_ids = [indicator.pk for indicator in indicators]
    rows = (
        reports.order_by("organization__path")
        .values_list(
            "pk",
            "organization__code",
            "organization__name",
            "organization__parent__name",
            "organization__kind",
            "status",
            "submitted_at",
            "is_late",
        )
        .iterator(chunk_size=CHUNK)
    )
    count = 0
    for chunk in _chunks(rows):
        stored: dict[int, dict[int, tuple]] = {}
        values = ReportValue.objects.filter(
            report_id__in=[row[0] for row in chunk], indicator_id__in=indicator_ids
        ).values_list("report_id", "indicator_id", "number", "choice")
        for report_id, indicator_id, value, choice in values:
            stored.setdefault(report_id, {})[indicator_id] = (value, choice)
        for pk, code, name, parent_name, kind, status, submitted_at, is_late in chunk:
            submitted_on = timezone.localtime(submitted_at).date() if submitted_at else None
            row = [
                code,
                name,
                parent_name,
                kinds.get(kind, kind),
                statuses.get(status, status),
                submitted_on,
                no if is_late else yes,
            ]
            unit_values = stored.get(pk, {})
            for indicator_id, convert in writers:
                found = unit_values.get(indicator_id)
                row.append(None if found is None else convert(*found))
            plain.append(row)
        count += len(chunk)
        advance(len(chunk))
    autofilter(sheet, header_row_number=header_number, columns=len(headers), last_row=header_number + count)
    return count
