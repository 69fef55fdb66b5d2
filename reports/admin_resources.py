"""Spreadsheet import and export in the admin (django-import-export), made safe.

- Importing and exporting each need their own permission (settings.IMPORT_EXPORT_*_PERMISSION_CODE;
  the models declare "import" and "export" permissions): being staff is not enough.
- Every import runs in one transaction and is rolled back on any error, validation errors
  included (the library's default keeps the valid rows).
- Files are read by reports.imports.xlsx (size, type, zip bomb, formulas) and written through
  reports.exports.cells.safe_cell (numbers stay numbers, no text becomes a formula).
- Organizations go through the tree import's checks and unions.services (paths, recorded moves);
  report values go through the values import (the web form's rules, the workflow, the audit).
"""

from collections import defaultdict

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.admin import ImportExportMixin
from import_export.results import Error, RowResult

from plans.models import Indicator, Plan, Target
from reports.exports.formats import SafeCSV, SafeXLSX
from reports.imports.issues import ImportIssue, ImportRejected
from reports.imports.orgs import check_org_records, parse_date, records_from_rows
from reports.imports.values import ValuesRecord, check_value_records, import_value_records
from reports.models import ReportValue
from unions.models import Organization, OrganizationKind
from unions.services import organization_create, organization_move, organization_update


class SpreadsheetAdminMixin(ImportExportMixin):
    """Import (xlsx) and export (xlsx, csv) buttons on an admin list, with the portal's safe formats."""

    import_formats = [SafeXLSX]
    export_formats = [SafeXLSX, SafeCSV]

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ValidationError):
            form.add_error("import_file", e.messages[0])
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def get_export_data(self, file_format, request, queryset, **kwargs):
        """As the library does, except that numbers stay numbers in our xlsx format too."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        data = self.get_data_for_export(request, queryset, force_native_type=file_format.is_binary(), **kwargs)
        export_data = file_format.export_data(data)
        encoding = kwargs.get("encoding")
        if not file_format.is_binary() and encoding:
            export_data = export_data.encode(encoding)
        return export_data


def _row_numbers(dataset) -> list[int]:
    """Each dataset row's number in its sheet (the header is row 1 when the reader did not say)."""
    return list(getattr(dataset, "row_numbers", None) or range(2, len(dataset) + 2))


def _rejected_result(resource, dataset, issues: list[ImportIssue], headers: list[str]):
    """The library's result for a refused file: every problem on its row (and column), nothing imported."""
    result = resource.get_result_class()()
    result.diff_headers = headers
    result.total_rows = len(dataset)
    numbers = _row_numbers(dataset)
    names = [str(header or "").strip().lower() for header in dataset.headers or []]
    values = {number: dict(zip(names, row, strict=False)) for number, row in zip(numbers, dataset, strict=True)}
    for issue in issues:
        if issue.row is None or issue.row not in values:
            result.append_base_error(Error(ValidationError(str(issue))))
            continue
        column = issue.column.split(" (")[-1].rstrip(")") if issue.column else ""
        field = column if column in names else NON_FIELD_ERRORS
        message = issue.message if field != NON_FIELD_ERRORS or not issue.column else f"{issue.column}: {issue.message}"
        result.append_invalid_row(issue.row, values[issue.row], ValidationError({field: [message]}))
    return result


class VietnameseDateWidget(widgets.DateWidget):
    """Dates as Vietnamese offices write them: 31/12/2025 (or a date cell, or 2025-12-31), never month first."""

    def __init__(self, **kwargs):
        super().__init__(format="%d/%m/%Y", **kwargs)

    def clean(self, value, row=None, **kwargs):
        try:
            return parse_date(value)
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a date; write it as 31/12/2025.") % {"value": str(value).strip()}
            ) from None


class AllOrNothingResource(resources.ModelResource):
    """A resource whose imports are all or nothing, whatever the caller asks for."""

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=False,
        **kwargs,
    ):
        return super().import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=raise_errors,
            use_transactions=True,
            collect_failed_rows=collect_failed_rows,
            rollback_on_validation_errors=True,
            **kwargs,
        )


class KindsWidget(widgets.Widget):
    """A list of organization kinds, written "grassroots, district"."""

    def clean(self, value, row=None, **kwargs):
        kinds = [part.strip() for part in str(value or "").replace(";", ",").split(",") if part.strip()]
        unknown = [kind for kind in kinds if kind not in OrganizationKind.values]
        if unknown:
            raise ValueError(
                _("“%(kinds)s” is not a kind of union organization. Use: %(allowed)s.")
                % {"kinds": ", ".join(unknown), "allowed": ", ".join(OrganizationKind.values)}
            )
        return kinds

    def render(self, value, obj=None, **kwargs):
        return ", ".join(value or [])


class PlanIndicatorWidget(widgets.ForeignKeyWidget):
    """An indicator by its code within the row's plan."""

    def __init__(self, **kwargs):
        super().__init__(Indicator, field="code", **kwargs)

    def get_queryset(self, value, row, *args, **kwargs):
        return Indicator.objects.filter(plan__slug=(row or {}).get("plan"))

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


# --- the union tree ------------------------------------------------------------------------------------


class OrganizationResource(AllOrNothingResource):
    """Units by code. The whole file is checked first (the tree import's rules: parents anywhere in the
    file, unknown kinds and parents, duplicate codes, cycles), then written parents first through
    unions.services."""

    parent_code = fields.Field(
        attribute="parent", column_name="parent_code", widget=widgets.ForeignKeyWidget(Organization, field="code")
    )
    opened_on = fields.Field(attribute="opened_on", column_name="opened_on", widget=VietnameseDateWidget())
    closed_on = fields.Field(attribute="closed_on", column_name="closed_on", widget=VietnameseDateWidget())

    class Meta:
        model = Organization
        fields = ("code", "name", "kind", "parent_code", "opened_on", "closed_on")
        export_order = ("code", "name", "kind", "parent_code", "opened_on", "closed_on")
        import_id_fields = ("code",)
        use_transactions = True
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = False

    def get_queryset(self):
        return Organization.objects.select_related("parent").order_by("path")

    def import_data(self, dataset, *args, **kwargs):
        """Check the whole file with the tree import's rules first; then import it, parents first."""
        numbers = _row_numbers(dataset)
        records, issues = records_from_rows(dataset.headers or [], list(zip(numbers, dataset, strict=True)))
        result = check_org_records(records) if not issues else None
        issues = issues or result.issues
        if issues:
            return _rejected_result(self, dataset, issues, self.get_diff_headers())
        position = {number: index for index, number in enumerate(numbers)}
        rows = list(dataset)
        order = [position[number] for number in result.order]
        while len(dataset):
            dataset.lpop()
        for index in order:
            dataset.append(rows[index])
        dataset.row_numbers = [numbers[index] for index in order]
        return super().import_data(dataset, *args, **kwargs)

    def do_instance_save(self, instance, is_create):
        parent = Organization.objects.get(pk=instance.parent_id) if instance.parent_id else None
        if is_create:
            created = organization_create(
                code=instance.code,
                name=instance.name,
                kind=instance.kind,
                parent=parent,
                opened_on=instance.opened_on,
                closed_on=instance.closed_on,
            )
            instance.pk, instance.path, instance.depth = created.pk, created.path, created.depth
            return
        stored = Organization.objects.get(pk=instance.pk)
        stored_parent = stored.parent_id
        organization_update(
            organization=stored,
            **{name: getattr(instance, name) for name in ("name", "kind", "opened_on", "closed_on")},
        )
        instance.parent_id = stored_parent
        if (parent.pk if parent else None) != stored_parent:
            moved = organization_move(organization=instance, new_parent=parent, note=_("Moved by a tree import."))
            instance.parent, instance.path, instance.depth = moved.parent, moved.path, moved.depth


# --- plans -----------------------------------------------------------------------------------------------


class PlanResource(AllOrNothingResource):
    issuer = fields.Field(
        attribute="issuer", column_name="issuer", widget=widgets.ForeignKeyWidget(Organization, field="code")
    )
    implements = fields.Field(
        attribute="implements", column_name="implements", widget=widgets.ForeignKeyWidget(Plan, field="slug")
    )
    reporting_kinds = fields.Field(attribute="reporting_kinds", column_name="reporting_kinds", widget=KindsWidget())
    issued_on = fields.Field(attribute="issued_on", column_name="issued_on", widget=VietnameseDateWidget())

    class Meta:
        model = Plan
        fields = (
            "slug",
            "number",
            "title",
            "issuer",
            "issued_on",
            "implements",
            "basis",
            "first_year",
            "last_year",
            "frequency",
            "reporting_kinds",
            "report_to",
            "s1_due_offset_days",
            "annual_due_offset_days",
            "purpose",
            "requirements",
            "implementation",
            "funding",
            "signer_title",
            "signer_name",
            "recipients",
        )
        export_order = fields
        import_id_fields = ("slug",)
        use_transactions = True
        clean_model_instances = True
        skip_unchanged = True


class IndicatorResource(AllOrNothingResource):
    plan = fields.Field(attribute="plan", column_name="plan", widget=widgets.ForeignKeyWidget(Plan, field="slug"))
    choices = fields.Field(attribute="choices", column_name="choices", widget=widgets.JSONWidget())
    reporting_kinds = fields.Field(attribute="reporting_kinds", column_name="reporting_kinds", widget=KindsWidget())

    class Meta:
        model = Indicator
        fields = (
            "plan",
            "code",
            "label",
            "help_text",
            "group",
            "value_type",
            "unit",
            "min_value",
            "max_value",
            "decimal_places",
            "choices",
            "reporting_kinds",
            "aggregation",
            "year_only",
            "required",
            "order",
        )
        export_order = fields
        import_id_fields = ("plan", "code")
        use_transactions = True
        clean_model_instances = True
        skip_unchanged = True

    def get_queryset(self):
        return Indicator.objects.select_related("plan").order_by("plan__slug", "order", "id")


class TargetResource(AllOrNothingResource):
    plan = fields.Field(attribute="plan", column_name="plan", widget=widgets.ForeignKeyWidget(Plan, field="slug"))
    indicator = fields.Field(attribute="indicator", column_name="indicator", widget=PlanIndicatorWidget())
    numerator = fields.Field(attribute="numerator", column_name="numerator", widget=PlanIndicatorWidget())
    denominator = fields.Field(attribute="denominator", column_name="denominator", widget=PlanIndicatorWidget())
    condition_values = fields.Field(
        attribute="condition_values", column_name="condition_values", widget=widgets.JSONWidget()
    )
    population_kinds = fields.Field(attribute="population_kinds", column_name="population_kinds", widget=KindsWidget())

    class Meta:
        model = Target
        fields = (
            "plan",
            "code",
            "short_label",
            "wording",
            "measure",
            "indicator",
            "condition_op",
            "condition_values",
            "numerator",
            "denominator",
            "comparator",
            "threshold",
            "population_kinds",
            "evaluation",
            "deadline_year",
            "order",
        )
        export_order = fields
        import_id_fields = ("plan", "code")
        use_transactions = True
        clean_model_instances = True
        skip_unchanged = True

    def get_queryset(self):
        return Target.objects.select_related("plan", "indicator", "numerator", "denominator").order_by(
            "plan__slug", "order", "id"
        )


# --- report values -----------------------------------------------------------------------------------------

VALUE_COLUMNS = ("org_code", "plan", "period", "indicator", "value")


class _ValueColumns(dict):
    """Where problems are shown: an indicator's value is in the "value" column."""

    def get(self, key, default=None):
        return super().get(key, "value")


class ReportValueResource(AllOrNothingResource):
    """One row per stored value. Importing goes through the values import as a whole (the web form's
    rules, the workflow, the audit trail): the rows of one unit and period form one report."""

    org_code = fields.Field(attribute="report__organization__code", column_name="org_code", readonly=True)
    plan = fields.Field(attribute="report__plan__slug", column_name="plan", readonly=True)
    period = fields.Field(attribute="report__period", column_name="period", readonly=True)
    indicator = fields.Field(attribute="indicator__code", column_name="indicator", readonly=True)
    value = fields.Field(column_name="value", readonly=True)
    status = fields.Field(attribute="report__status", column_name="status", readonly=True)

    class Meta:
        model = ReportValue
        fields = ("org_code", "plan", "period", "indicator", "value", "status")
        export_order = fields
        use_transactions = True

    def get_queryset(self):
        return ReportValue.objects.select_related("report__organization", "report__plan", "indicator").order_by(
            "report__plan__slug", "report__period", "report__organization__path", "indicator__order", "indicator_id"
        )

    def dehydrate_value(self, value: ReportValue):
        if value.choice:
            return value.choice
        if value.number is None:
            return None
        return int(value.number) if value.number == value.number.to_integral_value() else value.number.normalize()

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=False,
        **kwargs,
    ):
        result = self.get_result_class()()
        result.diff_headers = list(VALUE_COLUMNS)
        result.total_rows = len(dataset)
        numbers = _row_numbers(dataset)
        headers = [str(header or "").strip().lower() for header in dataset.headers or []]
        missing = [name for name in VALUE_COLUMNS if name not in headers]
        if missing:
            message = _("The header row lacks the column(s) %(missing)s. Expected: %(expected)s.") % {
                "missing": ", ".join(missing),
                "expected": ", ".join(VALUE_COLUMNS),
            }
            result.append_base_error(Error(ValidationError(message)))
            return result
        rows = [dict(zip(headers, row, strict=False)) for row in dataset]
        try:
            outcomes = self._import(
                rows, numbers, by=kwargs.get("user"), dry_run=dry_run, file_name=kwargs.get("file_name", "")
            )
        except ImportRejected as exc:
            return _rejected_result(self, dataset, exc.issues, list(VALUE_COLUMNS))
        for number, row in zip(numbers, rows, strict=True):
            row_result = RowResult()
            kind = outcomes.get((str(row.get("plan") or "").strip(), number, str(row.get("indicator") or "").strip()))
            row_result.import_type = {
                "new": RowResult.IMPORT_TYPE_NEW,
                "changed": RowResult.IMPORT_TYPE_UPDATE,
                "removed": RowResult.IMPORT_TYPE_UPDATE,
            }.get(kind, RowResult.IMPORT_TYPE_SKIP)
            row_result.object_repr = f"{row.get('org_code')} · {row.get('period')} · {row.get('indicator')}"
            result.increment_row_result_total(row_result)
            if row_result.import_type != RowResult.IMPORT_TYPE_SKIP:
                result.append_row_result(row_result)
        return result

    def _import(self, rows: list[dict], numbers: list[int], *, by, dry_run: bool, file_name: str) -> dict:
        """Group the rows into reports per plan and run the values import on each, in one transaction."""
        issues: list[ImportIssue] = []
        plans = {
            plan.slug: plan for plan in Plan.objects.filter(slug__in={str(r.get("plan") or "").strip() for r in rows})
        }
        grouped: dict[str, dict[tuple, ValuesRecord]] = defaultdict(dict)
        columns = _ValueColumns({name: name for name in VALUE_COLUMNS})
        codes = {slug: {indicator.code for indicator in plan.indicators.all()} for slug, plan in plans.items()}
        for number, row in zip(numbers, rows, strict=True):
            slug = str(row.get("plan") or "").strip()
            if slug not in plans:
                issues.append(
                    ImportIssue(number, "plan", _("there is no plan with the short name “%(slug)s”.") % {"slug": slug})
                )
                continue
            code = str(row.get("indicator") or "").strip()
            key = (str(row.get("org_code") or "").strip(), str(row.get("period") or "").strip())
            record = grouped[slug].get(key)
            if record is None:
                record = ValuesRecord(
                    row=number,
                    org_code=row.get("org_code"),
                    period=row.get("period"),
                    values={},
                    columns=columns,
                    value_rows={},
                )
                grouped[slug][key] = record
            if code in record.values:
                issues.append(
                    ImportIssue(
                        number,
                        "indicator",
                        _("this unit, period and indicator already appear in row %(row)s.")
                        % {"row": record.value_rows[code]},
                    )
                )
                continue
            if code not in codes[slug]:
                issues.append(
                    ImportIssue(
                        number,
                        "indicator",
                        _("“%(code)s” is not an indicator of plan %(plan)s.") % {"code": code, "plan": slug},
                    )
                )
                continue
            record.values[code] = row.get("value")
            record.value_rows[code] = number
        outcomes: dict[tuple, str] = {}
        with transaction.atomic():
            for slug, records in grouped.items():
                plan = plans[slug]
                if dry_run or issues:
                    outcome = check_value_records(plan=plan, records=list(records.values()), by=by)
                    issues.extend(outcome.issues)
                else:
                    outcome = import_value_records(
                        plan=plan, records=list(records.values()), by=by, file_name=file_name
                    )
                by_row = {record.row: record for record in records.values()}
                for change in outcome.changes:
                    record = by_row[change.row]
                    for value in change.values:
                        outcomes[(slug, record.value_rows[value.indicator.code], value.indicator.code)] = value.kind
            if issues:
                raise ImportRejected(issues)
        return outcomes
