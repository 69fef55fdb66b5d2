"""Forms of the report pages. They carry what was typed; the rules live in reports.values and the
services, whose ValidationErrors are put back on the fields they name."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from plans.models import ValueType
from reports.selectors.sheet import ReportSheet, SheetRow
from unions.models import OrganizationKind

VALUE_PREFIX = "value-"
TASK_PREFIX = "task-"


def value_field_name(code: str) -> str:
    return f"{VALUE_PREFIX}{code}"


def task_field_name(number: str) -> str:
    return f"{TASK_PREFIX}{number}"


def _value_field(row: SheetRow) -> forms.Field:
    indicator = row.indicator
    common = {"required": False, "label": indicator.label, "help_text": indicator.help_text}
    if indicator.value_type == ValueType.BOOLEAN:
        choices = [("", "—"), ("1", _("Yes")), ("0", _("No"))]
        return forms.ChoiceField(choices=choices, widget=forms.Select(attrs={"class": "form-select"}), **common)
    if indicator.value_type == ValueType.CHOICE:
        choices = [("", "—"), *[(code, label) for code, label in indicator.choices]]
        return forms.ChoiceField(choices=choices, widget=forms.Select(attrs={"class": "form-select"}), **common)
    whole = indicator.value_type == ValueType.COUNT or indicator.decimal_places == 0
    attrs = {
        "class": "form-control text-end js-number",
        "inputmode": "numeric" if whole else "decimal",
        "autocomplete": "off",
        "data-places": "0" if whole else str(indicator.decimal_places),
    }
    return forms.CharField(max_length=40, widget=forms.TextInput(attrs=attrs), **common)


class ReportForm(forms.Form):
    """The report's figures, task accounts and narrative, as typed, and the version it was opened at."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, sheet: ReportSheet, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        #: After a refused stale save: what that form had typed, by field name, where it differs.
        self.typed: dict[str, str] = {}
        for row in sheet.rows:
            self.fields[value_field_name(row.code)] = _value_field(row)
        for row in sheet.tasks:
            self.fields[task_field_name(row.task.number)] = forms.CharField(
                required=False,
                label=f"{row.task.number}. {row.task.title}",
                widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
            )
        for row in sheet.narrative:
            self.fields[row.name] = forms.CharField(
                required=False,
                label=row.label.capitalize(),
                widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
            )

    @staticmethod
    def data_from(sheet: ReportSheet) -> dict[str, str]:
        """The form's data for the report as stored (to show it with errors attached)."""
        data = {"version": str(sheet.version)}
        data.update({value_field_name(row.code): row.input for row in sheet.rows})
        data.update({task_field_name(row.task.number): row.text for row in sheet.tasks})
        data.update({row.name: row.text for row in sheet.narrative})
        return data

    # What to hand to the services: raw text, read by reports.values.

    def _raw(self, name: str) -> str:
        value = self.data.get(name, "")
        return value if isinstance(value, str) else ""

    def values(self) -> dict[str, str]:
        return {row.code: self._raw(value_field_name(row.code)) for row in self.sheet.rows}

    def task_accounts(self) -> dict[str, str]:
        return {row.task.number: self._raw(task_field_name(row.task.number)) for row in self.sheet.tasks}

    def narrative(self) -> dict[str, str]:
        return {row.name: self._raw(row.name) for row in self.sheet.narrative}

    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version") if hasattr(self, "cleaned_data") else None

    def add_service_errors(self, error: ValidationError) -> None:
        """Put a service's errors on the fields they name; the rest above the form."""
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.add_error(None, message)
            return
        for key, messages in error.message_dict.items():
            name = value_field_name(key)
            for message in messages:
                self.add_error(name if name in self.fields else None, message)

    def add_error(self, field, error):
        super().add_error(field, error)
        if field in self.fields:
            attrs = self.fields[field].widget.attrs
            if "is-invalid" not in attrs.get("class", ""):
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
            attrs["aria-invalid"] = "true"

    def grouped(self):
        """[(group title, [(row, bound field, typed or None)])] in the plan's order, for the template."""
        groups = []
        for group in self.sheet.groups:
            fields = []
            for row in group.rows:
                name = value_field_name(row.code)
                fields.append((row, self[name], self.typed.get(name)))
            groups.append((group.title, fields))
        return groups

    def task_fields(self):
        names = [task_field_name(row.task.number) for row in self.sheet.tasks]
        return [(self[name], self.typed.get(name)) for name in names]

    def narrative_fields(self):
        return [(self[row.name], self.typed.get(row.name)) for row in self.sheet.narrative]

    @property
    def has_field_errors(self) -> bool:
        return any(name != "__all__" for name in self.errors)

    def error_summary(self) -> list[tuple[str, str]]:
        """(field id, message) for the list above the form; a rule broken by several fields once."""
        seen, summary = set(), []
        for field in self.visible_fields():
            for message in field.errors:
                if message not in seen:
                    seen.add(message)
                    summary.append((field.id_for_label, message))
        return summary

    def typed_differences(self, current: ReportSheet) -> dict[str, str]:
        """What this (refused) form had typed, by field name, where it differs from the report as it now is."""
        stored = ReportForm.data_from(current)
        return {
            name: self._raw(name).strip()
            for name in stored
            if name != "version" and self._raw(name).strip() != stored[name].strip()
        }


class ReasonForm(forms.Form):
    """A reviewer's reason to return or reopen a report (required by the service, which says so)."""

    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control", "required": True}),
    )
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def add_service_errors(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for key, messages in error.message_dict.items():
                for message in messages:
                    self.add_error("reason" if key == "reason" else None, message)
        else:
            for message in error.messages:
                self.add_error(None, message)


class LongSelect(forms.Select):
    """A flat select rendered in Python, not by a template per option: the grid's "Under" list holds every
    upper union of the user's subtree (3,000 at the confederation), where Django's option templates
    cost more than the rest of the page."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = [
            f'<option value="{escape(key)}"{" selected" if str(key) in chosen else ""}>{escape(label)}</option>'
            for key, label in self.choices
        ]
        return SafeString(
            f'<select name="{escape(name)}"{flatatt(self.build_attrs(self.attrs, attrs))}>{"".join(options)}</select>'
        )


class GridFilterForm(forms.Form):
    """The status grid's filters: plan, kind of unit, and the unit the rows are under."""

    plan = forms.ChoiceField(label=_("Plan"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    parent = forms.ChoiceField(label=_("Under"), required=False, widget=LongSelect)

    def __init__(self, *args, plans, parents, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [
            (p.slug, f"{p.number}: {p.title[:60]}…" if p.number else p.title[:70]) for p in plans
        ]
        self.fields["kind"].choices = [("", _("All kinds"))] + [
            (kind, label) for kind, label in OrganizationKind.choices if kind in plan.reporting_kinds
        ]
        top = min((unit.depth for unit in parents), default=0)
        self.fields["parent"].choices = [("", _("All units"))] + [
            (unit.code, "\u00a0\u00a0" * (unit.depth - top) + unit.name) for unit in parents
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"
