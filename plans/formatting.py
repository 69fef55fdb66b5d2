"""Vietnamese formats for official documents, the same whatever the interface language."""

import datetime
from decimal import ROUND_HALF_UP, Decimal


def vietnamese_long_date(day: datetime.date) -> str:
    """ "ngày 30 tháng 8 năm 2021": days below 10 and months 1 and 2 take a leading zero (Decree 30/2020)."""
    day_text = f"{day.day:02d}" if day.day < 10 else str(day.day)
    month_text = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day_text} tháng {month_text} năm {day.year}"


def vietnamese_number(value: Decimal | int | float, places: int = 2, strip: bool = True) -> str:
    """1234.5 -> "1.234,5": dot between thousands, comma before decimals, rounded half up."""
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _dot, fraction = f"{abs(number):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    if strip:
        fraction = fraction.rstrip("0")
    return sign + ".".join(groups) + ("," + fraction if fraction else "")


def vietnamese_percent(value: Decimal | None, places: int = 2) -> str:
    return "" if value is None else f"{vietnamese_number(value, places)}%"
