"""The audit trail in the admin: read-only, filtered by model, kind of write, actor and date, and
downloadable (CSV or XLSX) with the same filters. Administrators only."""

import csv
import io

from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from audit.context import COMMAND_PREFIX
from audit.display import ChangeReader, action_label, actor_label, details_text, model_name
from audit.models import AuditEntry
from audit.registry import followed_models
from config.admin_mixins import ReadOnlyAdminMixin
from reports.exports.cells import safe_cell
from unions.scoping import is_admin

if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)  # auditlog's own admin: replaced by the one below

EXPORT_CHUNK = 2000


class ModelFilter(admin.SimpleListFilter):
    title = gettext_lazy("model")
    parameter_name = "model"

    def lookups(self, request, model_admin):
        types = ContentType.objects.get_for_models(*(model for model, _excluded, _m2m in followed_models()))
        choices = [(str(ct.pk), capfirst(model._meta.verbose_name_plural)) for model, ct in types.items()]
        return sorted(choices, key=lambda choice: str(choice[1]))

    def queryset(self, request, queryset):
        return queryset.filter(content_type_id=self.value()) if self.value() else queryset


class ActionFilter(admin.SimpleListFilter):
    title = gettext_lazy("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        from audit.display import ACTION_LABELS

        return [(str(value), label) for value, label in ACTION_LABELS.items()]

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


class SourceFilter(admin.SimpleListFilter):
    """Where the write came from: a signed-in user, a management command, or a bulk write's batch record."""

    title = gettext_lazy("kind of write")
    parameter_name = "source"

    def lookups(self, request, model_admin):
        return [
            ("user", gettext_lazy("By a signed-in user")),
            ("command", gettext_lazy("By a management command")),
            ("batch", gettext_lazy("Batch records of bulk writes (imports, generated data)")),
            ("rows", gettext_lazy("Field changes of single records")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "user":
            return queryset.filter(actor__isnull=False)
        if value == "command":
            return queryset.filter(cid__startswith=COMMAND_PREFIX)
        if value == "batch":
            return queryset.filter(additional_data__has_key="batch")
        if value == "rows":
            return queryset.exclude(additional_data__has_key="batch")
        return queryset


class ActorFilter(admin.SimpleListFilter):
    title = gettext_lazy("by")
    parameter_name = "actor"

    def lookups(self, request, model_admin):
        users = get_user_model().objects.filter(pk__in=LogEntry.objects.values("actor_id")).order_by("username")
        return [("system", gettext_lazy("system (no user)"))] + [(str(u.pk), u.get_username()) for u in users]

    def queryset(self, request, queryset):
        if self.value() == "system":
            return queryset.filter(actor__isnull=True)
        return queryset.filter(actor_id=self.value()) if self.value() else queryset


class DateFilter(admin.DateFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = gettext_lazy("date")


class ReadableChangeList(ChangeList):
    """Reads the page's changes once, with related objects fetched in bulk."""

    def get_results(self, request):
        super().get_results(request)
        self.model_admin.reader = ChangeReader(self.result_list)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["when", "model_label", "object_label", "action_name", "by", "summary"]
    list_filter = [ModelFilter, ActionFilter, SourceFilter, ActorFilter, ("timestamp", DateFilter)]
    list_select_related = ["content_type", "actor"]
    search_fields = ["object_repr", "object_pk", "actor__username", "cid"]
    date_hierarchy = "timestamp"
    show_full_result_count = False
    fields = ["when", "model_label", "object_pk", "object_label", "action_name", "by", "remote_addr", "changes_table"]
    readonly_fields = fields + ["details"]

    def get_fields(self, request, obj=None):
        return [*self.fields, "details"] if obj is not None and obj.additional_data else self.fields

    # --- who may see it: administrators only; nobody edits it ------------------------------------

    def has_view_permission(self, request, obj=None):
        return is_admin(request.user) and super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    # --- columns --------------------------------------------------------------------------------------

    def get_changelist(self, request, **kwargs):
        return ReadableChangeList

    def _reader(self, obj) -> ChangeReader:
        reader = getattr(self, "reader", None)
        if reader is None or obj not in reader.entries:
            reader = ChangeReader([obj])
        return reader

    @admin.display(description=gettext_lazy("when"), ordering="timestamp")
    def when(self, obj):
        return timezone.localtime(obj.timestamp).strftime("%d/%m/%Y %H:%M:%S")

    @admin.display(description=gettext_lazy("model"), ordering="content_type__model")
    def model_label(self, obj):
        return model_name(obj)

    @admin.display(description=gettext_lazy("record"), ordering="object_repr")
    def object_label(self, obj):
        return obj.object_repr

    @admin.display(description=gettext_lazy("action"), ordering="action")
    def action_name(self, obj):
        return action_label(obj)

    @admin.display(description=gettext_lazy("by"))
    def by(self, obj):
        return actor_label(obj)

    @admin.display(description=gettext_lazy("changes"))
    def summary(self, obj):
        return self._reader(obj).summary(obj)

    @admin.display(description=gettext_lazy("changes"))
    def changes_table(self, obj):
        rows = self._reader(obj).changes(obj)
        if not rows:
            return "—"
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("Field"),
            _("Old value"),
            _("New value"),
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", ((r.field, r.old, r.new) for r in rows)),
        )

    @admin.display(description=gettext_lazy("details"))
    def details(self, obj):
        return details_text(obj)

    # --- export -----------------------------------------------------------------------------------------

    def get_urls(self):
        export = self.admin_site.admin_view(require_safe(self.export_view))  # a download changes nothing
        return [path("export/<str:file_format>/", export, name="audit_auditentry_export"), *super().get_urls()]

    def export_view(self, request, file_format: str):
        """The changelist's rows (its filters and search applied), one line per changed field."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if file_format not in ("csv", "xlsx"):
            return HttpResponseBadRequest()
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponseBadRequest()
        rows = export_rows(changelist.queryset)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        if file_format == "csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            for row in rows:
                writer.writerow([safe_cell(value) for value in row])
            response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                _xlsx(rows), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            )
        response["Content-Disposition"] = f'attachment; filename="nhat-ky-thay-doi-{stamp}.{file_format}"'
        return response


def export_headers() -> list[str]:
    return [
        _("When"),
        _("Model"),
        _("Object id"),
        _("Object"),
        _("Action"),
        _("By"),
        _("Address"),
        _("Field"),
        _("Old value"),
        _("New value"),
        _("Details"),
    ]


def export_rows(queryset):
    """The header, then one row per changed field of every record (a record without field changes,
    such as a batch record, is one row with its details)."""
    yield export_headers()
    chunk = []
    for entry in queryset.select_related("content_type", "actor").iterator(chunk_size=EXPORT_CHUNK):
        chunk.append(entry)
        if len(chunk) >= EXPORT_CHUNK:
            yield from _chunk_rows(chunk)
            chunk = []
    yield from _chunk_rows(chunk)


def _chunk_rows(entries):
    reader = ChangeReader(entries)
    for entry in entries:
        head = [
            timezone.localtime(entry.timestamp).replace(tzinfo=None),
            model_name(entry),
            entry.object_pk,
            entry.object_repr,
            action_label(entry),
            actor_label(entry),
            entry.remote_addr or "",
        ]
        changes = reader.changes(entry) or [None]
        for index, change in enumerate(changes):
            fields = [change.field, change.old, change.new] if change else ["", "", ""]
            yield [*head, *fields, details_text(entry) if index == 0 else ""]


def _xlsx(rows) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Audit trail")[:31])
    bold = Font(bold=True)
    for index, row in enumerate(rows):
        sheet.append([safe_cell(value, sheet, font=bold if index == 0 else None) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
