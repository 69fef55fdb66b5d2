"""What the compliance engine answers: plain, immutable results with exact figures.

Numerators and denominators are exact Decimals; percents are exact fractions
(`percent`) and are rounded half-up to 2 decimals only for display (`value`).
A status is decided on the exact percent, never on a rounded one.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property

from django.utils.translation import gettext_lazy as _

from plans.models import COMPARE, Evaluation, Plan, Target
from plans.periods import Period
from unions.models import Organization

MET = "met"
NOT_MET = "not_met"
NO_DATA = "no_data"
STATUS_LABELS = {MET: _("Met"), NOT_MET: _("Not met"), NO_DATA: _("No data")}


def round_half_up(value: Fraction, places: int = 2) -> Decimal:
    """An exact fraction rounded half away from zero to `places` decimals (85.005 -> 85.01)."""
    scaled = abs(value) * 10**places
    whole = math.floor(scaled + Fraction(1, 2))
    return Decimal(-whole if value < 0 else whole).scaleb(-places)


def exact_string(number: Decimal) -> str:
    """A Decimal written exactly, without exponent or trailing zeros: 85.0000 -> "85", 0.3000 -> "0.3"."""
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _whole(number) -> int | None:
    """The number as an int when it is a whole one (an int, or a Decimal without a fraction), else None."""
    if isinstance(number, int):
        return number
    if isinstance(number, Decimal) and number.is_finite() and number == number.to_integral_value():
        return int(number)
    return None


def _whole_ratio(part, whole) -> tuple[int, int] | None:
    """(part, whole) as ints when both are whole and whole > 0: the figures then need no Fraction."""
    part, whole = _whole(part), _whole(whole)
    return (part, whole) if part is not None and whole is not None and whole > 0 else None


def percent_of(part: Fraction | Decimal | int, whole: Fraction | Decimal | int) -> Fraction | None:
    """100 x part / whole as an exact fraction, or None when the whole is 0."""
    if not whole:
        return None
    return Fraction(part) * 100 / Fraction(whole)


@dataclass(frozen=True)
class UnitCounts:
    """How many units were expected to report for a period, how many did (submitted or approved),
    and how many of those were not late."""

    expected: int = 0
    reported: int = 0
    on_time: int = 0

    @property
    def missing(self) -> int:
        return self.expected - self.reported

    @property
    def coverage(self) -> Decimal | None:
        """Reported / expected in percent, rounded half-up to 2 decimals (None when nothing was expected)."""
        percent = percent_of(self.reported, self.expected)
        return None if percent is None else round_half_up(percent)

    @property
    def on_time_rate(self) -> Decimal | None:
        """Reported on time / expected in percent (as DHIS2's "reporting rate on time")."""
        percent = percent_of(self.on_time, self.expected)
        return None if percent is None else round_half_up(percent)


@dataclass(frozen=True)
class TargetResult:
    """One target for one subtree and one period (DESIGN §2 "Compliance")."""

    target: Target
    period: Period
    numerator: Decimal
    denominator: Decimal
    units: UnitCounts = field(default_factory=UnitCounts)

    @property
    def expected(self) -> int:
        return self.units.expected

    @property
    def reported(self) -> int:
        return self.units.reported

    @property
    def on_time(self) -> int:
        return self.units.on_time

    @cached_property
    def percent(self) -> Fraction | None:
        """The exact value: 100 x numerator / denominator, None when the denominator is 0."""
        return percent_of(self.numerator, self.denominator)

    @cached_property
    def _whole_ratio(self) -> tuple[int, int] | None:
        return _whole_ratio(self.numerator, self.denominator)

    @cached_property
    def value(self) -> Decimal | None:
        """The value rounded half-up to 2 decimals, for display only."""
        if self._whole_ratio is not None:  # the same rounding in integers: 100 x 100 x part / whole, half up
            part, whole = self._whole_ratio
            hundredths = (20000 * abs(part) + whole) // (2 * whole)
            return Decimal(-hundredths if part < 0 else hundredths).scaleb(-2)
        percent = self.percent
        return None if percent is None else round_half_up(percent)

    @cached_property
    def status(self) -> str:
        threshold = self.target.threshold
        if self._whole_ratio is not None:  # 100 x part / whole against t_num / t_den, cross-multiplied
            part, whole = self._whole_ratio
            t_num, t_den = threshold.as_integer_ratio()
            met = COMPARE[self.target.comparator](100 * part * t_den, t_num * whole)
            return MET if met else NOT_MET
        percent = self.percent
        if percent is None:
            return NO_DATA
        return MET if COMPARE[self.target.comparator](percent, Fraction(threshold)) else NOT_MET

    @property
    def is_met(self) -> bool:
        return self.status == MET

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def before_deadline(self) -> bool:
        """A by-deadline target seen in a year before its deadline year: pages word it as progress."""
        return self.target.evaluation == Evaluation.BY_DEADLINE and self.period.year < self.target.deadline_year

    @property
    def progress(self) -> Decimal | None:
        """For a ">=" or ">" target: the value as a share of the threshold, capped at 100 (for a progress bar)."""
        percent = self.percent
        if percent is None or self.target.comparator not in (">=", ">") or not self.target.threshold:
            return None
        return round_half_up(min(Fraction(100), percent * 100 / Fraction(self.target.threshold)))

    def as_json(self) -> dict:
        """The object the `compliance` command prints (DESIGN §5), field by field."""
        value = self.value
        return {
            "target": self.target.code,
            "value": None if value is None else f"{value:f}",
            "numerator": exact_string(self.numerator),
            "denominator": exact_string(self.denominator),
            "comparator": self.target.comparator,
            "threshold": exact_string(self.target.threshold),
            "status": self.status,
            "expected": self.expected,
            "reported": self.reported,
            "on_time": self.on_time,
        }


@dataclass(frozen=True)
class Compliance:
    """Every target of a plan for one organization's subtree and one period.

    `units` counts the units of all the plan's reporting kinds (the plan's own
    reporting coverage); each target's own counts use its population.
    """

    plan: Plan
    organization: Organization
    period: Period
    targets: list[TargetResult]
    units: UnitCounts

    def target(self, code: str) -> TargetResult:
        return next(result for result in self.targets if result.target.code == code)

    @property
    def met(self) -> int:
        return sum(1 for result in self.targets if result.status == MET)

    @property
    def not_met(self) -> int:
        return sum(1 for result in self.targets if result.status == NOT_MET)

    @property
    def no_data(self) -> int:
        return sum(1 for result in self.targets if result.status == NO_DATA)

    def as_json(self) -> list[dict]:
        return [result.as_json() for result in self.targets]


@dataclass(frozen=True)
class BreakdownRow:
    """One line of a breakdown: a child's whole subtree, or (is_self) the organization's own report."""

    organization: Organization
    is_self: bool
    compliance: Compliance


@dataclass(frozen=True)
class Breakdown:
    """An organization's figures and the same figures for each child below it, from one set of queries."""

    total: Compliance
    rows: list[BreakdownRow]
