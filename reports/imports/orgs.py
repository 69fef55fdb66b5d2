"""Importing the union tree from a workbook: the `import_orgs` command and the admin's organization import.

The format (DESIGN §5): the first sheet has a header row `code, name, kind, parent_code`, and
optionally `opened_on, closed_on`. Each row creates the unit with that code or brings the
existing one in line; a parent may come later in the file than its children. An empty
parent_code makes a root; for an existing unit that has a parent that is refused, so that a
forgotten cell cannot tear a branch off the tree.

Everything is checked before anything is written (unknown kinds and parents, duplicate codes,
cycles, dates), each problem named by row and column. Units are then written parents first,
through unions.services, so paths stay right and every move to a new parent is recorded.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.imports.issues import ImportIssue, ImportRejected
from reports.imports.tables import read_table
from reports.values import is_empty
from unions.models import Organization, OrganizationKind, code_validator
from unions.services import organization_create, organization_move, organization_update

REQUIRED = ("code", "name", "kind", "parent_code")
OPTIONAL = ("opened_on", "closed_on")
FIELDS = ("name", "kind", "opened_on", "closed_on")


def expected_columns() -> str:
    return _("code, name, kind, parent_code, and optionally opened_on, closed_on")


@dataclass
class OrgRecord:
    """One row of the file, as read (before checking)."""

    row: int
    cells: dict[str, object]
    columns: dict[str, str]

    def where(self, name: str) -> tuple[int, str]:
        return self.row, self.columns.get(name, name)


@dataclass
class OrgChange:
    """What the import does to one unit."""

    row: int
    code: str
    action: str  # "create" or "update"
    fields: dict[str, object]
    changed: dict[str, list[str]]
    parent_code: str | None
    moves: bool = False


@dataclass
class OrgsImport:
    changes: list[OrgChange] = field(default_factory=list)
    issues: list[ImportIssue] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    rows: int = 0
    unchanged: int = 0
    written: bool = False
    order: list[int] = field(default_factory=list)  # the rows, parents first

    @property
    def created(self) -> int:
        return sum(1 for change in self.changes if change.action == "create")

    @property
    def updated(self) -> int:
        return sum(1 for change in self.changes if change.action == "update")

    @property
    def moved(self) -> int:
        return sum(1 for change in self.changes if change.moves)


def records_from_rows(header: list[str], rows: list[tuple[int, list]]) -> tuple[list[OrgRecord], list[ImportIssue]]:
    """Records from a header (column names) and numbered rows; header problems are issues of row `0`."""
    issues = []
    names = [str(name or "").strip().lower() for name in header]
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        issues.append(
            ImportIssue(
                None,
                "",
                _("The header row lacks the column(s) %(missing)s. Expected: %(expected)s.")
                % {"missing": ", ".join(missing), "expected": expected_columns()},
            )
        )
    unknown = [name for name in names if name and name not in REQUIRED + OPTIONAL]
    for name in unknown:
        issues.append(
            ImportIssue(
                None,
                name,
                _("“%(name)s” is not a column of the tree import. Expected: %(expected)s.")
                % {"name": name, "expected": expected_columns()},
            )
        )
    if issues:
        return [], issues
    columns = {name: name for name in names if name}
    records = []
    for number, values in rows:
        cells = {name: values[index] if index < len(values) else None for index, name in enumerate(names) if name}
        records.append(OrgRecord(row=number, cells=cells, columns=columns))
    return records, issues


def read_orgs_file(source) -> tuple[list[OrgRecord], list[ImportIssue], list[str]]:
    """Read a workbook in the import_orgs format. Raises SpreadsheetError when it cannot be read at all."""
    table = read_table(source, first_column="code", expected=expected_columns())
    issues = list(table.issues)
    header = {column.name: column for column in table.columns}
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        issues.append(
            ImportIssue(
                table.header_row,
                "",
                _("the header row lacks the column(s) %(missing)s. Expected: %(expected)s.")
                % {"missing": ", ".join(missing), "expected": expected_columns()},
            )
        )
    for column in table.columns:
        if column.name not in REQUIRED + OPTIONAL:
            issues.append(
                ImportIssue(
                    table.header_row,
                    column.ref,
                    _("“%(name)s” is not a column of the tree import. Expected: %(expected)s.")
                    % {"name": column.name, "expected": expected_columns()},
                )
            )
    if not table.rows:
        issues.append(ImportIssue(table.header_row, "", _("there is no row of units below the header.")))
    if any(issue.row == table.header_row for issue in issues):
        return [], issues, table.notices
    refs = {column.name: column.ref for column in table.columns}
    records = [
        OrgRecord(
            row=row.number,
            cells={column.name: row.cells.get(column.index) for column in table.columns},
            columns=refs,
        )
        for row in table.rows
    ]
    return records, issues, table.notices


def _text(value) -> str:
    return "" if is_empty(value) else str(value).strip()


def _kind(value) -> str | None:
    text = _text(value).casefold()
    for code, label in OrganizationKind.choices:
        if text in (code, str(label).casefold()):
            return code
    return None


def parse_date(value) -> datetime.date | None:
    """A date cell, or text as 31/12/2025, 31-12-2025 or 2025-12-31; raise ValueError otherwise."""
    if is_empty(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


class _Checker:
    def __init__(self, records: list[OrgRecord]):
        self.records = records
        self.result = OrgsImport(rows=len(records))

    def issue(self, record: OrgRecord, name: str, message: str) -> None:
        row, column = record.where(name)
        self.result.issues.append(ImportIssue(row, column, message))

    def check(self) -> OrgsImport:
        rows: dict[str, tuple[OrgRecord, dict]] = {}
        for record in self.records:
            parsed = self.parse(record)
            if parsed is None:
                continue
            code = parsed["code"]
            if code in rows:
                self.issue(
                    record,
                    "code",
                    _("the code %(code)s already appears in row %(row)s; one row per unit.")
                    % {"code": code, "row": rows[code][0].row},
                )
                continue
            rows[code] = (record, parsed)
        wanted = set(rows) | {parsed["parent_code"] for _record, parsed in rows.values() if parsed["parent_code"]}
        existing = {}
        codes = sorted(wanted)
        for start in range(0, len(codes), 900):
            existing.update((org.code, org) for org in Organization.objects.filter(code__in=codes[start : start + 900]))
        parent_ids = sorted({org.parent_id for org in existing.values() if org.parent_id})
        self.parent_codes: dict[int, str] = {}
        for start in range(0, len(parent_ids), 900):
            chunk = parent_ids[start : start + 900]
            self.parent_codes.update(Organization.objects.filter(pk__in=chunk).values_list("pk", "code"))
        self.check_parents(rows, existing)
        if self.result.issues:
            return self.result
        order = self.order(rows, existing)
        self.result.order = [rows[code][0].row for code in order]
        for code in order:
            record, parsed = rows[code]
            self.plan_change(record, parsed, existing.get(code))
        return self.result

    def parse(self, record: OrgRecord) -> dict | None:
        before = len(self.result.issues)
        cells = record.cells
        code = _text(cells.get("code"))
        name = _text(cells.get("name"))
        if not code:
            self.issue(record, "code", _("the unit code is empty."))
        else:
            try:
                code_validator(code)
            except ValidationError as exc:
                self.issue(record, "code", f"“{code}”: {exc.messages[0]}")
            if len(code) > Organization._meta.get_field("code").max_length:
                self.issue(record, "code", _("the code is longer than 40 characters."))
        if not name:
            self.issue(record, "name", _("the name is empty."))
        elif len(name) > Organization._meta.get_field("name").max_length:
            self.issue(record, "name", _("the name is longer than 255 characters."))
        kind = _kind(cells.get("kind"))
        if kind is None:
            self.issue(
                record,
                "kind",
                _("“%(kind)s” is not a kind of union organization. Use one of: %(kinds)s.")
                % {"kind": _text(cells.get("kind")), "kinds": ", ".join(OrganizationKind.values)},
            )
        parsed = {"code": code, "name": name, "kind": kind, "parent_code": _text(cells.get("parent_code")) or None}
        for name_ in ("opened_on", "closed_on"):
            if name_ not in cells:
                continue
            try:
                parsed[name_] = parse_date(cells[name_])
            except ValueError:
                self.issue(
                    record,
                    name_,
                    _("“%(value)s” is not a date; write it as 31/12/2025.") % {"value": _text(cells[name_])},
                )
        opened, closed = parsed.get("opened_on"), parsed.get("closed_on")
        if opened and closed and closed < opened:
            self.issue(record, "closed_on", _("The closing date must not be before the opening date."))
        if parsed["parent_code"] and parsed["parent_code"] == code:
            self.issue(record, "parent_code", _("a unit cannot be its own parent."))
        return parsed if len(self.result.issues) == before else None

    def check_parents(self, rows: dict, existing: dict[str, Organization]) -> None:
        for code, (record, parsed) in rows.items():
            parent_code = parsed["parent_code"]
            if parent_code and parent_code not in rows and parent_code not in existing:
                self.issue(
                    record,
                    "parent_code",
                    _("there is no unit with code “%(code)s”, neither in the portal nor in this file.")
                    % {"code": parent_code},
                )
            current = existing.get(code)
            if not parent_code and current is not None and current.parent_id is not None:
                self.issue(
                    record,
                    "parent_code",
                    _(
                        "parent_code is empty, but %(code)s is a unit under another one. Write its parent's code "
                        "(a unit is only a root of the tree when it already is one)."
                    )
                    % {"code": code},
                )
        if self.result.issues:
            return
        file_ids = {existing[code].pk: code for code in rows if code in existing}

        def up(code: str) -> str | None:
            """The next unit of the file above `code` in the tree as it will stand after the import."""
            parent = rows[code][1]["parent_code"]
            if parent is None or parent in rows:
                return parent
            for ancestor_id in reversed(existing[parent].ancestor_ids):
                if ancestor_id in file_ids:
                    return file_ids[ancestor_id]
            return None

        state: dict[str, int] = {}  # 1: being walked, 2: reaches a root
        for start in rows:
            path = []
            code = start
            while code is not None and state.get(code) != 2:
                if state.get(code) == 1:
                    cycle = path[path.index(code) :]
                    text = " → ".join([*cycle, code])
                    for member in cycle:
                        self.issue(
                            rows[member][0],
                            "parent_code",
                            _("the parents form a cycle: %(cycle)s.") % {"cycle": text},
                        )
                    break
                state[code] = 1
                path.append(code)
                code = up(code)
            for member in path:
                state[member] = 2

    def order(self, rows: dict, existing: dict[str, Organization]) -> list[str]:
        """Parents first: by how many units of the file stand above each one after the import."""
        depth: dict[str, int] = {}
        file_ids = {existing[code].pk: code for code in rows if code in existing}

        def file_parent(code: str) -> str | None:
            parent = rows[code][1]["parent_code"]
            if parent is None or parent in rows:
                return parent
            return next((file_ids[a] for a in reversed(existing[parent].ancestor_ids) if a in file_ids), None)

        def depth_of(code: str) -> int:
            chain = []
            while code is not None and code not in depth:
                chain.append(code)
                code = file_parent(code)
            base = -1 if code is None else depth[code]
            for member in reversed(chain):
                base += 1
                depth[member] = base
            return depth[chain[0]] if chain else base

        for code in rows:
            depth_of(code)
        return sorted(rows, key=lambda code: (depth[code], rows[code][0].row))

    def plan_change(self, record: OrgRecord, parsed: dict, current: Organization | None) -> None:
        values = {name: parsed[name] for name in FIELDS if name in parsed}
        if current is None:
            self.result.changes.append(
                OrgChange(
                    row=record.row,
                    code=parsed["code"],
                    action="create",
                    fields=values,
                    changed={name: ["", str(value or "")] for name, value in values.items()},
                    parent_code=parsed["parent_code"],
                )
            )
            return
        changed = {
            name: [str(getattr(current, name) or ""), str(value or "")]
            for name, value in values.items()
            if getattr(current, name) != value
        }
        current_parent = self.parent_codes.get(current.parent_id)
        moves = (parsed["parent_code"] or None) != current_parent
        if moves:
            changed["parent_code"] = [current_parent or "", parsed["parent_code"] or ""]
        if not changed:
            self.result.unchanged += 1
            return
        self.result.changes.append(
            OrgChange(
                row=record.row,
                code=parsed["code"],
                action="update",
                fields=values,
                changed=changed,
                parent_code=parsed["parent_code"],
                moves=moves,
            )
        )


def check_org_records(records: list[OrgRecord]) -> OrgsImport:
    """What importing these rows would do, without writing anything."""
    return _Checker(records).check()


def import_org_records(*, records: list[OrgRecord], by=None) -> OrgsImport:
    """Check and write, all or nothing, parents first, through unions.services. Raises ImportRejected."""
    with transaction.atomic():
        result = _Checker(records).check()
        if result.issues:
            raise ImportRejected(result.issues)
        today = timezone.localdate()
        try:
            for change in result.changes:
                _apply(change, by=by, today=today)
        except ValidationError as exc:
            raise ImportRejected([ImportIssue(change.row, "", message) for message in exc.messages]) from None
        except IntegrityError:
            raise ImportRejected(
                [ImportIssue(change.row, "", _("Someone changed this unit while the file was being imported."))]
            ) from None
        result.written = True
    return result


def _apply(change: OrgChange, *, by, today: datetime.date) -> None:
    parent = Organization.objects.get(code=change.parent_code) if change.parent_code else None
    if change.action == "create":
        organization_create(code=change.code, parent=parent, **change.fields)
        return
    organization = Organization.objects.select_for_update().get(code=change.code)
    organization = organization_update(organization=organization, **change.fields)
    if change.moves:
        organization_move(
            organization=organization,
            new_parent=parent,
            moved_on=today,
            by=by,
            note=_("Moved by a tree import."),
        )


def import_orgs_file(source, *, by=None, dry_run: bool = False) -> OrgsImport:
    """Read a workbook and import it (or only check it). Raises SpreadsheetError or ImportRejected."""
    records, issues, notices = read_orgs_file(source)
    if dry_run or issues:
        result = check_org_records(records)
        result.issues = issues + result.issues
        result.notices = notices
        if not dry_run:
            raise ImportRejected(result.issues)
        return result
    result = import_org_records(records=records, by=by)
    result.notices = notices
    return result
