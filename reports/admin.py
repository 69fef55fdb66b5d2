from django.contrib import admin

from config.admin_mixins import ReadOnlyAdminMixin, RecordAdminMixin
from reports.admin_resources import ReportValueResource, SpreadsheetAdminMixin
from reports.models import Report, ReportEvent, ReportReminder, ReportTaskAccount, ReportValue


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReportValueInline(ReadOnlyInline):
    model = ReportValue
    fields = ["indicator", "number", "choice"]


class ReportTaskAccountInline(ReadOnlyInline):
    model = ReportTaskAccount
    fields = ["task", "text"]


class ReportEventInline(ReadOnlyInline):
    model = ReportEvent
    fields = ["at", "action", "from_status", "to_status", "actor", "comment", "changes"]


@admin.register(Report)
class ReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Reports are read here; they change only through the workflow (audited)."""

    list_display = ["organization", "plan", "period", "status", "is_late", "submitted_at", "updated_at"]
    list_filter = ["plan", "period", "status", "is_late", "organization__kind"]
    search_fields = ["organization__code", "organization__name", "plan__slug", "period"]
    list_select_related = ["organization", "plan"]
    inlines = [ReportValueInline, ReportTaskAccountInline, ReportEventInline]
    show_full_result_count = False


@admin.register(ReportEvent)
class ReportEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "report", "action", "from_status", "to_status", "actor"]
    list_filter = ["action", "to_status", "report__plan"]
    search_fields = ["report__organization__code", "report__organization__name", "actor__username", "comment"]
    list_select_related = ["report__organization", "report__plan", "actor"]
    date_hierarchy = "at"


@admin.register(ReportReminder)
class ReportReminderAdmin(RecordAdminMixin, admin.ModelAdmin):
    """What send_reminders has sent (it never sends the same reminder twice): read only."""

    list_display = ["sent_at", "recipient", "organization", "plan", "period", "kind"]
    list_filter = ["kind", "plan", "period"]
    search_fields = ["recipient__username", "recipient__email", "organization__code", "organization__name"]
    list_select_related = ["recipient", "organization", "plan"]
    date_hierarchy = "sent_at"


@admin.register(ReportValue)
class ReportValueAdmin(ReadOnlyAdminMixin, SpreadsheetAdminMixin, admin.ModelAdmin):
    """Figures as a list, to export them or import a file of them (through the values import: the
    web form's rules, the workflow and the report history). They are not edited here."""

    resource_classes = [ReportValueResource]
    skip_admin_log = True
    list_display = ["report", "indicator", "number", "choice"]
    list_filter = ["report__plan", "report__period", "report__status"]
    search_fields = ["report__organization__code", "report__organization__name", "indicator__code"]
    list_select_related = ["report__organization", "report__plan", "indicator"]
    show_full_result_count = False
