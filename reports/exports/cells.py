"""The one rule for every cell of every xlsx and csv file the portal produces.

A unit name or a narrative that starts with =, +, -, @, a tab or a carriage return must reach
the reader as text, never as a formula (CSV/formula injection). django-import-export's own
setting is not enough: it strips only a leading "=" and turns numbers into text.
"""

import datetime
import re
from copy import copy
from decimal import Decimal

from django.utils import timezone
from lxml import etree
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NATIVE = (str, bool, int, float, Decimal, datetime.date, datetime.time)
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d+)*|[.,]\d+)$")
#: What XML 1.0 cannot hold: control characters but tab, line feed and carriage return (openpyxl's own
#: ILLEGAL_CHARACTERS_RE), U+FFFE and U+FFFF, and lone surrogates (which no file can encode).
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def is_formula_like(text: str) -> bool:
    """Text a spreadsheet could take for a formula: it starts with a trigger and is not a plain number."""
    return text.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.match(text)


def safe_cell(value, sheet=None, *, font=None, fill=None, alignment=None, number_format=None, border=None):
    """A cell value made safe, for an xlsx sheet (when `sheet` is given) or for a csv file.

    xlsx (`sheet`: an openpyxl worksheet, usually write-only): returns a cell. Numbers, dates and
    booleans keep their type; text is always stored as text, whatever it starts with, and text
    that looks like a formula also gets Excel's quote prefix, so editing the cell keeps it text.
    Characters XML cannot hold are replaced. Aware datetimes are written in local time.

    csv (no `sheet`): returns the value to write. Text that looks like a formula gets a leading
    apostrophe (the OWASP advice); numbers, and text that is a plain number such as "-5", stay.
    """
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value).replace(tzinfo=None)
    elif not (value is None or isinstance(value, _NATIVE)):
        value = str(value)
    if sheet is None:
        if isinstance(value, str) and is_formula_like(value):
            return "'" + value
        return value
    cell = WriteOnlyCell(sheet)
    # The look first: a date given its own format is then not given openpyxl's default one on the way.
    if font is not None or fill is not None or alignment is not None or border is not None or number_format:
        _style(cell, sheet, font, fill, alignment, border, number_format)
    if isinstance(value, str):
        text = UNWRITABLE.sub("\ufffd", value)
        cell.value = text
        cell.data_type = "s"
        if is_formula_like(text):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def _style(cell, sheet, font, fill, alignment, border, number_format) -> None:
    """Give the cell its look. openpyxl files each style object in the workbook by hashing it, every time
    it is set: on a sheet of thousands of styled cells that hashing was most of the writing. The styles
    here are module constants, so the workbook's style ids of each combination are worked out once and
    copied after (kept on the workbook, with the style objects themselves so that their ids stay theirs;
    tests/test_export_cells.py checks that the file is the same either way)."""
    styles = getattr(sheet.parent, "_chitieu_styles", None) if STYLE_CACHE else None
    key = (id(font), id(fill), id(alignment), id(border), number_format)
    if styles is not None and key in styles:
        cell._style = copy(styles[key][-1])
        return
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if alignment is not None:
        cell.alignment = alignment
    if border is not None:
        cell.border = border
    if number_format is not None:
        cell.number_format = number_format
    if STYLE_CACHE and hasattr(cell, "_style"):
        if styles is None:
            styles = sheet.parent._chitieu_styles = {}
        styles[key] = (font, fill, alignment, border, copy(cell._style))


#: Off only in the test that compares the two ways of styling cells.
STYLE_CACHE = True


def create_safe_sheet(workbook, title: str):
    """A sheet of a write-only workbook whose every appended value goes through safe_cell.

    Rows are lists of cells made by safe_cell (or None for an empty cell); any other value is
    passed through safe_cell on the way in, so nothing reaches the file unchecked. The rows also
    skip openpyxl's own value probing, which tries every cell as a value first and only takes it
    as a cell after a ValueError: on a sheet of 150,000 rows that is about 40 % of the writing
    time. (It replaces the sheet's `_values_to_row`, a private method of openpyxl 3.1, pinned in
    requirements.txt; tests/test_export_cells.py checks that both ways write the same file.)

    A PreparedRow (reports.exports.plain_rows) brings its own XML element, which the sheet's writer writes
    as it is (its `write_row`, also private, is wrapped when the sheet makes its writer).
    """
    sheet = workbook.create_sheet(title)
    if not hasattr(sheet, "_values_to_row"):  # not a write-only sheet, or openpyxl changed: plain appends
        return sheet

    def cells_to_row(values, row_index):
        if isinstance(values, PreparedRow):
            values = values.element(row_index)
            if isinstance(values, etree._Element):
                return values
        return _cells(values, row_index)

    def _cells(values, row_index):
        for column, value in enumerate(values, 1):
            if value is None:
                continue
            cell = value if isinstance(value, Cell) else safe_cell(value, sheet)
            cell.column = column
            cell.row = row_index
            yield cell

    def get_writer():
        if sheet._writer is None:
            make_writer()
            write_row = sheet._writer.write_row

            def write_any_row(xf, row, row_index):
                if isinstance(row, etree._Element):
                    xf.write(row)
                else:
                    write_row(xf, row, row_index)

            sheet._writer.write_row = write_any_row

    make_writer = sheet._get_writer
    sheet._get_writer = get_writer
    sheet._values_to_row = cells_to_row
    sheet.chitieu_safe = True  # reports.exports.plain_rows writes only into such a sheet
    return sheet


class PreparedRow(tuple):
    """A row that writes itself: `element(row_index)` gives its lxml element, or the row's values (cells)."""

    def element(self, row_index: int):
        raise NotImplementedError
