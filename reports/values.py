"""Reading and checking report values: the one set of rules for the web form, imports and commands.

Numbers are read the Vietnamese way: "1.234" is one thousand two hundred and
thirty-four, "0,3" is three tenths. Yes/no is 1/0 or có/không; a choice is its
code or its label.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from plans.formatting import vietnamese_number
from plans.models import Indicator, IndicatorRule, ValueType

_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_PLAIN_COMMA = re.compile(r"^[+-]?\d+(,\d+)?$")
_PLAIN_DOT = re.compile(r"^[+-]?\d*\.\d+$|^[+-]?\d+$")
_YES = {"1", "có", "co", "yes", "y", "true", "x"}
_NO = {"0", "không", "khong", "no", "n", "false"}


@dataclass(frozen=True, slots=True)
class Value:
    """A checked value: a number (counts and yes/no as 1/0) or a choice code."""

    number: Decimal | None = None
    choice: str = ""


def parse_decimal(raw) -> Decimal:
    """Read a number typed the Vietnamese way (or a number cell); raise ValueError if it is not one."""
    if isinstance(raw, bool):
        raise ValueError
    if isinstance(raw, int | Decimal):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw))
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
    if _THOUSANDS_DOT.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif _PLAIN_COMMA.match(text):
        text = text.replace(",", ".")
    elif not _PLAIN_DOT.match(text):
        raise ValueError
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError from None
    if not value.is_finite():
        raise ValueError
    return value


def is_empty(raw) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


#: The smallest step of a number with so many decimal places (1, 0.1, 0.01, ...), worked out once.
_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(7)}


def parse_value(indicator: Indicator, raw) -> Value | None:
    """Turn raw input into a Value (None when empty); raise ValueError with a message naming the field."""
    if is_empty(raw):
        return None
    label = indicator.label
    if indicator.value_type == ValueType.BOOLEAN:
        if isinstance(raw, bool):
            text = "1" if raw else "0"
        elif isinstance(raw, int | float | Decimal):
            text = {0: "0", 1: "1"}.get(raw, str(raw))
        else:
            text = str(raw).strip().lower()
        if text in _YES:
            return Value(number=Decimal(1))
        if text in _NO:
            return Value(number=Decimal(0))
        raise ValueError(_("“%(label)s”: answer yes or no (1 or 0, có or không).") % {"label": label})
    if indicator.value_type == ValueType.CHOICE:
        text = str(raw).strip()
        for code, choice_label in indicator.choices:
            if text.lower() in (code.lower(), choice_label.lower()):
                return Value(choice=code)
        allowed = ", ".join(f"{code} ({choice_label})" for code, choice_label in indicator.choices)
        raise ValueError(
            _("“%(label)s”: “%(value)s” is not one of the choices: %(allowed)s.")
            % {"label": label, "value": text, "allowed": allowed}
        )
    try:
        number = parse_decimal(raw)
    except ValueError:
        raise ValueError(
            _("“%(label)s”: “%(value)s” is not a number.") % {"label": label, "value": str(raw).strip()}
        ) from None
    places = 0 if indicator.value_type == ValueType.COUNT else indicator.decimal_places
    if number != number.quantize(_QUANTA.get(places) or Decimal(1).scaleb(-places)):
        if places == 0:
            raise ValueError(_("“%(label)s” must be a whole number.") % {"label": label})
        raise ValueError(
            _("“%(label)s” allows at most %(places)s decimal places.") % {"label": label, "places": places}
        )
    low, high = indicator.effective_min, indicator.max_value
    if low is not None and number < low:
        raise ValueError(_("“%(label)s” must not be below %(min)s.") % {"label": label, "min": _format(low, places)})
    if high is not None and number > high:
        raise ValueError(_("“%(label)s” must not be above %(max)s.") % {"label": label, "max": _format(high, places)})
    return Value(number=number)


def _format(number: Decimal, places: int) -> str:
    return number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)


def rule_errors(rules: list[IndicatorRule], values: Mapping[str, Value | None]) -> list[tuple[list[str], str]]:
    """Broken cross-field rules (parts together above the whole), as (indicator codes, message).

    A rule is checked once its whole and at least one part have values; a
    missing part counts as nothing.
    """
    problems = []
    for rule in rules:
        whole = values.get(rule.whole.code)
        if whole is None or whole.number is None:
            continue
        parts = rule.parts.all()
        given, total = False, Decimal(0)
        for part in parts:
            value = values.get(part.code)
            if value is not None:
                given = True
                if value.number is not None:
                    total += value.number
        if given and total > whole.number:
            names = " + ".join(f"“{part.label}”" for part in parts)
            places = max([rule.whole.decimal_places] + [part.decimal_places for part in parts])
            problems.append(
                (
                    [part.code for part in parts] + [rule.whole.code],
                    _("%(parts)s (%(total)s) must not exceed “%(whole)s” (%(value)s).")
                    % {
                        "parts": names,
                        "total": _format(total, places),
                        "whole": rule.whole.label,
                        "value": _format(whole.number, places),
                    },
                )
            )
    return problems


def applicable_indicators(indicators: list[Indicator], kind: str, period) -> list[Indicator]:
    """The indicators a unit of this kind reports for this period, in form order."""
    return [indicator for indicator in indicators if indicator.applies_to(kind, period)]


def read_values(
    indicators: list[Indicator], raw: Mapping[str, object], parsed: dict | None = None
) -> tuple[dict[str, Value | None], dict[str, list[str]]]:
    """Parse raw input for the given indicators; unknown or inapplicable codes are errors.

    `parsed`: a dict the caller keeps across many calls (an import's rows), so that a cell seen before
    gives the same Value object again instead of a new Value and Decimal each time (see _parse_cached)."""
    by_code = {indicator.code: indicator for indicator in indicators}
    cleaned: dict[str, Value | None] = {}
    errors: dict[str, list[str]] = {}
    for code, raw_value in raw.items():
        indicator = by_code.get(code)
        if indicator is None:
            if not is_empty(raw_value):
                errors.setdefault(code, []).append(
                    _("“%(code)s” is not an indicator this unit reports for this period.") % {"code": code}
                )
            continue
        try:
            if parsed is None:
                cleaned[code] = parse_value(indicator, raw_value)
            else:
                cleaned[code] = _parse_cached(parsed, indicator, raw_value)
        except ValueError as exc:
            errors.setdefault(code, []).append(str(exc))
    return cleaned, errors


#: How many cells _parse_cached remembers: the distinct cells of an import (small counts, yes/no, choices
#: repeat across rows), not every cell of a file whose figures are all different.
PARSED_LIMIT = 50_000
_UNSEEN = object()


def _parse_cached(parsed: dict, indicator: Indicator, raw) -> Value | None:
    """parse_value, shared for equal cells: a Value is immutable, and an import of 150,000 rows would hold
    a million equal ones. Keyed by indicator code (one plan's indicators: the cache is one import's). Only
    for cell types whose equal values parse alike: a Decimal is keyed by its text (1 and 1.0 are equal but
    keep different exponents), a bool not at all (True == 1); a failure is not remembered."""
    kind = type(raw)
    if kind is str or kind is int:
        key = (indicator.code, kind, raw)
    elif kind is Decimal:
        key = (indicator.code, kind, str(raw))
    else:
        return parse_value(indicator, raw)
    value = parsed.get(key, _UNSEEN)
    if value is _UNSEEN:
        value = parse_value(indicator, raw)
        if len(parsed) < PARSED_LIMIT:
            parsed[key] = value
    return value


def check_values(
    indicators: list[Indicator],
    rules: list[IndicatorRule],
    values: Mapping[str, Value | None],
    *,
    complete: bool,
) -> dict[str, list[str]]:
    """Cross-field rules always; required indicators too when the report must be complete."""
    errors: dict[str, list[str]] = {}
    codes = {indicator.code for indicator in indicators}
    if complete:
        for indicator in indicators:
            if indicator.required and values.get(indicator.code) is None:
                errors.setdefault(indicator.code, []).append(_("“%(label)s” is required.") % {"label": indicator.label})
    applicable_rules = [rule for rule in rules if rule.whole.code in codes]
    for fields, message in rule_errors(applicable_rules, values):
        for code in fields:
            if code in codes:
                errors.setdefault(code, []).append(message)
    return errors


def input_text(indicator: Indicator, value: Value | None) -> str:
    """The text a form shows for a stored value, which parse_value reads back to the same value:
    1.234 and 0,3 for numbers (the Vietnamese way, whatever the interface language), 1/0 for
    yes/no, the code for a choice."""
    if value is None:
        return ""
    if indicator.value_type == ValueType.CHOICE:
        return value.choice
    if value.number is None:
        return ""
    if indicator.value_type == ValueType.BOOLEAN:
        return "1" if value.number else "0"
    places = 0 if indicator.value_type == ValueType.COUNT else indicator.decimal_places
    return vietnamese_number(value.number, places)


def display_text(indicator: Indicator, value: Value | None) -> str:
    """A value as a reader sees it on a report page: numbers the Vietnamese way, Có/Không, the choice's label."""
    if value is None:
        return ""
    if indicator.value_type == ValueType.CHOICE:
        return indicator.choice_label(value.choice) if value.choice else ""
    if indicator.value_type == ValueType.BOOLEAN and value.number is not None:
        return _("Yes") if value.number else _("No")
    return input_text(indicator, value)
