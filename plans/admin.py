from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from plans.models import Indicator, IndicatorRule, Plan, PlanTask, RoadmapPhase, Target
from reports.admin_resources import IndicatorResource, PlanResource, SpreadsheetAdminMixin, TargetResource


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["order", "code", "label", "value_type", "unit", "aggregation", "year_only", "required"]
    show_change_link = True


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["order", "code", "short_label", "measure", "comparator", "threshold", "evaluation", "deadline_year"]
    show_change_link = True


class PlanTaskInline(admin.StackedInline):
    model = PlanTask
    extra = 0
    fields = [("order", "number", "parent"), "title", "body"]


class RoadmapPhaseInline(admin.StackedInline):
    model = RoadmapPhase
    extra = 0
    fields = [("order", "title", "first_year", "last_year"), "body"]


@admin.register(Plan)
class PlanAdmin(SpreadsheetAdminMixin, admin.ModelAdmin):
    resource_classes = [PlanResource]
    list_display = ["slug", "number", "issuer", "issued_on", "first_year", "last_year", "frequency"]
    list_filter = ["frequency", "issuer__kind", "first_year", "last_year"]
    search_fields = ["slug", "number", "title", "issuer__name", "issuer__code"]
    autocomplete_fields = ["issuer", "implements"]
    list_select_related = ["issuer"]
    prepopulated_fields = {"slug": ["number"]}
    inlines = [IndicatorInline, TargetInline, PlanTaskInline, RoadmapPhaseInline]
    fieldsets = [
        (None, {"fields": ["issuer", "slug", "number", "title", "issued_on", "implements", "basis"]}),
        (
            _("Reporting"),
            {
                "fields": [
                    ("first_year", "last_year"),
                    "frequency",
                    "reporting_kinds",
                    "report_to",
                    ("s1_due_offset_days", "annual_due_offset_days"),
                ]
            },
        ),
        (
            _("Content"),
            {"fields": ["purpose", "requirements", "implementation", "funding"]},
        ),
        (_("Signature"), {"fields": ["signer_title", "signer_name", "recipients"]}),
    ]


@admin.register(Indicator)
class IndicatorAdmin(SpreadsheetAdminMixin, admin.ModelAdmin):
    resource_classes = [IndicatorResource]
    list_display = ["code", "label", "plan", "value_type", "aggregation", "year_only", "required", "order"]
    list_filter = ["plan", "value_type", "aggregation", "year_only"]
    search_fields = ["code", "label", "plan__slug"]
    list_select_related = ["plan"]


@admin.register(IndicatorRule)
class IndicatorRuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan"]
    list_filter = ["plan"]
    filter_horizontal = ["parts"]


@admin.register(Target)
class TargetAdmin(SpreadsheetAdminMixin, admin.ModelAdmin):
    resource_classes = [TargetResource]
    list_display = ["code", "short_label", "plan", "measure", "comparator", "threshold", "evaluation"]
    list_filter = ["plan", "measure", "evaluation"]
    search_fields = ["code", "short_label", "wording", "plan__slug"]
    list_select_related = ["plan"]


@admin.register(PlanTask)
class PlanTaskAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "plan"]
    list_filter = ["plan"]
    search_fields = ["title", "body"]


@admin.register(RoadmapPhase)
class RoadmapPhaseAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "first_year", "last_year"]
    list_filter = ["plan"]
