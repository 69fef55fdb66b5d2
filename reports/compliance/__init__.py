"""Compliance with a plan's targets, rolled up live over any subtree: the one definition every page,
export, command and test asks (DESIGN §2 "Compliance"). No HTTP here.

For a target, an organization O, and a period P, only units in the plan's scope count (a kind in
`plan.reporting_kinds`, inside the issuer's subtree), and the tree is taken as it stands:

- expected: units of the target's population kinds in O's subtree (O included), open at any time
  during P;
- reported: expected units with a submitted or approved report for P (drafts and returned reports
  do not count);
- on_time: reported units whose report was not late (`Report.is_late`, set at first submission);
- unit_share: denominator = reported units that have a value for the indicator; numerator = those
  whose value meets the condition (`Target.unit_meets_condition`: yes/no as 1/0, choices by code);
- ratio: numerator and denominator = the sums of the two indicators over the reported units. For a
  by-deadline target, a flow indicator adds up every counted year report of the subtree from the
  plan's first year to P (each report counting when its unit was expected in its year); a stock
  indicator takes P alone (`engine.value_periods`);
- value = 100 x numerator / denominator, exact; status = met / not_met by comparing the exact value
  with the threshold, no_data when the denominator is 0; `value` is rounded half-up to 2 decimals
  for display only;
- coverage = reported / expected (never above 100 %, since reported units are expected ones).

Decisions where DESIGN is silent (keep them when building fast paths):

- A six-monthly period (2024S1) is judged on the S1 reports alone; a year-only indicator (the
  annual rating) has no S1 values, so its targets show no_data at S1. For a by-deadline flow ratio
  at 2024S1 the year reports up to 2023 are added to the 2024S1 reports.
- A by-deadline target before its deadline year gets the plain comparison as its status; pages word
  it as progress (`TargetResult.before_deadline`, `TargetResult.progress`).
- A population kind that does not report the indicator is expected and may be reported, but has no
  value, so it is not in a unit-share denominator and adds nothing to a ratio.
- The cumulative rule applies to ratio targets, as DESIGN words it; a unit-share target always
  takes each unit's value for P.
- Units are "open during P" on their `opened_on`/`closed_on` dates; a closed unit keeps its reports
  (and its earlier years still add to a cumulative sum) but is not expected after it closed.

Public API (see each function's docstring):

- `evaluate(plan=, organization=, period=) -> Compliance`
- `evaluate_breakdown(plan=, organization=, period=) -> Breakdown` (the total and one row per child)
- `evaluate_trend(plan=, organization=, periods=None) -> list[Compliance]` (each year by default)
- `evaluate_dashboard(plan=, organization=, period=) -> (Breakdown, list[Compliance])` (both at once)

Speed: `rollups` keeps these tallies per plan, upper unit, period and kind, in step with every report
change; the questions above read them when they are fresh and count directly otherwise (see
reports/compliance/rollups.py and the `rebuild_rollups` command).
- `reporting_by_period(plan=, organization=, periods=None) -> dict[Period, UnitCounts]`
- `units_not_reported(...)`, `values_against_targets(...)`, `targets_against(...)`, `plan_overview(...)`
- `default_period(plan, today)`, `validate_question(plan=, organization=, period=)`
"""

from reports.compliance.engine import (
    condition_q,
    dashboard,
    default_period,
    evaluate,
    evaluate_breakdown,
    evaluate_dashboard,
    evaluate_trend,
    in_scope_q,
    open_during_q,
    reporting_by_period,
    validate_question,
    value_periods,
)
from reports.compliance.lists import (
    OverduePeriod,
    PlanOverview,
    counts_against,
    plan_overview,
    targets_against,
    unit_share_targets,
    units_not_reported,
    values_against_targets,
)
from reports.compliance.results import (
    MET,
    NO_DATA,
    NOT_MET,
    STATUS_LABELS,
    Breakdown,
    BreakdownRow,
    Compliance,
    TargetResult,
    UnitCounts,
    exact_string,
    round_half_up,
)

__all__ = [
    "MET",
    "NOT_MET",
    "NO_DATA",
    "STATUS_LABELS",
    "Breakdown",
    "BreakdownRow",
    "Compliance",
    "OverduePeriod",
    "PlanOverview",
    "TargetResult",
    "UnitCounts",
    "condition_q",
    "counts_against",
    "dashboard",
    "default_period",
    "evaluate",
    "evaluate_breakdown",
    "evaluate_dashboard",
    "evaluate_trend",
    "exact_string",
    "in_scope_q",
    "open_during_q",
    "plan_overview",
    "reporting_by_period",
    "round_half_up",
    "targets_against",
    "unit_share_targets",
    "units_not_reported",
    "validate_question",
    "value_periods",
    "values_against_targets",
]
