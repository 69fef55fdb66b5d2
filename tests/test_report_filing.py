"""An officer files the unit's report in the browser: the form, its errors, drafts, submitting,
deadlines, the second tab and the double click."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine

from plans.models import Indicator
from reports.models import Report, ReportEvent, ReportStatus, ReportValue
from reports.services import report_approve, report_create, report_return, report_save, report_submit
from tests.reporting import AFTER_CLOSE, AFTER_DUE, BEFORE_DUE, COMPLETE_2025, form_data, report_url, state


@pytest.fixture
def before_due():
    with time_machine.travel(BEFORE_DUE, tick=False):
        yield


@pytest.fixture
def officer(world, client, before_due):
    client.force_login(world.officer)
    return client


def page_text(response) -> str:
    return response.content.decode()


def input_value(response, name: str) -> str | None:
    """The value an <input> shows (None when there is no such input)."""
    match = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', page_text(response))
    if not match:
        return None
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


def stored(report, code):
    row = ReportValue.objects.filter(report=report, indicator__code=code).first()
    return None if row is None else (row.choice or row.number)


def test_the_form_for_a_report_not_started_opens_empty_and_creates_nothing(world, officer):
    response = officer.get(report_url(world.unit, "edit"))
    assert response.status_code == 200
    content = page_text(response)
    assert "Số đoàn viên (người lao động trong đơn vị)" in content
    assert "Chương trình hành động số 07-CTr/TU: nguồn nhân lực" in content  # the indicator's group
    assert 'inputmode="numeric"' in content
    assert "Số cán bộ công đoàn chuyên trách" not in content  # not reported by grassroots unions
    assert "kết quả".capitalize() in content and "Hạn chế" in content and "Đề xuất - kiến nghị" in content
    assert "1.1. Đổi mới và thực hiện có hiệu quả công tác giáo dục" in content  # a task to account for
    assert input_value(response, "version") == "0"
    assert not Report.objects.exists()


def test_a_six_month_form_has_no_year_only_indicator(world, client):
    with time_machine.travel(datetime.datetime(2025, 6, 1, 9, tzinfo=datetime.UTC), tick=False):
        client.force_login(world.officer)
        content = page_text(client.get(report_url(world.unit, "edit", period="2025S1")))
    assert "Số đoàn viên là đảng viên" in content
    assert "Xếp loại công đoàn cơ sở cuối năm" not in content


def test_the_first_save_opens_the_report_and_reads_numbers_the_vietnamese_way(world, officer):
    response = officer.post(
        report_url(world.unit, "edit"),
        form_data(0, {"members": "1.234", "members_trained": "900"}, narrative={"results": "Đã triển khai."}),
    )
    assert response.status_code == 302
    assert response["Location"] == report_url(world.unit, "edit")
    report = Report.objects.get(organization=world.unit, plan=world.bd_plan, period="2025")
    assert report.status == ReportStatus.DRAFT
    assert stored(report, "members") == 1234
    assert report.results == "Đã triển khai."
    page = officer.get(report_url(world.unit, "edit"))
    assert "Đã lưu bản nháp." in page_text(page)
    assert input_value(page, "value-members") == "1.234"
    assert input_value(page, "version") == str(report.version)


def test_a_decimal_is_typed_and_shown_with_a_comma(world, officer):
    Indicator.objects.create(
        plan=world.bd_plan,
        code="training_hours",
        label="Số giờ đào tạo bình quân",
        value_type="number",
        decimal_places=2,
        aggregation="flow",
        unit="giờ",
        required=False,
        order=99,
    )
    officer.post(report_url(world.unit, "edit"), form_data(0, {"training_hours": "0,3"}))
    report = Report.objects.get()
    assert stored(report, "training_hours") == Decimal("0.3")
    page = officer.get(report_url(world.unit, "edit"))
    assert input_value(page, "value-training_hours") == "0,3"
    assert 'inputmode="decimal"' in page_text(page)
    assert '<td class="text-end fw-semibold value">0,3</td>' in page_text(officer.get(report_url(world.unit)))


def test_errors_name_the_fields_in_vietnamese_and_keep_what_was_typed(world, officer):
    response = officer.post(
        report_url(world.unit, "edit"),
        form_data(
            0, {"members": "100", "members_trained": "101", "party_members": "nhiều", "introduced_to_party": "2"}
        ),
    )
    assert response.status_code == 200
    content = page_text(response)
    assert "“Số đoàn viên là đảng viên”: “nhiều” không phải là số." in content
    assert "“Trong đó: được đào tạo, bồi dưỡng nghề” (101) không được lớn hơn" in content
    assert "Nothing you typed" not in content and "Không mất số liệu nào bạn đã nhập" in content
    assert input_value(response, "value-party_members") == "nhiều"
    assert input_value(response, "value-members_trained") == "101"
    assert input_value(response, "value-introduced_to_party") == "2"
    assert 'aria-invalid="true"' in content
    assert not Report.objects.exists()  # a refused first save leaves no empty draft


def test_a_draft_may_be_saved_incomplete_but_submitting_names_what_is_missing(world, officer):
    values = dict(COMPLETE_2025)
    del values["party_members"]
    response = officer.post(report_url(world.unit, "edit"), form_data(0, values, action="submit"))
    assert response.status_code == 200
    content = page_text(response)
    assert "Bản nháp đã được lưu nhưng chưa gửi được:" in content
    assert "Chưa nhập “Số đoàn viên là đảng viên”." in content
    report = Report.objects.get()
    assert report.status == ReportStatus.DRAFT
    assert stored(report, "members") == 1234
    assert input_value(response, "version") == str(report.version)  # the next click saves, not conflicts


def test_a_complete_report_is_submitted(world, officer):
    response = officer.post(report_url(world.unit, "edit"), form_data(0, COMPLETE_2025, action="submit"))
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == report_url(world.unit)
    assert report.status == ReportStatus.SUBMITTED and report.is_late is False
    assert "Đã gửi báo cáo" in page_text(officer.get(report_url(world.unit)))


def test_each_figure_shows_the_last_periods_value_beside_it(world, client):
    with time_machine.travel(datetime.datetime(2024, 12, 1, 9, tzinfo=datetime.UTC), tick=False):
        year_2024 = report_create(organization=world.unit, plan=world.bd_plan, period="2024", by=world.officer)
        report_save(report=year_2024, by=world.officer, values={**COMPLETE_2025, "rating": "excellent"})
        report_submit(report=year_2024, by=world.officer)
        report_approve(report=year_2024, by=world.reviewer)
    with time_machine.travel(datetime.datetime(2025, 6, 1, 9, tzinfo=datetime.UTC), tick=False):
        half = report_create(organization=world.unit, plan=world.bd_plan, period="2025S1", by=world.officer)
        report_save(report=half, by=world.officer, values={**COMPLETE_2025, "rating": "", "members": "1.300"})
        report_submit(report=half, by=world.officer)
    with time_machine.travel(BEFORE_DUE, tick=False):
        client.force_login(world.officer)
        content = page_text(client.get(report_url(world.unit, "edit")))
    assert "số liệu của đơn vị kỳ 6 tháng đầu năm 2025" in content
    members = content[content.index('data-code="members"') :][:1500]
    assert "1.300" in members
    rating = content[content.index('data-code="rating"') :][:2500]
    assert "Hoàn thành xuất sắc nhiệm vụ</span>" in rating and "Năm 2024" in rating  # the last year report


def test_a_second_tab_cannot_overwrite_the_first(world, officer):
    officer.post(report_url(world.unit, "edit"), form_data(0, {"members": "100"}))
    report = Report.objects.get()
    opened_at = report.version
    first = officer.post(report_url(world.unit, "edit"), form_data(opened_at, {"members": "150"}))
    assert first.status_code == 302
    second = officer.post(
        report_url(world.unit, "edit"), form_data(opened_at, {"members": "200"}, narrative={"results": "Tab hai"})
    )
    assert second.status_code == 409
    content = page_text(second)
    assert "Người khác đã lưu báo cáo này sau khi bạn mở" in content
    assert input_value(second, "value-members") == "150"  # the current value is shown ...
    assert "Bạn đã nhập: 200" in content  # ... with what this tab typed beside it
    assert "Bạn đã nhập: Tab hai" in content
    report.refresh_from_db()
    assert stored(report, "members") == 150 and report.results == ""


def test_two_tabs_opening_a_report_not_started_yet(world, officer):
    assert officer.post(report_url(world.unit, "edit"), form_data(0, {"members": "100"})).status_code == 302
    second = officer.post(report_url(world.unit, "edit"), form_data(0, {"members": "300"}))
    assert second.status_code == 409
    assert stored(Report.objects.get(), "members") == 100


def test_a_double_clicked_submit_submits_once(world, officer):
    data = form_data(0, COMPLETE_2025, action="submit")
    first = officer.post(report_url(world.unit, "edit"), data)
    second = officer.post(report_url(world.unit, "edit"), data)
    report = Report.objects.get()
    assert first.status_code == second.status_code == 302
    assert second["Location"] == report_url(world.unit)
    assert ReportEvent.objects.filter(report=report, action="submitted").count() == 1
    assert "Báo cáo này đã được gửi." in page_text(officer.get(second["Location"]))


def test_a_double_clicked_submit_button_on_the_report_page_submits_once(world, officer):
    officer.post(report_url(world.unit, "edit"), form_data(0, COMPLETE_2025))
    version = Report.objects.get().version
    for _click in range(2):
        response = officer.post(report_url(world.unit, "submit"), {"version": version})
        assert response.status_code == 302
    assert ReportEvent.objects.filter(action="submitted").count() == 1


def test_a_late_submission_is_accepted_and_marked_late(world, client):
    with time_machine.travel(AFTER_DUE, tick=False):
        client.force_login(world.officer)
        home = page_text(client.get("/"))
        assert "Quá hạn" in home and "quá hạn 5 ngày" in home
        client.post(report_url(world.unit, "edit"), form_data(0, COMPLETE_2025, action="submit"))
        report = Report.objects.get()
        assert report.status == ReportStatus.SUBMITTED and report.is_late
        assert "sau hạn báo cáo" in page_text(client.get(report_url(world.unit)))


def test_after_entry_closes_the_officer_is_told_to_ask_for_a_reopening(world, client):
    with time_machine.travel(AFTER_CLOSE, tick=False):
        client.force_login(world.officer)
        before = state()
        response = client.get(report_url(world.unit, "edit"))
        assert response.status_code == 302 and response["Location"] == report_url(world.unit)
        response = client.post(report_url(world.unit, "edit"), form_data(0, COMPLETE_2025, action="submit"))
        assert response.status_code == 302
        assert state() == before
        content = page_text(client.get(report_url(world.unit)))
        assert "Đã hết hạn nhập số liệu kỳ này. Đề nghị công đoàn cấp trên mở lại." in content
        assert "Bắt đầu lập báo cáo" not in content


def test_a_reviewer_reopens_a_closed_period_for_a_unit_that_never_started_and_the_officer_files(world, client):
    with time_machine.travel(AFTER_CLOSE, tick=False):
        client.force_login(world.reviewer)
        detail = page_text(client.get(report_url(world.unit)))
        assert "Mở lại cho đơn vị" in detail
        refused = client.post(report_url(world.unit, "reopen"), {"reopen-reason": "  "})
        assert refused.status_code == 200 and "Hãy ghi lý do" in page_text(refused)
        assert not Report.objects.exists()
        response = client.post(report_url(world.unit, "reopen"), {"reopen-reason": "Đơn vị mới có cán bộ phụ trách."})
        assert response.status_code == 302
        report = Report.objects.get()
        assert report.entry_extended_until == datetime.date(2026, 3, 15)
        assert list(report.events.values_list("action", "actor__username")) == [
            ("created", "reviewer"),
            ("reopened", "reviewer"),
        ]
        client.force_login(world.officer)
        assert client.get(report_url(world.unit, "edit")).status_code == 200
        response = client.post(
            report_url(world.unit, "edit"), form_data(report.version, COMPLETE_2025, action="submit")
        )
        assert response.status_code == 302
        report.refresh_from_db()
        assert report.status == ReportStatus.SUBMITTED and report.is_late


def test_the_reviewers_reason_is_shown_to_the_officer(world, officer):
    officer.post(report_url(world.unit, "edit"), form_data(0, COMPLETE_2025, action="submit"))
    report_return(report=Report.objects.get(), by=world.reviewer, reason="Thiếu danh sách đoàn viên được đào tạo.")
    home = page_text(officer.get("/"))
    assert "Bị trả lại để sửa" in home and "Thiếu danh sách đoàn viên được đào tạo." in home
    for url in (report_url(world.unit), report_url(world.unit, "edit")):
        content = page_text(officer.get(url))
        assert "Lý do người duyệt trả lại" in content and "Thiếu danh sách đoàn viên được đào tạo." in content


def test_an_approved_report_can_no_longer_be_edited(world, officer):
    officer.post(report_url(world.unit, "edit"), form_data(0, COMPLETE_2025, action="submit"))
    report = report_approve(report=Report.objects.get(), by=world.reviewer)
    before = state()
    response = officer.get(report_url(world.unit, "edit"))
    assert response.status_code == 302 and response["Location"] == report_url(world.unit)
    response = officer.post(
        report_url(world.unit, "edit"), form_data(report.version, {**COMPLETE_2025, "members": "1"})
    )
    assert response.status_code == 302
    assert state() == before
    content = page_text(officer.get(report_url(world.unit)))
    assert "không thể sửa" in content
    assert report_url(world.unit, "edit") not in content


def test_the_officers_home_lists_reports_due_with_days_left_and_past_ones(world, officer):
    content = page_text(officer.get("/"))
    assert "Đến hạn và sắp đến hạn" in content
    assert "còn 14 ngày" in content and "15-12-2025" in content
    assert "Báo cáo các kỳ trước" in content
    assert report_url(world.unit, "edit") in content


def test_in_english_the_labels_change_but_numbers_are_still_typed_the_vietnamese_way(world, officer):
    officer.post(report_url(world.unit, "edit"), form_data(0, {"members": "1.234"}))
    officer.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = officer.get(report_url(world.unit, "edit"))
    content = page_text(page)
    assert "Save draft" in content and "Previous period" in content
    assert input_value(page, "value-members") == "1.234"
    assert "Type numbers the Vietnamese way" in content
