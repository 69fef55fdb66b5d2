"""The services the report pages added: saving a report that may not exist yet, reopening a closed
period for a unit without a report, and the form text of a value (the inverse of parsing it)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from plans.models import Indicator, ValueType
from reports.models import Report, ReportEvent, ReportStatus
from reports.services import (
    NO_REPORT_YET,
    StaleReportError,
    report_approve,
    report_reopen_for_period,
    report_save_for_period,
    report_submit,
)
from reports.values import Value, display_text, input_text, parse_value, read_values
from tests.reporting import AFTER_CLOSE, BEFORE_DUE, COMPLETE_2025


@pytest.fixture
def before_due():
    with time_machine.travel(BEFORE_DUE, tick=False):
        yield


@pytest.fixture
def after_close():
    with time_machine.travel(AFTER_CLOSE, tick=False):
        yield


def save(world, values, expected_version=NO_REPORT_YET, by=None):
    return report_save_for_period(
        organization=world.unit,
        plan=world.bd_plan,
        period="2025",
        by=by or world.officer,
        values=values,
        expected_version=expected_version,
    )


def test_the_first_save_opens_the_report(world, before_due):
    report = save(world, {"members": "12"})
    assert report.status == ReportStatus.DRAFT
    assert list(report.events.values_list("action", flat=True)) == ["created", "saved"]


def test_a_refused_first_save_leaves_no_report_behind(world, before_due):
    with pytest.raises(ValidationError):
        save(world, {"members": "-1"})
    assert not Report.objects.exists() and not ReportEvent.objects.exists()


def test_a_form_opened_before_the_report_existed_cannot_overwrite_it(world, before_due):
    save(world, {"members": "12"})
    with pytest.raises(StaleReportError):
        save(world, {"members": "99"})
    assert Report.objects.get().values.get().number == 12


def test_the_current_version_saves_and_an_old_one_is_refused(world, before_due):
    report = save(world, {"members": "12"})
    report = save(world, {"members": "13"}, expected_version=report.version)
    with pytest.raises(StaleReportError):
        save(world, {"members": "14"}, expected_version=report.version - 1)
    assert report.values.get().number == 13


def test_only_the_units_officer_may_open_a_report(world, before_due):
    with pytest.raises(PermissionDenied):
        save(world, {"members": "12"}, by=world.sibling_officer)
    assert not Report.objects.exists()


def test_a_reviewer_reopens_a_closed_period_for_a_unit_without_a_report(world, after_close):
    report = report_reopen_for_period(
        organization=world.unit, plan=world.bd_plan, period="2025", by=world.reviewer, reason="Đơn vị xin nộp bổ sung."
    )
    assert report.status == ReportStatus.DRAFT
    assert report.entry_extended_until == datetime.date(2026, 3, 15)
    events = list(report.events.values_list("action", "actor__username", "comment"))
    assert events == [
        ("created", "reviewer", "Đơn vị xin nộp bổ sung."),
        ("reopened", "reviewer", "Đơn vị xin nộp bổ sung."),
    ]
    report = save(world, COMPLETE_2025, expected_version=report.version)
    assert report_submit(report=report, by=world.officer).is_late


@pytest.mark.parametrize("who", ["officer", "sibling_officer", "viewer", "other_reviewer", "stranger"])
def test_only_a_reviewer_above_may_reopen_a_period(world, after_close, who):
    with pytest.raises(PermissionDenied):
        report_reopen_for_period(
            organization=world.unit, plan=world.bd_plan, period="2025", by=getattr(world, who), reason="x"
        )
    assert not Report.objects.exists()


def test_reopening_a_period_needs_a_reason_and_a_closed_window(world, after_close):
    with pytest.raises(ValidationError, match="Hãy ghi lý do"):
        report_reopen_for_period(
            organization=world.unit, plan=world.bd_plan, period="2025", by=world.reviewer, reason=""
        )
    with time_machine.travel(BEFORE_DUE, tick=False), pytest.raises(ValidationError, match="vẫn đang trong hạn"):
        report_reopen_for_period(
            organization=world.unit, plan=world.bd_plan, period="2025", by=world.reviewer, reason="x"
        )
    assert not Report.objects.exists()


def test_reopening_a_period_that_has_a_report_reopens_that_report(world, before_due):
    report = save(world, COMPLETE_2025)
    report_submit(report=report, by=world.officer)
    report_approve(report=report, by=world.reviewer)
    reopened = report_reopen_for_period(
        organization=world.unit, plan=world.bd_plan, period="2025", by=world.reviewer, reason="Sai số."
    )
    assert reopened.pk == report.pk
    assert (reopened.status, reopened.return_reason) == (ReportStatus.RETURNED, "Sai số.")


@pytest.mark.parametrize(
    ("value_type", "places", "number", "text"),
    [
        (ValueType.COUNT, 0, Decimal("1234"), "1.234"),
        (ValueType.COUNT, 0, Decimal("1234567"), "1.234.567"),
        (ValueType.COUNT, 0, Decimal("0"), "0"),
        (ValueType.NUMBER, 2, Decimal("0.3"), "0,3"),
        (ValueType.NUMBER, 2, Decimal("1234.5"), "1.234,5"),
        (ValueType.NUMBER, 1, Decimal("-12.5"), "-12,5"),
        (ValueType.BOOLEAN, 0, Decimal("1"), "1"),
        (ValueType.BOOLEAN, 0, Decimal("0"), "0"),
    ],
)
def test_a_values_form_text_reads_back_to_the_same_value(value_type, places, number, text):
    indicator = Indicator(code="x", label="X", value_type=value_type, decimal_places=places, min_value=Decimal(-100))
    value = Value(number=number)
    assert input_text(indicator, value) == text
    assert parse_value(indicator, text) == value


def test_display_text_says_yes_no_and_the_choices_label():
    boolean = Indicator(code="b", label="B", value_type=ValueType.BOOLEAN)
    choice = Indicator(code="c", label="C", value_type=ValueType.CHOICE, choices=[["good", "Hoàn thành tốt"]])
    assert display_text(boolean, Value(number=Decimal(1))) == "Có"
    assert display_text(boolean, Value(number=Decimal(0))) == "Không"
    assert display_text(choice, Value(choice="good")) == "Hoàn thành tốt"
    assert input_text(choice, Value(choice="good")) == "good"
    assert display_text(boolean, None) == input_text(boolean, None) == ""


def test_the_officers_are_told_when_a_closed_period_is_reopened_for_them(
    world, after_close, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        report_reopen_for_period(
            organization=world.unit, plan=world.bd_plan, period="2025", by=world.reviewer, reason="Nộp bổ sung."
        )
    assert [message.to for message in mail.outbox] == [["officer@example.vn"]]
    assert mail.outbox[0].subject == "[Chỉ tiêu] Báo cáo được mở lại: CĐCS Công ty Một, Năm 2025"
    assert "Được nhập số liệu đến hết ngày 15-03-2026." in mail.outbox[0].body
    assert "Nộp bổ sung." in mail.outbox[0].body


def test_values_read_with_a_shared_cache_are_the_values_read_without_one():
    count = Indicator(code="n", label="N", value_type=ValueType.NUMBER, decimal_places=2)
    yes_no = Indicator(code="b", label="B", value_type=ValueType.BOOLEAN)
    parsed = {}
    for raw in ({"n": Decimal("1.0"), "b": True}, {"n": Decimal("1"), "b": 1}, {"n": "1,5", "b": "có"}, {"n": 7}):
        assert read_values([count, yes_no], raw, parsed) == read_values([count, yes_no], raw)
    first, _errors = read_values([count], {"n": Decimal("1.0")}, parsed)
    assert str(first["n"].number) == "1.0"  # not the Decimal("1") read from another cell
    assert read_values([count], {"n": "abc"}, parsed)[1] == read_values([count], {"n": "abc"})[1]
    again, _errors = read_values([count], {"n": 7}, parsed)
    assert again["n"] is read_values([count], {"n": 7}, parsed)[0]["n"]
