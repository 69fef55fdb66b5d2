"""Loading a plan from its written definition (the seed plans, the demo and implementing plans use this)."""

import datetime
from decimal import Decimal

from django.db import transaction

from plans.models import Indicator, IndicatorRule, Plan, PlanTask, RoadmapPhase, Target
from plans.selectors import forget_structure
from unions.models import Organization
from unions.services import organization_create, organization_move, organization_update

_PLAN_FIELDS = [
    "number",
    "title",
    "basis",
    "first_year",
    "last_year",
    "frequency",
    "reporting_kinds",
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
]
_INDICATOR_DEFAULTS = {
    "help_text": "",
    "group": "",
    "unit": "",
    "min_value": None,
    "max_value": None,
    "decimal_places": 0,
    "choices": [],
    "reporting_kinds": [],
    "year_only": False,
    "required": True,
}


@transaction.atomic
def organization_ensure(spec: dict) -> Organization:
    """Create the unit of this definition, or bring an existing one (by code) in line with it."""
    parent = Organization.objects.get(code=spec["parent"]) if spec.get("parent") else None
    fields = {key: value for key, value in spec.items() if key not in ("code", "parent")}
    organization = Organization.objects.filter(code=spec["code"]).first()
    if organization is None:
        return organization_create(code=spec["code"], parent=parent, **fields)
    organization = organization_update(organization=organization, **fields)
    if organization.parent_id != (parent.pk if parent else None):
        organization = organization_move(organization=organization, new_parent=parent)
    return organization


def _upsert(model, lookup: dict, values: dict):
    """update_or_create that writes only when something differs (so a second run changes nothing)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values)
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    for field in changed:
        setattr(obj, field, values[field])
    if changed:
        obj.save(update_fields=changed)
    return obj


@transaction.atomic
def plan_load(spec: dict) -> Plan:
    """Create or update a plan, its indicators, rules, targets, tasks and roadmap from a definition.

    Idempotent: loading the same definition twice changes nothing the second time.
    """
    issued_on = spec.get("issued_on")
    values = {field: spec.get(field, "") for field in _PLAN_FIELDS}
    values["issuer"] = Organization.objects.get(code=spec["issuer"])
    values["issued_on"] = datetime.date.fromisoformat(issued_on) if issued_on else None
    if "implements" in spec:  # a definition without the key leaves the link as it is (seed_demo sets it)
        values["implements"] = Plan.objects.get(slug=spec["implements"]) if spec["implements"] else None
    plan = _upsert(Plan, {"slug": spec["slug"]}, values)

    indicators = {}
    for order, item in enumerate(spec["indicators"], start=1):
        fields = {**_INDICATOR_DEFAULTS, **{k: v for k, v in item.items() if k != "code"}, "order": order}
        for bound in ("min_value", "max_value"):
            if fields[bound] is not None:
                fields[bound] = Decimal(fields[bound])
        indicators[item["code"]] = _upsert(Indicator, {"plan": plan, "code": item["code"]}, fields)

    wanted_rules = {(rule["whole"], tuple(sorted(rule["parts"]))) for rule in spec.get("rules", [])}
    existing_rules = {}
    for rule in IndicatorRule.objects.filter(plan=plan).select_related("whole").prefetch_related("parts"):
        existing_rules[(rule.whole.code, tuple(sorted(part.code for part in rule.parts.all())))] = rule
    for key, rule in existing_rules.items():
        if key not in wanted_rules:
            rule.delete()
    for whole, parts in wanted_rules - set(existing_rules):
        rule = IndicatorRule.objects.create(plan=plan, whole=indicators[whole])
        rule.parts.set([indicators[code] for code in parts])

    for order, item in enumerate(spec["targets"], start=1):
        fields = {
            "short_label": item["short_label"],
            "wording": item["wording"],
            "measure": item["measure"],
            "indicator": indicators.get(item.get("indicator")),
            "condition_op": item.get("condition_op", ""),
            "condition_values": item.get("condition_values", []),
            "numerator": indicators.get(item.get("numerator")),
            "denominator": indicators.get(item.get("denominator")),
            "comparator": item["comparator"],
            "threshold": Decimal(item["threshold"]),
            "population_kinds": list(item["population_kinds"]),
            "evaluation": item["evaluation"],
            "deadline_year": item.get("deadline_year"),
            "order": order,
        }
        _upsert(Target, {"plan": plan, "code": item["code"]}, fields)

    tasks = {}
    for order, item in enumerate(spec.get("tasks", []), start=1):
        fields = {
            "title": item["title"],
            "body": item.get("body", ""),
            "parent": tasks.get(item.get("parent")),
            "order": order,
        }
        tasks[item["number"]] = _upsert(PlanTask, {"plan": plan, "number": item["number"]}, fields)

    for order, item in enumerate(spec.get("roadmap", []), start=1):
        _upsert(
            RoadmapPhase,
            {"plan": plan, "order": order},
            {k: item[k] for k in ("title", "first_year", "last_year", "body")},
        )
    RoadmapPhase.objects.filter(plan=plan, order__gt=len(spec.get("roadmap", []))).delete()

    forget_structure(plan)
    return plan


def seed_plans() -> list[Plan]:
    """The two seed plans and their issuers (VGCL, HCM, HCM-GD, BD)."""
    from plans.seeds import ISSUERS, PLANS

    with transaction.atomic():
        for spec in ISSUERS:
            organization_ensure(spec)
        return [plan_load(spec) for spec in PLANS]
