"""import_values: the same rules as the web form, all or nothing, audited, safe to run twice at once."""

import datetime
import threading
from decimal import Decimal

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection

from reports.imports.issues import ImportRejected
from reports.imports.values import import_values_file
from reports.models import Report, ReportEvent, ReportStatus, ReportValue
from reports.services import report_approve, report_create, report_save, report_submit
from tests.spreadsheets import xlsx
from unions.models import Organization, OrganizationMove

HEADER = [
    "org_code",
    "period",
    "rating",
    "party_members",
    "party_members_good",
    "party_members_failed",
    "introduced_to_party",
    "civil_servant_members",
    "civil_servant_members_standard",
    "members",
    "members_trained",
]
FIGURES = {
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


def row(code, period="2025", **changes):
    figures = {**FIGURES, **changes}
    return [code, period] + [figures.get(column) for column in HEADER[2:]]


@pytest.fixture
def before_due():
    """1 December 2025: the 2025 year report of binhdinh-130 is due on 15 December; entry is open."""
    with time_machine.travel(datetime.datetime(2025, 12, 1, 9, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def stored(world, before_due):
    """A draft the unit's officer saved through the web form's service."""
    report = report_create(organization=world.unit, plan=world.bd_plan, period="2025", by=world.officer)
    return report_save(report=report, by=world.officer, values={"members": "100", "party_members": "30"})


def snapshot():
    """Everything an import could touch."""
    return (
        list(Report.objects.order_by("pk").values_list("pk", "organization_id", "period", "status", "version")),
        list(ReportValue.objects.order_by("pk").values_list("pk", "report_id", "indicator_id", "number", "choice")),
        ReportEvent.objects.count(),
        list(Organization.objects.order_by("pk").values_list("pk", "code", "name", "kind", "parent_id", "path")),
        OrganizationMove.objects.count(),
    )


def values_of(organization, period="2025"):
    return {
        code: (number.normalize() if number is not None else None, choice)
        for code, number, choice in ReportValue.objects.filter(
            report__organization=organization, report__period=period
        ).values_list("indicator__code", "number", "choice")
    }


def run(tmp_path, rows, *args, header=HEADER):
    path = tmp_path / "so-lieu.xlsx"
    path.write_bytes(xlsx([header, *rows]))
    call_command("import_values", str(path), "--plan", "binhdinh-130", *args)


def refused(tmp_path, capsys, rows, *args, header=HEADER) -> str:
    with pytest.raises(CommandError):
        run(tmp_path, rows, *args, header=header)
    return capsys.readouterr().err


def test_command_imports_drafts_and_records_who_changed_what(world, stored, tmp_path, capsys):
    run(tmp_path, [row("BD-D1-G1"), row("BD-D1-G2", rating="excellent")])
    assert "Đã nhập. 2 dòng: 1 báo cáo mới, 1 báo cáo thay đổi" in capsys.readouterr().out
    unit_report = Report.objects.get(organization=world.unit, period="2025")
    assert unit_report.status == ReportStatus.DRAFT and unit_report.version == stored.version + 1
    assert values_of(world.unit)["members"] == (Decimal(120), "")
    assert values_of(world.sibling)["rating"] == (None, "excellent")
    event = unit_report.events.last()
    assert (event.action, event.actor, event.from_status, event.to_status) == ("imported", None, "draft", "draft")
    assert event.changes["values"]["members"] == ["100", "120"]
    assert event.comment == "Nhập từ tệp so-lieu.xlsx."
    sibling_events = Report.objects.get(organization=world.sibling).events.values_list("action", flat=True)
    assert list(sibling_events) == ["created", "imported"]


def test_imported_reports_equal_the_same_figures_entered_through_the_services(world, before_due, tmp_path):
    from django.db import transaction

    def state():
        report = Report.objects.get(organization=world.unit, period="2025")
        return (report.status, report.is_late, report.first_submitted_at is not None, values_of(world.unit))

    with transaction.atomic():
        report = report_create(organization=world.unit, plan=world.bd_plan, period="2025", by=world.officer)
        report_save(report=report, by=world.officer, values=FIGURES)
        report_submit(report=report, by=world.officer)
        through_services = state()
        transaction.set_rollback(True)
    assert not Report.objects.exists()
    run(tmp_path, [row("BD-D1-G1")], "--status", "submitted")
    assert state() == through_services


def test_yes_no_and_choice_cells_take_every_documented_spelling(world, before_due, tmp_path):
    header = ["org_code", "period", "propagated", "hr_activities"]
    with time_machine.travel(datetime.datetime(2023, 12, 1, 9, tzinfo=datetime.UTC), tick=False):
        path = tmp_path / "hcm.xlsx"
        path.write_bytes(xlsx([header, ["HCM-GD-S1", 2023, "có", "1.234"], ["HCM-GD", "2023", 0, None]]))
        call_command("import_values", str(path), "--plan", "hcm-edu-1712")
    assert values_of(world.school, "2023") == {"propagated": (1, ""), "hr_activities": (1234, "")}
    assert values_of(world.hcm_gd, "2023") == {"propagated": (0, "")}


def test_submitting_needs_every_required_figure(world, before_due, tmp_path, capsys):
    before = snapshot()
    err = refused(tmp_path, capsys, [row("BD-D1-G1", members=None)], "--status", "submitted")
    assert "Dòng 2, cột J (members): Chưa nhập “Số đoàn viên (người lao động trong đơn vị)”." in err
    assert snapshot() == before


def test_dry_run_reports_and_writes_nothing(world, stored, tmp_path, capsys):
    before = snapshot()
    run(tmp_path, [row("BD-D1-G1")], "--dry-run")
    assert "Chạy thử, chưa ghi gì. 1 dòng: 0 báo cáo mới, 1 báo cáo thay đổi" in capsys.readouterr().out
    assert snapshot() == before


def test_importing_the_same_file_again_changes_nothing(world, stored, tmp_path, capsys):
    run(tmp_path, [row("BD-D1-G1")])
    before = snapshot()
    run(tmp_path, [row("BD-D1-G1")])
    assert "1 không đổi" in capsys.readouterr().out
    assert snapshot() == before


def test_an_empty_cell_removes_a_value_and_a_missing_column_keeps_it(world, stored, tmp_path):
    header = ["org_code", "name", "period", "members", "party_members_good"]
    run(tmp_path, [["BD-D1-G1", "CĐCS Công ty Một", "2025", None, "7"]], header=header)
    assert values_of(world.unit) == {"party_members": (30, ""), "party_members_good": (7, "")}


def test_a_row_without_any_figure_is_skipped(world, stored, tmp_path, capsys):
    before = snapshot()
    run(tmp_path, [["BD-D1-G1", "2025"] + [None] * 9, ["BD-D1-G2", "2025"] + [None] * 9])
    assert "2 không có số liệu" in capsys.readouterr().out
    assert snapshot() == before


def test_an_approved_report_is_not_overwritten_unless_forced(world, stored, tmp_path, capsys):
    report_save(report=stored, by=world.officer, values=FIGURES)
    report_submit(report=stored, by=world.officer)
    report_approve(report=stored, by=world.reviewer)
    before = snapshot()
    err = refused(tmp_path, capsys, [row("BD-D1-G1", members="150")], "--status", "approved")
    assert "báo cáo kỳ này của CĐCS Công ty Một đã được duyệt và khóa nên không bị ghi đè" in err
    assert snapshot() == before
    run(tmp_path, [row("BD-D1-G1")], "--status", "approved")  # same figures: nothing to overwrite
    assert snapshot() == before
    run(tmp_path, [row("BD-D1-G1", members="150")], "--status", "approved", "--force")
    report = Report.objects.get(pk=stored.pk)
    assert report.status == ReportStatus.APPROVED and values_of(world.unit)["members"] == (150, "")
    event = report.events.last()
    assert event.action == "imported" and "ghi đè báo cáo đã duyệt" in event.comment
    assert event.changes == {"values": {"members": ["120", "150"]}}


def test_a_draft_import_does_not_withdraw_a_submitted_report(world, stored, tmp_path, capsys):
    report_save(report=stored, by=world.officer, values=FIGURES)
    report_submit(report=stored, by=world.officer)
    before = snapshot()
    err = refused(tmp_path, capsys, [row("BD-D1-G1", members="121")])
    assert "đã gửi và đang chờ duyệt; nhập dưới dạng bản nháp sẽ rút báo cáo lại" in err
    assert snapshot() == before
    run(tmp_path, [row("BD-D1-G1", members="121")], "--status", "submitted")
    assert Report.objects.get(pk=stored.pk).status == ReportStatus.SUBMITTED


def test_a_submitted_import_marks_a_late_report_late_as_the_workflow_does(world, tmp_path):
    with time_machine.travel(datetime.datetime(2025, 12, 20, 9, tzinfo=datetime.UTC), tick=False):
        run(tmp_path, [row("BD-D1-G1")], "--status", "submitted")
    report = Report.objects.get(organization=world.unit)
    assert report.status == ReportStatus.SUBMITTED and report.is_late is True


def test_only_a_reviewer_above_may_import_approved_reports(world, before_due):
    content = xlsx([HEADER, row("BD-D1-G1")])
    with pytest.raises(ImportRejected) as exc:
        import_values_file(content, plan=world.bd_plan, by=world.officer, status=ReportStatus.APPROVED)
    assert "chỉ người duyệt của công đoàn cấp trên CĐCS Công ty Một mới được duyệt" in exc.value.messages[0]
    import_values_file(content, plan=world.bd_plan, by=world.reviewer, status=ReportStatus.APPROVED)
    assert Report.objects.get(organization=world.unit).status == ReportStatus.APPROVED


def test_a_closed_entry_window_applies_to_an_officer_but_not_to_a_reviewer_above(world):
    content = xlsx([HEADER, row("BD-D1-G1")])
    with time_machine.travel(datetime.datetime(2026, 2, 1, 9, tzinfo=datetime.UTC), tick=False):
        with pytest.raises(ImportRejected, match="Đã hết hạn nhập số liệu kỳ này"):
            import_values_file(content, plan=world.bd_plan, by=world.officer)
        import_values_file(content, plan=world.bd_plan, by=world.reviewer)
    assert values_of(world.unit)["members"] == (120, "")


def test_messages_are_in_english_for_an_english_user(world, before_due, tmp_path, capsys):
    with pytest.raises(CommandError, match="Nothing was imported"):
        run(tmp_path, [row("BD-D1-G1", members="abc")], "--language", "en")
    assert "Row 2, column J (members): “Số đoàn viên (người lao động trong đơn vị)”: “abc” is not a number." in (
        capsys.readouterr().err
    )


@pytest.mark.parametrize(
    ("rows", "header", "message"),
    [
        pytest.param(
            [row("BD-D9-G9")],
            HEADER,
            "Dòng 2, cột A (org_code): không có đơn vị nào có mã “BD-D9-G9”",
            id="unknown-org",
        ),
        pytest.param(
            [["BD-D1-G1", "2025", "5"]],
            ["org_code", "period", "khong_co"],
            "Dòng 1, cột C (khong_co): “khong_co” không phải là chỉ số của kế hoạch 130/KH-LĐLĐ",
            id="unknown-indicator",
        ),
        pytest.param([["BD-D1-G1", "5"]], ["org_code", "members"], "Dòng 1: thiếu cột “period”", id="missing-header"),
        pytest.param(
            [row("BD-D1-G1", period="2030")],
            HEADER,
            "Dòng 2, cột B (period): kế hoạch 130/KH-LĐLĐ không có kỳ báo cáo 2030.",
            id="period-not-in-plan",
        ),
        pytest.param(
            [row("BD-D1-G1", period="năm nay")], HEADER, "Dòng 2, cột B (period): “năm nay”", id="not-a-period"
        ),
        pytest.param(
            [row("BD-D1-G1", members="một trăm")],
            HEADER,
            "Dòng 2, cột J (members): “Số đoàn viên (người lao động trong đơn vị)”: “một trăm” không phải là số.",
            id="text-in-number",
        ),
        pytest.param(
            [row("BD-D1-G1", members="-5")],
            HEADER,
            "Dòng 2, cột J (members): “Số đoàn viên (người lao động trong đơn vị)” không được nhỏ hơn 0.",
            id="negative-count",
        ),
        pytest.param(
            [row("BD-D1-G1", members_trained="130")],
            HEADER,
            "Dòng 2, cột K (members_trained), J (members): “Trong đó: được đào tạo, bồi dưỡng nghề” (130) "
            "không được lớn hơn “Số đoàn viên (người lao động trong đơn vị)” (120).",
            id="part-above-whole",
        ),
        pytest.param(
            [row("BD-D1-G1", members="=100+20")],
            HEADER,
            "Dòng 2, cột J (members): ô chứa công thức (=100+20).",
            id="formula",
        ),
        pytest.param(
            [row("BD-D1-G1"), row("BD-D1-G1")],
            HEADER,
            "Dòng 3, cột A (org_code): đơn vị BD-D1-G1 và kỳ 2025 đã có ở dòng 2; mỗi dòng là một báo cáo.",
            id="same-report-twice",
        ),
        pytest.param(
            [row("HCM-GD-S1")],
            HEADER,
            "Dòng 2, cột A (org_code): CĐCS Trường Một",
            id="unit-outside-the-plan",
        ),
        pytest.param(
            [row("BD-D1")],
            HEADER,
            "Dòng 2, cột C (rating): “rating” không phải là chỉ số mà đơn vị này báo cáo trong kỳ này.",
            id="indicator-the-unit-does-not-report",
        ),
    ],
)
def test_bad_input_is_named_by_row_and_column_and_changes_nothing(
    world, stored, tmp_path, capsys, rows, header, message
):
    before = snapshot()
    err = refused(tmp_path, capsys, rows, header=header)
    assert message in err
    assert snapshot() == before


def test_one_bad_row_among_999_good_ones_writes_nothing_and_names_the_bad_row(world, stored, tmp_path, capsys):
    from tests.factories import OrganizationFactory

    units = [OrganizationFactory(code=f"BD-D1-X{n:03d}", parent=world.district) for n in range(999)]
    rows = [row(unit.code) for unit in units]
    rows.insert(500, row("BD-D1-G1", party_members_good="41"))
    before = snapshot()
    err = refused(tmp_path, capsys, rows)
    assert err.count("Dòng ") == 1
    assert "Dòng 502, cột E (party_members_good), F (party_members_failed), D (party_members):" in err
    assert snapshot() == before


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="an in-memory SQLite test database refuses a second writer at once"
)
@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_file_at_the_same_moment_end_with_one_set_of_values(world, tmp_path):
    """The plan's row is locked for the length of an import: the second one waits, then finds the
    reports the first one created and changes nothing."""
    path = tmp_path / "same.xlsx"
    path.write_bytes(xlsx([HEADER, row("BD-D1-G1"), row("BD-D1-G2"), row("BD-D2-G1")]))
    errors = []

    def import_once():
        try:
            with time_machine.travel(datetime.datetime(2025, 12, 1, 9, tzinfo=datetime.UTC), tick=False):
                import_values_file(str(path), plan=world.bd_plan, by=None, file_name="same.xlsx")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=import_once) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Report.objects.count() == 3
    assert ReportValue.objects.count() == 3 * len(FIGURES)
    assert ReportEvent.objects.filter(action="imported").count() == 3


def test_a_million_blank_rows_below_the_figures_are_not_read_and_the_figures_are_imported(
    world, before_due, tmp_path, capsys
):
    from tests.test_xlsx_reading import million_blank_rows

    path = tmp_path / "dai.xlsx"
    path.write_bytes(million_blank_rows())
    call_command("import_values", str(path), "--plan", "binhdinh-130")
    out = capsys.readouterr().out
    assert "Đã dừng đọc ở dòng 1003 sau 1000 dòng trống liên tiếp" in out
    assert values_of(world.unit) == {"members": (120, "")} and values_of(world.sibling) == {"members": (80, "")}


def test_a_header_above_a_million_blank_rows_is_refused_and_changes_nothing(world, before_due, tmp_path, capsys):
    from tests.test_xlsx_reading import million_blank_rows, replace_part

    content = million_blank_rows()
    import io
    import zipfile

    sheet = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    sheet = sheet.replace(sheet[sheet.index('<row r="2">') : sheet.index('<row r="4"')], "")
    path = tmp_path / "trong.xlsx"
    path.write_bytes(replace_part(content, "xl/worksheets/sheet1.xml", sheet.encode()))
    before = snapshot()
    with pytest.raises(CommandError):
        call_command("import_values", str(path), "--plan", "binhdinh-130")
    assert "Dòng 1: không có dòng số liệu nào dưới dòng tiêu đề." in capsys.readouterr().err
    assert snapshot() == before


def test_the_import_runs_with_the_collector_paused_and_resumes_it(world, before_due, tmp_path, monkeypatch):
    import gc

    from reports.imports import values

    seen = []
    write = values._write
    monkeypatch.setattr(values, "_write", lambda *args, **kwargs: (seen.append(gc.isenabled()), write(*args, **kwargs)))
    path = tmp_path / "so-lieu.xlsx"
    path.write_bytes(xlsx([HEADER, row(world.unit.code)]))
    import_values_file(path, plan=world.bd_plan, by=None)
    assert seen == [False]
    assert gc.isenabled()
    assert Report.objects.filter(organization=world.unit, plan=world.bd_plan, period="2025").exists()
