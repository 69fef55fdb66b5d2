"""Who may see and act for which unit: the one place these rules live.

- staff (site admins) see and act everywhere;
- a reviewer or viewer at a unit sees that unit's whole subtree;
- an officer sees the unit they file for, and nothing else;
- a reviewer acts (approves, returns, reopens) only for units strictly below
  their own unit.

Every view narrows its queryset with `visible_organizations_q` (or the
`visible_to` queryset methods built on it) before it looks an object up, so an
object outside the user's scope is a 404, never a leak.
"""

from django.db.models import Q

from unions.models import Membership, Organization, Role

_CACHE_ATTR = "_chitieu_memberships"
_NOTHING = Q(pk__in=[])


def memberships_of(user) -> list[Membership]:
    """The user's memberships with their organizations, read once per user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("organization"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_memberships(user) -> None:
    """Drop the cached memberships (after they change within one request or test)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_admin(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff)


def visible_organizations_q(user, prefix: str = "") -> Q:
    """A filter on Organization (or, with prefix="organization__", on a model that points at one)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return _NOTHING
    if user.is_staff:
        return Q()
    condition = _NOTHING
    for membership in memberships_of(user):
        if membership.role == Role.OFFICER:
            condition |= Q(**{f"{prefix}pk": membership.organization_id})
        else:
            condition |= Q(**{f"{prefix}path__startswith": membership.organization.path})
    return condition


def can_view(user, organization: Organization) -> bool:
    if is_admin(user):
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    for membership in memberships_of(user):
        if membership.role == Role.OFFICER:
            if membership.organization_id == organization.pk:
                return True
        elif organization.is_in_subtree_of(membership.organization):
            return True
    return False


def is_officer_of(user, organization: Organization) -> bool:
    """May file reports for this unit."""
    if is_admin(user):
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return any(m.role == Role.OFFICER and m.organization_id == organization.pk for m in memberships_of(user))


def is_reviewer_above(user, organization: Organization) -> bool:
    """May approve, return and reopen this unit's reports: a reviewer strictly above it."""
    if is_admin(user):
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return any(
        m.role == Role.REVIEWER
        and m.organization_id != organization.pk
        and organization.is_in_subtree_of(m.organization)
        for m in memberships_of(user)
    )


def reviewable_organizations_q(user, prefix: str = "") -> Q:
    """A filter for the units whose reports this user may approve or return: the query form of
    `is_reviewer_above` (strictly below one of their reviewer units; everything for staff)."""
    if is_admin(user):
        return Q()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return _NOTHING
    condition = _NOTHING
    for membership in memberships_of(user):
        if membership.role == Role.REVIEWER:
            condition |= Q(**{f"{prefix}path__startswith": membership.organization.path}) & ~Q(
                **{f"{prefix}pk": membership.organization_id}
            )
    return condition


def organizations_with_role(user, role: str) -> list[Organization]:
    """The units at which the user holds this role."""
    return [m.organization for m in memberships_of(user) if m.role == role]


def can_view_subtree(user, organization: Organization) -> bool:
    """May see figures rolled up over the organization's whole subtree: staff, or a reviewer or viewer
    at the organization or above it. An officer sees only their own unit, so an officer qualifies only
    at a unit with nothing below it (one query, for officers only)."""
    if is_admin(user):
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    memberships = memberships_of(user)
    if any(m.role != Role.OFFICER and organization.is_in_subtree_of(m.organization) for m in memberships):
        return True
    is_officer = any(m.role == Role.OFFICER and m.organization_id == organization.pk for m in memberships)
    return is_officer and not Organization.objects.filter(parent=organization).exists()
