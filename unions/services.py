"""Writes to the union tree. Each service is atomic and keeps `path` and `depth` right."""

import datetime

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from unions.models import PATH_SEPARATOR, Membership, Organization, OrganizationMove, TreeRevision


def tree_changed() -> None:
    """Move the tree's revision on: call it in the transaction of every change to units' places,
    kinds or dates (the services here do)."""
    updated = TreeRevision.objects.filter(pk=1).update(number=F("number") + 1)
    if not updated:
        TreeRevision.objects.get_or_create(pk=1, defaults={"number": 1})


def _path_under(parent: Organization | None, pk: int) -> str:
    return f"{parent.path if parent else PATH_SEPARATOR}{pk}{PATH_SEPARATOR}"


@transaction.atomic
def organization_create(
    *,
    code: str,
    name: str,
    kind: str,
    parent: Organization | None = None,
    opened_on: datetime.date | None = None,
    closed_on: datetime.date | None = None,
    **extra,
) -> Organization:
    """Create a unit under `parent` (or a root when parent is None)."""
    organization = Organization(
        code=code, name=name, kind=kind, parent=parent, opened_on=opened_on, closed_on=closed_on, **extra
    )
    organization.full_clean(exclude=["path", "depth"])
    organization.save()
    organization.path = _path_under(parent, organization.pk)
    organization.depth = parent.depth + 1 if parent else 0
    Organization.objects.filter(pk=organization.pk).update(path=organization.path, depth=organization.depth)
    tree_changed()
    return organization


@transaction.atomic
def organization_update(*, organization: Organization, **fields) -> Organization:
    """Change a unit's own fields (not its parent: see organization_move); checks them first."""
    if "parent" in fields or "path" in fields:
        raise ValueError("Use organization_move to change a unit's parent.")
    changed = [name for name, value in fields.items() if getattr(organization, name) != value]
    if not changed:
        return organization
    for name in changed:
        setattr(organization, name, fields[name])
    organization.full_clean(exclude=["path", "depth"])
    organization.save(update_fields=changed)
    tree_changed()
    return organization


@transaction.atomic
def organization_move(
    *,
    organization: Organization,
    new_parent: Organization | None,
    moved_on: datetime.date | None = None,
    by=None,
    note: str = "",
) -> Organization:
    """Move a unit (with its whole subtree) under a new parent, and record the move.

    Reports stay with the unit; roll-ups follow the tree as it stands now.
    """
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if new_parent is not None:
        new_parent = Organization.objects.get(pk=new_parent.pk)
        if new_parent.is_in_subtree_of(organization):
            raise ValidationError(
                _("%(unit)s cannot move under %(parent)s: that unit is inside its own subtree.")
                % {"unit": organization.code, "parent": new_parent.code}
            )
    if organization.parent_id == (new_parent.pk if new_parent else None):
        return organization
    old_parent_id = organization.parent_id
    old_path = organization.path
    new_path = _path_under(new_parent, organization.pk)
    depth_change = (new_parent.depth + 1 if new_parent else 0) - organization.depth
    Organization.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1, Length("path"))),
        depth=F("depth") + depth_change,
    )
    Organization.objects.filter(pk=organization.pk).update(parent=new_parent)
    _audit_move(organization, old_parent_id, new_parent, by)
    OrganizationMove.objects.create(
        organization=organization,
        from_parent_id=old_parent_id,
        to_parent=new_parent,
        moved_on=moved_on or timezone.localdate(),
        recorded_by=by,
        note=note,
    )
    tree_changed()
    organization.refresh_from_db()
    return organization


def _audit_move(organization: Organization, old_parent_id: int | None, new_parent: Organization | None, by) -> None:
    """The move is written with queryset updates (the whole subtree's paths), which auditlog does not
    see: record the unit's change of parent as auditlog would have."""
    LogEntry.objects.log_create(
        organization,
        action=LogEntry.Action.UPDATE,
        changes={"parent": [str(old_parent_id), str(new_parent.pk if new_parent else None)]},
        actor=by,
    )


@transaction.atomic
def organization_close(*, organization: Organization, closed_on: datetime.date) -> Organization:
    """Close a unit: it keeps its reports and stops being expected after `closed_on`."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.opened_on and closed_on < organization.opened_on:
        raise ValidationError(_("The closing date must not be before the opening date."))
    organization.closed_on = closed_on
    organization.save(update_fields=["closed_on"])
    tree_changed()
    return organization


def rebuild_paths() -> int:
    """Recompute every unit's path and depth from the parent links (after bulk loads). Returns the count."""
    rows = list(Organization.objects.values_list("pk", "parent_id"))
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in rows:
        children.setdefault(parent_id, []).append(pk)
    paths: dict[int, tuple[str, int]] = {}
    stack = [(pk, PATH_SEPARATOR, 0) for pk in children.get(None, [])]
    while stack:
        pk, prefix, depth = stack.pop()
        path = f"{prefix}{pk}{PATH_SEPARATOR}"
        paths[pk] = (path, depth)
        stack.extend((child, path, depth + 1) for child in children.get(pk, []))
    stale = [Organization(pk=pk, path=path, depth=depth) for pk, (path, depth) in paths.items()]
    Organization.objects.bulk_update(stale, ["path", "depth"], batch_size=2000)
    tree_changed()
    return len(stale)


def membership_grant(*, user, organization: Organization, role: str) -> Membership:
    """Give a user a role at a unit (idempotent)."""
    membership, _created = Membership.objects.get_or_create(user=user, organization=organization, role=role)
    return membership
