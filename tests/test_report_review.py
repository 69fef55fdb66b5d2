"""A reviewer above decides on reports in the browser, sees the queue and the status grid; the
officer is e-mailed the decision once it is committed."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.test import Client
from django.utils import timezone

from plans.models import Plan
from reports.models import Report, ReportStatus
from reports.services import report_approve, report_create, report_return, report_save, report_submit
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.reporting import BEFORE_DUE, COMPLETE_2025, report_url, state
from unions.models import OrganizationKind, Role


@pytest.fixture
def before_due():
    with time_machine.travel(BEFORE_DUE, tick=False):
        yield


def submit(unit, officer, period="2025", values=COMPLETE_2025):
    report = report_create(organization=unit, plan=Plan.objects.get(slug="binhdinh-130"), period=period, by=officer)
    report_save(report=report, by=officer, values=values)
    return report_submit(report=report, by=officer)


def officer_of(unit, username):
    user = UserFactory(username=username)
    MembershipFactory(user=user, organization=unit, role=Role.OFFICER)
    return user


@pytest.fixture
def submitted(world, before_due):
    return submit(world.unit, world.officer)


def test_the_queue_holds_the_submitted_reports_below_the_reviewer(world, client, before_due):
    mine = submit(world.unit, world.officer)
    sibling = submit(world.sibling, world.sibling_officer)
    elsewhere = submit(world.other_unit, officer_of(world.other_unit, "third_officer"))
    district_officer = officer_of(world.district, "district_officer")
    district_values = {"officers_fulltime": "5", "officers_degree": "4", "officers_political": "3"}
    # A consolidated report goes up only once the reports below are decided (test_consolidated_reports);
    # here the district's report is put in the queue directly, beside its children's.
    district = report_create(organization=world.district, plan=world.bd_plan, period="2025", by=district_officer)
    report_save(report=district, by=district_officer, values=district_values)
    Report.objects.filter(pk=district.pk).update(status=ReportStatus.SUBMITTED, submitted_at=timezone.now())
    client.force_login(world.reviewer)
    queue = client.get("/").context["queue"]
    assert [r.pk for r in queue.reports] == [mine.pk, sibling.pk]  # not the district's own report
    client.force_login(world.federation_reviewer)
    queue = client.get("/").context["queue"]
    assert {r.pk for r in queue.reports} == {mine.pk, sibling.pk, elsewhere.pk, district.pk}
    client.force_login(world.other_reviewer)
    assert [r.pk for r in client.get("/").context["queue"].reports] == [elsewhere.pk]


def test_a_report_leaves_the_queue_once_decided(world, client, submitted):
    client.force_login(world.reviewer)
    assert "CĐCS Công ty Một" in client.get("/").content.decode()
    report_approve(report=submitted, by=world.reviewer)
    assert client.get("/").context["queue"].total == 0


def test_the_reviewer_sees_the_report_beside_the_previous_periods_values(world, client):
    with time_machine.travel(datetime.datetime(2025, 6, 1, 9, tzinfo=datetime.UTC), tick=False):
        earlier = submit(world.unit, world.officer, period="2025S1", values={**COMPLETE_2025, "rating": ""})
        report_approve(report=earlier, by=world.reviewer)
    with time_machine.travel(BEFORE_DUE, tick=False):
        submit(world.unit, world.officer, values={**COMPLETE_2025, "members": "1.300"})
        client.force_login(world.reviewer)
        content = client.get(report_url(world.unit)).content.decode()
    row = content[content.index('<tr data-code="members">') :][:400]
    assert "1.300" in row and "1.234" in row
    assert 'Kỳ trước<div class="small fw-normal">6 tháng đầu năm 2025</div>' in content
    assert "Ý kiến duyệt" in content and "Duyệt" in content and "Trả lại đơn vị" in content


def test_approving_locks_the_report_and_mails_the_officer_after_commit(
    world, client, submitted, django_capture_on_commit_callbacks
):
    client.force_login(world.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(report_url(world.unit, "approve"), {"version": submitted.version})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.APPROVED
    assert [m.to for m in mail.outbox] == [["officer@example.vn"]]
    message = mail.outbox[0]
    assert message.subject == "[Chỉ tiêu] Báo cáo đã được duyệt: CĐCS Công ty Một, Năm 2025"
    assert "http://127.0.0.1:8000/reports/binhdinh-130/BD-D1-G1/2025/" in message.body
    assert "Đã duyệt báo cáo." in client.get(response["Location"]).content.decode()


def test_returning_needs_a_reason_and_keeps_what_was_typed(world, client, submitted):
    client.force_login(world.reviewer)
    before = state()
    response = client.post(
        report_url(world.unit, "return"), {"return-reason": " ", "return-version": submitted.version}
    )
    assert response.status_code == 200
    assert "Hãy ghi lý do để đơn vị biết cần sửa gì." in response.content.decode()
    assert state() == before


def test_returning_with_a_reason_mails_it_to_the_officer(world, client, submitted, django_capture_on_commit_callbacks):
    client.force_login(world.reviewer)
    reason = "Số đảng viên hoàn thành tốt nhiệm vụ chưa khớp biên bản."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            report_url(world.unit, "return"), {"return-reason": reason, "return-version": submitted.version}
        )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.return_reason) == (ReportStatus.RETURNED, reason)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[Chỉ tiêu] Báo cáo bị trả lại: CĐCS Công ty Một, Năm 2025"
    assert reason in mail.outbox[0].body


def test_a_stale_decision_is_refused(world, client, submitted):
    client.force_login(world.reviewer)
    opened_at = submitted.version
    report_return(report=submitted, by=world.federation_reviewer, reason="Thiếu số liệu.")
    before = state()
    response = client.post(report_url(world.unit, "approve"), {"version": opened_at}, follow=True)
    assert "Người khác đã lưu báo cáo này" in response.content.decode()
    assert state() == before


def test_a_reviewer_reopens_an_approved_report_with_a_reason(
    world, client, submitted, django_capture_on_commit_callbacks
):
    report_approve(report=submitted, by=world.reviewer)
    client.force_login(world.federation_reviewer)
    assert "Mở lại cho đơn vị" in client.get(report_url(world.unit)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(report_url(world.unit, "reopen"), {"reopen-reason": "Sai số đảng viên."})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.return_reason) == (ReportStatus.RETURNED, "Sai số đảng viên.")
    assert mail.outbox[0].subject.startswith("[Chỉ tiêu] Báo cáo được mở lại")


def test_no_mail_is_sent_when_the_decision_rolls_back(world, submitted, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        report_approve(report=submitted, by=world.reviewer)
        raise RuntimeError("something after the approval failed")
    assert callbacks == [] and mail.outbox == []
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED


def test_only_the_units_officers_are_mailed(world, submitted, django_capture_on_commit_callbacks):
    MembershipFactory(user=UserFactory(username="second_officer"), organization=world.unit, role=Role.OFFICER)
    MembershipFactory(user=UserFactory(username="no_mail", email=""), organization=world.unit, role=Role.OFFICER)
    with django_capture_on_commit_callbacks(execute=True):
        report_return(report=submitted, by=world.reviewer, reason="Thiếu.")
    assert sorted(m.to[0] for m in mail.outbox) == ["officer@example.vn", "second_officer@example.vn"]


def test_the_status_grid_shows_units_by_periods_with_their_status(world, client, submitted):
    report_approve(report=submitted, by=world.reviewer)
    client.force_login(world.reviewer)
    response = client.get("/")
    grid = response.context["grid"]
    assert [row.organization.code for row in grid.rows] == ["BD-D1", "BD-D1-G1", "BD-D1-G2"]
    assert [p.id for p in grid.periods][:3] == ["2025", "2025S1", "2024"]  # the latest first
    unit_row = grid.rows[1]
    assert unit_row.cells[0].state == ReportStatus.APPROVED
    assert unit_row.cells[1].state == "missing"  # 2025S1 is past due and was never filed
    assert grid.rows[2].cells[0].state == "pending"  # the sibling's 2025 report is not due yet
    content = response.content.decode()
    assert 'class="text-center status-approved"' in content and "Đã duyệt" in content
    assert report_url(world.unit) in content


def test_the_grid_filters_by_kind_and_parent(world, client, before_due):
    client.force_login(world.federation_reviewer)
    codes = lambda response: [row.organization.code for row in response.context["grid"].rows]  # noqa: E731
    assert codes(client.get("/", {"kind": "grassroots"})) == ["BD-D1-G1", "BD-D1-G2", "BD-D2-G1"]
    assert codes(client.get("/", {"parent": "BD-D2"})) == ["BD-D2", "BD-D2-G1"]
    assert codes(client.get("/", {"parent": "BD-D1", "kind": "grassroots"})) == ["BD-D1-G1", "BD-D1-G2"]
    # A parent outside the user's subtree is not offered and filters nothing out.
    client.force_login(world.reviewer)
    assert codes(client.get("/", {"parent": "BD-D2"})) == ["BD-D1", "BD-D1-G1", "BD-D1-G2"]


def test_a_viewer_sees_the_grid_but_no_queue(world, client, submitted):
    client.force_login(world.viewer)
    response = client.get("/")
    assert "grid" in response.context and "queue" not in response.context
    assert "Chờ bạn duyệt" not in response.content.decode()


def test_the_reviewers_home_does_not_grow_with_the_number_of_units(
    world, client, before_due, django_assert_max_num_queries
):
    for number in range(80):
        unit = OrganizationFactory(code=f"BD-D1-X{number:02d}", parent=world.district, kind=OrganizationKind.GRASSROOTS)
        if number % 3 == 0:
            Report.objects.create(organization=unit, plan=world.bd_plan, period="2025", status=ReportStatus.SUBMITTED)
    client.force_login(world.federation_reviewer)
    with django_assert_max_num_queries(10):
        response = client.get("/", {"page": "2"})
    assert response.status_code == 200
    assert len(response.context["grid"].rows) == 36  # BD, 2 districts, 3 units and 80 more: 50 a page
    queue = response.context["queue"]
    assert (queue.total, len(queue.reports)) == (27, 20)  # the oldest 20, and a count of the rest
    assert "và 7 báo cáo khác" in response.content.decode()


def test_a_long_queue_is_counted_up_to_its_limit(world, before_due, monkeypatch):
    """Beyond QUEUE_COUNT_LIMIT the queue says "more than" rather than counting every waiting report."""
    from reports.selectors import review
    from reports.selectors.review import review_queue

    for number in range(30):
        unit = OrganizationFactory(code=f"BD-D1-Y{number:02d}", parent=world.district, kind=OrganizationKind.GRASSROOTS)
        Report.objects.create(organization=unit, plan=world.bd_plan, period="2025", status=ReportStatus.SUBMITTED)
    exact = review_queue(world.federation_reviewer)
    assert (exact.total, exact.capped) == (30, False)
    assert (review_queue(world.federation_reviewer, count_limit=30).capped) is False
    capped = review_queue(world.federation_reviewer, count_limit=25)
    assert (capped.total, capped.capped, capped.more, len(capped.reports)) == (25, True, 5, 20)
    monkeypatch.setattr(review, "QUEUE_COUNT_LIMIT", 25)
    monkeypatch.setattr(review.review_queue, "__kwdefaults__", {"limit": 20, "count_limit": 25})
    client = Client()
    client.force_login(world.federation_reviewer)
    page = client.get("/").content.decode()
    assert ">25+</span>" in page


def test_the_officers_home_and_report_pages_have_a_fixed_query_budget(
    world, client, submitted, django_assert_max_num_queries
):
    client.force_login(world.officer)
    with django_assert_max_num_queries(6):
        client.get("/")
    with django_assert_max_num_queries(14):
        client.get(report_url(world.unit))
    with django_assert_max_num_queries(12):
        client.get(report_url(world.unit, "history"))


def test_the_history_page_shows_who_did_what_when_and_why(world, client, submitted):
    report_return(report=submitted, by=world.reviewer, reason="Thiếu danh sách.")
    report_save(report=submitted, by=world.officer, values={"members": "1.300"}, narrative={"results": "Đã bổ sung."})
    client.force_login(world.officer)
    content = client.get(report_url(world.unit, "history")).content.decode()
    assert "Lịch sử báo cáo" in content
    for text in ("Tạo mới", "Lưu", "Đã gửi", "Bị trả lại", "Thiếu danh sách.", "reviewer", "officer"):
        assert text in content
    assert "Số đoàn viên (người lao động trong đơn vị)" in content and "1.234" in content and "1.300" in content
    assert "Kết quả" in content and "Đã bổ sung." in content


def test_the_grid_filters_long_select_renders_as_djangos_select():
    """The "Under" list is rendered in Python for speed; it must be the same HTML as Django's Select,
    the chosen unit selected and every name escaped."""
    from django import forms
    from django.test.html import parse_html

    from reports.forms import LongSelect

    choices = [("", "All units"), ("HCM", "Hồ Chí Minh"), ("X&1", '<img src=x onerror="alert(1)">'), ("7", "Bảy")]
    attrs = {"id": "id_parent", "class": "form-select form-select-sm"}
    for value in ("", "X&1", "7", "missing"):
        ours = LongSelect(attrs=attrs, choices=choices).render("parent", value)
        django = forms.Select(attrs=attrs, choices=choices).render("parent", value)
        assert parse_html(ours) == parse_html(django), value
    assert "<img" not in LongSelect(choices=choices).render("parent", "")


# The template loop grid_cells replaced, kept to check that the HTML is the same.
OLD_GRID_CELLS = """{% load reporting %}{% for cell in row.cells %}
  <td class="text-center status-{{ cell.state }}" title="{{ cell.period.label }}: {{ cell.state|status_text }}">
    {% if cell.is_actionable %}<a class="stretched-cell" href="{% url 'report_detail' plan.slug row.organization.code cell.period.id %}">{{ cell.state|status_text }}{% if cell.is_late %}*{% endif %}</a>
    {% else %}<span class="text-muted">–</span>{% endif %}
  </td>{% endfor %}"""  # noqa: E501


def test_the_grid_cells_rendered_in_python_are_the_template_loop_they_replace(world, client, submitted):
    """grid_cells renders a row's cells in one call; the HTML is the template loop's, link by link."""
    from django.template import Context, Template
    from django.test.html import parse_html

    from reports.templatetags.reporting import grid_cells

    OrganizationFactory(code="BD-D1-Q1", parent=world.district, kind=OrganizationKind.GRASSROOTS)
    client.force_login(world.reviewer)
    grid = client.get("/").context["grid"]
    states = {cell.state for row in grid.rows for cell in row.cells}
    assert {"submitted", "missing", "pending"} <= states
    old = Template(OLD_GRID_CELLS)
    for row in grid.rows:
        expected = old.render(Context({"plan": grid.plan, "row": row}))
        assert parse_html(grid_cells(grid.plan, row)) == parse_html(expected), row.organization.code
