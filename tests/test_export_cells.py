"""safe_cell: the one rule for every cell the portal writes to xlsx or csv."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from reports.exports.cells import create_safe_sheet, safe_cell
from tests.spreadsheets import assert_no_formula

TRIGGERS = ["=1+2", "+1 bấm", "-1+2", "@SUM(A1:A2)", "\tcmd", "\rcmd", '=HYPERLINK("http://x","y")']


def written(values):
    """Write one row through safe_cell, save, and read it back with openpyxl."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("x")
    sheet.append([safe_cell(value, sheet) for value in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return load_workbook(io.BytesIO(buffer.getvalue()))


def test_text_that_looks_like_a_formula_is_written_as_text_with_excels_quote_prefix():
    workbook = written(TRIGGERS)
    assert_no_formula(workbook)
    cells = list(workbook["x"].iter_rows())[0]
    for cell, text in zip(cells, TRIGGERS, strict=True):
        assert cell.data_type == "s" and cell.quotePrefix is True
        assert cell.value == text


def test_numbers_dates_and_plain_text_keep_their_types():
    aware = datetime.datetime(2025, 12, 1, 2, 30, tzinfo=datetime.UTC)
    cells = list(
        written([120, Decimal("0.3"), -5, "-5", "CĐCS Một", datetime.date(2025, 6, 30), aware, True]).active.iter_rows()
    )
    cells = cells[0]
    assert [cell.data_type for cell in cells] == ["n", "n", "n", "s", "s", "d", "d", "b"]
    assert cells[0].value == 120 and cells[1].value == pytest.approx(0.3) and cells[2].value == -5
    assert cells[3].quotePrefix is False and cells[4].quotePrefix is False
    assert cells[6].value == datetime.datetime(2025, 12, 1, 9, 30)  # local time in Hồ Chí Minh City


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+1 bấm", "'+1 bấm"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-5", "-5"),
        ("+84", "+84"),
        ("1.234,5", "1.234,5"),
        (-5, -5),
        (Decimal("0.3"), Decimal("0.3")),
        ("CĐCS Một", "CĐCS Một"),
        (None, None),
    ],
)
def test_csv_values_get_an_apostrophe_only_when_a_spreadsheet_would_read_a_formula(value, expected):
    assert safe_cell(value) == expected


def test_a_safe_sheet_writes_what_plain_appends_write_and_passes_raw_values_through_safe_cell():
    from openpyxl.styles import Font

    def saved(make_sheet, raw_values):
        workbook = Workbook(write_only=True)
        sheet = make_sheet(workbook, "x")
        bold, count = safe_cell("CĐCS Một", sheet, font=Font(bold=True)), safe_cell(12, sheet, number_format="#,##0")
        sheet.append([bold, None, count])
        sheet.append(raw_values(sheet))
        buffer = io.BytesIO()
        workbook.save(buffer)
        return load_workbook(io.BytesIO(buffer.getvalue()))["x"]

    def plain(workbook, title):
        return workbook.create_sheet(title)

    values = ["=1+2", 5, Decimal("0.5"), "-2+3"]
    fast = saved(create_safe_sheet, lambda sheet: values)
    slow = saved(plain, lambda sheet: [safe_cell(value, sheet) for value in values])
    for fast_row, slow_row in zip(fast.iter_rows(), slow.iter_rows(), strict=True):
        for a, b in zip(fast_row, slow_row, strict=True):
            assert (a.coordinate, a.value, a.data_type, a.number_format, a.font.b, a.quotePrefix) == (
                b.coordinate,
                b.value,
                b.data_type,
                b.number_format,
                b.font.b,
                b.quotePrefix,
            )
    assert fast["A2"].value == "=1+2" and fast["A2"].data_type == "s" and fast["A2"].quotePrefix
    assert fast["B1"].value is None and fast["C1"].value == 12
