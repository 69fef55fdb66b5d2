"""The official document as a Word file (python-docx): Times New Roman, A4, the usual margins of
Vietnamese administrative documents (Decree 30/2020: top and bottom 20-25 mm, left 30-35 mm, right
15-20 mm), the header and signature blocks as borderless two-column tables."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from reports.documents.content import OfficialDocument

FONT = "Times New Roman"
BODY_SIZE = Pt(13)
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
TEXT_WIDTH = Mm(210 - 30 - 15)


def _font(run, *, size=BODY_SIZE, bold=False, italic=False, underline=False):
    run.font.name = FONT
    run.font.size = size
    run.font.bold = bold
    run.font.italic = italic
    run.font.underline = underline
    run._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)  # so Word keeps Times New Roman for Vietnamese
    return run


SMALL_GAP = Pt(3)


def _paragraph(container, text="", *, align=None, size=BODY_SIZE, bold=False, italic=False, underline=False,
               indent=None, space_after=SMALL_GAP):  # fmt: skip
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = space_after
    paragraph.paragraph_format.space_before = Pt(0)
    if indent is not None:
        paragraph.paragraph_format.first_line_indent = indent
    if text:
        _font(paragraph.add_run(text), size=size, bold=bold, italic=italic, underline=underline)
    return paragraph


def _cell_paragraph(cell, text, **style):
    """Write into a table cell: its first (empty) paragraph, then new ones."""
    first = cell.paragraphs[0]
    if not first.text and not first.runs:
        first.alignment = style.pop("align", None)
        first.paragraph_format.space_after = style.pop("space_after", Pt(0))
        if text:
            _font(first.add_run(text), **style)
        return first
    style.setdefault("space_after", Pt(0))
    return _paragraph(cell, text, **style)


def _no_borders(table):
    borders = table._tbl.tblPr.first_child_found_in("w:tblBorders")
    if borders is not None:
        table._tbl.tblPr.remove(borders)


def _set_widths(table, widths) -> None:
    """Column widths on the grid and on every cell: Word reads the cells, LibreOffice the grid."""
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _two_columns(document, left_width, right_width):
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    _set_widths(table, [left_width, right_width])
    return table.rows[0].cells


def build_docx(document: OfficialDocument) -> bytes:
    word = Document()
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    normal = word.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = BODY_SIZE
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)

    # Top: the issuing body and number on the left, the national motto, place and date on the right.
    left, right = _two_columns(word, Mm(62), TEXT_WIDTH - Mm(62))
    center = WD_ALIGN_PARAGRAPH.CENTER
    if document.superior:
        _cell_paragraph(left, document.superior, align=center, size=Pt(12))
    _cell_paragraph(left, document.issuer, align=center, size=Pt(12), bold=True)
    _cell_paragraph(left, "———", align=center, size=Pt(10))
    _cell_paragraph(left, document.number, align=center, size=Pt(13))
    _cell_paragraph(right, document.nation, align=center, size=Pt(12), bold=True)
    _cell_paragraph(right, document.motto, align=center, size=Pt(13), bold=True)
    _cell_paragraph(right, "———————", align=center, size=Pt(10))
    _cell_paragraph(right, document.place_date, align=center, size=Pt(13), italic=True)

    _paragraph(word, "", space_after=Pt(6))
    if document.is_draft:
        _paragraph(word, "DỰ THẢO", align=center, size=Pt(12), bold=True, italic=True)
    _paragraph(word, document.title, align=center, size=Pt(14), bold=True, space_after=Pt(0))
    _paragraph(word, document.subject, align=center, size=Pt(14), bold=True, space_after=Pt(0))
    _paragraph(word, document.period_line, align=center, size=Pt(14), bold=True, space_after=Pt(12))
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    _paragraph(word, document.opening, align=justify, indent=Mm(10))

    for block in document.blocks:
        if block.kind == "heading":
            _paragraph(
                word, block.text, align=justify, bold=True, space_after=Pt(3)
            ).paragraph_format.space_before = Pt(6)
        elif block.kind == "subheading":
            _paragraph(word, block.text, align=justify, bold=True, italic=True, indent=Mm(10))
        elif block.kind == "paragraph":
            _paragraph(word, block.text, align=justify, indent=Mm(10))
        elif block.kind == "table":
            _table(word, block.table)

    # Bottom: "Nơi nhận" on the left, the signature block on the right.
    _paragraph(word, "", space_after=Pt(6))
    left, right = _two_columns(word, Mm(80), TEXT_WIDTH - Mm(80))
    _cell_paragraph(left, "Nơi nhận:", size=Pt(12), bold=True, italic=True)
    for line in document.recipients:
        _cell_paragraph(left, line, size=Pt(11))
    for line in document.signer_lines:
        _cell_paragraph(right, line, align=center, size=Pt(13), bold=True)
    for _blank in range(4):
        _cell_paragraph(right, "", align=center)
    _cell_paragraph(right, document.signer_name, align=center, size=Pt(13), bold=True)

    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _table(word, table) -> None:
    grid = word.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    widths = [int(TEXT_WIDTH * share / 100) for share in table.widths]
    for cell, header in zip(grid.rows[0].cells, table.headers, strict=True):
        _cell_paragraph(cell, header, align=WD_ALIGN_PARAGRAPH.CENTER, size=Pt(12), bold=True)
    for values in table.rows:
        cells = grid.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            align = WD_ALIGN_PARAGRAPH.LEFT if index == 1 else WD_ALIGN_PARAGRAPH.CENTER
            _cell_paragraph(cell, value, align=align, size=Pt(12))
    _set_widths(grid, widths)
    _paragraph(word, "", space_after=Pt(3))
