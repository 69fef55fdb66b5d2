"""The summary workbook of a plan for an organization's subtree and a period (DESIGN §5 `export_summary`).

Sheets, in order:

1. the summary: every target with the plan's wording, how it is measured, comparator and threshold,
   value, status, numerator and denominator, units expected / reported / on time, coverage;
2. one sheet per target, broken down by child organization (and the organization's own report);
3. the units that have not reported;
4. every reporting unit's figures: one row per unit whose report counts, one column per indicator.

Every figure comes from the compliance engine (reports.compliance): sheets 1 and 2 from
`evaluate_breakdown`, sheet 3 from `units_not_reported`, and sheet 4 lists the reports the engine
counts (submitted or approved, from units of the subtree in the plan's scope that were open during
the period: the engine's own `in_scope_q` and `open_during_q`), so its rows are the engine's
"reported" units and sheets 3 and 4 together are its "expected" ones.

Large subtrees: an openpyxl write-only workbook, and sheets 3 and 4 read their rows a chunk at a
time with .iterator() (a server-side cursor on PostgreSQL), so memory stays flat at 150,000 units.
Every text cell goes through safe_cell: a unit name starting with "=" stays text.
"""

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from plans.formatting import vietnamese_number
from plans.models import Evaluation, Measure, Plan, Target
from plans.periods import Period
from reports.compliance import (
    NO_DATA,
    Compliance,
    TargetResult,
    evaluate_breakdown,
    in_scope_q,
    open_during_q,
    units_not_reported,
)
from reports.exports.cells import create_safe_sheet, safe_cell
from reports.exports.sheets import (
    BOLD,
    INTEGER,
    MUTED,
    PERCENT,
    STATUS_FILLS,
    STATUS_FONTS,
    TOP,
    WRAP,
    autofilter,
    figure_cell,
    fit_height,
    fraction_of_one,
    header_row,
    prepare_table,
    sheet_title,
    title_block,
)
from reports.exports.unit_rows import write_figures_sheet, write_not_reported_sheet
from reports.models import COUNTED_STATUSES, Report
from unions.models import Organization

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Progress = Callable[[int], None]


@dataclass(frozen=True)
class SummaryResult:
    """What was written: the engine's answer, and the rows of the two unit sheets."""

    compliance: Compliance
    reported_rows: int
    not_reported_rows: int


def summary_file_name(plan: Plan, organization: Organization, period: Period) -> str:
    return f"tong-hop-{plan.slug}-{organization.code}-{period.id}.xlsx"


def counted_reports(*, plan: Plan, organization: Organization, period: Period) -> QuerySet:
    """The reports the engine counts as "reported" for the subtree and period (every reporting kind)."""
    return Report.objects.filter(
        in_scope_q(plan, organization, prefix="organization__"),
        open_during_q(period, prefix="organization__"),
        plan=plan,
        period=period.id,
        status__in=COUNTED_STATUSES,
    )


def expected_unit_count(*, plan: Plan, organization: Organization, period: Period) -> int:
    """How many units the export lists (reported and not reported): the engine's expected units."""
    return Organization.objects.filter(in_scope_q(plan, organization), open_during_q(period)).count()


def write_summary(
    *,
    plan: Plan,
    organization: Organization,
    period: Period,
    out,
    progress: Progress | None = None,
) -> SummaryResult:
    """Write the workbook to the binary file `out`. `progress(units_written)` is called after each chunk."""
    with one_snapshot():
        return _write_summary(plan=plan, organization=organization, period=period, out=out, progress=progress)


_IN_SNAPSHOT = ContextVar("summary_export_snapshot", default=False)


@contextmanager
def one_snapshot():
    """On PostgreSQL, every query of the export reads the database as it was when the first one ran (a read-only
    repeatable-read transaction), so the sheets agree with each other while reports are being filed. (SQLite
    serialises writers instead: a transaction there would hold other users' saves back for the whole export.)
    Inside it this connection cannot write: see `in_snapshot`."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        token = _IN_SNAPSHOT.set(True)
        try:
            yield
        finally:
            _IN_SNAPSHOT.reset(token)


def in_snapshot() -> bool:
    """Whether this thread's connection is in an export's read-only snapshot (a write must use another one)."""
    return _IN_SNAPSHOT.get()


def _write_summary(*, plan, organization, period, out, progress) -> SummaryResult:
    breakdown = evaluate_breakdown(plan=plan, organization=organization, period=period)
    compliance = breakdown.total
    lines = context_lines(plan, organization, period)
    workbook = Workbook(write_only=True)
    taken: set[str] = set()

    summary = create_safe_sheet(workbook, sheet_title(pgettext("sheet name", "Summary"), taken))
    _write_summary_sheet(summary, compliance, lines)
    for index, result in enumerate(compliance.targets):
        sheet = create_safe_sheet(workbook, sheet_title(result.target.code, taken))
        rows = [(row, row.compliance.targets[index]) for row in breakdown.rows]
        _write_target_sheet(sheet, result, rows, lines)

    written = 0

    def advance(count: int) -> None:
        nonlocal written
        written += count
        if progress is not None:
            progress(written)

    not_reported = write_not_reported_sheet(
        create_safe_sheet(workbook, sheet_title(pgettext("sheet name", "Not reported"), taken)),
        units_not_reported(plan=plan, organization=organization, period=period),
        title=_("Units that have not reported"),
        lines=lines,
        advance=advance,
    )
    reported = write_figures_sheet(
        create_safe_sheet(workbook, sheet_title(pgettext("sheet name", "Unit figures"), taken)),
        plan=plan,
        period=period,
        reports=counted_reports(plan=plan, organization=organization, period=period),
        title=_("Figures of every unit that has reported"),
        lines=lines,
        advance=advance,
    )
    workbook.save(out)
    return SummaryResult(compliance=compliance, reported_rows=reported, not_reported_rows=not_reported)


def context_lines(plan: Plan, organization: Organization, period: Period) -> list[str]:
    """The lines under every sheet's title: plan, organization, period, date produced."""
    plan_text = f"{plan.number} – {plan.title}" if plan.number else plan.title
    return [
        _("Plan: %(plan)s") % {"plan": plan_text},
        _("Organization: %(unit)s (%(code)s) and the units below it")
        % {"unit": organization.name, "code": organization.code},
        _("Period: %(period)s") % {"period": period.label},
        _("Produced on %(date)s") % {"date": date_format(timezone.localdate(), "d/m/Y")},
    ]


def measure_text(target: Target) -> str:
    """How a target is computed, in words."""
    if target.measure == Measure.UNIT_SHARE:
        return _("Share of units with %(indicator)s: %(condition)s") % {
            "indicator": target.indicator.label,
            "condition": target.condition_display,
        }
    return _("Sum of “%(numerator)s” over sum of “%(denominator)s”") % {
        "numerator": target.numerator.label,
        "denominator": target.denominator.label,
    }


def note_text(result: TargetResult) -> str:
    target = result.target
    if target.evaluation != Evaluation.BY_DEADLINE:
        return _("Judged every year")
    if result.before_deadline:
        return _("Judged in %(year)s; before then the value shows progress toward it") % {"year": target.deadline_year}
    return _("Judged in %(year)s") % {"year": target.deadline_year}


def _status_cells(sheet, result: TargetResult) -> list:
    """The value (a percent) and the status, coloured met / not met / no data."""
    status = result.status
    fill, font = STATUS_FILLS[status], STATUS_FONTS[status]
    value = None if status == NO_DATA else fraction_of_one(result.value)
    return [
        safe_cell(value, sheet, number_format=PERCENT, fill=fill, font=font, alignment=TOP),
        safe_cell(str(result.status_label), sheet, fill=fill, font=font, alignment=TOP),
    ]


def _units_cells(sheet, units) -> list:
    """Units expected, reported, coverage, on time, on-time rate."""
    return [
        safe_cell(units.expected, sheet, number_format=INTEGER, alignment=TOP),
        safe_cell(units.reported, sheet, number_format=INTEGER, alignment=TOP),
        safe_cell(fraction_of_one(units.coverage), sheet, number_format=PERCENT, alignment=TOP),
        safe_cell(units.on_time, sheet, number_format=INTEGER, alignment=TOP),
        safe_cell(fraction_of_one(units.on_time_rate), sheet, number_format=PERCENT, alignment=TOP),
    ]


SUMMARY_WIDTHS = [8, 50, 32, 9, 10, 10, 12, 11, 11, 11, 11, 10, 11, 10, 26]


def summary_headers() -> list[str]:
    return [
        _("Code"),
        _("Target, as worded in the plan"),
        _("How it is measured"),
        _("Comparator"),
        _("Threshold"),
        _("Value"),
        _("Status"),
        _("Numerator"),
        _("Denominator"),
        _("Units expected"),
        _("Units reported"),
        _("Coverage"),
        _("Reported on time"),
        _("On-time rate"),
        _("Note"),
    ]


def _write_summary_sheet(sheet, compliance: Compliance, lines: list[str]) -> None:
    header_number = len(lines) + 3
    prepare_table(sheet, header_row_number=header_number, widths=SUMMARY_WIDTHS)
    title_block(sheet, _("Summary of the plan's targets"), lines)
    headers = summary_headers()
    header_row(sheet, headers, row_number=header_number, widths=SUMMARY_WIDTHS)
    for number, result in enumerate(compliance.targets, start=header_number + 1):
        target = result.target
        wrapped = [None, target.wording, measure_text(target)] + [None] * 11 + [note_text(result)]
        fit_height(sheet, number, SUMMARY_WIDTHS, wrapped)
        sheet.append(
            [
                safe_cell(target.code, sheet, font=BOLD, alignment=TOP),
                safe_cell(wrapped[1], sheet, alignment=WRAP),
                safe_cell(wrapped[2], sheet, alignment=WRAP),
                safe_cell(target.get_comparator_display(), sheet, alignment=TOP),
                safe_cell(fraction_of_one(target.threshold), sheet, number_format=PERCENT, alignment=TOP),
                *_status_cells(sheet, result),
                figure_cell(result.numerator, sheet, alignment=TOP),
                figure_cell(result.denominator, sheet, alignment=TOP),
                *_units_cells(sheet, result.units),
                safe_cell(wrapped[-1], sheet, alignment=WRAP),
            ]
        )
    last = header_number + len(compliance.targets)
    autofilter(sheet, header_row_number=header_number, columns=len(headers), last_row=last)
    sheet.append([])
    label = [None, safe_cell(_("Every unit that reports on the plan"), sheet, font=BOLD)]
    sheet.append(label + [None] * 7 + _units_cells(sheet, compliance.units))
    sheet.append([safe_cell(_("Each target counts the units of its own population."), sheet, font=MUTED)])


TARGET_WIDTHS = [16, 48, 13, 13, 12, 13, 14, 14, 11, 14]


def _write_target_sheet(sheet, total: TargetResult, rows: list, lines: list[str]) -> None:
    target = total.target
    threshold = _("Threshold: %(comparator)s %(threshold)s%%") % {
        "comparator": target.get_comparator_display(),
        "threshold": vietnamese_number(target.threshold, 4),
    }
    heading = [target.wording, f"{measure_text(target)}. {threshold}. {note_text(total)}.", *lines]
    header_number = len(heading) + 3
    prepare_table(sheet, header_row_number=header_number, widths=TARGET_WIDTHS)
    title_block(sheet, _("Target %(code)s by unit") % {"code": target.code}, heading)
    headers = [
        _("Unit code"),
        _("Unit"),
        _("Units expected"),
        _("Units reported"),
        _("Coverage"),
        _("Reported on time"),
        _("Numerator"),
        _("Denominator"),
        _("Value"),
        _("Status"),
    ]
    header_row(sheet, headers, row_number=header_number, widths=TARGET_WIDTHS)

    def line(code: str, name: str, result: TargetResult, font=None) -> list:
        units = result.units
        return [
            safe_cell(code, sheet, font=font, alignment=TOP),
            safe_cell(name, sheet, font=font, alignment=WRAP),
            safe_cell(units.expected, sheet, number_format=INTEGER, font=font, alignment=TOP),
            safe_cell(units.reported, sheet, number_format=INTEGER, font=font, alignment=TOP),
            safe_cell(fraction_of_one(units.coverage), sheet, number_format=PERCENT, font=font, alignment=TOP),
            safe_cell(units.on_time, sheet, number_format=INTEGER, font=font, alignment=TOP),
            figure_cell(result.numerator, sheet, font=font, alignment=TOP),
            figure_cell(result.denominator, sheet, font=font, alignment=TOP),
            *_status_cells(sheet, result),
        ]

    for number, (row, result) in enumerate(rows, start=header_number + 1):
        unit = row.organization
        name = _("%(unit)s (its own report)") % {"unit": unit.name} if row.is_self else unit.name
        fit_height(sheet, number, TARGET_WIDTHS, [None, name])
        sheet.append(line(unit.code, name, result))
    autofilter(sheet, header_row_number=header_number, columns=len(headers), last_row=header_number + len(rows))
    sheet.append([])
    sheet.append(line("", _("Total"), total, font=BOLD))
