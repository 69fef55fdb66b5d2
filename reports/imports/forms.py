"""Forms of the import page: the template download and the upload."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from plans.models import Plan
from plans.periods import Period
from reports.imports.values import IMPORT_STATUSES
from reports.imports.xlsx import SpreadsheetError, open_workbook
from reports.models import ReportStatus
from unions.models import Organization, Role
from unions.scoping import is_admin, organizations_with_role


def importer_units(user) -> list[Organization]:
    """The units whose subtree a reviewer may fill in (for an admin: none needed, any unit)."""
    return organizations_with_role(user, Role.REVIEWER)


def can_use_imports(user) -> bool:
    return is_admin(user) or bool(importer_units(user))


def may_fill_in_for(user, root: Organization) -> bool:
    """An admin anywhere; a reviewer for their own unit or any unit below it."""
    return is_admin(user) or any(root.is_in_subtree_of(unit) for unit in importer_units(user))


class TemplateForm(forms.Form):
    """Which template to download: plan, period and the subtree (a reviewer's unit, or any unit for an admin)."""

    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.none(), to_field_name="slug")
    period = forms.CharField(
        label=_("Period"),
        max_length=6,
        help_text=_("A year such as 2025, or 2025S1 for its first half."),
        widget=forms.TextInput(attrs={"list": "period-choices", "placeholder": "2025"}),
    )
    org = forms.CharField(label=_("Units of"), max_length=40)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["plan"].queryset = Plan.objects.visible_to(user).order_by("-last_year", "slug")
        if is_admin(user):
            self.fields["org"].help_text = _("The code of the unit whose subtree the template covers, e.g. BD.")
        else:
            units = importer_units(user)
            self.fields["org"] = forms.ChoiceField(
                label=_("Units of"), choices=[(unit.code, f"{unit.name} ({unit.code})") for unit in units]
            )

    def clean(self):
        cleaned = super().clean()
        plan = cleaned.get("plan")
        text = cleaned.get("period")
        if plan and text:
            try:
                period = Period.parse(text)
            except ValueError as exc:
                self.add_error("period", str(exc))
            else:
                if not plan.has_period(period):
                    self.add_error(
                        "period",
                        _("Plan %(plan)s has no reporting period %(period)s.")
                        % {"plan": plan.number or plan.slug, "period": period.id},
                    )
                cleaned["period_obj"] = period
        code = (cleaned.get("org") or "").strip()
        if code:
            root = Organization.objects.visible_to(self.user).filter(code=code).first()
            if root is None or not may_fill_in_for(self.user, root):
                self.add_error("org", _("There is no unit with this code among the units you review."))
            else:
                cleaned["root"] = root
        return cleaned


class ValuesUploadForm(forms.Form):
    """An xlsx file of report values for a plan, and the status the imported reports take."""

    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.none(), to_field_name="slug")
    status = forms.ChoiceField(
        label=_("Imported reports become"),
        choices=[(status, ReportStatus(status).label) for status in IMPORT_STATUSES],
        initial=ReportStatus.DRAFT,
    )
    force = forms.BooleanField(
        label=_("Overwrite approved reports"),
        required=False,
        help_text=_("Administrators only. Each overwritten report records it in its history."),
    )
    file = forms.FileField(
        label=_("Workbook (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["plan"].queryset = Plan.objects.visible_to(user).order_by("-last_year", "slug")
        self.fields["file"].help_text = _("At most %(size)s. Nothing is saved before you confirm the preview.") % {
            "size": filesizeformat(settings.IMPORT_MAX_UPLOAD_BYTES)
        }
        if not is_admin(user):
            del self.fields["force"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            open_workbook(upload).close()
        except SpreadsheetError as exc:
            raise forms.ValidationError(exc.messages[0], code="file") from None
        upload.seek(0)
        return upload
