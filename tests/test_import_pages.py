"""The import page: template download, upload, preview, one confirmation, by persona."""

import datetime
import io
import re
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from reports.models import Report, ReportEvent, ReportStatus, StagedImport
from reports.services import report_create, report_save
from tests.spreadsheets import assert_no_formula, xlsx
from tests.test_import_values import FIGURES, HEADER, row, snapshot, values_of

FILES = Path(__file__).parent / "files"


def zip_bomb() -> bytes:
    """A real workbook carrying 210 MB of zeros, written a megabyte at a time (about 200 KB compressed)."""
    import zipfile

    from tests.test_xlsx_reading import plain_workbook

    out = io.BytesIO()
    base = zipfile.ZipFile(io.BytesIO(plain_workbook()))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in base.infolist():
            target.writestr(info, base.read(info.filename))
        with target.open("xl/media/padding.bin", "w") as padding:
            for _ in range(210):
                padding.write(bytes(1024 * 1024))
    return out.getvalue()


@pytest.fixture(autouse=True)
def before_due():
    with time_machine.travel(datetime.datetime(2025, 12, 1, 9, tzinfo=datetime.UTC), tick=False):
        yield


def upload(client, content, *, name="so-lieu.xlsx", status="draft", plan="binhdinh-130", **extra):
    return client.post(
        "/imports/", {"plan": plan, "status": status, "file": SimpleUploadedFile(name, content), **extra}
    )


def preview_of(client, response):
    assert response.status_code == 302, response.content.decode()[:3000]
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page


def confirm(client, page, fingerprint=None):
    content = page.content.decode()
    token = page.context["staged"].token
    if fingerprint is None:
        fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]+)"', content).group(1)
    return client.post(f"/imports/{token}/confirm/", {"fingerprint": fingerprint}, follow=True)


def template(client, org="BD-D1", period="2025", plan="binhdinh-130"):
    return client.get("/imports/template/", {"plan": plan, "period": period, "org": org})


def test_the_menu_offers_imports_to_reviewers_and_admins_only(world, client):
    for user, shown in ((world.reviewer, True), (world.admin, True), (world.officer, False), (world.viewer, False)):
        client.force_login(user)
        assert ("Nhập từ Excel" in client.get("/").content.decode()) is shown, user


def test_officers_viewers_and_visitors_cannot_open_the_import_page(world, client):
    assert client.get("/imports/")["Location"].startswith("/accounts/login/")
    for user in (world.officer, world.viewer, world.stranger):
        client.force_login(user)
        assert client.get("/imports/").status_code == 403
        assert template(client).status_code == 403


def test_the_template_lists_the_reviewers_units_with_their_figures(world, client):
    report = report_create(organization=world.unit, plan=world.bd_plan, period="2025", by=world.officer)
    report_save(report=report, by=world.officer, values={"members": "120", "rating": "good"})
    client.force_login(world.reviewer)
    response = template(client)
    assert response.status_code == 200
    assert 'filename="mau-nhap-binhdinh-130-2025-BD-D1.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["Số liệu", "Hướng dẫn"]
    sheet = workbook["Số liệu"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Mã đơn vị", "Tên đơn vị", "Kỳ báo cáo", "Xếp loại công đoàn cơ sở cuối năm")
    assert rows[1][:3] == ("org_code", "name", "period")
    assert set(HEADER[2:]) <= set(rows[1][3:])  # every grassroots indicator, and the upper levels' ones
    assert [r[:3] for r in rows[2:]] == [
        ("BD-D1-G1", "CĐCS Công ty Một", "2025"),
        ("BD-D1-G2", "CĐCS Công ty Hai", "2025"),
    ]
    columns = {code: index for index, code in enumerate(rows[1])}
    assert rows[2][columns["members"]] == 120 and isinstance(rows[2][columns["members"]], int)
    assert rows[2][columns["rating"]] == "good"
    assert sheet.freeze_panes == "D3"
    validations = {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv for dv in sheet.data_validations.dataValidation}
    rating = validations[_letter(columns["rating"])]
    assert rating.type == "list" and rating.formula1 == '"excellent,good,completed,not_completed"'
    members = validations[_letter(columns["members"])]
    assert members.type == "whole" and members.operator == "greaterThanOrEqual" and members.formula1 == "0"
    assert "Số nguyên. Không nhỏ hơn 0." in members.prompt
    trained = validations[_letter(columns["members_trained"])]
    assert "members_trained không được lớn hơn members." in trained.prompt
    assert_no_formula(workbook)


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def test_the_template_of_another_branch_or_plan_is_refused(world, client):
    client.force_login(world.reviewer)
    refused = template(client, org="BD-D2")
    assert refused.status_code == 400 and refused["Content-Type"].startswith("text/html")
    client.force_login(world.admin)
    assert template(client, org="NO-SUCH").status_code == 400
    assert "Không có đơn vị nào có mã này" in template(client, org="NO-SUCH").content.decode()
    client.force_login(world.reviewer)
    assert template(client, plan="hcm-edu-1712", org="BD-D1").status_code == 400
    assert "không có kỳ báo cáo 2030" in template(client, period="2030").content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        pytest.param("so-lieu.csv", b"org_code,period\nBD-D1-G1,2025\n", "tệp CSV", id="csv"),
        pytest.param("so-lieu.pdf", b"%PDF-1.4\n", "tài liệu PDF", id="pdf"),
        pytest.param("so-lieu.xls", b"<html><table><tr><td>1</td></tr></table></html>", "trang web", id="html"),
        pytest.param("so-lieu.xlsx", (FILES / "old-excel-renamed.xlsx").read_bytes(), "Excel 97–2003", id="xls"),
        pytest.param("so-lieu.xlsx", (FILES / "password-protected.xlsx").read_bytes(), "mật khẩu", id="password"),
        pytest.param("so-lieu.xlsx", zip_bomb, "bom nén", id="zip-bomb"),
    ],
)
def test_a_file_that_is_not_xlsx_is_refused_at_upload(world, client, name, content, message):
    content = content() if callable(content) else content
    client.force_login(world.reviewer)
    before = snapshot()
    response = upload(client, content, name=name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not StagedImport.objects.exists()
    assert snapshot() == before


def test_a_file_over_the_size_limit_is_refused_at_upload(world, client, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 2000
    client.force_login(world.reviewer)
    before = snapshot()
    response = upload(client, xlsx([HEADER] + [row("BD-D1-G1")] * 50))
    assert "vượt giới hạn" in response.content.decode()
    big = upload(client, b"PK\x03\x04" + b"\0" * (2 * 1024 * 1024))
    assert "vượt giới hạn" in big.content.decode()
    assert not StagedImport.objects.exists()
    assert snapshot() == before


def test_preview_shows_the_changes_and_confirming_writes_them_once(world, client):
    client.force_login(world.reviewer)
    before = snapshot()
    page = preview_of(client, upload(client, xlsx([HEADER, row("BD-D1-G1"), row("BD-D1-G2", members="1.200")])))
    content = page.content.decode()
    assert "Xem trước khi nhập" in content and "Xác nhận và nhập" in content
    assert "CĐCS Công ty Một" in content and "báo cáo mới" in content
    assert snapshot() == before  # nothing written by the upload or the preview
    done = confirm(client, page)
    assert "Đã nhập: 2 báo cáo mới, 0 báo cáo được cập nhật." in done.content.decode()
    assert values_of(world.sibling)["members"] == (1200, "")
    events = ReportEvent.objects.count()
    again = confirm(client, page)
    assert "Tệp này đã được nhập rồi; hệ thống không nhập lần thứ hai." in again.content.decode()
    assert ReportEvent.objects.count() == events
    staged = StagedImport.objects.get()
    assert staged.confirmed_at is not None and bytes(staged.content) == b""
    assert ReportEvent.objects.filter(action="imported", actor=world.reviewer).count() == 2


def test_a_stale_preview_writes_nothing_and_shows_the_new_changes(world, client):
    report = report_create(organization=world.unit, plan=world.bd_plan, period="2025", by=world.officer)
    client.force_login(world.reviewer)
    page = preview_of(client, upload(client, xlsx([HEADER, row("BD-D1-G1")])))
    report_save(report=report, by=world.officer, values={"members": "77"})
    before = snapshot()
    response = confirm(client, page)
    assert "Số liệu đã thay đổi kể từ khi bạn xem trước" in response.content.decode()
    assert snapshot() == before
    assert StagedImport.objects.get().confirmed_at is None
    assert "77" in response.content.decode()  # the new preview shows the officer's figure being replaced
    confirm(client, response)
    assert values_of(world.unit)["members"] == (120, "")


def test_a_reviewer_cannot_import_a_unit_outside_their_subtree(world, client):
    client.force_login(world.reviewer)
    before = snapshot()
    page = preview_of(client, upload(client, xlsx([HEADER, row("BD-D1-G1"), row("BD-D2-G1")])))
    content = page.content.decode()
    assert "không có đơn vị nào có mã “BD-D2-G1” trong số các đơn vị bạn được xem" in content
    assert "Xác nhận và nhập" not in content
    forced = confirm(client, page, fingerprint="0" * 64)
    assert "Chưa có gì được nhập: tệp có lỗi" in forced.content.decode()
    assert snapshot() == before


def test_someone_elses_upload_is_not_found(world, client):
    client.force_login(world.reviewer)
    page = preview_of(client, upload(client, xlsx([HEADER, row("BD-D1-G1")])))
    token = page.context["staged"].token
    client.force_login(world.federation_reviewer)
    assert client.get(f"/imports/{token}/").status_code == 404
    assert client.post(f"/imports/{token}/confirm/", {"fingerprint": "x"}).status_code == 404
    assert not Report.objects.exists()


def test_an_upload_older_than_a_day_can_no_longer_be_confirmed(world, client):
    client.force_login(world.reviewer)
    page = preview_of(client, upload(client, xlsx([HEADER, row("BD-D1-G1")])))
    StagedImport.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    response = confirm(client, page)
    assert "Tệp này đã được tải lên hơn một ngày trước" in response.content.decode()
    assert not Report.objects.exists()


def test_only_an_admin_is_offered_the_force_option(world, client):
    client.force_login(world.reviewer)
    assert "Ghi đè báo cáo đã duyệt" not in client.get("/imports/").content.decode()
    client.force_login(world.admin)
    assert "Ghi đè báo cáo đã duyệt" in client.get("/imports/").content.decode()


def test_the_preview_reads_a_fixed_number_of_queries(world, client, django_assert_max_num_queries):
    from tests.factories import OrganizationFactory

    units = [OrganizationFactory(code=f"BD-D1-Y{n:02d}", parent=world.district) for n in range(40)]
    client.force_login(world.reviewer)
    response = upload(client, xlsx([HEADER] + [row(unit.code) for unit in units]))
    with django_assert_max_num_queries(20):
        page = client.get(response["Location"])
    assert page.context["result"].reports_new == 40


def test_round_trip_download_fill_upload_equals_the_web_forms_result(world, client):
    """A reviewer fills the downloaded template and uploads it; the stored reports, the compliance figures
    and the summary workbook equal those the officers get by filing the same figures in the web form."""
    from django.db import transaction

    from plans.periods import Period
    from reports.compliance import evaluate
    from tests.reporting import form_data, report_url

    def state():
        return {
            report.organization.code: (report.status, report.is_late, values_of(report.organization))
            for report in Report.objects.select_related("organization")
        }

    def compliance():
        return {
            unit.code: evaluate(plan=world.bd_plan, organization=unit, period=Period(2025)).as_json()
            for unit in (world.district, world.bd)
        }

    def summary_sheet():
        """The summary sheet of the dashboard's Excel download, without its title rows (they carry the date)."""
        client.force_login(world.federation_reviewer)
        response = client.post("/dashboard/binhdinh-130/export/", {"org": "BD", "period": "2025"})
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        return list(workbook["Tổng hợp"].iter_rows(min_row=7, values_only=True))

    with transaction.atomic():
        for unit, officer in ((world.unit, world.officer), (world.sibling, world.sibling_officer)):
            client.force_login(officer)
            response = client.post(report_url(unit, "edit"), form_data(0, FIGURES, action="submit"))
            assert response.status_code == 302, response.content.decode()[:2000]
        through_forms = state(), compliance(), summary_sheet()
        transaction.set_rollback(True)
    assert not Report.objects.exists()
    assert through_forms[1]["BD-D1"][0]["reported"] == 2  # the officers' reports count

    client.force_login(world.reviewer)
    workbook = load_workbook(io.BytesIO(b"".join(template(client).streaming_content)))
    sheet = workbook["Số liệu"]
    codes = [cell.value for cell in sheet[2]]
    for data_row in sheet.iter_rows(min_row=3):
        for cell, code in zip(data_row, codes, strict=True):
            if code in FIGURES:
                cell.value = FIGURES[code]
    buffer = io.BytesIO()
    workbook.save(buffer)
    page = preview_of(client, upload(client, buffer.getvalue(), status=ReportStatus.SUBMITTED))
    confirm(client, page)
    assert (state(), compliance(), summary_sheet()) == through_forms


def test_the_template_reads_a_fixed_number_of_queries(world, client, django_assert_max_num_queries):
    from tests.factories import OrganizationFactory

    for n in range(60):
        OrganizationFactory(code=f"BD-D1-Q{n:02d}", parent=world.district)
    client.force_login(world.reviewer)
    with django_assert_max_num_queries(15):
        response = template(client)
        content = b"".join(response.streaming_content)
    rows = list(load_workbook(io.BytesIO(content))["Số liệu"].iter_rows(min_row=3, values_only=True))
    assert len(rows) == 62
