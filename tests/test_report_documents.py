"""Official documents: a Word file and a printable page in the layout of the union's own documents."""

import io

import pytest
import time_machine
from docx import Document

from plans.selectors import plan_structure
from reports.services import report_approve, report_create, report_mark_absent, report_save, report_submit
from tests.factories import MembershipFactory, UserFactory
from tests.reporting import AFTER_DUE, COMPLETE_2025, report_url
from unions.models import Organization, Role

UPPER_2025 = {"officers_fulltime": "6", "officers_degree": "6", "officers_political": "5"}


def docx_url(unit) -> str:
    return report_url(unit) + "document.docx"


@pytest.fixture
def after_due():
    with time_machine.travel(AFTER_DUE, tick=False):
        yield


def _file(unit, officer, values, plan, narrative=None):
    report = report_create(organization=unit, plan=plan, period="2025", by=officer)
    report = report_save(
        report=report,
        by=officer,
        values=values,
        task_accounts={"1.1": "Tổ chức 3 buổi sinh hoạt chính trị.\nPhát hành 2 số bản tin."},
        narrative=narrative or {"results": "Hoàn thành kế hoạch.", "proposals": "Đề nghị hỗ trợ tài liệu."},
    )
    return report_submit(report=report, by=officer)


def _texts(document) -> list[str]:
    """Every paragraph's text, the body's and the tables' (header and signature blocks are tables)."""
    texts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                texts.extend(paragraph.text for paragraph in cell.paragraphs)
    return texts


@pytest.fixture
def unit_report(world, after_due):
    Organization.objects.filter(pk=world.unit.pk).update(leader_name="Trần Văn Bốn", place="Quy Nhơn")
    return _file(world.unit, world.officer, COMPLETE_2025, world.bd_plan)


def test_word_document_has_the_header_number_date_targets_and_signature(world, unit_report, client):
    client.force_login(world.officer)
    response = client.get(docx_url(world.unit))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "bao-cao-binhdinh-130-bd-d1-g1-2025.docx" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    texts = _texts(document)
    header = document.tables[0].rows[0].cells
    left = [p.text for p in header[0].paragraphs]
    right = [p.text for p in header[1].paragraphs]
    assert left[0] == "LĐLĐ HUYỆN MỘT" and left[1] == "CĐCS CÔNG TY MỘT"
    assert "Số: 1/BC-CĐCS" in left
    assert right[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert "Quy Nhơn, ngày 20 tháng 12 năm 2025" in right
    assert "BÁO CÁO" in texts
    assert any(text.startswith("Kết quả thực hiện Kế hoạch số 130/KH-LĐLĐ ngày 30/8/2021") for text in texts)
    assert "(Năm 2025)" in texts
    assert "1.1. Đổi mới và thực hiện có hiệu quả công tác giáo dục chính trị, tư tưởng" in texts
    assert "Tổ chức 3 buổi sinh hoạt chính trị." in texts

    targets_table = next(t for t in document.tables if t.rows[0].cells[1].text == "Chỉ tiêu")
    rows = [[cell.text for cell in row.cells] for row in targets_table.rows[1:]]
    wording = [target.wording for target in plan_structure(world.bd_plan).targets]
    assert [row[1] for row in rows] == wording  # every target, in the plan's order
    by_wording = {row[1]: row for row in rows}
    ct2 = by_wording[wording[1]]
    assert ct2[2] == "< 0,3%" and ct2[4] == "Đạt"  # rated "good": not among the failing units
    ct3 = by_wording[wording[2]]
    assert ct3[3] == "95% (38/40)" and ct3[4] == "Đạt"
    ct6 = by_wording[wording[5]]
    assert ct6[4] == "Không áp dụng"  # full-time officers are counted above grassroots level

    signature = [p.text for p in document.tables[-1].rows[0].cells[1].paragraphs]
    assert signature[:2] == ["TM. BAN CHẤP HÀNH", "CHỦ TỊCH"] and signature[-1] == "Trần Văn Bốn"
    recipients = [p.text for p in document.tables[-1].rows[0].cells[0].paragraphs]
    assert recipients[0] == "Nơi nhận:" and "- Lưu: VT." in recipients


def test_word_document_is_a4_in_times_new_roman_with_the_usual_margins(world, unit_report, client):
    client.force_login(world.officer)
    document = Document(io.BytesIO(client.get(docx_url(world.unit)).content))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [
        round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ]
    top, bottom, left, right = margins  # stored in twips: compare whole millimetres
    assert 20 <= top <= 25 and 20 <= bottom <= 25 and 30 <= left <= 35 and 15 <= right <= 20
    assert document.styles["Normal"].font.name == "Times New Roman"
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs]
    assert runs and all(run.font.name == "Times New Roman" for run in runs)


def test_consolidated_document_carries_the_subtree_figures_and_the_standing_committees_signature(
    world, unit_report, client
):
    report_approve(report=unit_report, by=world.reviewer)
    report_mark_absent(organization=world.sibling, plan=world.bd_plan, period=unit_report.period_obj,
                       by=world.reviewer, reason="Không nộp.")  # fmt: skip
    officer = UserFactory(username="district_officer")
    MembershipFactory(user=officer, organization=world.district, role=Role.OFFICER)
    Organization.objects.filter(pk=world.district.pk).update(leader_name="Lê Thị Năm")
    district = _file(world.district, officer, UPPER_2025, world.bd_plan)
    client.force_login(world.federation_reviewer)
    document = Document(io.BytesIO(client.get(docx_url(world.district)).content))
    texts = _texts(document)
    assert [p.text for p in document.tables[0].rows[0].cells[0].paragraphs][:2] == [
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH BÌNH ĐỊNH",
        "LĐLĐ HUYỆN MỘT",
    ]
    assert f"Số: {district.document_number}/BC-LĐLĐ" in texts
    assert any("Số đơn vị phải báo cáo: 3; đã báo cáo: 2" in text for text in texts)
    assert any("CĐCS Công ty Hai (đã xác nhận không báo cáo)" in text for text in texts)
    signature = [p.text for p in document.tables[-1].rows[0].cells[1].paragraphs]
    assert signature[:2] == ["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH"] and signature[-1] == "Lê Thị Năm"
    targets_table = next(t for t in document.tables if t.rows[0].cells[1].text == "Chỉ tiêu")
    ct6 = [cell.text for cell in targets_table.rows[6].cells]
    assert ct6[3] == "100% (6/6)" and ct6[4] == "Đạt"
    recipients = [p.text for p in document.tables[-1].rows[0].cells[0].paragraphs]
    assert any("Liên đoàn Lao động tỉnh Bình Định (qua Ban Tổ chức - Kiểm tra)" in line for line in recipients)


def test_printable_page_has_the_same_blocks(world, unit_report, client):
    client.force_login(world.reviewer)
    response = client.get(report_url(world.unit, "document"))
    content = response.content.decode()
    for text in (
        "CĐCS CÔNG TY MỘT",
        "Số: 1/BC-CĐCS",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ngày 20 tháng 12 năm 2025",
        "BÁO CÁO",
        "Nơi nhận:",
        "TM. BAN CHẤP HÀNH",
        "css/document.css",
    ):
        assert text in content
    assert "<script>" not in content  # no inline script (CSP)
    assert report_url(world.unit, "document") in client.get(report_url(world.unit)).content.decode()


def test_a_draft_has_no_number_yet_and_says_so(world, after_due, client):
    report = report_create(organization=world.unit, plan=world.bd_plan, period="2025", by=world.officer)
    report_save(report=report, by=world.officer, values={"members": "10"})
    client.force_login(world.officer)
    document = Document(io.BytesIO(client.get(docx_url(world.unit)).content))
    texts = _texts(document)
    assert "Số:      /BC-CĐCS" in texts and "DỰ THẢO" in texts


def test_documents_are_404_for_another_branch_and_for_a_sibling_officer(world, unit_report, client):
    for user in (world.other_reviewer, world.sibling_officer, world.stranger):
        client.force_login(user)
        assert client.get(report_url(world.unit, "document")).status_code == 404
        assert client.get(docx_url(world.unit)).status_code == 404


def test_document_is_vietnamese_whatever_the_interface_language(world, unit_report, client):
    from django.utils import translation

    client.force_login(world.officer)
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        document = Document(io.BytesIO(client.get(docx_url(world.unit)).content))
    targets_table = next(t for t in document.tables if t.rows[0].cells[1].text == "Chỉ tiêu")
    assert targets_table.rows[1].cells[4].text in ("Đạt", "Chưa đạt", "Chưa có số liệu", "Không áp dụng")
    assert "BÁO CÁO" in _texts(document)


def test_document_page_query_count_is_bounded(world, unit_report, client, django_assert_max_num_queries):
    client.force_login(world.federation_reviewer)
    with django_assert_max_num_queries(30):
        assert client.get(report_url(world.district, "document")).status_code == 200
