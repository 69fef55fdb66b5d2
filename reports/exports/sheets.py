"""Small helpers for the portal's write-only sheets: styles, number formats, title rows, headers.

Every cell still goes through reports.exports.cells.safe_cell; these only say how it looks.
"""

import math
import re
from decimal import Decimal

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from reports.compliance import MET, NO_DATA, NOT_MET
from reports.exports.cells import safe_cell

PERCENT = "0.00%"
INTEGER = "#,##0"
DECIMAL = "#,##0.0###"
DATE = "dd/mm/yyyy"

TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
MUTED = Font(italic=True, color="595959")
CODE_FONT = Font(italic=True, color="666666", size=9)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center", horizontal="center")

# Excel's own "Good", "Bad" and "Neutral" colours, so that a reader knows them at once.
STATUS_FILLS = {
    MET: PatternFill("solid", fgColor="C6EFCE"),
    NOT_MET: PatternFill("solid", fgColor="FFC7CE"),
    NO_DATA: PatternFill("solid", fgColor="EDEDED"),
}
STATUS_FONTS = {MET: Font(color="006100"), NOT_MET: Font(color="9C0006"), NO_DATA: Font(color="595959")}

_SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/?*\[\]:]")


def number(value: Decimal | int | None):
    """An exact figure as a spreadsheet number: an int when whole, else the exact Decimal."""
    if value is None:
        return None
    if isinstance(value, int):
        return value
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


def figure_cell(value: Decimal, sheet, **style):
    """An exact figure (a numerator, a sum) as a number cell: grouped thousands, and its decimals when it has any."""
    figure = number(value)
    return safe_cell(figure, sheet, number_format=INTEGER if isinstance(figure, int) else DECIMAL, **style)


def fraction_of_one(percent: Decimal | None) -> Decimal | None:
    """A percent (85.01) as the number a percent-formatted cell holds (0.8501)."""
    return None if percent is None else percent / 100


def sheet_title(text: str, taken: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, none of \\ / ? * [ ] :)."""
    base = _SHEET_TITLE_FORBIDDEN.sub("-", str(text)).strip("' ") or "Sheet"
    title, counter = base[:31], 2
    while title.lower() in taken:
        suffix = f" ({counter})"
        title, counter = base[: 31 - len(suffix)] + suffix, counter + 1
    taken.add(title.lower())
    return title


def set_widths(sheet, widths: list[float]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


LINE_POINTS = 15


def _lines(text: str, width: float) -> int:
    """About how many lines a wrapped text takes in a column of this width (11 pt)."""
    per_line = max(int(width * 1.1) - 1, 1)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def fit_height(sheet, row_number: int, widths: list[float], wrapped: list) -> None:
    """Give a row the height its wrapped texts need (`wrapped`: the row's values, None where a cell does not
    wrap). Write-only sheets cannot measure, and Excel does not grow a written row by itself; so this is
    set before the row is appended."""
    lines = max(
        (_lines(value, width) for value, width in zip(wrapped, widths, strict=False) if isinstance(value, str)),
        default=1,
    )
    if lines > 1:
        sheet.row_dimensions[row_number].height = LINE_POINTS * lines


def title_block(sheet, title: str, lines: list[str]) -> None:
    """The title row, then one line per item (plan, organization, period, date), then a blank row."""
    sheet.row_dimensions[1].height = 21
    sheet.append([safe_cell(title, sheet, font=TITLE_FONT)])
    for line in lines:
        sheet.append([safe_cell(line, sheet)])
    sheet.append([])


def header_row(sheet, labels: list[str], *, row_number: int, widths: list[float]) -> None:
    fit_height(sheet, row_number, widths, labels)
    sheet.append([safe_cell(label, sheet, font=BOLD, fill=HEADER_FILL, alignment=HEADER_ALIGNMENT) for label in labels])


def prepare_table(sheet, *, header_row_number: int, widths: list[float]) -> None:
    """Before any row is written: column widths, panes frozen below the header (and right of the first column),
    the header repeated on every printed page, landscape pages."""
    set_widths(sheet, widths)
    sheet.freeze_panes = f"B{header_row_number + 1}"
    sheet.print_title_rows = f"{header_row_number}:{header_row_number}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def autofilter(sheet, *, header_row_number: int, columns: int, last_row: int) -> None:
    """A filter on the header over the table's rows, and the table's columns as the print area (a long title
    line would otherwise widen the printed page). Set after the rows: write-only sheets write them last."""
    last_column = get_column_letter(columns)
    sheet.auto_filter.ref = f"A{header_row_number}:{last_column}{max(last_row, header_row_number)}"
    sheet.print_area = f"A1:{last_column}{max(last_row, header_row_number) + 3}"  # and the total rows after it
