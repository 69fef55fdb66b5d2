"""A sheet read as a table: the header row (found below any title rows), its columns and the data rows."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.utils.cell import get_column_letter

from reports.imports.issues import ImportIssue
from reports.imports.sheet_xml import SheetRow, is_blank_cell
from reports.imports.xlsx import SpreadsheetError, open_workbook

HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class Column:
    index: int
    name: str

    @property
    def letter(self) -> str:
        return get_column_letter(self.index)

    @property
    def ref(self) -> str:
        """How messages name the column: its letter and its header, e.g. “E (party_members)”."""
        return f"{self.letter} ({self.name})"


@dataclass
class Table:
    """The first sheet read as a table: its header columns, its data rows and what was wrong in general."""

    sheet_name: str
    header_row: int
    columns: list[Column]
    rows: list[SheetRow]
    issues: list[ImportIssue]
    notices: list[str]

    def column(self, name: str) -> Column | None:
        return next((column for column in self.columns if column.name == name), None)


def header_name(value) -> str:
    return "" if value is None else str(value).strip().lower()


def read_table(source, *, first_column: str | None, expected: str) -> Table:
    """Read the first sheet: the header is the first row (among the first ten) whose first cell is
    `first_column` (any first row when None); rows above it (titles, labels) are skipped.

    Formula cells and values in columns without a header become issues; header problems that
    prevent reading at all (no header, too many rows) raise SpreadsheetError.
    """
    with open_workbook(source) as book:
        header: SheetRow | None = None
        seen: list[SheetRow] = []
        rows: list[SheetRow] = []
        max_rows = settings.IMPORT_MAX_ROWS
        for row in book.rows():
            if header is None:
                seen.append(row)
                first = header_name(row.cells[min(row.cells)]) if row.cells else ""
                if first_column is None or first == first_column:
                    header = row
                elif len(seen) >= HEADER_SEARCH_ROWS:
                    break
                continue
            rows.append(row)
            if len(rows) > max_rows:
                raise SpreadsheetError(
                    _("The sheet has more than %(max)s rows of data. Split it into smaller files.")
                    % {"max": f"{max_rows:,}".replace(",", ".")}
                )
        notices = list(book.notices)
        sheet_name = book.sheet_name
    if header is None:
        if not seen:
            raise SpreadsheetError(_("The first sheet of the workbook is empty."))
        found = ", ".join(str(value) for value in seen[0].cells.values() if not is_blank_cell(value))[:200]
        raise SpreadsheetError(
            _(
                "The first sheet has no header row beginning with “%(first)s” (in its first %(count)s rows). "
                "Expected columns: %(expected)s. Its first row reads: %(found)s."
            )
            % {"first": first_column, "count": HEADER_SEARCH_ROWS, "expected": expected, "found": found or "—"}
        )
    issues: list[ImportIssue] = []
    columns: list[Column] = []
    by_name: dict[str, Column] = {}
    for index in sorted(header.cells):
        name = header_name(header.cells[index])
        if not name:
            continue
        column = Column(index=index, name=name)
        if name in by_name:
            issues.append(
                ImportIssue(
                    header.number,
                    column.ref,
                    _("the column “%(name)s” appears twice (also in column %(other)s).")
                    % {"name": name, "other": by_name[name].letter},
                )
            )
            continue
        by_name[name] = column
        columns.append(column)
    for index, formula in header.formulas.items():
        issues.append(_formula_issue(header.number, get_column_letter(index), formula))
    named = {index for index, value in header.cells.items() if header_name(value)}
    for row in rows:
        for index, formula in row.formulas.items():
            ref = next((c.ref for c in columns if c.index == index), get_column_letter(index))
            issues.append(_formula_issue(row.number, ref, formula))
        for index, value in row.cells.items():
            if index not in named and not is_blank_cell(value):
                issues.append(
                    ImportIssue(
                        row.number,
                        get_column_letter(index),
                        _("there is a value (“%(value)s”) in a column without a header.") % {"value": str(value)[:50]},
                    )
                )
    return Table(
        sheet_name=sheet_name,
        header_row=header.number,
        columns=columns,
        rows=rows,
        issues=issues,
        notices=notices,
    )


def _formula_issue(row: int, column: str, formula: str) -> ImportIssue:
    return ImportIssue(
        row,
        column,
        _("the cell holds a formula (%(formula)s). Type the value itself; formulas are not imported.")
        % {"formula": formula[:60]},
    )
