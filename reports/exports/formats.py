"""django-import-export formats that read through our safe reader and write through safe_cell.

Reading: the same checks as every other import (size, type, zip bomb, formulas, blank rows).
Writing: numbers stay numbers and no text becomes a formula, in xlsx and in csv.
"""

import csv
import io

import tablib
from django.utils.translation import gettext as _
from import_export.formats import base_formats
from openpyxl import Workbook
from openpyxl.styles import Font

from reports.exports.cells import safe_cell
from reports.imports.tables import read_table
from reports.imports.xlsx import SpreadsheetError

_BOLD = Font(bold=True)
MAX_LISTED = 20


class SafeXLSX(base_formats.XLSX):
    def create_dataset(self, in_stream):
        """The first sheet, header = first row. `dataset.row_numbers` keeps each row's number in the sheet."""
        table = read_table(
            in_stream if isinstance(in_stream, bytes) else bytes(in_stream), first_column=None, expected=""
        )
        if table.issues:
            listed = "; ".join(str(issue) for issue in table.issues[:MAX_LISTED])
            more = len(table.issues) - MAX_LISTED
            if more > 0:
                listed += " " + _("…and %(count)s more.") % {"count": more}
            raise SpreadsheetError(listed)
        dataset = tablib.Dataset(headers=[column.name for column in table.columns])
        for row in table.rows:
            dataset.append([row.cells.get(column.index) for column in table.columns])
        dataset.row_numbers = [row.number for row in table.rows]
        return dataset

    def export_data(self, dataset, **kwargs):
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet((dataset.title or "Sheet1")[:31])
        sheet.freeze_panes = "A2"
        sheet.append([safe_cell(header, sheet, font=_BOLD) for header in dataset.headers or []])
        for row in dataset:
            sheet.append([safe_cell(value, sheet) for value in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


class SafeCSV(base_formats.CSV):
    def can_import(self):
        return False

    def export_data(self, dataset, **kwargs):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([safe_cell(header) for header in dataset.headers or []])
        for row in dataset:
            writer.writerow([safe_cell(value) for value in row])
        return buffer.getvalue()
