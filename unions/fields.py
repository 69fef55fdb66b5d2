from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from unions.models import OrganizationKind


class OrganizationKindsField(models.JSONField):
    """A list of organization kinds (stored as JSON), edited as checkboxes."""

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": OrganizationKind.choices,
            "widget": forms.CheckboxSelectMultiple,
            "coerce": str,
        }
        defaults.update(kwargs)
        defaults.pop("encoder", None)
        defaults.pop("decoder", None)
        return models.Field.formfield(self, **defaults)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if not isinstance(value, list) or any(kind not in OrganizationKind.values for kind in value):
            raise ValidationError(_("Choose organization kinds from the list."), code="invalid_kind")
