"""The bulk writer (COPY on PostgreSQL) keeps every value as the ORM would store it."""

import datetime
from decimal import Decimal

from django.utils import timezone

from reports.bulk import insert_dicts
from reports.models import Report, ReportEvent, ReportValue
from reports.services import report_create


def test_bulk_rows_read_back_exactly_with_tabs_newlines_backslashes_and_json(world):
    report = report_create(organization=world.unit, plan=world.bd_plan, period="2024", by=None)
    tricky = "tab\there\nnew line\\back\\slash\r— “Vietnamese” đ"
    at = timezone.make_aware(datetime.datetime(2025, 12, 1, 9, 30))
    changes = {"values": {"members": ["1.234", ""]}, "note": tricky}
    insert_dicts(
        ReportEvent,
        [
            {
                "report_id": report.pk,
                "action": "imported",
                "actor_id": None,
                "at": at,
                "comment": tricky,
                "changes": changes,
            }
        ],
    )
    indicator = world.bd_plan.indicators.get(code="members")
    insert_dicts(
        ReportValue, [{"report_id": report.pk, "indicator_id": indicator.pk, "number": Decimal("1234.5"), "choice": ""}]
    )
    event = ReportEvent.objects.get(report=report, action="imported")
    assert (event.comment, event.changes, event.at, event.from_status) == (tricky, changes, at, "")
    assert ReportValue.objects.get(report=report).number == Decimal("1234.5")
    assert Report.objects.count() == 1


def test_json_columns_updated_by_id_read_back_as_the_orm_wrote_them(world):
    from reports.bulk import update_json
    from reports.models import ComplianceRollup

    rows = ComplianceRollup.objects.bulk_create(
        [
            ComplianceRollup(plan=world.bd_plan, organization=unit, period="2025", kind="grassroots", subtree={"e": 1})
            for unit in (world.bd, world.district)
        ]
    )
    tricky = {"e": 3, "v": {"21": [2, "1.5", {"16": 1}]}, "note": "tab\t“đ”\\"}
    assert (
        update_json(ComplianceRollup, ["subtree", "own"], [(rows[0].pk, tricky, {}), (rows[1].pk, {}, {"r": 1})]) == 2
    )
    first, second = (ComplianceRollup.objects.get(pk=row.pk) for row in rows)
    assert (first.subtree, first.own) == (tricky, {})
    assert (second.subtree, second.own) == ({}, {"r": 1})
    assert update_json(ComplianceRollup, ["subtree"], []) == 0


def test_many_rows_cross_the_copy_batches_and_read_back_in_order(world):
    """More rows than one batch of text (500) and than one 64 KB read, with JSON in Vietnamese."""
    report = report_create(organization=world.unit, plan=world.bd_plan, period="2024", by=None)
    at = timezone.make_aware(datetime.datetime(2025, 12, 1, 9, 30))
    rows = [
        {
            "report_id": report.pk,
            "action": "imported",
            "actor_id": None,
            "at": at,
            "comment": f"dòng {n}\t“{n}”",
            "changes": {"values": {"members": [str(n), f"{n + 1} người"]}},
        }
        for n in range(1203)
    ]
    assert insert_dicts(ReportEvent, iter(rows)) == 1203
    stored = ReportEvent.objects.filter(report=report, action="imported").order_by("pk")
    assert [(event.comment, event.changes) for event in stored] == [(row["comment"], row["changes"]) for row in rows]


def test_the_collector_is_paused_inside_and_resumed_after_even_on_an_error():
    import gc

    from reports.bulk import collector_paused

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # nested: still paused, and still paused after the inner one ends
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    try:
        with collector_paused():
            raise ValueError("a bad file")
    except ValueError:
        pass
    assert gc.isenabled()


def test_rows_are_written_under_the_debug_cursor_too(world):
    """With DEBUG=1 (or while queries are captured) Django wraps the cursor; COPY must still go through it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    report = report_create(organization=world.unit, plan=world.bd_plan, period="2024", by=None)
    at = timezone.make_aware(datetime.datetime(2025, 12, 1, 9, 30))
    rows = [{"report_id": report.pk, "action": "imported", "actor_id": None, "at": at, "comment": "", "changes": {}}]
    with CaptureQueriesContext(connection) as captured:
        assert insert_dicts(ReportEvent, rows) == 1
    assert ReportEvent.objects.filter(report=report, action="imported").count() == 1
    assert captured.captured_queries, "the write went through the debug cursor, which logged it"
