"""A lower level's plan that implements a plan from above ("xây dựng kế hoạch thực hiện").

The implementing plan is built as a definition (the plan above's indicators, rules, targets, tasks and
roadmap, with the unit's own number, dates, wording and thresholds) and loaded by `plan_load`, the
same machinery that loads the seed plans. A threshold may be kept or made stricter, never looser:

- for ">=" and ">" a higher threshold is stricter; for "<=" and "<" a lower one is;
- the comparator may change only within its direction and only if no looser: ">= 90" may become
  "> 90" or ">= 95", but "> 90" may not become ">= 90" (which would accept exactly 90).

In other words the new condition must accept no value that the old one refuses.
"""

import datetime
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.contrib.admin.models import ADDITION, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.formatting import vietnamese_percent
from plans.models import Comparator, Plan
from plans.selectors import plan_structure
from plans.services.loading import plan_load
from unions.models import Organization, OrganizationKind, Role
from unions.scoping import is_admin, memberships_of

_UPWARD = {">=", ">"}
_DOWNWARD = {"<=", "<"}
_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_THRESHOLD = Decimal(100)

SIGNER_UPPER = "TM. BAN THƯỜNG VỤ\nCHỦ TỊCH"
SIGNER_GRASSROOTS = "TM. BAN CHẤP HÀNH\nCHỦ TỊCH"


class ThresholdRefused(ValidationError):
    """A target of the implementing plan would be looser than in the plan it implements."""


def is_at_least_as_strict(old_comparator: str, old_threshold: Decimal, new_comparator: str, new_threshold) -> bool:
    """Whether "value NEW_COMPARATOR NEW_THRESHOLD" accepts no value that the old condition refuses."""
    old_threshold, new_threshold = Decimal(old_threshold), Decimal(new_threshold)
    if old_comparator in _UPWARD and new_comparator in _UPWARD:
        if old_comparator == ">=" or new_comparator == ">":
            return new_threshold >= old_threshold
        return new_threshold > old_threshold  # old ">", new ">=": must exclude the old threshold itself
    if old_comparator in _DOWNWARD and new_comparator in _DOWNWARD:
        if old_comparator == "<=" or new_comparator == "<":
            return new_threshold <= old_threshold
        return new_threshold < old_threshold
    return False


def plan_name(plan: Plan) -> str:
    return plan.number or plan.slug


def rule_text(comparator: str, threshold) -> str:
    """ "≥ 90%", "< 0,3%": a target's rule as a Vietnamese reader writes it."""
    return f"{Comparator(comparator).label} {vietnamese_percent(Decimal(threshold))}"


def plan_definition(plan: Plan) -> dict:
    """The plan as the definition `plan_load` reads: the inverse of loading it."""
    structure = plan_structure(plan)
    by_id = {indicator.pk: indicator.code for indicator in structure.indicators}
    tasks_by_id = {task.pk: task.number for task in structure.tasks}
    return {
        "slug": plan.slug,
        "issuer": plan.issuer.code,
        "number": plan.number,
        "title": plan.title,
        "issued_on": plan.issued_on.isoformat() if plan.issued_on else None,
        "basis": plan.basis,
        "implements": plan.implements.slug if plan.implements_id else None,
        **{
            field: getattr(plan, field)
            for field in (
                "first_year",
                "last_year",
                "frequency",
                "report_to",
                "s1_due_offset_days",
                "annual_due_offset_days",
                "purpose",
                "requirements",
                "implementation",
                "funding",
                "signer_title",
                "signer_name",
                "recipients",
            )
        },
        "reporting_kinds": list(plan.reporting_kinds),
        "indicators": [
            {
                "code": indicator.code,
                "label": indicator.label,
                "help_text": indicator.help_text,
                "group": indicator.group,
                "value_type": indicator.value_type,
                "unit": indicator.unit,
                "min_value": None if indicator.min_value is None else str(indicator.min_value),
                "max_value": None if indicator.max_value is None else str(indicator.max_value),
                "decimal_places": indicator.decimal_places,
                "choices": [list(pair) for pair in indicator.choices],
                "reporting_kinds": list(indicator.reporting_kinds),
                "aggregation": indicator.aggregation,
                "year_only": indicator.year_only,
                "required": indicator.required,
            }
            for indicator in structure.indicators
        ],
        "rules": [
            {"whole": rule.whole.code, "parts": sorted(part.code for part in rule.parts.all())}
            for rule in structure.rules
        ],
        "targets": [
            {
                "code": target.code,
                "short_label": target.short_label,
                "wording": target.wording,
                "measure": target.measure,
                "indicator": by_id.get(target.indicator_id),
                "condition_op": target.condition_op,
                "condition_values": list(target.condition_values),
                "numerator": by_id.get(target.numerator_id),
                "denominator": by_id.get(target.denominator_id),
                "comparator": target.comparator,
                "threshold": str(target.threshold),
                "population_kinds": list(target.population_kinds),
                "evaluation": target.evaluation,
                "deadline_year": target.deadline_year,
            }
            for target in structure.targets
        ],
        "tasks": [
            {
                "number": task.number,
                "title": task.title,
                "body": task.body,
                "parent": tasks_by_id.get(task.parent_id),
            }
            for task in structure.tasks
        ],
        "roadmap": [
            {"title": phase.title, "first_year": phase.first_year, "last_year": phase.last_year, "body": phase.body}
            for phase in plan.roadmap.all()
        ],
    }


# --- who may do it, for which units -----------------------------------------------------------


def may_implement(user, plan: Plan, organization: Organization) -> bool:
    """A site admin, or a reviewer or officer of the unit itself, for a unit strictly below the plan's
    issuer. (Grassroots unions have officers and no reviewers of their own, and they too build their
    plan: "xây dựng kế hoạch thực hiện".)"""
    if organization.pk == plan.issuer_id or not organization.is_in_subtree_of(plan.issuer):
        return False
    if is_admin(user):
        return True
    return any(
        m.organization_id == organization.pk and m.role in (Role.REVIEWER, Role.OFFICER) for m in memberships_of(user)
    )


def implementable_units(user, plan: Plan, *, today: datetime.date | None = None) -> QuerySet:
    """The open units below the plan's issuer for which this user may build the implementing plan and
    that have none yet, in tree order."""
    today = today or timezone.localdate()
    units = (
        Organization.objects.subtree_of(plan.issuer)
        .exclude(pk=plan.issuer_id)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=today))
        .exclude(pk__in=Plan.objects.filter(implements=plan).values("issuer_id"))
        .order_by("path")
    )
    if is_admin(user):
        return units
    own = [m.organization_id for m in memberships_of(user) if m.role in (Role.REVIEWER, Role.OFFICER)]
    return units.filter(pk__in=own)


# --- the service -------------------------------------------------------------------------------


def _threshold(value) -> Decimal | None:
    """A percent as typed: "0,3" (Vietnamese) or "0.3"; thresholds are at most 100, so no thousands."""
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _check_targets(plan: Plan, targets: Mapping[str, Mapping], errors: dict) -> dict[str, dict]:
    """The targets as the new plan will have them; looser ones and bad input are added to `errors`."""
    result = {}
    known = {target.code: target for target in plan_structure(plan).targets}
    for code in targets:
        if code not in known:
            errors.setdefault("targets", []).append(
                _("Target %(code)s is not one of the targets of %(plan)s.") % {"code": code, "plan": plan_name(plan)}
            )
    for code, target in known.items():
        wanted = targets.get(code, {})
        comparator = wanted.get("comparator") or target.comparator
        threshold = _threshold(wanted.get("threshold", target.threshold))
        wording = (wanted.get("wording") or "").strip() or target.wording
        field = f"target-{code}"
        if comparator not in Comparator.values:
            errors.setdefault(field, []).append(_("Choose ≥, >, ≤ or <."))
            continue
        if threshold is None or not Decimal(0) <= threshold <= MAX_THRESHOLD:
            errors.setdefault(field, []).append(
                _("Target %(code)s: write the threshold as a percent between 0 and 100, e.g. 90 or 0,3.")
                % {"code": code}
            )
            continue
        if not is_at_least_as_strict(target.comparator, target.threshold, comparator, threshold):
            errors.setdefault(field, []).append(
                _(
                    "Target %(code)s (%(label)s) cannot be looser than in %(plan)s: the plan above asks %(old)s, "
                    "this plan would ask %(new)s. A plan that implements another may keep a target or make it "
                    "stricter, never looser."
                )
                % {
                    "code": code,
                    "label": target.short_label,
                    "plan": plan_name(plan),
                    "old": rule_text(target.comparator, target.threshold),
                    "new": rule_text(comparator, threshold),
                }
            )
            continue
        result[code] = {"comparator": comparator, "threshold": str(threshold), "wording": wording}
    return result


@transaction.atomic
def plan_implement(
    *,
    plan: Plan,
    organization: Organization,
    by,
    slug: str,
    title: str,
    number: str = "",
    issued_on: datetime.date | None = None,
    basis: str = "",
    purpose: str = "",
    first_year: int | None = None,
    last_year: int | None = None,
    signer_name: str = "",
    recipients: str = "",
    targets: Mapping[str, Mapping] | None = None,
) -> Plan:
    """Create the plan by which `organization` implements `plan`: its indicators, rules, targets,
    tasks and roadmap copied, with its own number, date, title, basis and purpose, and thresholds
    kept or made stricter (`targets`: {code: {"comparator", "threshold", "wording"}}). One unit has
    at most one plan implementing a given plan. Refusals: PermissionDenied, or ValidationError by
    field (a looser target raises ThresholdRefused naming the target and both rules)."""
    if by is None or not may_implement(by, plan, organization):
        raise PermissionDenied(
            _("Only a reviewer or officer of %(unit)s, below %(issuer)s, can build its plan implementing %(plan)s.")
            % {"unit": organization.name, "issuer": plan.issuer.name, "plan": plan_name(plan)}
        )
    errors: dict[str, list[str]] = {}
    slug = (slug or "").strip().lower()
    title = (title or "").strip()
    if not _SLUG_RE.match(slug) or len(slug) > 60:
        errors.setdefault("slug", []).append(
            _("Use lower-case letters without accents, digits and hyphens (at most 60), e.g. hcm-gd-01-1712.")
        )
    elif Plan.objects.filter(slug=slug).exists():
        errors.setdefault("slug", []).append(_("Another plan already has this short name."))
    if not title:
        errors.setdefault("title", []).append(_("Give the plan its title."))
    first_year = plan.first_year if first_year is None else first_year
    last_year = plan.last_year if last_year is None else last_year
    if first_year > last_year:
        errors.setdefault("last_year", []).append(_("The first year must not be after the last year."))
    existing = Plan.objects.filter(implements=plan, issuer=organization).first()
    if existing is not None:
        errors.setdefault("organization", []).append(
            _("%(unit)s already has a plan implementing %(plan)s: %(existing)s.")
            % {"unit": organization.name, "plan": plan_name(plan), "existing": plan_name(existing)}
        )
    checked = _check_targets(plan, targets or {}, errors)
    if errors:
        error_class = ThresholdRefused if any(key.startswith("target-") for key in errors) else ValidationError
        raise error_class(errors)

    spec = plan_definition(plan)
    spec.update(
        slug=slug,
        issuer=organization.code,
        number=(number or "").strip(),
        title=title,
        issued_on=issued_on.isoformat() if issued_on else None,
        basis=(basis or "").strip(),
        implements=plan.slug,
        first_year=first_year,
        last_year=last_year,
        purpose=(purpose or "").strip(),
        implementation="",
        report_to="",
        signer_title=SIGNER_GRASSROOTS if organization.kind == OrganizationKind.GRASSROOTS else SIGNER_UPPER,
        signer_name=(signer_name or "").strip() or organization.leader_name,
        recipients=(recipients or "").strip(),
    )
    for target in spec["targets"]:
        target.update(checked[target["code"]])
    try:
        with transaction.atomic():
            created = plan_load(spec)
    except IntegrityError:
        # A second tab or a double click got there first.
        raise ValidationError(
            {
                "organization": [
                    _("%(unit)s already has a plan implementing %(plan)s.")
                    % {"unit": organization.name, "plan": plan_name(plan)}
                ]
            }
        ) from None
    # The audit trail of plans is the admin's history ("Lịch sử" of the plan in /admin/).
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=[created],
        action_flag=ADDITION,
        change_message=f"Implements {plan.slug}",
        single_object=True,
    )
    return created
