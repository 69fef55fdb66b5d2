"""Writes to plans: loading a plan from its definition, and a lower level's plan implementing a plan above."""

from plans.services.implementing import (
    ThresholdRefused,
    implementable_units,
    is_at_least_as_strict,
    may_implement,
    plan_definition,
    plan_implement,
)
from plans.services.loading import organization_ensure, plan_load, seed_plans

__all__ = [
    "ThresholdRefused",
    "implementable_units",
    "is_at_least_as_strict",
    "may_implement",
    "organization_ensure",
    "plan_definition",
    "plan_implement",
    "plan_load",
    "seed_plans",
]
