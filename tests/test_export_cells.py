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


def test_styles_worked_out_once_per_workbook_give_the_file_that_setting_each_cell_gives(monkeypatch):
    """safe_cell copies the style ids of a (font, fill, alignment, border, format) it has seen in this
    workbook; the saved file must be the one that setting every style on every cell writes."""
    from reports.exports import cells
    from reports.exports.sheets import BOLD, HEADER_ALIGNMENT, HEADER_FILL, STATUS_FILLS, STATUS_FONTS, TOP, WRAP

    looks = [
        {"font": BOLD, "fill": HEADER_FILL, "alignment": HEADER_ALIGNMENT},
        {"number_format": "#,##0", "alignment": TOP},
        {"number_format": "0.00%", "fill": STATUS_FILLS["met"], "font": STATUS_FONTS["met"], "alignment": TOP},
        {"fill": STATUS_FILLS["not_met"], "font": STATUS_FONTS["not_met"]},
        {"alignment": WRAP},
        {},
    ]

    def saved(cache: bool):
        monkeypatch.setattr(cells, "STYLE_CACHE", cache)
        sheets = []
        for _book in range(2):  # a second workbook must not reuse the first one's style ids
            workbook = Workbook(write_only=True)
            sheet = create_safe_sheet(workbook, "x")
            for row in range(3):
                sheet.append([safe_cell(f"{row}-{n}" if n % 2 else n, sheet, **look) for n, look in enumerate(looks)])
            buffer = io.BytesIO()
            workbook.save(buffer)
            sheets.append(load_workbook(io.BytesIO(buffer.getvalue()))["x"])
        return sheets

    def looks_of(sheet):
        return [
            (c.coordinate, c.value, c.number_format, c.font.b, c.font.color and c.font.color.rgb,
             c.fill.fgColor.rgb, c.alignment.wrap_text, c.alignment.vertical, c.alignment.horizontal)
            for row in sheet.iter_rows() for c in row
        ]  # fmt: skip

    for cached, plain in zip(saved(True), saved(False), strict=True):
        assert looks_of(cached) == looks_of(plain)
    assert saved(True)[1]["A1"].font.b and saved(True)[1]["C1"].number_format == "0.00%"
