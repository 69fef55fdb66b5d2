"""Plans (kế hoạch), what they ask units to report (indicators) and what they promise (targets).

A plan reads like the document it came from: its basis, purpose, tasks
(nhiệm vụ và giải pháp), roadmap (lộ trình) and targets (chỉ tiêu) keep the
plan's own Vietnamese wording.
"""

import datetime
import operator
from decimal import Decimal

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plans.periods import Period
from unions.fields import OrganizationKindsField
from unions.models import IMPORT_EXPORT_PERMISSIONS, Organization, OrganizationKind

indicator_code_validator = RegexValidator(
    r"^[a-z][a-z0-9_]*$", _("Use lower-case letters without accents, digits and underscores.")
)


def default_population() -> list[str]:
    return [OrganizationKind.GRASSROOTS]


class Frequency(models.TextChoices):
    ANNUAL = "annual", _("Annual")
    SEMIANNUAL = "semiannual", _("Six-monthly and annual")


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PlanQuerySet":
        """Plans a user may read: those issued above or at their units, and within their subtrees."""
        from unions.models import Role
        from unions.scoping import is_admin, memberships_of

        if is_admin(user):
            return self
        condition = Q(pk__in=[])
        above: set[int] = set()
        for membership in memberships_of(user):
            above.update(membership.organization.ancestor_ids)
            if membership.role != Role.OFFICER:
                condition |= Q(issuer__path__startswith=membership.organization.path)
        return self.filter(condition | Q(issuer_id__in=above))

    def active_in(self, year: int) -> "PlanQuerySet":
        return self.filter(first_year__lte=year, last_year__gte=year)


class Plan(models.Model):
    """A plan issued by one organization, with the reporting duty it puts on its subtree."""

    issuer = models.ForeignKey(Organization, verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="plans")
    slug = models.SlugField(_("short name"), max_length=60, unique=True, help_text=_("Used in addresses and commands."))
    number = models.CharField(_("number"), max_length=60, blank=True, help_text=_("As printed, e.g. 130/KH-LĐLĐ."))
    title = models.TextField(_("title"))
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    basis = models.TextField(_("basis"), blank=True, help_text=_("The documents this plan implements."))
    implements = models.ForeignKey(
        "self",
        verbose_name=_("implements plan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="implementing_plans",
    )
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    frequency = models.CharField(_("reporting frequency"), max_length=12, choices=Frequency.choices)
    reporting_kinds = OrganizationKindsField(
        _("reporting organization kinds"), default=default_population, help_text=_("Which units report on this plan.")
    )
    report_to = models.CharField(
        _("reports go to"), max_length=255, blank=True, help_text=_("E.g. “qua Ban Tổ chức - Kiểm tra”.")
    )
    s1_due_offset_days = models.SmallIntegerField(
        _("six-month report due (days after 30 June)"),
        default=0,
        help_text=_("Negative when the report is due before the half-year ends."),
    )
    annual_due_offset_days = models.SmallIntegerField(
        _("year report due (days after 31 December)"),
        default=0,
        help_text=_("Negative when the report is due before the year ends."),
    )
    purpose = models.TextField(_("purpose and objectives"), blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    implementation = models.TextField(_("organization of implementation"), blank=True)
    funding = models.TextField(_("funding"), blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=200, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=100, blank=True)
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("“Nơi nhận”, one per line."))

    objects = PlanQuerySet.as_manager()

    class Meta:
        default_permissions = IMPORT_EXPORT_PERMISSIONS
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-issued_on", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_year__lte=models.F("last_year")),
                name="plan_years_in_order",
                violation_error_message=_("The first year must not be after the last year."),
            ),
            models.UniqueConstraint(
                fields=["implements", "issuer"],
                name="plan_one_implementation_per_unit",
                violation_error_message=_("This unit already has a plan implementing that plan."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} – {self.title[:80]}" if self.number else self.title[:100]

    def periods(self) -> list[Period]:
        """Every period of the plan, in order: 2024S1 before 2024 for six-monthly plans."""
        key = (self.first_year, self.last_year, self.frequency)
        cached = getattr(self, "_periods", None)
        if cached is None or cached[0] != key:
            result = []
            for year in range(self.first_year, self.last_year + 1):
                if self.frequency == Frequency.SEMIANNUAL:
                    result.append(Period(year, is_half=True))
                result.append(Period(year))
            cached = self._periods = (key, result, frozenset(result))
        return list(cached[1])

    def has_period(self, period: Period) -> bool:
        self.periods()
        return period in self._periods[2]

    def previous_period(self, period: Period) -> Period | None:
        periods = self.periods()
        index = periods.index(period) if period in periods else -1
        return periods[index - 1] if index > 0 else None

    def due_date(self, period: Period) -> datetime.date:
        offset = self.s1_due_offset_days if period.is_half else self.annual_due_offset_days
        return period.end + datetime.timedelta(days=offset)

    def is_active_in(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year

    def reports_kind(self, kind: str) -> bool:
        return kind in self.reporting_kinds


class ValueType(models.TextChoices):
    COUNT = "count", _("Count")
    NUMBER = "number", _("Number")
    BOOLEAN = "boolean", _("Yes/no")
    CHOICE = "choice", _("Choice")


class Aggregation(models.TextChoices):
    FLOW = "flow", _("Flow: summed over periods")
    STOCK = "stock", _("Stock: latest value")


class Indicator(models.Model):
    """A figure that units report for a plan."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=64, validators=[indicator_code_validator])
    label = models.CharField(_("label"), max_length=300)
    help_text = models.TextField(_("help text"), blank=True)
    group = models.CharField(_("group"), max_length=200, blank=True, help_text=_("Section heading on the form."))
    value_type = models.CharField(_("value type"), max_length=10, choices=ValueType.choices)
    unit = models.CharField(_("unit of measure"), max_length=50, blank=True)
    min_value = models.DecimalField(_("minimum"), max_digits=18, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(_("maximum"), max_digits=18, decimal_places=4, null=True, blank=True)
    decimal_places = models.PositiveSmallIntegerField(
        _("decimal places"), default=0, help_text=_("For numbers only; counts are whole numbers.")
    )
    choices = models.JSONField(
        _("choices"), default=list, blank=True, help_text=_("For choice indicators: a list of [code, label] pairs.")
    )
    reporting_kinds = OrganizationKindsField(
        _("reported by"), default=list, blank=True, help_text=_("Empty: every kind that reports on the plan.")
    )
    aggregation = models.CharField(_("over time"), max_length=5, choices=Aggregation.choices)
    year_only = models.BooleanField(_("year report only"), default=False)
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        default_permissions = IMPORT_EXPORT_PERMISSIONS
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["plan", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="indicator_unique_code",
                violation_error_message=_("This plan already has an indicator with this code."),
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(min_value__lte=models.F("max_value")),
                name="indicator_bounds_in_order",
                violation_error_message=_("The minimum must not be above the maximum."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.label}"

    @property
    def kinds(self) -> list[str]:
        return self.reporting_kinds or self.plan.reporting_kinds

    def applies_to(self, kind: str, period: Period) -> bool:
        """Whether a unit of this kind reports this indicator for this period."""
        return kind in self.kinds and not (self.year_only and period.is_half)

    def choice_codes(self) -> list[str]:
        return [code for code, _label in self.choices]

    def choice_label(self, code: str) -> str:
        return dict(self.choices).get(code, code)

    @property
    def effective_min(self) -> Decimal | None:
        if self.min_value is not None:
            return self.min_value
        return Decimal(0) if self.value_type == ValueType.COUNT else None


class IndicatorRule(models.Model):
    """A declared cross-field rule: the parts together must not exceed the whole (part <= whole)."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="rules")
    whole = models.ForeignKey(Indicator, verbose_name=_("whole"), on_delete=models.CASCADE, related_name="+")
    parts = models.ManyToManyField(Indicator, verbose_name=_("parts"), related_name="+")

    class Meta:
        verbose_name = _("cross-field rule")
        verbose_name_plural = _("cross-field rules")

    def __str__(self) -> str:
        parts = " + ".join(part.code for part in self.parts.all())
        return f"{parts} <= {self.whole.code}"


class Measure(models.TextChoices):
    UNIT_SHARE = "unit_share", _("Share of units meeting a condition")
    RATIO = "ratio", _("Ratio of two sums")


class Comparator(models.TextChoices):
    GTE = ">=", "≥"
    GT = ">", ">"
    LTE = "<=", "≤"
    LT = "<", "<"


class ConditionOp(models.TextChoices):
    EQ = "=", "="
    IN = "in", _("is one of")
    GTE = ">=", "≥"
    GT = ">", ">"
    LTE = "<=", "≤"
    LT = "<", "<"


class Evaluation(models.TextChoices):
    ANNUAL = "annual", _("Judged every year")
    BY_DEADLINE = "by_deadline", _("Judged in the deadline year")


COMPARE = {
    "=": operator.eq,
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
}


class Target(models.Model):
    """A plan's measurable promise (chỉ tiêu), kept in the plan's own wording.

    `unit_share`: percent of units whose indicator meets the condition.
    `ratio`: sum of the numerator indicator over sum of the denominator, in percent.
    The threshold is a percent, an exact decimal (0.3 means 0.3 %).
    """

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="targets")
    code = models.CharField(_("code"), max_length=20)
    short_label = models.CharField(_("short label"), max_length=255)
    wording = models.TextField(_("wording in the plan"))
    measure = models.CharField(_("measure"), max_length=10, choices=Measure.choices)
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="share_targets",
    )
    condition_op = models.CharField(_("condition"), max_length=2, choices=ConditionOp.choices, blank=True)
    condition_values = models.JSONField(
        _("condition values"),
        default=list,
        blank=True,
        help_text=_('A list: ["1"] for yes or at least one, ["excellent", "good"] for choices.'),
    )
    numerator = models.ForeignKey(
        Indicator, verbose_name=_("numerator"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    denominator = models.ForeignKey(
        Indicator, verbose_name=_("denominator"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    comparator = models.CharField(_("comparator"), max_length=2, choices=Comparator.choices)
    threshold = models.DecimalField(_("threshold (%)"), max_digits=9, decimal_places=4)
    population_kinds = OrganizationKindsField(_("counted organization kinds"), default=default_population)
    evaluation = models.CharField(_("evaluation"), max_length=12, choices=Evaluation.choices)
    deadline_year = models.PositiveSmallIntegerField(_("deadline year"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        default_permissions = IMPORT_EXPORT_PERMISSIONS
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["plan", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="target_unique_code",
                violation_error_message=_("This plan already has a target with this code."),
            ),
            models.CheckConstraint(
                condition=~Q(measure="unit_share") | (Q(indicator__isnull=False) & ~Q(condition_op="")),
                name="target_unit_share_has_condition",
                violation_error_message=_("A unit-share target needs an indicator and a condition."),
            ),
            models.CheckConstraint(
                condition=~Q(measure="ratio") | Q(numerator__isnull=False, denominator__isnull=False),
                name="target_ratio_has_indicators",
                violation_error_message=_("A ratio target needs a numerator and a denominator."),
            ),
            models.CheckConstraint(
                condition=~Q(evaluation="by_deadline") | Q(deadline_year__isnull=False),
                name="target_deadline_year",
                violation_error_message=_("A target judged by a deadline needs the deadline year."),
            ),
            models.CheckConstraint(
                condition=Q(threshold__gte=0),
                name="target_threshold_not_negative",
                violation_error_message=_("The threshold must not be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.short_label}"

    def meets_threshold(self, value: Decimal) -> bool:
        """Compare a percent with the threshold exactly, without rounding first."""
        return COMPARE[self.comparator](value, self.threshold)

    def unit_meets_condition(self, number: Decimal | None, choice: str) -> bool:
        """Whether one unit's value meets a unit-share condition (yes/no is stored as 1/0)."""
        if self.condition_op == ConditionOp.IN:
            return choice in self.condition_values
        if choice:
            return self.condition_op == ConditionOp.EQ and choice == self.condition_values[0]
        if number is None:
            return False
        return COMPARE[self.condition_op](number, Decimal(self.condition_values[0]))

    @property
    def condition_display(self) -> str:
        values = ", ".join(self.condition_values)
        if self.condition_op == ConditionOp.IN:
            return f"{self.indicator.code} ∈ {{{values}}}"
        return f"{self.indicator.code} {self.get_condition_op_display()} {values}"


class PlanTask(models.Model):
    """A numbered group of the plan's tasks and solutions (nhiệm vụ và giải pháp), with its text.

    Tasks nest (programme 1 > section 1.1); units give an account of each task
    that has no sub-tasks.
    """

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), on_delete=models.CASCADE, null=True, blank=True, related_name="subtasks"
    )
    number = models.CharField(_("number"), max_length=20)
    title = models.TextField(_("title"))
    body = models.TextField(_("text"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks and solutions")
        ordering = ["plan", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="task_unique_number",
                violation_error_message=_("This plan already has a task with this number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title[:80]}"


class RoadmapPhase(models.Model):
    """A phase of the plan's roadmap (lộ trình): its years and what it must deliver."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="roadmap")
    title = models.CharField(_("title"), max_length=200)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    body = models.TextField(_("deliverables"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("roadmap phase")
        verbose_name_plural = _("roadmap")
        ordering = ["plan", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_year__lte=models.F("last_year")),
                name="roadmap_years_in_order",
                violation_error_message=_("The first year must not be after the last year."),
            )
        ]

    def __str__(self) -> str:
        return self.title
