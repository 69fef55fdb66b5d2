"""Audit records as an administrator reads them: translated model and field names, choice labels,
related objects by name (looked up in bulk, never one query per record), who acted."""

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.context import COMMAND_PREFIX

ACTION_LABELS = {
    LogEntry.Action.CREATE: gettext_lazy("Created"),
    LogEntry.Action.UPDATE: gettext_lazy("Changed"),
    LogEntry.Action.DELETE: gettext_lazy("Deleted"),
    LogEntry.Action.ACCESS: gettext_lazy("Viewed"),
}


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


def model_name(entry: LogEntry) -> str:
    model = entry.content_type.model_class()
    return capfirst(model._meta.verbose_name) if model else entry.content_type.model


def action_label(entry: LogEntry) -> str:
    return str(ACTION_LABELS.get(entry.action, entry.action))


def command_of(entry: LogEntry) -> str:
    cid = entry.cid or ""
    return cid[len(COMMAND_PREFIX) :] if cid.startswith(COMMAND_PREFIX) else ""


def actor_label(entry: LogEntry) -> str:
    """The user who acted or, without one, the system and the command that wrote the record."""
    command = command_of(entry)
    if entry.actor_id:
        name = entry.actor.get_username()
        return _("%(user)s (command %(command)s)") % {"user": name, "command": command} if command else name
    if command:
        return _("system (command %(command)s)") % {"command": command}
    return _("system")


def is_batch(entry: LogEntry) -> bool:
    return isinstance(entry.additional_data, dict) and "batch" in entry.additional_data


def details_text(entry: LogEntry) -> str:
    """A batch record's file, counts and sample, as JSON a reader (or a spreadsheet) can search."""
    if not entry.additional_data:
        return ""
    return json.dumps(entry.additional_data, ensure_ascii=False, sort_keys=True)


def _field(model, name: str):
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if getattr(field, "concrete", False) or field.many_to_many else None


def _is_fk(field) -> bool:
    return field is not None and (field.many_to_one or field.one_to_one) and field.concrete


def _empty(value) -> bool:
    return value is None or value == "None"


class ChangeReader:
    """Reads the changes of many records at once; related objects are fetched per model in one query."""

    def __init__(self, entries: Iterable[LogEntry]):
        self.entries = list(entries)
        wanted: dict[type, set] = defaultdict(set)
        for entry in self.entries:
            model = entry.content_type.model_class()
            for name, values in (entry.changes_dict or {}).items():
                field = _field(model, name)
                if _is_fk(field) and isinstance(values, list | tuple):
                    for value in values:
                        if not _empty(value):
                            try:
                                wanted[field.related_model].add(field.related_model._meta.pk.to_python(value))
                            except ValidationError:
                                continue
        self.names: dict[tuple[type, object], str] = {}
        for related, pks in wanted.items():
            for obj in related._base_manager.select_related().filter(pk__in=pks):
                self.names[(related, obj.pk)] = str(obj)

    def changes(self, entry: LogEntry) -> list[FieldChange]:
        model = entry.content_type.model_class()
        rows = []
        batch = is_batch(entry)
        for name, values in (entry.changes_dict or {}).items():
            field = _field(model, name)
            if field is None and not batch:
                continue  # a reverse relation auditlog lists when a record is created or deleted
            label = capfirst(str(getattr(field, "verbose_name", name))) if field is not None else name
            if isinstance(values, dict) and values.get("type") == "m2m":
                objects = ", ".join(str(item) for item in values.get("objects", []))
                removed = values.get("operation") == "delete"
                rows.append(FieldChange(label, objects if removed else "", "" if removed else objects))
                continue
            old, new = (list(values) + [None, None])[:2] if isinstance(values, list | tuple) else (None, values)
            old, new = self.value(field, old), self.value(field, new)
            if old != new:  # a new record's empty fields ("None" to "") say nothing
                rows.append(FieldChange(label, old, new))
        return rows

    def value(self, field, value) -> str:
        if _empty(value):
            return ""
        value = str(value)
        if field is None:
            return value
        if _is_fk(field):
            try:
                pk = field.related_model._meta.pk.to_python(value)
            except ValidationError:
                return value
            return self.names.get((field.related_model, pk), _("deleted (#%(id)s)") % {"id": value})
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(field, models.DecimalField):
            try:
                return format(Decimal(value).normalize(), "f")  # 100.0000 as stored, 100 as typed
            except InvalidOperation:
                return value
        if isinstance(field, models.BooleanField):
            return _("Yes") if value == "True" else _("No") if value == "False" else value
        return value

    def summary(self, entry: LogEntry, limit: int = 300) -> str:
        """One line: "field: old → new; …", cut at `limit` characters."""
        if is_batch(entry):
            counts = entry.additional_data.get("counts") or {
                key: value for key, value in entry.additional_data.items() if isinstance(value, int)
            }
            text = ", ".join(f"{key}: {value}" for key, value in counts.items())
        else:
            text = "; ".join(f"{row.field}: {row.old or '∅'} → {row.new or '∅'}" for row in self.changes(entry))
        return text if len(text) <= limit else text[: limit - 1] + "…"
