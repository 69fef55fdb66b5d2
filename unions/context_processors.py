from unions.models import Role
from unions.scoping import is_admin, memberships_of


def roles(request):
    """What the menu may offer this user: one flag per role they hold anywhere."""
    user = getattr(request, "user", None)
    held = {membership.role for membership in memberships_of(user)} if user is not None else set()
    return {
        "roles": {
            "officer": Role.OFFICER in held,
            "reviewer": Role.REVIEWER in held,
            "viewer": Role.VIEWER in held,
            "admin": is_admin(user),
        }
    }
