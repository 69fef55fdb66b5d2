"""The safe xlsx reader: every kind of wrong file is named, limits hold before parsing, cells keep their types."""

import datetime
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from reports.imports.tables import read_table
from reports.imports.xlsx import BLANK_RUN_LIMIT, SpreadsheetError
from tests.spreadsheets import xlsx

FILES = Path(__file__).parent / "files"


def refusal(content) -> str:
    with pytest.raises(SpreadsheetError) as exc:
        read_table(content, first_column="org_code", expected="org_code, period")
    return exc.value.messages[0]


def replace_part(content: bytes, name: str, data: bytes) -> bytes:
    """The same workbook with one part replaced (or added)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info.filename))
        target.writestr(name, data)
    return out.getvalue()


def plain_workbook() -> bytes:
    return xlsx([["org_code", "period", "members"], ["BD-D1-G1", "2025", 120]])


def ods() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        target.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def docx_like() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr("[Content_Types].xml", "<Types/>")
        target.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "named_as"),
    [
        pytest.param(b"org_code,period,members\nBD-D1-G1,2025,120\n", "tệp CSV", id="csv"),
        pytest.param("org_code;period\nBD-D1-G1;2025\n".encode("utf-16"), "không phải là tệp Excel", id="utf16-text"),
        pytest.param(b"%PDF-1.7\n1 0 obj <<>> endobj\n", "tài liệu PDF", id="pdf"),
        pytest.param(b"<!DOCTYPE html><html><body><table><tr><td>1</td></tr></table>", "trang web", id="html"),
        pytest.param((FILES / "old-excel-renamed.xlsx").read_bytes(), "Excel 97–2003 kiểu cũ (.xls)", id="renamed-xls"),
        pytest.param((FILES / "password-protected.xlsx").read_bytes(), "bảo vệ bằng mật khẩu", id="password"),
        pytest.param(ods(), "OpenDocument", id="ods"),
        pytest.param(docx_like(), "không phải là tệp Excel", id="docx"),
        pytest.param(plain_workbook()[:600], "bị hỏng", id="truncated"),
        pytest.param(b"", "Tệp rỗng", id="empty"),
    ],
)
def test_a_file_that_is_not_an_xlsx_workbook_is_refused_saying_what_it_is(content, named_as):
    assert named_as in refusal(content)


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened(settings, monkeypatch):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    content = plain_workbook()
    monkeypatch.setattr(zipfile.ZipFile, "__init__", lambda *a, **k: pytest.fail("the zip was opened"))
    message = refusal(content)
    assert "vượt giới hạn 1000" in message


def test_a_zip_bomb_is_refused_from_its_declared_sizes_before_anything_is_inflated(settings, monkeypatch):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    bomb = replace_part(plain_workbook(), "xl/media/padding.bin", b"\0" * (5 * 1024 * 1024))
    assert len(bomb) < 60_000  # five megabytes of zeros squeeze into a few kilobytes
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("a part was inflated"))
    assert "bom nén" in refusal(bomb)


def test_openpyxl_and_our_reader_use_defusedxml():
    assert openpyxl.DEFUSEDXML is True


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_entity_declarations_in_any_part_are_refused(part):
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
    )
    assert "không được phép" in refusal(replace_part(plain_workbook(), part, laughs))


def test_formula_cells_are_reported_with_their_row_and_column_not_their_cached_values():
    table = read_table(
        xlsx([["org_code", "period", "members"], ["BD-D1-G1", "2025", "=100+20"]]),
        first_column="org_code",
        expected="",
    )
    assert [str(issue) for issue in table.issues] == [
        "Dòng 2, cột C (members): ô chứa công thức (=100+20). Hãy nhập giá trị; hệ thống không nhập công thức."
    ]


def million_blank_rows() -> bytes:
    """A header, two rows of figures, then a million formatted empty rows (as a careless Ctrl+Down leaves)."""
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>org_code</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>period</t></is></c><c r="C1" t="inlineStr"><is><t>members</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>BD-D1-G1</t></is></c>'
        '<c r="B2"><v>2025</v></c><c r="C2"><v>120</v></c></row>'
        '<row r="3"><c r="A3" t="inlineStr"><is><t>BD-D1-G2</t></is></c>'
        '<c r="B3"><v>2025</v></c><c r="C3"><v>80</v></c></row>'
    )
    out = io.BytesIO()
    base = zipfile.ZipFile(io.BytesIO(plain_workbook()))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in base.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info, base.read(info.filename))
        with target.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(head.encode())
            for start in range(4, 1_000_004, 10_000):
                sheet.write(
                    "".join(f'<row r="{n}" s="1" customFormat="1"/>' for n in range(start, start + 10_000)).encode()
                )
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def test_a_million_blank_rows_are_not_read_to_the_end():
    table = read_table(million_blank_rows(), first_column="org_code", expected="")
    assert [row.cells[1] for row in table.rows] == ["BD-D1-G1", "BD-D1-G2"]
    assert table.notices == [
        f"Đã dừng đọc ở dòng {3 + BLANK_RUN_LIMIT} sau {BLANK_RUN_LIMIT} dòng trống liên tiếp; "
        "phần bên dưới của trang tính không được đọc."
    ]


def test_more_data_rows_than_the_limit_are_refused(settings):
    settings.IMPORT_MAX_ROWS = 5
    rows = [["org_code", "period"]] + [[f"U{n}", "2025"] for n in range(6)]
    with pytest.raises(SpreadsheetError, match="hơn 5 dòng số liệu"):
        read_table(xlsx(rows), first_column="org_code", expected="")


def test_the_header_row_may_sit_below_title_and_label_rows():
    content = xlsx([["Mẫu nhập số liệu"], ["Mã đơn vị", "Kỳ"], ["org_code", "period"], ["BD-D1-G1", "2025"]])
    table = read_table(content, first_column="org_code", expected="")
    assert table.header_row == 3
    assert [column.name for column in table.columns] == ["org_code", "period"]
    assert [row.number for row in table.rows] == [4]


def test_a_missing_header_row_is_refused_showing_what_the_first_row_reads():
    message = refusal(xlsx([["Mã", "Kỳ"], ["BD-D1-G1", "2025"]]))
    assert "không có dòng tiêu đề bắt đầu bằng “org_code”" in message
    assert "Dòng đầu tiên của tệp là: Mã, Kỳ" in message


def test_duplicate_headers_and_values_without_a_header_are_issues():
    table = read_table(
        xlsx([["org_code", "period", "members", "members"], ["BD-D1-G1", "2025", 1, 2, None, "lạc cột"]]),
        first_column="org_code",
        expected="",
    )
    messages = [str(issue) for issue in table.issues]
    assert "Dòng 1, cột D (members): cột “members” xuất hiện hai lần (cả ở cột C)." in messages
    assert "Dòng 2, cột F: có giá trị (“lạc cột”) trong một cột không có tiêu đề." in messages


def test_cells_keep_their_types():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["code", "number", "decimal", "date", "flag", "text"])
    sheet.append(["A", 120, 0.3, datetime.date(2025, 6, 30), True, "1.234"])
    sheet["A3"] = "B"
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), first_column="code", expected="")
    first = table.rows[0].cells
    assert first[1] == "A" and first[2] == 120 and isinstance(first[2], int)
    assert first[3] == Decimal("0.3")
    assert first[4] == datetime.datetime(2025, 6, 30)
    assert first[5] is True
    assert first[6] == "1.234"
    assert table.rows[1].cells == {1: "B"}
