"""PlainRows writes a row's XML itself: the file must be the one safe_cell's cells give.

Compared part by part, byte for byte, the sheets in canonical XML (the one difference that can be: an empty
text cell, which openpyxl writes as <c ...></c> and lxml as <c .../>)."""

import datetime
import io
import zipfile
from decimal import Decimal

from lxml import etree
from openpyxl import Workbook, load_workbook

from reports.exports.cells import create_safe_sheet
from reports.exports.plain_rows import PlainRows
from reports.exports.sheets import DATE, INTEGER

FORMATS = [None, None, INTEGER, "#,##0.00", DATE, None, INTEGER]
ROWS = [
    ["HCM-U001", "Công đoàn cơ sở Trường Tiểu học Lê Lợi", 40, Decimal("12.50"), datetime.date(2025, 6, 30), "Có", 0],
    ["=1+2", "+84 901", -5, Decimal("0.1"), datetime.date(1900, 1, 15), "-2+3", True],
    ["<img src=x onerror=alert(1)>", "a & b < c > d \"quoted\" 'single'", 10**15, 2.5, None, "", False],
    ["  leading", "trailing  ", None, Decimal("-3"), datetime.date(2026, 12, 3), "tab\there", None],
    ["line\nbreak", "carriage\rreturn", 7, None, None, "bell\x07 and \x1b escape", 1],
    ["@SUM(A1)", "\tcmd", 3, Decimal("1E+3"), datetime.date(2025, 1, 1), "x" * 40000, 2],
    [None, None, None, None, None, None, None],
    ["#N/A", "-", 0, 0.0, None, "=", 12],
    ["not a character: \ufffe \uffff", "lone \ud800 surrogate", 1, None, None, "=" + "1" * 40000, 3],
]


def saved(fast: bool, rows=ROWS, formats=FORMATS, height_of=None) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = create_safe_sheet(workbook, "x")
    if height_of is not None:
        sheet.row_dimensions[height_of].height = 30
    plain = PlainRows(sheet, formats)
    plain.fast = fast
    for row in rows:
        plain.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def parts(data: bytes) -> dict[str, bytes]:
    """The file's parts but its creation time; the sheets in canonical XML."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        found = {name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}
    for name in found:
        if name.startswith("xl/worksheets/"):
            found[name] = etree.tostring(etree.fromstring(found[name]), method="c14n")
    return found


def test_the_fast_rows_are_the_file_that_safe_cell_cells_write():
    fast, cells = parts(saved(True)), parts(saved(False))
    assert fast.keys() == cells.keys()
    for name in cells:
        assert fast[name] == cells[name], name
    assert b"<row" in fast["xl/worksheets/sheet1.xml"]


def test_what_the_reader_finds_text_stays_text_numbers_and_dates_keep_their_types():
    sheet = load_workbook(io.BytesIO(saved(True)))["x"]
    assert sheet["A1"].value == "HCM-U001" and sheet["B1"].value == "Công đoàn cơ sở Trường Tiểu học Lê Lợi"
    assert sheet["C1"].value == 40 and sheet["C1"].number_format == INTEGER
    assert sheet["E1"].value == datetime.datetime(2025, 6, 30) and sheet["E1"].number_format == DATE
    assert sheet["A2"].value == "=1+2" and sheet["A2"].data_type == "s" and sheet["A2"].quotePrefix
    assert sheet["B2"].data_type == "s" and sheet["B2"].quotePrefix
    assert not sheet["A1"].quotePrefix
    assert sheet["A3"].value == "<img src=x onerror=alert(1)>"
    assert sheet["B3"].value == "a & b < c > d \"quoted\" 'single'"
    assert sheet["A4"].value == "  leading" and sheet["B4"].value == "trailing  "
    assert sheet["B5"].value == "carriage\rreturn"
    assert sheet["F5"].value == "bell\ufffd and \ufffd escape"
    assert len(sheet["F6"].value) == 32767
    assert sheet["G2"].value is True and sheet["G3"].value is False
    assert sheet["A8"].value == "#N/A" and sheet["A8"].data_type == "s"
    assert [cell.value for cell in sheet[7]] == [None] * 7
    assert sheet["A9"].value == "not a character: \ufffd \ufffd" and sheet["B9"].value == "lone \ufffd surrogate"
    assert sheet["F9"].quotePrefix and len(sheet["F9"].value) == 32767


def test_on_a_sheet_not_made_safe_the_rows_still_go_through_safe_cell():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("x")  # not create_safe_sheet: openpyxl would take "=1+2" for a formula
    PlainRows(sheet, [None, INTEGER]).append(["=1+2", 5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    cell = load_workbook(io.BytesIO(buffer.getvalue()))["x"]["A1"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=1+2", "s", True)


def test_a_row_the_fast_path_cannot_write_exactly_goes_through_safe_cell():
    """A datetime (local time, a time format) and a row with a height of its own take safe_cell's path."""
    aware = datetime.datetime(2025, 6, 30, 9, 30, tzinfo=datetime.UTC)
    rows = [["a", aware], ["b", datetime.date(2025, 1, 2)], ["c", 5]]
    formats = [None, None]  # a date without a date format: openpyxl gives it one, so does the slow path
    fast, cells = parts(saved(True, rows, formats, height_of=3)), parts(saved(False, rows, formats, height_of=3))
    assert fast == cells
    sheet = load_workbook(io.BytesIO(saved(True, rows, formats, height_of=3)))["x"]
    assert sheet["B1"].value == datetime.datetime(2025, 6, 30, 16, 30)  # Asia/Ho_Chi_Minh
    assert sheet.row_dimensions[3].height == 30 and sheet["B3"].value == 5
