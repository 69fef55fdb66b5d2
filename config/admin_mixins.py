"""What the admin may do with records that only the portal's services write."""


class RecordAdminMixin:
    """Records kept by the portal (moves, reminders sent): read and, for an administrator, deleted;
    never added or edited by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyAdminMixin(RecordAdminMixin):
    """Read only: the workflow, the imports or the audit trail own these rows."""

    def has_delete_permission(self, request, obj=None):
        return False
