"""The data-entry template: a workbook a reviewer fills in and uploads back (import_values format).

One row per unit that reports on the plan for the period in the chosen subtree (and that the
user may import for), code and name filled in, the figures already stored filled in too (so a
round trip changes only what was edited). One column per indicator that applies to the period:
a Vietnamese label row, then the row of codes the import reads. Yes/no and choice columns get
drop-downs, number columns get Excel's own checks, and every column shows its rule when selected.
Cells of indicators a unit does not report are grey.

Written with openpyxl's write-only mode, units read with .iterator() a chunk at a time: memory
stays flat however many units there are.
"""

import itertools
from collections.abc import Iterator
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from plans.formatting import vietnamese_number
from plans.models import Indicator, Plan, ValueType
from plans.periods import Period
from plans.selectors import plan_structure
from reports.exports.cells import safe_cell
from reports.imports.values import may_import_for
from reports.models import ReportValue
from unions.models import Organization

YES, NO = "có", "không"
FIRST_DATA_ROW = 3
CHUNK = 1000
_BOLD = Font(bold=True)
_CODE_FONT = Font(italic=True, color="666666", size=9)
_WRAP = Alignment(wrap_text=True, vertical="top")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_NOT_REPORTED = PatternFill("solid", fgColor="D9D9D9")


def template_indicators(plan: Plan, period: Period) -> list[Indicator]:
    """The plan's indicators that some reporting unit reports for this period, in form order."""
    return [
        indicator
        for indicator in plan_structure(plan).indicators
        if any(indicator.applies_to(kind, period) for kind in plan.reporting_kinds)
    ]


def template_units(*, plan: Plan, period: Period, root: Organization, user) -> Iterator[Organization]:
    """Units of `root`'s subtree that report on the plan for the period and that `user` may import for."""
    units = (
        Organization.objects.subtree_of(root)
        .filter(path__startswith=plan.issuer.path, kind__in=plan.reporting_kinds)
        .open_during(period.start, period.end)
        .only("pk", "code", "name", "kind", "path")
        .order_by("path")
    )
    return (unit for unit in units.iterator(chunk_size=2000) if may_import_for(user, unit))


def _cell_value(indicator: Indicator, number: Decimal | None, choice: str):
    if indicator.value_type == ValueType.CHOICE:
        return choice or None
    if number is None:
        return None
    if indicator.value_type == ValueType.BOOLEAN:
        return YES if number else NO
    if indicator.value_type == ValueType.COUNT or number == number.to_integral_value():
        return int(number)
    return number.normalize()


def _bound(value: Decimal, places: int) -> str:
    return vietnamese_number(value, places)


def _rule_text(indicator: Indicator, rules) -> str:
    """What the input message says about a column: its type, its bounds, the rule it is part of."""
    places = 0 if indicator.value_type == ValueType.COUNT else indicator.decimal_places
    low, high = indicator.effective_min, indicator.max_value
    if indicator.value_type == ValueType.BOOLEAN:
        text = _("Answer có (yes) or không (no); 1 and 0 are accepted too.")
    elif indicator.value_type == ValueType.CHOICE:
        text = _("One of: %(choices)s.") % {
            "choices": "; ".join(f"{code} = {label}" for code, label in indicator.choices)
        }
    else:
        if places == 0:
            text = _("A whole number.")
        else:
            text = _("A number with at most %(places)s decimals.") % {"places": places}
        if low is not None and high is not None:
            text += " " + _("From %(min)s to %(max)s.") % {"min": _bound(low, places), "max": _bound(high, places)}
        elif low is not None:
            text += " " + _("At least %(min)s.") % {"min": _bound(low, places)}
        elif high is not None:
            text += " " + _("At most %(max)s.") % {"max": _bound(high, places)}
    for rule in rules:
        parts = list(rule.parts.all())
        if any(part.pk == indicator.pk for part in parts):
            names = " + ".join(part.code for part in parts)
            text += " " + _("%(parts)s must not exceed %(whole)s.") % {"parts": names, "whole": rule.whole.code}
    if indicator.unit:
        text += " " + _("Unit: %(unit)s.") % {"unit": indicator.unit}
    return text


def _validation(indicator: Indicator, rules, column: str, last_row: int) -> DataValidation:
    places = 0 if indicator.value_type == ValueType.COUNT else indicator.decimal_places
    low, high = indicator.effective_min, indicator.max_value
    if indicator.value_type == ValueType.BOOLEAN:
        validation = DataValidation(type="list", formula1=f'"{YES},{NO},1,0"')
    elif indicator.value_type == ValueType.CHOICE:
        codes = ",".join(code for code, _label in indicator.choices)
        validation = DataValidation(type="list", formula1=f'"{codes}"')
    else:
        kind = "whole" if places == 0 else "decimal"
        if low is not None and high is not None:
            validation = DataValidation(type=kind, operator="between", formula1=str(low), formula2=str(high))
        elif low is not None:
            validation = DataValidation(type=kind, operator="greaterThanOrEqual", formula1=str(low))
        elif high is not None:
            validation = DataValidation(type=kind, operator="lessThanOrEqual", formula1=str(high))
        else:
            validation = DataValidation(type=kind, operator="between", formula1="-1E+15", formula2="1E+15")
    rule = _rule_text(indicator, rules)
    validation.allow_blank = True
    validation.showInputMessage = True
    validation.promptTitle = indicator.code[:32]
    validation.prompt = rule[:255]
    validation.showErrorMessage = True
    validation.errorStyle = "stop"
    validation.errorTitle = _("Not accepted")[:32]
    validation.error = rule[:255]
    validation.add(f"{column}{FIRST_DATA_ROW}:{column}{last_row}")
    return validation


def _label(indicator: Indicator) -> str:
    return f"{indicator.label} ({indicator.unit})" if indicator.unit else indicator.label


def write_template(*, plan: Plan, period: Period, root: Organization, user, out) -> int:
    """Write the template to the binary file `out`; return the number of unit rows."""
    structure = plan_structure(plan)
    indicators = template_indicators(plan, period)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Figures")[:31])
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 48
    sheet.column_dimensions["C"].width = 10
    for index in range(len(indicators)):
        sheet.column_dimensions[get_column_letter(4 + index)].width = 18
    sheet.freeze_panes = f"D{FIRST_DATA_ROW}"
    labels = [_("Unit code"), _("Unit name"), _("Period")] + [_label(indicator) for indicator in indicators]
    sheet.append([safe_cell(text, sheet, font=_BOLD, fill=_HEADER_FILL, alignment=_WRAP) for text in labels])
    codes = ["org_code", "name", "period"] + [indicator.code for indicator in indicators]
    sheet.append([safe_cell(code, sheet, font=_CODE_FONT) for code in codes])

    rows = 0
    units = template_units(plan=plan, period=period, root=root, user=user)
    while chunk := list(itertools.islice(units, CHUNK)):
        stored: dict[int, dict[int, tuple]] = {}
        values = ReportValue.objects.filter(
            report__plan=plan, report__period=period.id, report__organization_id__in=[unit.pk for unit in chunk]
        ).values_list("report__organization_id", "indicator_id", "number", "choice")
        for organization_id, indicator_id, number, choice in values:
            stored.setdefault(organization_id, {})[indicator_id] = (number, choice)
        for unit in chunk:
            row = [safe_cell(unit.code, sheet), safe_cell(unit.name, sheet), safe_cell(period.id, sheet)]
            unit_values = stored.get(unit.pk, {})
            for indicator in indicators:
                if not indicator.applies_to(unit.kind, period):
                    row.append(safe_cell(None, sheet, fill=_NOT_REPORTED))
                    continue
                number, choice = unit_values.get(indicator.pk, (None, ""))
                row.append(safe_cell(_cell_value(indicator, number, choice), sheet))
            sheet.append(row)
            rows += 1
    if rows:
        last_row = FIRST_DATA_ROW + rows - 1
        for index, indicator in enumerate(indicators):
            sheet.data_validations.append(
                _validation(indicator, structure.rules, get_column_letter(4 + index), last_row)
            )
    _write_instructions(workbook, plan=plan, period=period, root=root, rows=rows)
    workbook.save(out)
    return rows


def _write_instructions(workbook: Workbook, *, plan: Plan, period: Period, root: Organization, rows: int) -> None:
    sheet = workbook.create_sheet(_("Instructions")[:31])
    sheet.column_dimensions["A"].width = 110
    lines = [
        (_("Data-entry template"), _BOLD),
        (_("Plan: %(plan)s") % {"plan": f"{plan.number} – {plan.title}" if plan.number else plan.title}, None),
        (_("Period: %(period)s") % {"period": period.label}, None),
        (_("Units of: %(unit)s (%(count)s units)") % {"unit": root.name, "count": rows}, None),
        (_("Produced on %(date)s") % {"date": date_format(timezone.localdate(), "SHORT_DATE_FORMAT")}, None),
        ("", None),
        (_("Fill in the first sheet, one row per unit, and upload it on the portal's import page."), None),
        (_("Do not change row 2 (the codes) or the unit codes: the import reads them."), None),
        (_("Numbers the Vietnamese way: 1.234 is one thousand two hundred and thirty-four, 0,3 three tenths."), None),
        (_("Yes/no: có or không (1 or 0). Choices: the code shown in the drop-down."), None),
        (_("An empty cell means no value: a figure already stored is removed."), None),
        (_("Grey cells are figures that the unit does not report; leave them empty."), None),
        (_("Type values, not formulas: a cell with a formula is refused."), None),
        (_("Nothing is saved until you confirm the preview; a file with any error changes nothing."), None),
    ]
    for text, font in lines:
        sheet.append([safe_cell(text, sheet, font=font, alignment=_WRAP)])
