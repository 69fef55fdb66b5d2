"""Checking report values from a file against the database as it stands: the web form's rules, the
workflow's rules, who may import what. Produces the list of changes a preview shows and an import writes."""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from plans.models import Indicator, Plan
from plans.periods import Period
from plans.selectors import plan_structure
from reports.bulk import collector_paused
from reports.compliance.rollups import RollupChanges, WrittenReport
from reports.deadlines import entry_closes_on, entry_is_open, submitted_late
from reports.imports.issues import ImportIssue
from reports.imports.values_format import ValuesRecord
from reports.models import (
    COUNTED_STATUSES,
    EDITABLE_STATUSES,
    Report,
    ReportStatus,
    ReportValue,
    display_value,
)
from reports.services.workflow import check_can_report
from reports.values import Value as CheckedValue
from reports.values import applicable_indicators, check_values, is_empty, read_values
from unions.models import Organization
from unions.scoping import can_view, is_admin, is_officer_of, is_reviewer_above

IMPORT_STATUSES = (ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.APPROVED)
CHUNK = 900
SHARED_VALUES_LIMIT = 50_000


def import_submits(old_status: str, new_status: str) -> bool:
    """Whether an import sends an existing report up: from a status its unit may edit to a counted one
    (it is then submitted, and late if this is its first submission after the due date)."""
    return old_status in EDITABLE_STATUSES and new_status in COUNTED_STATUSES


def may_import_for(user, organization: Organization) -> bool:
    """Who may import a unit's figures: the officer who files them, a reviewer above, an admin, a command."""
    return user is None or is_reviewer_above(user, organization) or is_officer_of(user, organization)


# --- what would change -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ValueChange:
    """One indicator of one report: its value before and after, raw and as a reader sees it."""

    indicator: Indicator
    old: CheckedValue | None
    new: CheckedValue | None

    @property
    def kind(self) -> str:
        if self.old is None:
            return "new"
        return "removed" if self.new is None else "changed"

    @property
    def old_display(self) -> str:
        return display_value(self.indicator, self.old.number, self.old.choice) if self.old else ""

    @property
    def new_display(self) -> str:
        return display_value(self.indicator, self.new.number, self.new.choice) if self.new else ""


class StoredReport:
    """What the checks read of an existing report (not a model object: an import holds 150,000 of them)."""

    __slots__ = ("pk", "status", "entry_extended_until", "is_late", "was_submitted")

    def __init__(self, pk: int, status: str, entry_extended_until, is_late: bool, was_submitted: bool):
        self.pk = pk
        self.status = status
        self.entry_extended_until = entry_extended_until
        self.is_late = is_late
        self.was_submitted = was_submitted  # submitted once (first_submitted_at is set)


@dataclass(slots=True)
class ReportChange:
    """What the import does to one report (an existing one, or a new one when `report` is None)."""

    row: int
    organization: Organization
    period: Period
    report: StoredReport | None
    old_status: str
    new_status: str
    values: list[ValueChange]
    old_value_ids: list[int]
    forced: bool = False
    report_id: int | None = None

    @property
    def is_new(self) -> bool:
        return self.old_status == ""

    @property
    def old_status_label(self) -> str:
        return ReportStatus(self.old_status).label if self.old_status else ""

    @property
    def new_status_label(self) -> str:
        return ReportStatus(self.new_status).label

    def key(self) -> list:
        return [
            self.organization.code,
            self.period.id,
            self.old_status,
            self.new_status,
            [[v.indicator.code, _raw(v.old), _raw(v.new)] for v in self.values],
        ]


def _raw(value: CheckedValue | None):
    if value is None:
        return None
    return [None if value.number is None else str(value.number.normalize()), value.choice]


@dataclass
class ValuesImport:
    """The outcome of checking (and, unless it was a dry run, writing) a file of values."""

    plan: Plan
    status: str
    changes: list[ReportChange] = field(default_factory=list)
    issues: list[ImportIssue] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    rows: int = 0
    unchanged: int = 0
    skipped_empty: int = 0
    written: bool = False

    @property
    def fingerprint(self) -> str:
        """A digest of exactly what would be written: a confirmation must match its preview."""
        payload = json.dumps([self.plan.pk, self.status, [change.key() for change in self.changes]])
        return hashlib.sha256(payload.encode()).hexdigest()

    @property
    def reports_new(self) -> int:
        return sum(1 for change in self.changes if change.is_new)

    @property
    def reports_updated(self) -> int:
        return sum(1 for change in self.changes if not change.is_new)

    def value_count(self, kind: str) -> int:
        return sum(1 for change in self.changes for value in change.values if value.kind == kind)

    @property
    def values_new(self) -> int:
        return self.value_count("new")

    @property
    def values_changed(self) -> int:
        return self.value_count("changed")

    @property
    def values_removed(self) -> int:
        return self.value_count("removed")


def _unit_code(record: ValuesRecord) -> str:
    """The unit code a row gives, as the checks read it ("" for an empty cell)."""
    return "" if is_empty(record.org_code) else str(record.org_code).strip()


def chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _same(old: CheckedValue | None, new: CheckedValue | None) -> bool:
    if old is None or new is None:
        return old is new
    return old.choice == new.choice and _normal(old.number) == _normal(new.number)


def _normal(number: Decimal | None):
    return None if number is None else number.normalize()


class _ResolvedRule:
    """A cross-field rule with its whole and parts read once: reports.values.rule_errors asks for them
    for every row, and a prefetched many-to-many still builds a manager on each access."""

    def __init__(self, rule):
        self.whole = rule.whole
        self.parts = _Parts(list(rule.parts.all()))


class _Parts:
    def __init__(self, parts):
        self._parts = parts

    def all(self):
        return self._parts


class ValuesChecker:
    """Checks records against the database as it stands; collects issues and changes."""

    def __init__(self, *, plan: Plan, by, status: str, force: bool, lock: bool):
        self.plan = plan
        self.by = by
        self.status = status
        self.force = force
        self.lock = lock
        self.structure = plan_structure(plan)
        self.rules = [_ResolvedRule(rule) for rule in self.structure.rules]
        self.today = timezone.localdate()
        self.result = ValuesImport(plan=plan, status=status)
        self._applicable: dict[tuple[str, Period], list[Indicator]] = {}
        self._periods: dict[str, Period | str] = {}
        self._parsed: dict = {}  # cells already read (reports.values._parse_cached)
        # An import counts the rollup changes of the reports it updates as it checks them, from what it read
        # under their locks and what it will write (RollupChanges.count_known): not read again around the write.
        self.rollups = RollupChanges(plan) if lock else None
        self._id_by_code = {indicator.code: indicator.pk for indicator in self.structure.indicators}
        self._known: list[tuple[WrittenReport, WrittenReport]] = []

    def issue(self, record: ValuesRecord, name: str, message: str) -> None:
        row, column = record.where(name)
        self.result.issues.append(ImportIssue(row, column, message))

    def period_of(self, raw) -> Period | str:
        """The period, or the message saying why the cell is not one."""
        text = "" if raw is None else str(raw).strip()
        if isinstance(raw, int | Decimal) and not isinstance(raw, bool):
            text = str(int(raw)) if raw == int(raw) else text
        cached = self._periods.get(text)
        if cached is None:
            if not text:
                cached = _("the period is empty; write a year such as 2024, or 2024S1 for its first half.")
            else:
                try:
                    period = Period.parse(text)
                except ValueError as exc:
                    cached = str(exc)
                else:
                    cached = period
                    if not self.plan.has_period(period):
                        cached = _("plan %(plan)s has no reporting period %(period)s.") % {
                            "plan": self.plan.number or self.plan.slug,
                            "period": period.id,
                        }
            self._periods[text] = cached
        return cached

    def applicable(self, kind: str, period: Period) -> list[Indicator]:
        key = (kind, period)
        if key not in self._applicable:
            self._applicable[key] = applicable_indicators(self.structure.indicators, kind, period)
        return self._applicable[key]

    def load(self, records: list[ValuesRecord]) -> None:
        """The units named in the file and their reports for its periods (locked, for an import). The
        reports' values are read a batch of rows at a time, as they are checked (load_values)."""
        codes = sorted({code for code in map(_unit_code, records) if code})
        self.orgs: dict[str, Organization] = {}
        for chunk in chunks(codes):
            for org in Organization.objects.filter(code__any=chunk).order_by():
                self.orgs[org.code] = org
        periods = sorted({p.id for p in self._periods.values() if isinstance(p, Period)})
        org_ids = sorted(org.pk for org in self.orgs.values())
        self.reports: dict[tuple[int, str], StoredReport] = {}
        for chunk in chunks(org_ids):
            query = Report.objects.filter(plan=self.plan, period__in=periods, organization_id__any=chunk).order_by("pk")
            if self.lock:
                query = query.select_for_update()
            rows = query.values_list(
                "pk", "organization_id", "period", "status", "entry_extended_until", "is_late", "first_submitted_at"
            )
            for pk, organization_id, period, status, extended, is_late, first_submitted in rows:
                self.reports[(organization_id, period)] = StoredReport(
                    pk, status, extended, is_late, first_submitted is not None
                )
        self.stored: dict[int, dict[str, tuple[int, CheckedValue]]] = {}
        self._by_id = {indicator.pk: indicator for indicator in self.structure.indicators}
        self._shared: dict[tuple, CheckedValue] = {}

    def load_values(self, records: list[ValuesRecord]) -> None:
        """The stored values of these rows' reports, in place of the previous batch's: an import of
        150,000 rows does not hold a million stored values at once."""
        self.stored = {}
        report_ids = []
        for record in records:
            organization = self.orgs.get(_unit_code(record))
            period = self.period_of(record.period)
            if organization is not None and isinstance(period, Period):
                report = self.reports.get((organization.pk, period.id))
                if report is not None:
                    report_ids.append(report.pk)
        # Equal stored values share one Value (the column keeps 4 decimal places, so equal numbers are
        # alike): changes keep the old values, a few thousand distinct ones among a million.
        shared = self._shared
        for chunk in chunks(sorted(set(report_ids))):
            rows = ReportValue.objects.filter(report_id__any=chunk).values_list(
                "id", "report_id", "indicator_id", "number", "choice"
            )
            for pk, report_id, indicator_id, number, choice in rows:
                indicator = self._by_id.get(indicator_id)
                if indicator is not None:
                    value = shared.get((number, choice))
                    if value is None:
                        value = CheckedValue(number=number, choice=choice)
                        if len(shared) < SHARED_VALUES_LIMIT:
                            shared[(number, choice)] = value
                    self.stored.setdefault(report_id, {})[indicator.code] = (pk, value)

    def check(self, records: list[ValuesRecord]) -> ValuesImport:
        self.result.rows = len(records)
        for record in records:
            self.period_of(record.period)
        self.load(records)
        seen: dict[tuple[str, str], int] = {}
        for batch in chunks(records):
            self.load_values(batch)
            for record in batch:
                self.check_record(record, seen)
            if self.rollups is not None:
                self.rollups.count_known(self._known)
            self._known = []
        self.stored, self.orgs, self.reports = {}, {}, {}
        return self.result

    def check_record(self, record: ValuesRecord, seen: dict) -> None:
        before = len(self.result.issues)
        code = _unit_code(record)
        period = self.period_of(record.period)
        organization = self.orgs.get(code)
        if not code:
            self.issue(record, "org_code", _("the unit code is empty."))
        elif organization is None or (self.by is not None and not can_view(self.by, organization)):
            self.issue(
                record,
                "org_code",
                _("there is no unit with code “%(code)s” among the units you can see.") % {"code": code},
            )
            organization = None
        elif not may_import_for(self.by, organization):
            self.issue(
                record,
                "org_code",
                _("you may not import figures for %(unit)s: only its officer or a reviewer of a unit above it can.")
                % {"unit": organization.name},
            )
        if not isinstance(period, Period):
            self.issue(record, "period", period)
        if len(self.result.issues) > before:
            return
        key = (code, period.id)
        if key in seen:
            self.issue(
                record,
                "org_code",
                _("%(unit)s and period %(period)s already appear in row %(row)s; one row is one report.")
                % {"unit": code, "period": period.id, "row": seen[key]},
            )
            return
        seen[key] = record.row
        try:
            check_can_report(organization=organization, plan=self.plan, period=period)
        except ValidationError as exc:
            self.issue(record, "period" if exc.code == "period" else "org_code", exc.messages[0])
            return
        if all(is_empty(raw) for raw in record.values.values()):
            self.result.skipped_empty += 1
            return
        self.check_values(record, organization, period)

    def check_values(self, record: ValuesRecord, organization: Organization, period: Period) -> None:
        indicators = self.applicable(organization.kind, period)
        cleaned, errors = read_values(indicators, record.values, self._parsed)
        for code, messages in errors.items():
            for message in messages:
                self.issue(record, code, message)
        report = self.reports.get((organization.pk, period.id))
        stored = self.stored.get(report.pk, {}) if report else {}
        merged = {code: value for code, (_pk, value) in stored.items()}
        merged.update(cleaned)
        complete = self.status != ReportStatus.DRAFT
        by_message: dict[str, list[str]] = {}
        for code, messages in check_values(indicators, self.rules, merged, complete=complete).items():
            if code in errors:
                continue
            for message in messages:
                by_message.setdefault(message, []).append(code)
        for message, codes in by_message.items():
            places = [record.where(code) for code in codes]
            column = ", ".join(dict.fromkeys(column for _row, column in places))
            self.result.issues.append(ImportIssue(places[0][0], column, message))
        if errors or by_message:
            return
        by_code = {indicator.code: indicator for indicator in indicators}
        values = []
        old_ids = []
        for code, new in cleaned.items():
            old_pk, old = stored.get(code, (None, None))
            if _same(old, new):
                continue
            values.append(ValueChange(indicator=by_code[code], old=old, new=new))
            if old_pk is not None:
                old_ids.append(old_pk)
        new_status, problem, forced = self.decide(report, organization, bool(values))
        if problem:
            self.issue(record, "org_code", problem)
            return
        if report is not None and not values and new_status == report.status:
            self.result.unchanged += 1
            return
        if self.by is not None and not is_reviewer_above(self.by, organization):
            extended = report.entry_extended_until if report else None
            if (report is None or report.status in EDITABLE_STATUSES) and not entry_is_open(
                self.plan, period, extended, self.today
            ):
                self.issue(
                    record,
                    "period",
                    _("Entry for this period closed on %(date)s. Ask a reviewer above your unit to reopen it.")
                    % {"date": date_format(entry_closes_on(self.plan, period), "SHORT_DATE_FORMAT")},
                )
                return
        if report is not None and self.rollups is not None:
            self._known.append(self._before_and_after(report, organization, period, stored, merged, new_status))
        self.result.changes.append(
            ReportChange(
                row=record.row,
                organization=organization,
                period=period,
                report=report,
                old_status=report.status if report else "",
                new_status=new_status,
                values=values,
                old_value_ids=old_ids,
                forced=forced,
                report_id=report.pk if report else None,
            )
        )

    def _before_and_after(self, report: StoredReport, organization, period: Period, stored, merged, new_status):
        """An existing report before and after the import writes it, as values._update_reports leaves it:
        late if it is submitted for the first time after its due date, else as late as it was."""
        is_late = report.is_late
        if import_submits(report.status, new_status) and not report.was_submitted:
            is_late = submitted_late(self.plan, period, self.today)
        ids = self._id_by_code
        before = [(ids[code], value.number, value.choice) for code, (_pk, value) in stored.items()]
        after = [(ids[code], value.number, value.choice) for code, value in merged.items() if value is not None]
        return (
            WrittenReport(report.pk, organization, period.id, report.status, report.is_late, before),
            WrittenReport(report.pk, organization, period.id, new_status, is_late, after),
        )

    def decide(self, report: StoredReport | None, organization: Organization, values_change: bool):
        """The status the report takes, or why it may not change: (status, problem, forced)."""
        target = self.status
        unit = organization.name
        if report is None:
            new = target
        elif report.status == ReportStatus.APPROVED:
            if not values_change:
                return ReportStatus.APPROVED, "", False
            if not self.force:
                return (
                    "",
                    _(
                        "the report of %(unit)s for this period is approved and locked, so it was not "
                        "overwritten. An administrator can force the import (it is recorded in the report's history)."
                    )
                    % {"unit": unit},
                    False,
                )
            return target, "", True
        elif report.status == ReportStatus.SUBMITTED:
            if target == ReportStatus.DRAFT:
                if not values_change:
                    return ReportStatus.SUBMITTED, "", False
                if not self.force:
                    return (
                        "",
                        _(
                            "the report of %(unit)s for this period is submitted and waiting for review; importing "
                            "it as a draft would withdraw it. Import it as submitted, or return the report first."
                        )
                        % {"unit": unit},
                        False,
                    )
                return ReportStatus.DRAFT, "", True
            if values_change and self.by is not None and not is_reviewer_above(self.by, organization):
                return (
                    "",
                    _("the report of %(unit)s for this period is submitted and cannot be changed.") % {"unit": unit},
                    False,
                )
            new = target
        else:
            new = report.status if target == ReportStatus.DRAFT else target
        if (
            new == ReportStatus.APPROVED
            and (report is None or report.status != ReportStatus.APPROVED)
            and self.by is not None
            and not is_reviewer_above(self.by, organization)
        ):
            return (
                "",
                _("only a reviewer of a unit above %(unit)s can approve its report.") % {"unit": unit},
                False,
            )
        return new, "", False


def check_arguments(*, by, status: str, force: bool) -> None:
    if status not in IMPORT_STATUSES:
        raise ValidationError(
            _("“%(status)s” is not a status an import can give: use draft, submitted or approved.") % {"status": status}
        )
    if force and by is not None and not is_admin(by):
        raise PermissionDenied(_("Only an administrator can force the import over approved reports."))


def check_value_records(
    *, plan: Plan, records: list[ValuesRecord], by, status: str = ReportStatus.DRAFT, force: bool = False
) -> ValuesImport:
    """What importing these records would do, without writing anything (the preview and --dry-run)."""
    check_arguments(by=by, status=status, force=force)
    with collector_paused():
        return ValuesChecker(plan=plan, by=by, status=status, force=force, lock=False).check(records)
