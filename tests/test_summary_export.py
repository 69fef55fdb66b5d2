"""The summary workbook: its sheets and formats, its figures against the engine's, the export_summary
command, the dashboard's download (scoping, bad input) and the background run for big subtrees."""

import datetime
import io
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from plans.periods import Period
from reports.compliance import evaluate, evaluate_breakdown, units_not_reported
from reports.exports import jobs
from reports.exports.summary import write_summary
from reports.models import Report, ReportStatus, SummaryExport, SummaryExportStatus
from tests.compliance_data import file_report
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.spreadsheets import assert_no_formula, every_cell
from unions.models import OrganizationKind, Role

PERIOD = Period(2024)
SUMMARY, NOT_REPORTED, FIGURES = "Tổng hợp", "Chưa báo cáo", "Số liệu các đơn vị"
TARGET_SHEETS = [f"CT{n}" for n in range(1, 10)]


@pytest.fixture(autouse=True)
def exports_dir(settings, tmp_path):
    settings.EXPORT_ROOT = tmp_path / "exports"
    settings.EXPORT_JOB_RUNNER = "command"
    return settings.EXPORT_ROOT


@pytest.fixture
def filed(world):
    """2024 in Bình Định: BD-D1's two units reported (one late), BD-D1 itself reported its officers,
    BD-D2's unit has a draft only (not reported)."""
    file_report(
        world.unit,
        world.bd_plan,
        "2024",
        rating="good",
        party_members=40,
        party_members_good=38,
        party_members_failed=0,
        introduced_to_party=1,
        civil_servant_members=10,
        civil_servant_members_standard=10,
        members=120,
        members_trained=90,
    )
    file_report(
        world.sibling,
        world.bd_plan,
        "2024",
        ReportStatus.APPROVED,
        late=True,
        rating="not_completed",
        party_members=10,
        party_members_good=5,
        party_members_failed=1,
        introduced_to_party=0,
        members=50,
        members_trained=20,
    )
    file_report(world.district, world.bd_plan, "2024", officers_fulltime=5, officers_degree=5, officers_political=4)
    file_report(world.other_unit, world.bd_plan, "2024", ReportStatus.DRAFT, rating="good")
    Report.objects.exclude(status=ReportStatus.DRAFT).update(
        submitted_at=datetime.datetime(2024, 12, 10, 3, tzinfo=datetime.UTC)
    )


def export(world, organization=None, period=PERIOD) -> tuple:
    buffer = io.BytesIO()
    result = write_summary(plan=world.bd_plan, organization=organization or world.bd, period=period, out=buffer)
    return load_workbook(io.BytesIO(buffer.getvalue())), result


def table(sheet, first_header: str = "Mã đơn vị"):
    """The header row number, the headers and the data rows (cells) of a sheet's table."""
    rows = list(sheet.iter_rows())
    number = next(index for index, row in enumerate(rows) if row[0].value == first_header)
    body = []
    for row in rows[number + 1 :]:
        if all(cell.value is None for cell in row):
            break
        body.append(row)
    return number + 1, [cell.value for cell in rows[number]], body


def as_decimal(value):
    return None if value is None else Decimal(str(value))


# --- the workbook ------------------------------------------------------------------------------


def test_the_workbook_has_a_summary_a_sheet_per_target_the_missing_units_and_every_units_figures(world, filed):
    workbook, _result = export(world)

    assert workbook.sheetnames == [SUMMARY, *TARGET_SHEETS, NOT_REPORTED, FIGURES]
    summary = workbook[SUMMARY]
    titles = [summary.cell(row, 1).value for row in range(1, 6)]
    assert titles[0] == "Tổng hợp thực hiện các chỉ tiêu của kế hoạch"
    assert titles[1].startswith("Kế hoạch: 130/KH-LĐLĐ – ")
    assert titles[2] == "Đơn vị: Liên đoàn Lao động tỉnh Bình Định (BD) và các đơn vị trực thuộc"
    assert titles[3] == "Kỳ báo cáo: Năm 2024"
    assert titles[4].startswith("Lập ngày ")
    _number, headers, rows = table(summary, "Mã")
    assert headers == [
        "Mã",
        "Chỉ tiêu (theo kế hoạch)",
        "Cách tính",
        "So sánh",
        "Mức đề ra",
        "Giá trị",
        "Tình trạng",
        "Tử số",
        "Mẫu số",
        "Đơn vị phải báo cáo",
        "Đơn vị đã báo cáo",
        "Tỷ lệ báo cáo",
        "Báo cáo đúng hạn",
        "Tỷ lệ đúng hạn",
        "Ghi chú",
    ]
    assert [row[0].value for row in rows] == TARGET_SHEETS
    assert rows[0][1].value.startswith("Phấn đấu hằng năm, có từ 85% CĐCS trở lên hoàn thành tốt nhiệm vụ")
    _number, headers, _rows = table(workbook["CT3"])
    assert headers[:2] == ["Mã đơn vị", "Đơn vị"] and headers[-2:] == ["Giá trị", "Tình trạng"]
    _number, headers, _rows = table(workbook[NOT_REPORTED])
    assert headers == ["Mã đơn vị", "Đơn vị", "Loại đơn vị", "Trực thuộc", "Báo cáo"]
    _number, headers, _rows = table(workbook[FIGURES])
    assert headers[:7] == ["Mã đơn vị", "Đơn vị", "Trực thuộc", "Loại đơn vị", "Tình trạng", "Ngày gửi", "Đúng hạn"]
    assert headers[7] == "Xếp loại công đoàn cơ sở cuối năm\nrating"
    assert "Số đoàn viên là đảng viên (người)\nparty_members" in headers


def test_the_summary_sheet_gives_the_engines_figures(world, filed):
    workbook, result = export(world)
    compliance = evaluate(plan=world.bd_plan, organization=world.bd, period=PERIOD)
    assert result.compliance.as_json() == compliance.as_json()

    _number, _headers, rows = table(workbook[SUMMARY], "Mã")
    for row, expected in zip(rows, compliance.targets, strict=True):
        cells = [cell.value for cell in row]
        target = expected.target
        assert cells[0] == target.code and cells[1] == target.wording
        assert cells[3] == target.get_comparator_display()
        assert as_decimal(cells[4]) == target.threshold / 100
        assert as_decimal(cells[5]) == (None if expected.value is None else expected.value / 100)
        assert cells[6] == str(expected.status_label)
        assert (as_decimal(cells[7]), as_decimal(cells[8])) == (expected.numerator, expected.denominator)
        assert [cells[9], cells[10], cells[12]] == [expected.expected, expected.reported, expected.on_time]
        assert as_decimal(cells[11]) == expected.units.coverage / 100
    ct1 = compliance.target("CT1")
    assert (ct1.numerator, ct1.denominator, ct1.status) == (1, 2, "not_met")  # one of the two reported is good
    every_unit = "Mọi đơn vị báo cáo theo kế hoạch"
    units = next(row for row in workbook[SUMMARY].iter_rows(values_only=True) if row[1] == every_unit)
    assert (units[9], units[10], units[12]) == (
        compliance.units.expected,
        compliance.units.reported,
        compliance.units.on_time,
    )


def test_each_target_sheet_breaks_the_target_down_by_child_as_the_engine_does(world, filed):
    workbook, _result = export(world)
    breakdown = evaluate_breakdown(plan=world.bd_plan, organization=world.bd, period=PERIOD)

    for index, code in enumerate(TARGET_SHEETS):
        header, _headers, rows = table(workbook[code])
        assert [row[0].value for row in rows] == [line.organization.code for line in breakdown.rows]
        for row, line in zip(rows, breakdown.rows, strict=True):
            expected = line.compliance.targets[index]
            cells = [cell.value for cell in row]
            assert cells[2:4] == [expected.expected, expected.reported]
            assert (as_decimal(cells[6]), as_decimal(cells[7])) == (expected.numerator, expected.denominator)
            assert as_decimal(cells[8]) == (None if expected.value is None else expected.value / 100)
            assert cells[9] == str(expected.status_label)
        total = [cell.value for cell in list(workbook[code].iter_rows())[header + len(rows) + 1]]
        expected = breakdown.total.targets[index]
        assert total[1] == "Tổng cộng" and total[2:4] == [expected.expected, expected.reported]
        assert as_decimal(total[8]) == (None if expected.value is None else expected.value / 100)


def test_the_unit_sheets_list_the_engines_missing_and_reported_units(world, filed):
    workbook, result = export(world)
    compliance = evaluate(plan=world.bd_plan, organization=world.bd, period=PERIOD)
    missing = list(units_not_reported(plan=world.bd_plan, organization=world.bd, period=PERIOD))

    _number, _headers, rows = table(workbook[NOT_REPORTED])
    assert [row[0].value for row in rows] == [unit.code for unit in missing]
    other = next(row for row in rows if row[0].value == "BD-D2-G1")
    assert [cell.value for cell in other[1:]] == ["CĐCS Công ty Ba", "Công đoàn cơ sở", "LĐLĐ huyện Hai", "Bản nháp"]

    _number, headers, rows = table(workbook[FIGURES])
    assert len(rows) == compliance.units.reported == result.reported_rows == 3
    assert result.reported_rows + result.not_reported_rows == compliance.units.expected
    by_code = {row[0].value: dict(zip(headers, [cell.value for cell in row], strict=True)) for row in rows}
    assert list(by_code) == ["BD-D1", "BD-D1-G1", "BD-D1-G2"]  # tree order
    unit = by_code["BD-D1-G1"]
    assert unit["Xếp loại công đoàn cơ sở cuối năm\nrating"] == "Hoàn thành tốt nhiệm vụ"
    assert unit["Số đoàn viên là đảng viên (người)\nparty_members"] == 40
    assert unit["Tình trạng"] == "Đã gửi" and unit["Đúng hạn"] == "Có"
    assert by_code["BD-D1-G2"]["Đúng hạn"] == "Không"
    assert by_code["BD-D1"]["Số đoàn viên là đảng viên (người)\nparty_members"] is None  # not reported by a district
    degree = next(header for header in headers if header.endswith("\nofficers_degree"))
    assert by_code["BD-D1"][degree] == 5


def test_numbers_are_numbers_percents_have_a_percent_format_and_no_cell_is_a_formula(world, filed):
    workbook, _result = export(world)
    assert_no_formula(workbook)

    percent_headers = {"Mức đề ra", "Giá trị", "Tỷ lệ báo cáo", "Tỷ lệ đúng hạn"}
    number_headers = {"Tử số", "Mẫu số", "Đơn vị phải báo cáo", "Đơn vị đã báo cáo", "Báo cáo đúng hạn"}
    for name in [SUMMARY, *TARGET_SHEETS]:
        _number, headers, rows = table(workbook[name], "Mã" if name == SUMMARY else "Mã đơn vị")
        for row in rows:
            for header, cell in zip(headers, row, strict=True):
                if header in percent_headers:
                    assert cell.number_format == "0.00%", (name, header)
                    assert cell.value is None or isinstance(cell.value, int | float), (name, header, cell.value)
                if header in number_headers:
                    assert isinstance(cell.value, int | float), (name, header, cell.value)
                if header in {"Tử số", "Mẫu số"}:
                    assert cell.number_format == ("#,##0" if isinstance(cell.value, int) else "#,##0.0###")
    _number, headers, rows = table(workbook[FIGURES])
    counts = [index for index, header in enumerate(headers) if header.endswith("\nparty_members")]
    for row in rows:
        assert row[counts[0]].value is None or isinstance(row[counts[0]].value, int)
        assert isinstance(row[5].value, datetime.datetime) and row[5].number_format == "dd/mm/yyyy"
    text_numbers = [
        cell.coordinate
        for cell in every_cell(workbook)
        if isinstance(cell.value, str) and cell.value.replace(".", "").replace(",", "").isdigit()
    ]
    assert text_numbers == []


def test_sheets_have_frozen_headers_filters_widths_and_met_colours(world, filed):
    workbook, _result = export(world)
    for sheet in workbook.worksheets:
        header, headers, rows = table(sheet, "Mã" if sheet.title == SUMMARY else "Mã đơn vị")
        assert sheet.freeze_panes == f"B{header + 1}", sheet.title
        assert sheet.auto_filter.ref.startswith(f"A{header}:"), sheet.title
        assert sheet.column_dimensions["B"].width >= 30, sheet.title
    rows = table(workbook[SUMMARY], "Mã")[2]
    colours = {row[6].value: (row[6].fill.fgColor.rgb, row[5].fill.fgColor.rgb) for row in rows}
    assert colours["Đạt"] == ("00C6EFCE", "00C6EFCE")
    assert colours["Chưa đạt"] == ("00FFC7CE", "00FFC7CE")


def test_a_unit_named_like_a_formula_stays_text(world, filed):
    trap = OrganizationFactory(code="BD-D2-G9", name='=HYPERLINK("http://x","bấm")', parent=world.other_district)
    file_report(trap, world.bd_plan, "2024", rating="good")
    OrganizationFactory(code="BD-D2-G8", name="-2+3", parent=world.other_district)
    workbook, _result = export(world)

    assert_no_formula(workbook)
    names = [cell for cell in every_cell(workbook) if cell.value in ('=HYPERLINK("http://x","bấm")', "-2+3")]
    assert len(names) == 2 and all(cell.data_type == "s" and cell.quotePrefix for cell in names)


def test_a_subtree_without_reports_still_gives_a_workbook_with_no_data(world):
    workbook, result = export(world, world.other_district)
    assert result.reported_rows == 0 and result.not_reported_rows == 2  # BD-D2 and its unit
    rows = table(workbook[SUMMARY], "Mã")[2]
    assert {row[6].value for row in rows} == {"Chưa có số liệu"}
    assert all(row[5].value is None for row in rows)


def test_the_workbook_speaks_english_to_an_english_user(world, filed):
    from django.utils import translation

    with translation.override("en"):
        workbook, _result = export(world)
    assert workbook.sheetnames[0] == "Summary" and workbook.sheetnames[-2:] == ["Not reported", "Unit figures"]
    assert table(workbook["Summary"], "Code")[1][1] == "Target, as worded in the plan"


# --- the command ----------------------------------------------------------------------------------


def test_export_summary_writes_the_workbook_and_says_what_is_in_it(world, filed, tmp_path, capsys):
    out = tmp_path / "tong-hop.xlsx"
    call_command("export_summary", "--plan", "binhdinh-130", "--org", "BD-D1", "--period", "2024", "-o", str(out))

    printed = capsys.readouterr().out
    assert str(out) in printed and "9 chỉ tiêu" in printed and "3 đơn vị đã báo cáo" in printed
    workbook = load_workbook(out)
    assert workbook.sheetnames[0] == SUMMARY and "LĐLĐ huyện Một (BD-D1)" in workbook[SUMMARY]["A3"].value
    assert [path.name for path in tmp_path.iterdir()] == ["tong-hop.xlsx"]  # no partial file left behind


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--plan", "no-such-plan", "--org", "BD", "--period", "2024"], "no-such-plan"),
        (["--plan", "binhdinh-130", "--org", "NOPE", "--period", "2024"], "NOPE"),
        (["--plan", "binhdinh-130", "--org", "BD", "--period", "24"], "“24”"),
        (["--plan", "binhdinh-130", "--org", "BD", "--period", "2031"], "2031"),
        (["--plan", "binhdinh-130", "--org", "HCM-GD", "--period", "2024"], "không trực thuộc"),
        (["--plan", "binhdinh-130", "--org", "VGCL", "--period", "2024"], "VGCL"),
    ],
)
def test_export_summary_refuses_bad_input_and_writes_nothing(world, tmp_path, args, message):
    out = tmp_path / "x.xlsx"
    with pytest.raises(CommandError) as error:
        call_command("export_summary", *args, "-o", str(out))
    assert message in str(error.value)
    assert list(tmp_path.iterdir()) == []


def test_export_summary_refuses_an_output_it_cannot_write(world, tmp_path, monkeypatch):
    base = ["--plan", "binhdinh-130", "--org", "BD", "--period", "2024", "-o"]
    cases = [
        (tmp_path / "missing" / "x.xlsx", "không tồn tại"),
        (tmp_path, "là một thư mục"),
        (tmp_path / "x.csv", ".xlsx"),
    ]
    for path, message in cases:
        with pytest.raises(CommandError) as error:
            call_command("export_summary", *base, str(path))
        assert message in str(error.value), path

    monkeypatch.setattr("os.access", lambda *args: False)
    with pytest.raises(CommandError) as error:
        call_command("export_summary", *base, str(tmp_path / "x.xlsx"))
    assert "không có quyền ghi" in str(error.value)
    monkeypatch.undo()

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    with pytest.raises(CommandError) as error:
        call_command("export_summary", *base, str(tmp_path / "x.xlsx"))
    assert "Permission denied" in str(error.value)
    assert list(tmp_path.iterdir()) == []


def test_a_failure_while_writing_leaves_no_half_written_file(world, tmp_path, monkeypatch):
    out = tmp_path / "x.xlsx"
    out.write_bytes(b"the previous export")

    def broken(**kwargs):
        kwargs["out"].write(b"half")
        raise RuntimeError("database went away")

    monkeypatch.setattr("reports.management.commands.export_summary.write_summary", broken)
    with pytest.raises(RuntimeError):
        call_command("export_summary", "--plan", "binhdinh-130", "--org", "BD", "--period", "2024", "-o", str(out))
    assert [path.name for path in tmp_path.iterdir()] == ["x.xlsx"] and out.read_bytes() == b"the previous export"


# --- the dashboard's download ---------------------------------------------------------------------


def post_export(client, org="BD-D1", period="2024", plan="binhdinh-130"):
    return client.post(f"/dashboard/{plan}/export/", {"org": org, "period": period})


def downloaded(response):
    assert response.status_code == 200, response.content[:2000]
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_the_dashboard_offers_the_excel_summary_of_the_shown_unit_and_period(world, filed, client):
    client.force_login(world.reviewer)
    content = client.get("/dashboard/binhdinh-130/", {"org": "BD-D1", "period": "2024"}).content.decode()
    assert 'action="/dashboard/binhdinh-130/export/"' in content
    assert 'name="org" value="BD-D1"' in content and 'name="period" value="2024"' in content
    assert "Tải bảng tổng hợp Excel" in content


def test_a_reviewer_downloads_the_summary_of_their_subtree(world, filed, client):
    client.force_login(world.reviewer)
    response = post_export(client)
    assert 'filename="tong-hop-binhdinh-130-BD-D1-2024.xlsx"' in response["Content-Disposition"]
    workbook = downloaded(response)
    assert_no_formula(workbook)
    compliance = evaluate(plan=world.bd_plan, organization=world.district, period=PERIOD)
    rows = table(workbook[SUMMARY], "Mã")[2]
    assert [row[6].value for row in rows] == [str(result.status_label) for result in compliance.targets]
    assert len(table(workbook[FIGURES])[2]) == compliance.units.reported


def test_an_officer_downloads_their_own_units_summary_only(world, filed, client):
    client.force_login(world.officer)
    workbook = downloaded(post_export(client, org="BD-D1-G1"))
    assert [row[0].value for row in table(workbook[FIGURES])[2]] == ["BD-D1-G1"]
    for code in ("BD-D1-G2", "BD-D1", "BD"):
        assert post_export(client, org=code).status_code == 404, code


def test_another_branch_an_outsider_or_a_bad_question_is_not_found(world, filed, client):
    client.force_login(world.other_reviewer)
    for code in ("BD-D1", "BD-D1-G1", "BD"):
        assert post_export(client, org=code).status_code == 404, code
    assert post_export(client, org="BD-D2").status_code == 200

    client.force_login(world.stranger)
    assert post_export(client).status_code == 404
    client.force_login(world.reviewer)
    assert post_export(client, org="").status_code == 404
    assert post_export(client, period="2031").status_code == 404
    assert post_export(client, period="hai nghìn").status_code == 404
    assert post_export(client, plan="hcm-edu-1712", org="HCM-GD").status_code == 404
    assert client.get("/dashboard/binhdinh-130/export/", {"org": "BD-D1", "period": "2024"}).status_code == 405


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(world, client):
    response = post_export(client)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_download_reads_a_fixed_number_of_queries(world, filed, client, django_assert_max_num_queries):
    for number in range(40):
        unit = OrganizationFactory(code=f"BD-D1-Q{number:02d}", parent=world.district)
        if number % 2:
            file_report(unit, world.bd_plan, "2024", rating="good", members=10, members_trained=8)
    client.force_login(world.reviewer)
    with django_assert_max_num_queries(20):
        workbook = downloaded(post_export(client))
    assert len(table(workbook[FIGURES])[2]) == 23 and len(table(workbook[NOT_REPORTED])[2]) == 20


# --- big subtrees: in the background --------------------------------------------------------------


@pytest.fixture
def big(settings):
    """Any subtree with more than one unit counts as big."""
    settings.EXPORT_BACKGROUND_UNITS = 1


def test_a_big_subtree_is_written_in_the_background_and_downloaded_when_ready(world, filed, big, client):
    client.force_login(world.federation_reviewer)
    response = post_export(client, org="BD")
    job = SummaryExport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/dashboard/exports/{job.token}/"
    assert (job.requested_by, job.organization, job.period) == (world.federation_reviewer, world.bd, "2024")
    assert job.units_total == 6

    page = client.get(response["Location"]).content.decode()
    assert "Đang chờ bắt đầu" in page and "0 / 6" in page
    assert 'hx-trigger="every 2s"' in page and '<meta http-equiv="refresh" content="5">' in page
    assert client.get(f"/dashboard/exports/{job.token}/download/")["Location"] == f"/dashboard/exports/{job.token}/"

    assert jobs.run_waiting_exports() == 1
    job.refresh_from_db()
    assert (job.status, job.units_done, job.units_total) == (SummaryExportStatus.DONE, 6, 6)
    partial = client.get(f"/dashboard/exports/{job.token}/", headers={"HX-Request": "true"}).content.decode()
    assert "Bảng tổng hợp đã sẵn sàng" in partial and "hx-trigger" not in partial and "<html" not in partial
    workbook = downloaded(client.get(f"/dashboard/exports/{job.token}/download/"))
    compliance = evaluate(plan=world.bd_plan, organization=world.bd, period=PERIOD)
    assert len(table(workbook[FIGURES])[2]) == compliance.units.reported


def test_a_double_click_starts_one_background_export(world, filed, big, client):
    client.force_login(world.federation_reviewer)
    first, second = post_export(client, org="BD"), post_export(client, org="BD")
    assert first["Location"] == second["Location"] and SummaryExport.objects.count() == 1
    post_export(client, org="BD", period="2023")
    assert SummaryExport.objects.count() == 2


def test_each_job_is_written_once_however_many_runners_ask(world, filed, big, client):
    client.force_login(world.federation_reviewer)
    post_export(client, org="BD")
    job = SummaryExport.objects.get()
    assert jobs.run_summary_export(job.pk) is True
    assert jobs.run_summary_export(job.pk) is False
    call_command("run_export_jobs")
    assert len(list(Path(jobs.export_storage().location).iterdir())) == 1


def test_someone_elses_export_is_not_found(world, filed, big, client):
    client.force_login(world.federation_reviewer)
    post_export(client, org="BD")
    jobs.run_waiting_exports()
    token = SummaryExport.objects.get().token
    for person in (world.reviewer, world.other_reviewer, world.admin):
        client.force_login(person)
        assert client.get(f"/dashboard/exports/{token}/").status_code == 404
        assert client.get(f"/dashboard/exports/{token}/download/").status_code == 404


def test_an_export_is_not_found_once_its_requester_may_no_longer_see_the_figures(world, filed, big, client):
    client.force_login(world.federation_reviewer)
    post_export(client, org="BD")
    jobs.run_waiting_exports()
    token = SummaryExport.objects.get().token
    world.federation_reviewer.memberships.all().delete()
    assert client.get(f"/dashboard/exports/{token}/download/").status_code == 404


def test_progress_is_recorded_while_the_rows_are_written(world, filed, big, client, monkeypatch):
    monkeypatch.setattr("reports.exports.unit_rows.CHUNK", 2)
    monkeypatch.setattr(jobs, "_HEARTBEAT", datetime.timedelta(0))
    client.force_login(world.federation_reviewer)
    post_export(client, org="BD")
    job = SummaryExport.objects.get()
    recorded = []
    real = jobs.write_summary

    def watched(**kwargs):
        callback = kwargs.pop("progress")

        def progress(done):
            callback(done)
            recorded.append((done, SummaryExport.objects.values_list("units_done", flat=True).get(pk=job.pk)))

        return real(progress=progress, **kwargs)

    monkeypatch.setattr(jobs, "write_summary", watched)
    jobs.run_summary_export(job.pk)
    assert [stored for _done, stored in recorded] == [done for done, _stored in recorded]
    assert recorded[-1][0] == job.units_total and len(recorded) >= 3


def test_a_failed_export_says_so_and_can_be_started_again(world, filed, big, client, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(jobs, "write_summary", broken)
    client.force_login(world.federation_reviewer)
    status_url = post_export(client, org="BD")["Location"]
    jobs.run_waiting_exports()
    page = client.get(status_url).content.decode()
    assert "Không ghi được bảng tổng hợp" in page and "Làm lại" in page and "hx-trigger" not in page
    monkeypatch.undo()
    again = post_export(client, org="BD")
    assert again["Location"] != status_url and SummaryExport.objects.count() == 2


def test_an_interrupted_export_is_shown_as_such_and_a_new_one_can_start(world, filed, big, client):
    client.force_login(world.federation_reviewer)
    status_url = post_export(client, org="BD")["Location"]
    long_ago = datetime.datetime.now(datetime.UTC) - jobs.STALE_AFTER - datetime.timedelta(minutes=1)
    SummaryExport.objects.update(status=SummaryExportStatus.RUNNING, started_at=long_ago, heartbeat_at=long_ago)
    page = client.get(status_url).content.decode()
    assert "bị gián đoạn" in page and "hx-trigger" not in page
    assert post_export(client, org="BD")["Location"] != status_url


def test_old_exports_are_deleted_with_their_files(world, filed, big, client):
    client.force_login(world.federation_reviewer)
    post_export(client, org="BD")
    jobs.run_waiting_exports()
    stored = Path(jobs.export_storage().path(SummaryExport.objects.get().file_name))
    assert stored.exists()
    SummaryExport.objects.update(created_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=25))
    call_command("run_export_jobs")
    assert not SummaryExport.objects.exists() and not stored.exists()


@pytest.mark.django_db(transaction=True)
def test_the_default_runner_writes_the_workbook_in_a_thread_after_the_request(settings, monkeypatch, caplog):
    from plans.services import seed_plans

    settings.EXPORT_JOB_RUNNER = "thread"
    _hcm_plan, plan = seed_plans()
    bd = plan.issuer
    district = OrganizationFactory(code="BD-T1", kind=OrganizationKind.DISTRICT, parent=bd)
    for number in range(3):
        file_report(OrganizationFactory(code=f"BD-T1-{number}", parent=district), plan, "2024", rating="good")
    user = UserFactory(username="thread_reviewer")
    MembershipFactory(user=user, organization=bd, role=Role.REVIEWER)

    monkeypatch.setattr(jobs, "_HEARTBEAT", datetime.timedelta(0))
    recorded = []
    real_record = jobs._record_progress

    def record(job_id, done, moment):
        real_record(job_id, done, moment)  # on PostgreSQL from inside the export's read-only snapshot
        recorded.append(done)

    monkeypatch.setattr(jobs, "_record_progress", record)
    job = jobs.summary_export_start(by=user, plan=plan, organization=bd, period=PERIOD)
    for thread in threading.enumerate():
        if thread.name == f"summary-export-{job.pk}":
            thread.join(timeout=60)
    job.refresh_from_db()
    assert job.status == SummaryExportStatus.DONE and job.units_done == 5
    assert recorded and recorded[-1] == 5
    assert not [record for record in caplog.records if "progress" in record.getMessage()]
    workbook = load_workbook(jobs.export_storage().path(job.file_name))
    assert len(table(workbook[FIGURES])[2]) == 3


def test_a_status_page_polled_after_the_session_ended_sends_the_whole_page_to_sign_in(world, filed, big, client):
    client.force_login(world.federation_reviewer)
    status_url = post_export(client, org="BD")["Location"]
    client.logout()
    polled = client.get(status_url, headers={"HX-Request": "true"})
    assert polled.status_code == 204 and polled["HX-Redirect"].startswith("/accounts/login/?next=/dashboard/exports/")
    opened = client.get(status_url)
    assert opened.status_code == 302 and opened["Location"].startswith("/accounts/login/")


def test_the_inline_runner_writes_the_workbook_once_the_request_commits(
    world, filed, big, client, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_JOB_RUNNER = "inline"
    client.force_login(world.federation_reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        status_url = post_export(client, org="BD")["Location"]
    assert SummaryExport.objects.get().status == SummaryExportStatus.DONE
    assert "Bảng tổng hợp đã sẵn sàng" in client.get(status_url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_sheets_agree_with_each_other_while_reports_are_filed(monkeypatch):
    from django.db import connection, connections

    from plans.services import seed_plans
    from reports.exports import summary

    if connection.vendor != "postgresql":
        pytest.skip("the export's snapshot is PostgreSQL's (SQLite lets one writer at a time)")
    _hcm_plan, plan = seed_plans()
    district = OrganizationFactory(code="BD-S1", kind=OrganizationKind.DISTRICT, parent=plan.issuer)
    units = [OrganizationFactory(code=f"BD-S1-{number}", parent=district) for number in range(3)]
    file_report(units[0], plan, "2024", rating="good")
    real = summary.units_not_reported

    def filed_meanwhile(**kwargs):
        """Another user submits a report after the engine has read the figures, before the unit sheets."""

        def submit():
            try:
                file_report(units[1], plan, "2024", rating="good")
            finally:
                connections.close_all()

        thread = threading.Thread(target=submit)
        thread.start()
        thread.join()
        return real(**kwargs)

    monkeypatch.setattr(summary, "units_not_reported", filed_meanwhile)
    result = write_summary(plan=plan, organization=district, period=PERIOD, out=io.BytesIO())
    assert result.compliance.units.reported == result.reported_rows == 1
    assert result.reported_rows + result.not_reported_rows == result.compliance.units.expected == 4
    assert evaluate(plan=plan, organization=district, period=PERIOD).units.reported == 2  # counts from now on
