"""Building workbooks for import tests, and reading back the ones the portal produces."""

import io

from openpyxl import Workbook, load_workbook


def xlsx(rows, *, title="Sheet1", extra_sheets=()) -> bytes:
    """A workbook whose first sheet holds `rows` (lists of cell values; a string starting with "=" is a formula)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    for name, extra_rows in extra_sheets:
        extra = workbook.create_sheet(name)
        for row in extra_rows:
            extra.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def open_xlsx(content: bytes):
    return load_workbook(io.BytesIO(content))


def every_cell(workbook):
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            yield from row


def assert_no_formula(workbook) -> None:
    """No cell of any sheet is a formula (openpyxl marks formulas with data_type "f")."""
    formulas = [cell.coordinate for cell in every_cell(workbook) if cell.data_type == "f"]
    assert formulas == [], formulas
