"""Due dates and entry windows.

A period's report is due on the plan's due date; a submission after it is
accepted but marked late. Entry closes REPORT_ENTRY_GRACE_DAYS after the due
date; after that only a reviewer above can reopen it, for REPORT_REOPEN_DAYS.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings

from plans.models import Plan
from plans.periods import Period


def entry_closes_on(plan: Plan, period: Period) -> datetime.date:
    return plan.due_date(period) + datetime.timedelta(days=settings.REPORT_ENTRY_GRACE_DAYS)


def entry_is_open(plan: Plan, period: Period, extended_until: datetime.date | None, today: datetime.date) -> bool:
    """Whether an officer may still save or submit a report for this period."""
    return entry_is_open_until(entry_closes_on(plan, period), extended_until, today)


def entry_is_open_until(closes_on: datetime.date, extended_until: datetime.date | None, today: datetime.date) -> bool:
    if extended_until is not None and today <= extended_until:
        return True
    return today <= closes_on


def submitted_late(plan: Plan, period: Period, day: datetime.date) -> bool:
    """Whether a report first submitted on `day` is late: after the period's due date. The one rule, for the
    form's submit, an import's new and updated reports, and the rollups an import counts ahead."""
    return day > plan.due_date(period)


def reopened_until(today: datetime.date) -> datetime.date:
    return today + datetime.timedelta(days=settings.REPORT_REOPEN_DAYS)


@dataclass(frozen=True)
class Deadline:
    """A report's dates as a page shows them, on a given day."""

    due: datetime.date
    closes_on: datetime.date
    extended_until: datetime.date | None
    today: datetime.date

    @property
    def days_left(self) -> int:
        """Days until the due date: 0 on the day, negative once it has passed."""
        return (self.due - self.today).days

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)

    @property
    def is_overdue(self) -> bool:
        return self.today > self.due

    @property
    def is_open(self) -> bool:
        """Whether the unit's officer may still save or submit."""
        return entry_is_open_until(self.closes_on, self.extended_until, self.today)

    @property
    def open_until(self) -> datetime.date:
        """The last day of entry, a reviewer's reopening included."""
        if self.extended_until is not None and self.extended_until > self.closes_on:
            return self.extended_until
        return self.closes_on


def deadline(plan: Plan, period: Period, extended_until: datetime.date | None, today: datetime.date) -> Deadline:
    return Deadline(
        due=plan.due_date(period), closes_on=entry_closes_on(plan, period), extended_until=extended_until, today=today
    )
