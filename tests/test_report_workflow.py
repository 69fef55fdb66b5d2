"""The report workflow: every transition, allowed and refused, per role; nothing changes on a refusal."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from reports.models import Report, ReportEvent, ReportStatus, ReportValue
from reports.services import (
    StaleReportError,
    report_approve,
    report_create,
    report_reopen,
    report_return,
    report_save,
    report_submit,
)

COMPLETE_2025 = {
    "rating": "good",
    "party_members": "40",
    "party_members_good": "38",
    "party_members_failed": "0",
    "introduced_to_party": "2",
    "civil_servant_members": "10",
    "civil_servant_members_standard": "10",
    "members": "120",
    "members_trained": "90",
}


@pytest.fixture
def before_due():
    """1 December 2025: the 2025 year report of binhdinh-130 is due on 15 December."""
    with time_machine.travel(datetime.datetime(2025, 12, 1, 9, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def draft(world, before_due):
    return report_create(organization=world.unit, plan=world.bd_plan, period="2025", by=world.officer)


@pytest.fixture
def submitted(world, draft):
    report_save(report=draft, by=world.officer, values=COMPLETE_2025)
    return report_submit(report=draft, by=world.officer)


def unchanged(report):
    """A snapshot of what a refused call must leave as it was."""
    report.refresh_from_db()
    return (
        report.status,
        report.version,
        list(ReportValue.objects.filter(report=report).values_list("indicator__code", "number", "choice")),
        ReportEvent.objects.filter(report=report).count(),
    )


def test_officer_creates_saves_and_submits(world, draft):
    assert draft.status == ReportStatus.DRAFT
    report_save(report=draft, by=world.officer, values=COMPLETE_2025, narrative={"results": "Đã làm tốt."})
    report = report_submit(report=draft, by=world.officer)
    assert report.status == ReportStatus.SUBMITTED
    assert report.is_late is False
    assert [e.action for e in report.events.all()] == ["created", "saved", "submitted"]
    assert report.events.last().actor == world.officer


def test_submission_after_the_due_date_is_accepted_and_marked_late(world):
    with time_machine.travel(datetime.datetime(2025, 12, 20, 9, tzinfo=datetime.UTC), tick=False):
        report = report_create(organization=world.unit, plan=world.bd_plan, period="2025", by=world.officer)
        report_save(report=report, by=world.officer, values=COMPLETE_2025)
        report = report_submit(report=report, by=world.officer)
    assert report.status == ReportStatus.SUBMITTED
    assert report.is_late is True


def test_reviewer_above_approves_and_the_report_locks(world, submitted):
    report = report_approve(report=submitted, by=world.reviewer)
    assert report.status == ReportStatus.APPROVED
    before = unchanged(report)
    with pytest.raises(ValidationError, match="ở trạng thái “đã duyệt”, không thể sửa"):
        report_save(report=report, by=world.officer, values={"members": "121"})
    assert unchanged(report) == before


def test_reviewer_returns_with_a_reason_and_the_officer_resubmits(world, submitted):
    report = report_return(report=submitted, by=world.reviewer, reason="Thiếu danh sách.")
    assert (report.status, report.return_reason) == (ReportStatus.RETURNED, "Thiếu danh sách.")
    report = report_save(report=report, by=world.officer, values={"members_trained": "95"})
    report = report_submit(report=report, by=world.officer)
    assert report.status == ReportStatus.SUBMITTED
    assert ReportEvent.objects.filter(report=report, action="returned", comment="Thiếu danh sách.").exists()


def test_return_needs_a_reason(world, submitted):
    before = unchanged(submitted)
    with pytest.raises(ValidationError, match="Hãy ghi lý do"):
        report_return(report=submitted, by=world.reviewer, reason="   ")
    assert unchanged(submitted) == before


@pytest.mark.parametrize("who", ["officer", "sibling_officer", "viewer", "other_reviewer", "stranger"])
def test_only_a_reviewer_above_may_approve_or_return(world, submitted, who):
    user = getattr(world, who)
    before = unchanged(submitted)
    with pytest.raises(PermissionDenied, match="Chỉ người duyệt của công đoàn cấp trên"):
        report_approve(report=submitted, by=user)
    with pytest.raises(PermissionDenied):
        report_return(report=submitted, by=user, reason="x")
    assert unchanged(submitted) == before


@pytest.mark.parametrize("who", ["sibling_officer", "reviewer", "viewer", "other_reviewer", "stranger"])
def test_only_the_units_officer_may_save_or_submit(world, draft, who):
    user = getattr(world, who)
    before = unchanged(draft)
    with pytest.raises(PermissionDenied, match="Chỉ cán bộ phụ trách báo cáo của CĐCS Công ty Một"):
        report_save(report=draft, by=user, values={"members": "5"})
    with pytest.raises(PermissionDenied):
        report_submit(report=draft, by=user)
    assert unchanged(draft) == before


def test_only_the_units_officer_may_open_a_report(world, before_due):
    with pytest.raises(PermissionDenied):
        report_create(organization=world.unit, plan=world.bd_plan, period="2025", by=world.sibling_officer)
    assert not Report.objects.exists()


def test_admin_may_act_for_any_unit(world, draft):
    report_save(report=draft, by=world.admin, values=COMPLETE_2025)
    report_submit(report=draft, by=world.admin)
    assert report_approve(report=draft, by=world.admin).status == ReportStatus.APPROVED


def test_an_incomplete_report_cannot_be_submitted_and_the_message_names_the_field(world, draft):
    values = dict(COMPLETE_2025)
    del values["members"]
    report_save(report=draft, by=world.officer, values=values)
    before = unchanged(draft)
    with pytest.raises(ValidationError) as error:
        report_submit(report=draft, by=world.officer)
    assert error.value.message_dict["members"] == ["Chưa nhập “Số đoàn viên (người lao động trong đơn vị)”."]
    assert unchanged(draft) == before


def test_a_draft_may_be_saved_incomplete(world, draft):
    report = report_save(report=draft, by=world.officer, values={"members": "1.234"})
    assert ReportValue.objects.get(report=report, indicator__code="members").number == 1234


def test_double_submit_submits_once(world, submitted):
    with pytest.raises(ValidationError, match="Báo cáo này đã được gửi"):
        report_submit(report=submitted, by=world.officer)
    assert ReportEvent.objects.filter(report=submitted, action="submitted").count() == 1


def test_a_stale_save_is_refused_and_keeps_the_first(world, draft):
    opened_version = draft.version
    report_save(report=draft, by=world.officer, values={"members": "100"}, expected_version=opened_version)
    with pytest.raises(StaleReportError, match="Người khác đã lưu báo cáo này"):
        report_save(report=draft, by=world.officer, values={"members": "200"}, expected_version=opened_version)
    assert ReportValue.objects.get(report=draft, indicator__code="members").number == 100


def test_an_unchanged_save_writes_nothing(world, draft):
    report_save(report=draft, by=world.officer, values={"members": "100"})
    before = unchanged(draft)
    report_save(report=draft, by=world.officer, values={"members": "100,0"})
    assert unchanged(draft) == before


def test_an_empty_value_removes_it_and_the_change_is_audited(world, draft):
    report_save(report=draft, by=world.officer, values={"members": "100"})
    report_save(report=draft, by=world.officer, values={"members": ""})
    assert not ReportValue.objects.filter(report=draft).exists()
    assert draft.events.last().changes == {"values": {"members": ["100", ""]}}


def test_reopen_an_approved_report_returns_it_with_the_reason(world, submitted):
    report_approve(report=submitted, by=world.reviewer)
    report = report_reopen(report=submitted, by=world.federation_reviewer, reason="Sai số đảng viên.")
    assert (report.status, report.return_reason) == (ReportStatus.RETURNED, "Sai số đảng viên.")
    with pytest.raises(PermissionDenied):
        report_reopen(report=report, by=world.officer, reason="x")


def test_reopen_of_an_open_draft_is_refused(world, draft):
    with pytest.raises(ValidationError, match="không cần mở lại"):
        report_reopen(report=draft, by=world.reviewer, reason="x")


def test_entry_closes_after_the_grace_days_and_a_reviewer_reopens_it(world, draft, settings):
    settings.REPORT_ENTRY_GRACE_DAYS = 10  # due 15 December 2025: closes after 25 December
    with time_machine.travel(datetime.datetime(2025, 12, 27, 9, tzinfo=datetime.UTC), tick=False):
        with pytest.raises(ValidationError, match="Đã hết hạn nhập số liệu kỳ này"):
            report_save(report=draft, by=world.officer, values={"members": "5"})
        report_reopen(report=draft, by=world.reviewer, reason="Đơn vị nộp bổ sung.")
        report = report_save(report=draft, by=world.officer, values={"members": "5"})
    assert report.entry_extended_until == datetime.date(2025, 12, 27) + datetime.timedelta(days=14)
    assert report.events.filter(action="reopened", actor=world.reviewer).exists()


# --- bad input: each refused with a clear Vietnamese message, nothing changed ---------------------


def test_a_period_the_plan_does_not_have(world, before_due):
    with pytest.raises(ValidationError, match="Kế hoạch 130/KH-LĐLĐ không có kỳ báo cáo 2030"):
        report_create(organization=world.unit, plan=world.bd_plan, period="2030", by=world.officer)
    with pytest.raises(ValidationError, match="không phải là kỳ báo cáo"):
        report_create(organization=world.unit, plan=world.bd_plan, period="2025-Q1", by=world.officer)
    assert not Report.objects.exists()


def test_a_unit_of_the_wrong_kind_or_outside_the_issuer(world, before_due):
    with pytest.raises(ValidationError, match="không thuộc đối tượng báo cáo theo kế hoạch"):
        report_create(organization=world.school, plan=world.bd_plan, period="2025", by=world.admin)
    with pytest.raises(ValidationError, match="không thuộc đối tượng báo cáo"):
        report_create(organization=world.district, plan=world.hcm_plan, period="2023", by=world.admin)
    assert not Report.objects.exists()


def test_a_closed_unit(world, before_due):
    world.unit.closed_on = datetime.date(2024, 12, 31)
    world.unit.save()
    with pytest.raises(ValidationError, match="không hoạt động trong kỳ Năm 2025"):
        report_create(organization=world.unit, plan=world.bd_plan, period="2025", by=world.officer)
    assert report_create(organization=world.unit, plan=world.bd_plan, period="2024", by=world.officer)


def test_two_reports_for_one_unit_plan_and_period(world, draft):
    with pytest.raises(ValidationError, match="Đơn vị này đã có báo cáo cho kế hoạch và kỳ báo cáo này"):
        report_create(organization=world.unit, plan=world.bd_plan, period="2025", by=world.officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(organization=world.unit, plan=world.bd_plan, period="2025")
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"members": "-3"}, "members", "“Số đoàn viên (người lao động trong đơn vị)” không được nhỏ hơn 0."),
        ({"members": "12,5"}, "members", "“Số đoàn viên (người lao động trong đơn vị)” phải là số nguyên."),
        ({"members": "nhiều"}, "members", "“Số đoàn viên (người lao động trong đơn vị)”: “nhiều” không phải là số."),
        (
            {"rating": "very_good"},
            "rating",
            "“Xếp loại công đoàn cơ sở cuối năm”: “very_good” không phải là một trong các lựa chọn: "
            "excellent (Hoàn thành xuất sắc nhiệm vụ), good (Hoàn thành tốt nhiệm vụ), "
            "completed (Hoàn thành nhiệm vụ), not_completed (Không hoàn thành nhiệm vụ).",
        ),
        (
            {"members": "100", "members_trained": "101"},
            "members_trained",
            "“Trong đó: được đào tạo, bồi dưỡng nghề” (101) không được lớn hơn "
            "“Số đoàn viên (người lao động trong đơn vị)” (100).",
        ),
        (
            {"officers_fulltime": "3"},
            "officers_fulltime",
            "“officers_fulltime” không phải là chỉ số mà đơn vị này báo cáo trong kỳ này.",
        ),
    ],
)
def test_bad_values_are_refused_with_a_message_naming_the_field(world, draft, values, field, message):
    before = unchanged(draft)
    with pytest.raises(ValidationError) as error:
        report_save(report=draft, by=world.officer, values=values)
    assert message in error.value.message_dict[field]
    assert unchanged(draft) == before


def test_parts_together_above_the_whole_name_every_field(world, draft):
    with pytest.raises(ValidationError) as error:
        report_save(
            report=draft,
            by=world.officer,
            values={"party_members": "10", "party_members_good": "9", "party_members_failed": "2"},
        )
    errors = error.value.message_dict
    assert set(errors) == {"party_members", "party_members_good", "party_members_failed"}
    assert "(11) không được lớn hơn “Số đoàn viên là đảng viên” (10)" in errors["party_members"][0]


def test_year_only_indicator_is_refused_on_a_six_month_report(world):
    with time_machine.travel(datetime.datetime(2025, 6, 1, 9, tzinfo=datetime.UTC), tick=False):
        report = report_create(organization=world.unit, plan=world.bd_plan, period="2025S1", by=world.officer)
        with pytest.raises(ValidationError) as error:
            report_save(report=report, by=world.officer, values={"rating": "good"})
    assert "rating" in error.value.message_dict
