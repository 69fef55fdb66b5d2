"""The import_values file format: a header row org_code, period, indicator codes; one row per report."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from django.utils.translation import gettext as _

from plans.models import Plan
from plans.selectors import plan_structure
from reports.imports.issues import ImportIssue
from reports.imports.tables import Table, read_table

INFO_COLUMNS = ("name",)  # the template's unit-name column: for people, not imported


def expected_columns() -> str:
    return _("org_code, period, then one column per indicator code")


#: A record from a sheet names its cells by its own row: one empty mapping for all, not one dict each.
_NO_VALUE_ROWS: Mapping[str, int] = MappingProxyType({})


# --- what the file says ----------------------------------------------------------------------------


@dataclass(slots=True)
class ValuesRecord:
    """One report's worth of a file: the unit, the period and the raw cells by indicator code."""

    row: int
    org_code: object
    period: object
    values: dict[str, object]
    columns: Mapping[str, str]
    value_rows: Mapping[str, int] = field(default_factory=lambda: _NO_VALUE_ROWS)

    def where(self, name: str) -> tuple[int, str]:
        """The row and column that messages about this field name."""
        return self.value_rows.get(name, self.row), self.columns.get(name, name)


def records_from_table(table: Table, plan: Plan) -> tuple[list[ValuesRecord], list[ImportIssue]]:
    """Check the header against the plan and turn each data row into a record (taking the rows out of
    the table)."""
    issues = list(table.issues)
    codes = [indicator.code for indicator in plan_structure(plan).indicators]
    header_problems = []
    if table.column("period") is None:
        header_problems.append(
            ImportIssue(
                table.header_row,
                "",
                _("the column “period” is missing. The header row must read: %(expected)s.")
                % {"expected": expected_columns()},
            )
        )
    indicator_columns = []
    for column in table.columns:
        if column.name in ("org_code", "period", *INFO_COLUMNS):
            continue
        if column.name in codes:
            indicator_columns.append(column)
        else:
            header_problems.append(
                ImportIssue(
                    table.header_row,
                    column.ref,
                    _("“%(name)s” is not an indicator of plan %(plan)s. Its indicators are: %(codes)s.")
                    % {"name": column.name, "plan": plan.number or plan.slug, "codes": ", ".join(codes)},
                )
            )
    if not table.rows and not header_problems:
        header_problems.append(ImportIssue(table.header_row, "", _("there is no row of figures below the header.")))
    if not indicator_columns and not header_problems:
        header_problems.append(
            ImportIssue(
                table.header_row,
                "",
                _("there is no indicator column. The header row must read: %(expected)s.")
                % {"expected": expected_columns()},
            )
        )
    if header_problems:
        return [], issues + header_problems
    org_column, period_column = table.column("org_code"), table.column("period")
    columns = {column.name: column.ref for column in table.columns}
    # Each sheet row is let go as soon as it is a record (the table's rows are used up), so that a file
    # of 150,000 rows is not held twice over.
    rows, table.rows = table.rows, []
    rows.reverse()
    records = []
    while rows:
        row = rows.pop()
        records.append(
            ValuesRecord(
                row=row.number,
                org_code=row.cells.get(org_column.index),
                period=row.cells.get(period_column.index),
                values={column.name: row.cells.get(column.index) for column in indicator_columns},
                columns=columns,
            )
        )
    return records, issues


def read_values_file(source, *, plan: Plan) -> tuple[list[ValuesRecord], list[ImportIssue], list[str]]:
    """Read a workbook in the import_values format. Raises SpreadsheetError when it cannot be read at all."""
    table = read_table(source, first_column="org_code", expected=expected_columns())
    records, issues = records_from_table(table, plan)
    return records, issues, table.notices
