"""Rows of plain values written straight into a write-only sheet's XML: the two sheets of the summary
workbook that have a row per unit (150,000 of them for the confederation).

openpyxl writes each cell as an object (a WriteOnlyCell, through safe_cell) and then as two or three XML
elements, one Python call at a time: about 6 µs a cell, most of a national export's time. Here a row's
XML is put together as text and parsed by lxml in one call, then handed to the same stream. The file is
the one safe_cell cells give (tests/test_export_plain_rows.py compares the two, the sheets in canonical
XML), and so are the rules: text is always text, text that looks like a formula gets Excel's quote
prefix, characters XML cannot hold are replaced. A row this path does not know how to write exactly
(a datetime, a row with a height of its own, a workbook with ISO dates, openpyxl told not to use lxml)
goes through safe_cell instead.
"""

import datetime
from decimal import Decimal

from lxml import etree
from openpyxl import LXML
from openpyxl.cell import WriteOnlyCell
from openpyxl.compat import safe_string
from openpyxl.styles.numbers import is_date_format
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

from reports.exports.cells import UNWRITABLE, PreparedRow, is_formula_like, safe_cell

_MAX_TEXT = 32767  # Excel's limit for a cell; openpyxl cuts text there too
_NUMBERS = (int, float, Decimal)


def _escape(text: str) -> str:
    """Text as XML character data, as lxml writes it (a bare carriage return would be read as a line feed)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;") if "\r" in text else text


class PlainRows:
    """Appends rows to a sheet made by create_safe_sheet; column n of every row has number format n (or None)."""

    def __init__(self, sheet, number_formats: list[str | None]):
        self.sheet = sheet
        self.columns = [
            (get_column_letter(index), number_format, bool(number_format) and is_date_format(number_format))
            for index, number_format in enumerate(number_formats, start=1)
        ]
        # The style attribute of each (number format, quote prefix), worked out when first written, so that the
        # workbook numbers its styles in the order that writing the same cells one by one would.
        self.styles: dict[tuple[str | None, bool], str] = {}
        self.fast = LXML and getattr(sheet, "chitieu_safe", False)  # a sheet of create_safe_sheet

    def append(self, values: list) -> None:
        self.sheet.append(_Row(self, values) if self.fast else self.cells(values))

    def cells(self, values: list) -> list:
        """The row as safe_cell cells: what the fast path must write."""
        return [
            None if value is None else safe_cell(value, self.sheet, number_format=number_format)
            for value, (_letter, number_format, _date) in zip(values, self.columns, strict=True)
        ]

    def style(self, number_format: str | None, quoted: bool) -> str:
        key = (number_format, quoted)
        found = self.styles.get(key)
        if found is None:
            cell = WriteOnlyCell(self.sheet)
            if number_format:
                cell.number_format = number_format
            if quoted:
                cell.quotePrefix = True
            found = self.styles[key] = f' s="{cell.style_id}"' if cell.has_style else ""
        return found

    def xml(self, values: list, row_index: int) -> str | None:
        """The row's XML as openpyxl would write it, or None when one of its values needs safe_cell's own path."""
        number = str(row_index)
        parts = [f'<row r="{number}">']
        for value, (letter, number_format, date_format) in zip(values, self.columns, strict=True):
            if value is None:
                continue
            kind = type(value)
            where = f'<c r="{letter}{number}"'
            if kind is str:
                text = UNWRITABLE.sub("\ufffd", value)
                style = self.style(number_format, is_formula_like(text))
                text = text[:_MAX_TEXT]
                if not text:
                    parts.append(f'{where}{style} t="inlineStr"/>')
                    continue
                space = ' xml:space="preserve"' if text != text.strip() else ""
                parts.append(f'{where}{style} t="inlineStr"><is><t{space}>{_escape(text)}</t></is></c>')
            elif kind is bool:
                parts.append(f'{where}{self.style(number_format, False)} t="b"><v>{safe_string(value)}</v></c>')
            elif kind in _NUMBERS:
                parts.append(f'{where}{self.style(number_format, False)} t="n"><v>{safe_string(value)}</v></c>')
            elif kind is datetime.date and date_format:
                serial = safe_string(to_excel(value, self.sheet.parent.epoch))
                parts.append(f'{where}{self.style(number_format, False)} t="n"><v>{serial}</v></c>')
            else:
                return None
        parts.append("</row>")
        return "".join(parts)


class _Row(PreparedRow):
    """A row of PlainRows on its way into the sheet: create_safe_sheet's writer asks it for its XML element."""

    def __new__(cls, rows: PlainRows, values: list):
        row = super().__new__(cls, values)
        row.rows = rows
        return row

    def element(self, row_index: int):
        """The row as one lxml element, or as safe_cell cells when it cannot be written exactly here."""
        sheet = self.rows.sheet
        text = None if row_index in sheet.row_dimensions or sheet.parent.iso_dates else self.rows.xml(self, row_index)
        return self.rows.cells(list(self)) if text is None else etree.fromstring(text)
