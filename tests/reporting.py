"""Helpers shared by the report page tests (plain functions and data; the fixtures are in conftest)."""

import datetime

from reports.models import Report, ReportEvent, ReportReminder, ReportValue

#: A complete 2025 year report of a grassroots union on binhdinh-130.
COMPLETE_2025 = {
    "rating": "good",
    "party_members": "40",
    "party_members_good": "38",
    "party_members_failed": "0",
    "introduced_to_party": "2",
    "civil_servant_members": "10",
    "civil_servant_members_standard": "10",
    "members": "1.234",
    "members_trained": "900",
}

#: 1 December 2025, 9:00 UTC: the 2025 year report of binhdinh-130 is due on 15 December.
BEFORE_DUE = datetime.datetime(2025, 12, 1, 9, tzinfo=datetime.UTC)
#: 20 December 2025: after the due date, before entry closes (14 January 2026 with 30 grace days).
AFTER_DUE = datetime.datetime(2025, 12, 20, 9, tzinfo=datetime.UTC)
#: 1 March 2026: entry for the 2025 year report has closed.
AFTER_CLOSE = datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC)


def report_url(unit, action: str = "", *, plan: str = "binhdinh-130", period: str = "2025") -> str:
    return f"/reports/{plan}/{unit.code}/{period}/" + (f"{action}/" if action else "")


def form_data(version, values=None, *, action: str = "save", tasks=None, narrative=None) -> dict:
    """What the report form posts: every figure given here, plus tasks and narrative."""
    data = {"version": str(version), "action": action}
    data.update({f"value-{code}": value for code, value in (values or {}).items()})
    data.update({f"task-{number}": text for number, text in (tasks or {}).items()})
    data.update(narrative or {})
    return data


def state() -> tuple:
    """Everything a refused or read-only request must leave as it was."""
    return (
        list(Report.objects.order_by("pk").values_list("pk", "status", "version", "entry_extended_until")),
        list(ReportValue.objects.order_by("pk").values_list("pk", "number", "choice")),
        ReportEvent.objects.count(),
        ReportReminder.objects.count(),
    )
