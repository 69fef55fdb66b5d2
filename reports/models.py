"""Reports: one organization's figures, task accounts and narrative for one plan and period.

Reports change only through the services in reports.services, each of which
writes a ReportEvent (who, when, from which status to which, what changed).
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models import Indicator, Plan, PlanTask, ValueType
from plans.periods import Period
from unions.models import IMPORT_EXPORT_PERMISSIONS, Organization
from unions.scoping import visible_organizations_q

period_validator = RegexValidator(r"^\d{4}(S1)?$", _("Write a year such as 2024, or 2024S1 for its first half."))


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")
    #: A reviewer above recorded that the unit did not report for the period (audited, with a reason),
    #: so that the consolidated report above can go up without it.
    ABSENT = "absent", _("Marked as not reported")


COUNTED_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReportQuerySet":
        """Reports of the units this user may see (see unions.scoping)."""
        return self.filter(visible_organizations_q(user, prefix="organization__"))

    def counted(self) -> "ReportQuerySet":
        """Reports that count in compliance: submitted or approved."""
        return self.filter(status__in=COUNTED_STATUSES)


class Report(models.Model):
    """One organization's report for one plan and one period."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="reports"
    )
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="reports")
    period = models.CharField(_("period"), max_length=6, validators=[period_validator])
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    results = models.TextField(_("results"), blank=True)
    shortcomings = models.TextField(_("shortcomings"), blank=True)
    proposals = models.TextField(_("proposals and recommendations"), blank=True)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    is_late = models.BooleanField(_("late"), default=False)
    return_reason = models.TextField(_("reason for return"), blank=True)
    entry_extended_until = models.DateField(_("entry reopened until"), null=True, blank=True)
    document_number = models.PositiveIntegerField(
        _("document number"), null=True, blank=True, help_text=_("Given at the first submission, per unit and year.")
    )
    document_year = models.PositiveSmallIntegerField(_("document year"), null=True, blank=True)
    compiled = models.JSONField(
        _("compiled figures"),
        default=dict,
        blank=True,
        help_text=_(
            "A consolidated report's subtree figures as the compliance engine gave them when it was submitted."
        ),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["plan", "period", "organization__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "plan", "period"],
                name="report_one_per_unit_plan_period",
                violation_error_message=_("This unit already has a report for this plan and period."),
            ),
            models.UniqueConstraint(
                fields=["organization", "document_year", "document_number"],
                name="report_document_number_once_per_unit_year",
                violation_error_message=_("This unit has already used this document number this year."),
            ),
        ]
        indexes = [
            models.Index(fields=["plan", "period", "status"], name="report_plan_period_status"),
            # The review queue: submitted reports, oldest first (a small part of all reports).
            models.Index(
                fields=["submitted_at", "id"], condition=models.Q(status="submitted"), name="report_waiting_queue"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization.code} – {self.plan.slug} – {self.period}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse(
            "report_detail", kwargs={"plan": self.plan.slug, "org": self.organization.code, "period": self.period}
        )

    @property
    def period_obj(self) -> Period:
        return Period.parse(self.period)

    @property
    def is_counted(self) -> bool:
        return self.status in COUNTED_STATUSES

    @property
    def is_editable_status(self) -> bool:
        return self.status in EDITABLE_STATUSES


class ReportValue(models.Model):
    """One indicator's value in a report: a number (counts and yes/no as 1/0) or a choice code."""

    report = models.ForeignKey(Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="values"
    )
    number = models.DecimalField(_("number"), max_digits=18, decimal_places=4, null=True, blank=True)
    choice = models.CharField(_("choice"), max_length=32, blank=True)

    class Meta:
        default_permissions = IMPORT_EXPORT_PERMISSIONS
        verbose_name = _("report value")
        verbose_name_plural = _("report values")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator"],
                name="value_one_per_indicator",
                violation_error_message=_("This report already has a value for this indicator."),
            ),
            models.CheckConstraint(
                condition=(Q(number__isnull=False) & Q(choice="")) | (Q(number__isnull=True) & ~Q(choice="")),
                name="value_number_or_choice",
                violation_error_message=_("A value is either a number or a choice."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} = {self.display}"

    @property
    def display(self) -> str:
        return display_value(self.indicator, self.number, self.choice)


def display_value(indicator: Indicator, number: Decimal | None, choice: str) -> str:
    """A value as a Vietnamese reader expects it: 1.234, 0,3, Có/Không, the choice's label."""
    from django.utils.formats import number_format
    from django.utils.translation import gettext

    if indicator.value_type == ValueType.CHOICE:
        return indicator.choice_label(choice) if choice else ""
    if number is None:
        return ""
    if indicator.value_type == ValueType.BOOLEAN:
        return gettext("Yes") if number else gettext("No")
    places = 0 if indicator.value_type == ValueType.COUNT else indicator.decimal_places
    return number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)


class ReportTaskAccount(models.Model):
    """What the unit did for one of the plan's tasks, in words."""

    report = models.ForeignKey(Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="task_accounts")
    task = models.ForeignKey(PlanTask, verbose_name=_("task"), on_delete=models.PROTECT, related_name="accounts")
    text = models.TextField(_("account"), blank=True)

    class Meta:
        verbose_name = _("task account")
        verbose_name_plural = _("task accounts")
        constraints = [
            models.UniqueConstraint(fields=["report", "task"], name="task_account_one_per_task"),
        ]

    def __str__(self) -> str:
        return f"{self.report} – {self.task.number}"


class ReportAction(models.TextChoices):
    CREATED = "created", _("Created")
    SAVED = "saved", _("Saved")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")
    REOPENED = "reopened", _("Reopened")
    IMPORTED = "imported", _("Imported")
    ABSENT = "absent", _("Marked as not reported")


class ReportEvent(models.Model):
    """The audit trail of a report: every creation, change and transition."""

    report = models.ForeignKey(Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("action"), max_length=10, choices=ReportAction.choices)
    from_status = models.CharField(_("from status"), max_length=10, choices=ReportStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=10, choices=ReportStatus.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    comment = models.TextField(_("comment"), blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report history")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report} – {self.get_action_display()}"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


class ReportReminder(models.Model):
    """A reminder e-mailed to one officer about one unit's report for one plan and period.

    Kept so that `send_reminders` sends each reminder once (one "due soon", one "overdue"),
    however often cron runs it.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="+")
    period = models.CharField(_("period"), max_length=6, validators=[period_validator])
    kind = models.CharField(_("kind"), max_length=10, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "organization", "plan", "period", "kind"],
                name="reminder_sent_once",
                violation_error_message=_("This reminder has already been sent."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization.code} – {self.plan.slug} – {self.period} – {self.kind}"


class StagedImport(models.Model):
    """An uploaded workbook of report values waiting for its uploader's confirmation.

    The upload page keeps the file here between the preview and the confirmation, keyed by a
    random token; confirming marks it confirmed in the same transaction that writes the values,
    so a second click (or a second tab) finds it already used and writes nothing.
    """

    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.CASCADE, related_name="+"
    )
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status of the imported reports"), max_length=10, choices=ReportStatus.choices)
    force = models.BooleanField(_("overwrite approved reports"), default=False)
    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        verbose_name = _("staged import")
        verbose_name_plural = _("staged imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.plan.slug})"


class ComplianceRollup(models.Model):
    """One plan's figures for one upper unit's subtree, one period and one organization kind: the
    engine's tallies, stored (reports.compliance.rollups).

    `subtree` holds the whole subtree's figures (the unit included), `own` the unit's own report's.
    Both are kept in step with every report change, in the same transaction; a change to the tree
    or to the plan's targets makes them stale until `rebuild_rollups` runs (the engine then counts
    directly, so the figures are always right).
    """

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    parent = models.ForeignKey(
        Organization,
        verbose_name=_("parent organization"),
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        help_text=_("The organization's parent when the rows were built, to read a unit's children at once."),
    )
    period = models.CharField(_("period"), max_length=6)
    kind = models.CharField(_("kind"), max_length=20)
    subtree = models.JSONField(_("subtree figures"), default=dict)
    own = models.JSONField(_("own figures"), default=dict)

    class Meta:
        verbose_name = _("compliance rollup")
        verbose_name_plural = _("compliance rollups")
        constraints = [
            models.UniqueConstraint(fields=["plan", "organization", "period", "kind"], name="rollup_one_per_slice"),
        ]
        indexes = [models.Index(fields=["plan", "parent", "period"], name="rollup_children")]

    def __str__(self) -> str:
        return f"{self.plan_id}/{self.organization_id}/{self.period}/{self.kind}"


class RollupState(models.Model):
    """When a plan's rollups were built, at which tree revision and for which targets (their signature)."""

    plan = models.OneToOneField(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    tree_revision = models.PositiveBigIntegerField(_("tree revision"))
    signature = models.CharField(_("signature"), max_length=64)
    built_at = models.DateTimeField(_("built at"), default=timezone.now)

    class Meta:
        verbose_name = _("rollup state")
        verbose_name_plural = _("rollup states")

    def __str__(self) -> str:
        return f"{self.plan_id}@{self.tree_revision}"


class SummaryExportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to start")
    RUNNING = "running", _("Being written")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class SummaryExport(models.Model):
    """A summary workbook written in the background, for a subtree too big to write during a request.

    The dashboard starts one (reports.exports.jobs.summary_export_start), something runs it (a thread
    by default, see `EXPORT_JOB_RUNNER`), and its status page shows the progress until the file can
    be downloaded. Only the user who asked may see it; the file is deleted after `EXPORT_KEEP_HOURS`.
    """

    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="+"
    )
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    period = models.CharField(_("period"), max_length=6, validators=[period_validator])
    language = models.CharField(_("language"), max_length=10, default="vi")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SummaryExportStatus.choices,
        default=SummaryExportStatus.PENDING,
        db_index=True,
    )
    units_total = models.PositiveIntegerField(_("units to write"), default=0)
    units_done = models.PositiveIntegerField(_("units written"), default=0)
    file_name = models.CharField(_("stored file"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last progress at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("summary export")
        verbose_name_plural = _("summary exports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.plan.slug} – {self.organization.code} – {self.period} ({self.status})"

    @property
    def period_obj(self) -> Period:
        return Period.parse(self.period)

    @property
    def in_progress(self) -> bool:
        return self.status in (SummaryExportStatus.PENDING, SummaryExportStatus.RUNNING)

    @property
    def percent_done(self) -> int:
        if not self.units_total:
            return 0
        return min(100, self.units_done * 100 // self.units_total)
