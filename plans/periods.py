"""Reporting periods, DHIS2-style: "2024" is the year, "2024S1" its first half (January-June).

The year report covers the whole year ("tổng kết năm"), so a year is never S1 + S2.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

_PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?P<half>S1)?$")


@dataclass(frozen=True)
class Period:
    year: int
    is_half: bool = False

    @property
    def sort_key(self) -> tuple[int, int]:
        """Chronological order of period ends: 2024S1 before 2024, 2024 before 2025S1."""
        return (self.year, 0 if self.is_half else 1)

    @classmethod
    def parse(cls, value: str) -> "Period":
        """Read "2024" or "2024S1"; raise ValueError with a clear message otherwise."""
        match = _PERIOD_RE.match(str(value).strip().upper())
        if not match:
            raise ValueError(
                _("“%(value)s” is not a period: write a year such as 2024, or 2024S1 for its first half.")
                % {"value": value}
            )
        return cls(year=int(match["year"]), is_half=bool(match["half"]))

    @property
    def id(self) -> str:
        return f"{self.year}S1" if self.is_half else str(self.year)

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.year, 6, 30) if self.is_half else datetime.date(self.year, 12, 31)

    @property
    def label(self) -> str:
        if self.is_half:
            return _("First half of %(year)s") % {"year": self.year}
        return _("Year %(year)s") % {"year": self.year}

    def __str__(self) -> str:
        return self.id
