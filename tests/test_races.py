"""Races on a real PostgreSQL database: two people (or two clicks) doing the same thing at the same moment.

Each contender runs in its own thread with its own database connection, and the threads meet at a
barrier placed inside their transactions, just before the point where they would collide (the row
lock of a report, the look-up before a report is opened, the plan lock of an import). So both have
started before either has finished, and the test shows what the locks and the status guards decide.
SQLite allows one writer at a time, so there is nothing to race there: these tests need PostgreSQL.
"""

import threading
from collections.abc import Callable

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection

from reports.imports.issues import StaleImportError
from reports.imports.staging import AlreadyConfirmed, confirm_staged_import
from reports.imports.values import check_value_records, read_values_file
from reports.models import Report, ReportEvent, ReportStatus, ReportValue, StagedImport
from reports.services import report_approve, report_create, report_return, report_save, report_submit
from reports.services.filing import NO_REPORT_YET, report_save_for_period
from reports.services.workflow import StaleReportError
from tests.reporting import BEFORE_DUE, COMPLETE_2025
from tests.spreadsheets import xlsx
from tests.test_import_values import FIGURES, HEADER, row

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="races need PostgreSQL (set DATABASE_URL=postgres://...): SQLite lets one writer in at a time",
    ),
    pytest.mark.django_db(transaction=True),
]

TIMEOUT = 30


@pytest.fixture(autouse=True)
def before_due():
    with time_machine.travel(BEFORE_DUE, tick=False):
        yield


class Meeting:
    """A barrier the contenders reach from inside a wrapped function, once per thread."""

    def __init__(self, parties: int):
        self.barrier = threading.Barrier(parties, timeout=TIMEOUT)
        self.local = threading.local()

    def wrap(self, function: Callable, *, before: bool) -> Callable:
        def wrapper(*args, **kwargs):
            first = not getattr(self.local, "met", False)
            if first and before:
                self.local.met = True
                self.barrier.wait()
            result = function(*args, **kwargs)
            if first and not before:
                self.local.met = True
                self.barrier.wait()
            return result

        return wrapper


def at_once(*calls: Callable) -> list[tuple[str, object]]:
    """Run each call in its own thread (its own connection); return ("ok", result) or ("error", exception)."""
    results: list[tuple[str, object] | None] = [None] * len(calls)

    def run(index, call):
        try:
            results[index] = ("ok", call())
        except Exception as exc:
            results[index] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT * 2)
    assert not any(thread.is_alive() for thread in threads), "a contender is stuck"
    return results


def outcome(results) -> tuple[list, list]:
    wins = [value for kind, value in results if kind == "ok"]
    losses = [value for kind, value in results if kind == "error"]
    return wins, losses


def submitted_report(world) -> Report:
    report = report_create(organization=world.unit, plan=world.bd_plan, period="2025", by=world.officer)
    report_save(report=report, by=world.officer, values=COMPLETE_2025)
    return report_submit(report=report, by=world.officer)


def test_approve_and_return_at_once_one_decision_wins_and_one_is_audited(world, monkeypatch):
    report = submitted_report(world)
    meeting = Meeting(2)
    monkeypatch.setattr("reports.services.workflow._lock", meeting.wrap(_real_lock(), before=True))

    results = at_once(
        lambda: report_approve(report=report, by=world.reviewer),
        lambda: report_return(report=report, by=world.federation_reviewer, reason="Thiếu số liệu"),
    )

    wins, losses = outcome(results)
    assert len(wins) == 1 and len(losses) == 1, results
    refusal = losses[0]
    assert isinstance(refusal, ValidationError) and refusal.code == "not_submitted"
    assert refusal.messages[0] in (
        "Chỉ có thể duyệt báo cáo đã gửi.",
        "Chỉ có thể trả lại báo cáo đã gửi.",
    ), refusal.messages
    report.refresh_from_db()
    decisions = ReportEvent.objects.filter(report=report, action__in=["approved", "returned"])
    assert decisions.count() == 1
    assert report.status == decisions.get().to_status == wins[0].status
    assert report.status in (ReportStatus.APPROVED, ReportStatus.RETURNED)


def _real_lock():
    from reports.services import workflow

    return workflow._lock


def test_two_submits_at_once_submit_once(world, monkeypatch):
    report = report_create(organization=world.unit, plan=world.bd_plan, period="2025", by=world.officer)
    report = report_save(report=report, by=world.officer, values=COMPLETE_2025)
    meeting = Meeting(2)
    monkeypatch.setattr("reports.services.workflow._lock", meeting.wrap(_real_lock(), before=True))

    results = at_once(
        lambda: report_submit(report=report, by=world.officer, expected_version=report.version),
        lambda: report_submit(report=report, by=world.officer, expected_version=report.version),
    )

    wins, losses = outcome(results)
    assert len(wins) == 1 and len(losses) == 1, results
    assert isinstance(losses[0], ValidationError)
    assert losses[0].code == "already_submitted"
    assert losses[0].messages == ["Báo cáo này đã được gửi."]
    assert Report.objects.count() == 1
    assert ReportEvent.objects.filter(action="submitted").count() == 1
    stored = Report.objects.get()
    assert stored.status == ReportStatus.SUBMITTED and stored.version == report.version + 1


def test_two_first_saves_at_once_open_one_report(world, monkeypatch):
    """Two tabs offered the unit's report before it existed: both look it up (none), then both open it."""
    from reports.services import filing

    meeting = Meeting(2)
    monkeypatch.setattr(filing, "_find", meeting.wrap(filing._find, before=False))

    def first_save(members):
        return report_save_for_period(
            organization=world.unit,
            plan=world.bd_plan,
            period="2025",
            by=world.officer,
            values={"members": members},
            expected_version=NO_REPORT_YET,
        )

    results = at_once(lambda: first_save("100"), lambda: first_save("200"))

    wins, losses = outcome(results)
    assert len(wins) == 1 and len(losses) == 1, results
    assert isinstance(losses[0], StaleReportError) and losses[0].code == "stale"
    assert Report.objects.count() == 1
    report = Report.objects.get()
    assert list(report.events.values_list("action", flat=True)) == ["created", "saved"]
    assert ReportValue.objects.filter(report=report).count() == 1
    assert ReportValue.objects.get(report=report).number == wins[0].values.get().number


def test_two_first_saves_then_two_submits_of_a_new_report_leave_one_submitted_event(world, monkeypatch):
    """The whole filing of a new report done twice at the same moment, as two tabs posting "submit"."""
    from reports.services import filing

    meeting = Meeting(2)
    monkeypatch.setattr(filing, "_find", meeting.wrap(filing._find, before=False))

    def save_and_submit():
        report = report_save_for_period(
            organization=world.unit,
            plan=world.bd_plan,
            period="2025",
            by=world.officer,
            values=COMPLETE_2025,
            expected_version=NO_REPORT_YET,
        )
        return report_submit(report=report, by=world.officer, expected_version=report.version)

    wins, losses = outcome(at_once(save_and_submit, save_and_submit))

    assert len(wins) == 1 and len(losses) == 1
    assert isinstance(losses[0], StaleReportError)
    assert Report.objects.count() == 1
    assert ReportEvent.objects.filter(action="submitted").count() == 1
    assert ReportEvent.objects.filter(action="created").count() == 1


# --- imports --------------------------------------------------------------------------------------


def _stage(world, content: bytes, name: str = "so-lieu.xlsx") -> tuple[StagedImport, str]:
    """An upload as the import page keeps it, and the fingerprint its preview showed."""
    staged = StagedImport.objects.create(
        created_by=world.federation_reviewer,
        plan=world.bd_plan,
        status="draft",
        force=False,
        file_name=name,
        content=content,
    )
    records, issues, _ = read_values_file(content, plan=world.bd_plan)
    assert issues == []
    result = check_value_records(
        plan=world.bd_plan, records=records, by=world.federation_reviewer, status="draft", force=False
    )
    assert result.issues == [] and len(result.changes) == 3
    return staged, result.fingerprint


def _import_state():
    return (
        sorted(
            ReportValue.objects.values_list(
                "report__organization__code", "indicator__code", "number", "choice"
            ).order_by()
        ),
        Report.objects.count(),
        ReportEvent.objects.filter(action="imported").count(),
    )


def test_two_uploads_of_the_same_file_confirmed_at_once_import_one_set_of_values(world, monkeypatch):
    """Two reviewers (or two tabs) uploaded the same file and both confirm their preview at the same moment."""
    content = xlsx([HEADER, row("BD-D1-G1"), row("BD-D1-G2"), row("BD-D2-G1")])
    first, fingerprint = _stage(world, content)
    second, same_fingerprint = _stage(world, content)
    assert fingerprint == same_fingerprint
    meeting = Meeting(2)
    import reports.imports.values as values_module

    # Both have claimed their upload and read the file; they meet just before the plan lock.
    monkeypatch.setattr(values_module, "check_arguments", meeting.wrap(values_module.check_arguments, before=False))

    results = at_once(
        lambda: confirm_staged_import(staged=first, by=world.federation_reviewer, fingerprint=fingerprint),
        lambda: confirm_staged_import(staged=second, by=world.federation_reviewer, fingerprint=fingerprint),
    )

    wins, losses = outcome(results)
    assert len(wins) == 1 and len(losses) == 1, results
    assert isinstance(losses[0], StaleImportError)
    assert "Chưa có gì được nhập" in losses[0].messages[0]
    values, reports, imported = _import_state()
    assert reports == 3 and imported == 3
    assert len(values) == 3 * len(FIGURES)
    # The refused confirmation left its upload unclaimed: a new look at the preview shows nothing to do.
    assert StagedImport.objects.filter(confirmed_at__isnull=True).count() == 1
    loser = StagedImport.objects.get(confirmed_at__isnull=True)
    records, _, _ = read_values_file(bytes(loser.content), plan=world.bd_plan)
    again = check_value_records(
        plan=world.bd_plan, records=records, by=world.federation_reviewer, status="draft", force=False
    )
    assert again.changes == [] and again.unchanged == 3


def test_one_upload_confirmed_twice_at_once_is_imported_once(world, monkeypatch):
    """A double click, or the same preview open in two tabs."""
    content = xlsx([HEADER, row("BD-D1-G1"), row("BD-D1-G2"), row("BD-D2-G1")])
    staged, fingerprint = _stage(world, content)
    meeting = Meeting(2)
    import reports.imports.staging as staging

    monkeypatch.setattr(staging, "staged_is_expired", meeting.wrap(staging.staged_is_expired, before=False))

    results = at_once(
        lambda: confirm_staged_import(staged=staged, by=world.federation_reviewer, fingerprint=fingerprint),
        lambda: confirm_staged_import(staged=staged, by=world.federation_reviewer, fingerprint=fingerprint),
    )

    wins, losses = outcome(results)
    assert len(wins) == 1 and len(losses) == 1, results
    assert isinstance(losses[0], AlreadyConfirmed)
    assert losses[0].messages == ["Tệp này đã được nhập rồi; hệ thống không nhập lần thứ hai."]
    values, reports, imported = _import_state()
    assert reports == 3 and imported == 3 and len(values) == 3 * len(FIGURES)
    staged.refresh_from_db()
    assert staged.confirmed_at is not None and staged.summary["reports_new"] == 3


IMPORTED = "Đã nhập: 3 báo cáo mới, 0 báo cáo được cập nhật."
ALREADY = "Tệp này đã được nhập rồi; hệ thống không nhập lần thứ hai."


def test_the_import_page_confirmed_from_two_tabs_at_once_says_so_and_imports_once(world, monkeypatch):
    """The same race through the web: each tab's client posts the confirmation with the preview's fingerprint."""
    from django.test import Client

    content = xlsx([HEADER, row("BD-D1-G1"), row("BD-D1-G2"), row("BD-D2-G1")])
    staged, fingerprint = _stage(world, content)
    meeting = Meeting(2)
    import reports.imports.staging as staging

    monkeypatch.setattr(staging, "staged_is_expired", meeting.wrap(staging.staged_is_expired, before=False))
    tabs = [Client(), Client()]
    for tab in tabs:
        tab.force_login(world.federation_reviewer)

    def confirm(tab):
        response = tab.post(f"/imports/{staged.token}/confirm/", {"fingerprint": fingerprint})
        assert response.status_code == 302
        page = tab.get(response["Location"]).content.decode()  # (not .context: the test client's
        # template signals would mix the two threads' pages)
        return [message for message in (IMPORTED, ALREADY) if message in page]

    results = at_once(lambda: confirm(tabs[0]), lambda: confirm(tabs[1]))

    assert all(kind == "ok" for kind, _ in results), results
    said = sorted(message for _, messages in results for message in messages)
    assert said == sorted([IMPORTED, ALREADY]), said
    assert ReportEvent.objects.filter(action="imported").count() == 3


def test_when_the_second_import_has_no_preview_it_changes_nothing(world, monkeypatch):
    """The `import_values` command (no preview, no fingerprint) run twice at once: the second finds
    everything in place and writes no second set of values and no event."""
    from reports.imports.values import import_values_file

    content = xlsx([HEADER, row("BD-D1-G1"), row("BD-D1-G2"), row("BD-D2-G1")])
    meeting = Meeting(2)
    import reports.imports.values as values_module

    monkeypatch.setattr(values_module, "check_arguments", meeting.wrap(values_module.check_arguments, before=False))

    results = at_once(
        lambda: import_values_file(content, plan=world.bd_plan, by=None, file_name="a.xlsx"),
        lambda: import_values_file(content, plan=world.bd_plan, by=None, file_name="a.xlsx"),
    )

    wins, losses = outcome(results)
    assert losses == [] and len(wins) == 2
    assert sorted((result.reports_new, result.unchanged) for result in wins) == [(0, 3), (3, 0)]
    values, reports, imported = _import_state()
    assert reports == 3 and imported == 3 and len(values) == 3 * len(FIGURES)
