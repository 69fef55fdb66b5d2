from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from config.admin_mixins import RecordAdminMixin
from reports.admin_resources import OrganizationResource, SpreadsheetAdminMixin
from unions import services
from unions.models import Membership, Organization, OrganizationKind, OrganizationMove


class ParentFilter(admin.SimpleListFilter):
    """Filter by parent, offering only units above grassroots level."""

    title = _("parent organization")
    parameter_name = "parent"

    def lookups(self, request, model_admin):
        parents = Organization.objects.filter(kind__in=OrganizationKind.upper_kinds()).values_list("pk", "name")
        return [(str(pk), name) for pk, name in parents]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(parent_id=self.value())
        return queryset


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(SpreadsheetAdminMixin, admin.ModelAdmin):
    resource_classes = [OrganizationResource]
    list_display = ["code", "name", "kind", "parent", "opened_on", "closed_on"]
    list_filter = ["kind", ParentFilter, "closed_on"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    readonly_fields = ["path", "depth"]
    inlines = [MembershipInline]

    def get_readonly_fields(self, request, obj=None):
        # A code is the unit's stable identity in imports and exports.
        return [*self.readonly_fields, "code"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            created = services.organization_create(
                **{field: form.cleaned_data.get(field) for field in form.fields if field in form.cleaned_data}
            )
            obj.pk, obj.path, obj.depth = created.pk, created.path, created.depth
            return
        new_parent = form.cleaned_data.get("parent")
        parent_changed = "parent" in form.changed_data
        own = {name: form.cleaned_data[name] for name in form.changed_data if name not in ("parent", "code")}
        stored = Organization.objects.get(pk=obj.pk)
        services.organization_update(organization=stored, **own)
        if parent_changed:
            moved = services.organization_move(organization=obj, new_parent=new_parent, by=request.user)
            obj.parent, obj.path, obj.depth = moved.parent, moved.path, moved.depth


@admin.register(OrganizationMove)
class OrganizationMoveAdmin(RecordAdminMixin, admin.ModelAdmin):
    list_display = ["organization", "from_parent", "to_parent", "moved_on", "recorded_by"]
    list_filter = ["moved_on"]
    search_fields = ["organization__code", "organization__name"]
    list_select_related = ["organization", "from_parent", "to_parent", "recorded_by"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "created_at"]
    list_filter = ["role", "organization__kind"]
    search_fields = ["user__username", "user__email", "organization__code", "organization__name"]
    autocomplete_fields = ["user", "organization"]
    list_select_related = ["user", "organization"]
