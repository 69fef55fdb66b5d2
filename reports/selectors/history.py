"""A report's history as a reader follows it: who, when, what, and the comment."""

from dataclasses import dataclass

from plans.selectors import plan_structure
from reports.models import Report, ReportEvent
from reports.services.workflow import NARRATIVE_FIELDS


@dataclass(frozen=True)
class HistoryChange:
    what: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    event: ReportEvent
    changes: list[HistoryChange]

    @property
    def actor_name(self) -> str:
        """The person's name and user name ("Trần Thị Hoa (ldld.binhdinh)"); empty for the system."""
        actor = self.event.actor
        if actor is None:
            return ""
        full_name = actor.get_full_name()
        return f"{full_name} ({actor.username})" if full_name else actor.username


def report_history(report: Report) -> list[HistoryEntry]:
    """Every event of the report, oldest first, with its changes named in the plan's words. Two
    queries besides the plan's structure."""
    structure = plan_structure(report.plan)
    labels = {indicator.code: indicator.label for indicator in structure.indicators}
    tasks = {task.number: f"{task.number}. {task.title}" for task in structure.tasks}
    narrative = {name: str(Report._meta.get_field(name).verbose_name).capitalize() for name in NARRATIVE_FIELDS}
    entries = []
    for event in report.events.select_related("actor").order_by("at", "id"):
        changes = []
        for section, names in (("values", labels), ("tasks", tasks), ("narrative", narrative)):
            for key, old, new in _pairs(event.changes, section):
                changes.append(HistoryChange(what=names.get(key, key), old=old, new=new))
        entries.append(HistoryEntry(event=event, changes=changes))
    return entries


def _pairs(changes, section: str):
    """(key, old, new) for one section of an event's changes; anything else is skipped."""
    entries = changes.get(section) if isinstance(changes, dict) else None
    if not isinstance(entries, dict):
        return
    for key, pair in entries.items():
        if isinstance(pair, list | tuple) and len(pair) == 2:
            yield key, str(pair[0] if pair[0] is not None else ""), str(pair[1] if pair[1] is not None else "")
