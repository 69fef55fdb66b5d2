"""The form of an implementing plan. It carries what was typed; the rules (who, which unit, no looser
target) live in plans.services.implementing, whose errors are put back on the fields they name."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from plans.formatting import vietnamese_long_date, vietnamese_number
from plans.models import Comparator, Plan
from plans.selectors import plan_structure

TARGET_PREFIX = "target-"


def _text(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "class": "form-control"})


def _input(**attrs) -> forms.TextInput:
    return forms.TextInput(attrs={"class": "form-control", **attrs})


def default_basis(plan: Plan) -> str:
    """ "Căn cứ Kế hoạch số 26/KH-LĐLĐ ngày 20 tháng 5 năm 2020 của Liên đoàn Lao động Thành phố ...": the
    usual opening of a plan that implements another."""
    parts = ["Căn cứ Kế hoạch"]
    if plan.number:
        parts.append(f"số {plan.number}")
    if plan.issued_on:
        parts.append(vietnamese_long_date(plan.issued_on))
    parts.append(f"của {plan.issuer.name}")
    if not plan.number:
        parts.append(f"“{plan.title}”")
    return " ".join(parts) + "."


class ImplementPlanForm(forms.Form):
    """The unit, the new plan's header, and each target's rule and wording (pre-filled from the plan above)."""

    organization = forms.ModelChoiceField(
        label=_("For the unit"), queryset=None, widget=forms.Select(attrs={"class": "form-select"})
    )
    slug = forms.CharField(
        label=_("Short name"),
        max_length=60,
        help_text=_("Used in addresses: lower-case letters without accents, digits and hyphens."),
        widget=_input(autocomplete="off"),
    )
    number = forms.CharField(
        label=_("Number"), max_length=60, required=False, help_text=_("As printed, e.g. 15/KH-CĐCS."), widget=_input()
    )
    issued_on = forms.DateField(
        label=_("Issued on"),
        required=False,
        help_text=_("Day/month/year, e.g. 15/6/2020."),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"class": "form-control"}, format="%d/%m/%Y"),
    )
    title = forms.CharField(label=_("Title"), widget=_text(2))
    basis = forms.CharField(label=_("Basis"), required=False, widget=_text(3))
    purpose = forms.CharField(label=_("Purpose and objectives"), required=False, widget=_text(4))
    first_year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100, widget=_input())
    last_year = forms.IntegerField(label=_("Last year"), min_value=2000, max_value=2100, widget=_input())
    signer_name = forms.CharField(label=_("Signed by"), max_length=100, required=False, widget=_input())
    recipients = forms.CharField(
        label=_("Recipients"), required=False, help_text=_("“Nơi nhận”, one per line."), widget=_text(3)
    )

    def __init__(self, *args, plan: Plan, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["organization"].queryset = units
        self.targets = plan_structure(plan).targets
        for target in self.targets:
            self.fields[f"{TARGET_PREFIX}{target.code}-comparator"] = forms.ChoiceField(
                label=_("Rule"),
                choices=Comparator.choices,
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"{TARGET_PREFIX}{target.code}-threshold"] = forms.CharField(
                label=_("Threshold (%)"),
                max_length=20,
                widget=_input(inputmode="decimal", autocomplete="off"),
            )
            self.fields[f"{TARGET_PREFIX}{target.code}-wording"] = forms.CharField(
                label=_("Wording in the plan"), widget=_text(2)
            )

    @classmethod
    def initial_for(cls, plan: Plan, units) -> dict:
        first = units.first() if len(units) == 1 else None
        initial = {
            "organization": first,
            "slug": f"{first.code.lower()}-{plan.slug}"[:60] if first else "",
            "title": plan.title,
            "basis": default_basis(plan),
            "purpose": plan.purpose,
            "first_year": plan.first_year,
            "last_year": plan.last_year,
            "signer_name": first.leader_name if first else "",
        }
        for target in plan_structure(plan).targets:
            initial[f"{TARGET_PREFIX}{target.code}-comparator"] = target.comparator
            initial[f"{TARGET_PREFIX}{target.code}-threshold"] = vietnamese_number(target.threshold, 4)
            initial[f"{TARGET_PREFIX}{target.code}-wording"] = target.wording
        return initial

    def target_rows(self):
        """[(target, comparator field, threshold field, wording field)] for the template."""
        return [
            (
                target,
                self[f"{TARGET_PREFIX}{target.code}-comparator"],
                self[f"{TARGET_PREFIX}{target.code}-threshold"],
                self[f"{TARGET_PREFIX}{target.code}-wording"],
            )
            for target in self.targets
        ]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "organization": data["organization"],
            "slug": data["slug"],
            "number": data["number"],
            "issued_on": data["issued_on"],
            "title": data["title"],
            "basis": data["basis"],
            "purpose": data["purpose"],
            "first_year": data["first_year"],
            "last_year": data["last_year"],
            "signer_name": data["signer_name"],
            "recipients": data["recipients"],
            "targets": {
                target.code: {
                    "comparator": data[f"{TARGET_PREFIX}{target.code}-comparator"],
                    "threshold": data[f"{TARGET_PREFIX}{target.code}-threshold"],
                    "wording": data[f"{TARGET_PREFIX}{target.code}-wording"],
                }
                for target in self.targets
            },
        }

    def add_service_errors(self, error: ValidationError) -> None:
        """Put a service's errors on the fields they name; the rest above the form."""
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.add_error(None, message)
            return
        for key, messages in error.message_dict.items():
            name = f"{key}-threshold" if key.startswith(TARGET_PREFIX) else key
            for message in messages:
                self.add_error(name if name in self.fields else None, message)

    def add_error(self, field, error):
        super().add_error(field, error)
        if field in self.fields:
            attrs = self.fields[field].widget.attrs
            if "is-invalid" not in attrs.get("class", ""):
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
