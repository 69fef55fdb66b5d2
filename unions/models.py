"""The union tree and who works where in it.

Nothing here knows about plans or reports: this app answers "which units are
there, how do they nest, and which of them may this user see or act for".
"""

import datetime

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

PATH_SEPARATOR = "/"
# Django's four permissions plus the two the admin's spreadsheet import and export require
# (settings.IMPORT_EXPORT_IMPORT_PERMISSION_CODE / IMPORT_EXPORT_EXPORT_PERMISSION_CODE).
IMPORT_EXPORT_PERMISSIONS = ("add", "change", "delete", "view", "import", "export")

code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
    _("Use only letters without accents, digits, dots, hyphens and underscores."),
)


class OrganizationKind(models.TextChoices):
    CONFEDERATION = "confederation", _("Confederation")
    FEDERATION = "federation", _("Provincial or city federation")
    SECTOR = "sector", _("Sector union")
    DISTRICT = "district", _("District federation")
    INDUSTRIAL_ZONE = "industrial_zone", _("Industrial-zone union")
    COMMUNE = "commune", _("Commune or ward union")
    GRASSROOTS = "grassroots", _("Grassroots union")

    @classmethod
    def upper_kinds(cls) -> list[str]:
        """Every kind above grassroots level."""
        return [kind for kind in cls.values if kind != cls.GRASSROOTS]


class OrganizationQuerySet(models.QuerySet):
    def subtree_of(self, organization: "Organization") -> "OrganizationQuerySet":
        """The organization and every unit below it."""
        return self.filter(path__startswith=organization.path)

    def open_during(self, start: datetime.date, end: datetime.date) -> "OrganizationQuerySet":
        """Units open at any time between start and end (both included)."""
        return self.filter(
            Q(opened_on__isnull=True) | Q(opened_on__lte=end),
            Q(closed_on__isnull=True) | Q(closed_on__gte=start),
        )

    def visible_to(self, user) -> "OrganizationQuerySet":
        """The units this user may see: the one scoping primitive (see unions.scoping)."""
        from unions.scoping import visible_organizations_q

        return self.filter(visible_organizations_q(user))


class Organization(models.Model):
    """A node of the union tree: the confederation, a federation, an upper union or a grassroots union.

    `path` stores the ids from the root down to this unit ("/1/5/23/"), so a
    subtree is one indexed prefix match. It is kept by the services in
    unions.services, never written by hand.
    """

    code = models.CharField(_("code"), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(_("ancestry path"), max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    place = models.CharField(
        _("place"), max_length=100, blank=True, help_text=_("Place name printed before the date on documents.")
    )
    leader_name = models.CharField(_("chair's name"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        default_permissions = IMPORT_EXPORT_PERMISSIONS
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["path"]
        # A unit's children in code order, a page at a time (a dashboard's breakdown): read in order and
        # stopped at the page, whatever the database estimates about the rest of the tree.
        indexes = [models.Index(fields=["parent", "code"], name="unit_children_by_code")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(opened_on__isnull=True)
                | Q(closed_on__gte=models.F("opened_on")),
                name="organization_closed_after_opened",
                violation_error_message=_("The closing date must not be before the opening date."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="organization_not_own_parent",
                violation_error_message=_("An organization cannot be its own parent."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to and including this unit."""
        return [int(part) for part in self.path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR) if part]

    def is_open_on(self, day: datetime.date) -> bool:
        return (self.opened_on is None or self.opened_on <= day) and (self.closed_on is None or self.closed_on >= day)

    def is_open_during(self, start: datetime.date, end: datetime.date) -> bool:
        return (self.opened_on is None or self.opened_on <= end) and (self.closed_on is None or self.closed_on >= start)

    def is_in_subtree_of(self, other: "Organization") -> bool:
        return self.path.startswith(other.path)


class TreeRevision(models.Model):
    """A counter that every change to the tree moves on (unions.services.tree_changed).

    Figures kept per subtree elsewhere (the compliance rollups) remember the revision they were
    built at, and are not trusted once the tree has changed since.
    """

    number = models.PositiveBigIntegerField(_("revision"), default=0)

    class Meta:
        verbose_name = _("tree revision")
        verbose_name_plural = _("tree revisions")

    def __str__(self) -> str:
        return str(self.number)

    @classmethod
    def current(cls) -> int:
        return cls.objects.filter(pk=1).values_list("number", flat=True).first() or 0


class OrganizationMove(models.Model):
    """A unit's move to a new parent, kept so that the tree's history can be read."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="moves"
    )
    from_parent = models.ForeignKey(
        Organization, verbose_name=_("from"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    to_parent = models.ForeignKey(
        Organization, verbose_name=_("to"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    moved_on = models.DateField(_("moved on"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("move")
        verbose_name_plural = _("moves")
        ordering = ["-moved_on", "-id"]

    def __str__(self) -> str:
        return f"{self.organization.code}: {self.moved_on}"


class Role(models.TextChoices):
    OFFICER = "officer", _("Officer")
    REVIEWER = "reviewer", _("Reviewer")
    VIEWER = "viewer", _("Viewer")


class Membership(models.Model):
    """A user's role at one organization. A user may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"],
                name="membership_unique_role",
                violation_error_message=_("This user already holds this role at this organization."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organization}"
