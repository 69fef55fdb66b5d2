"""Reports go up: an upper unit's report is compiled from its subtree, goes up once the reports below
are decided, and is reviewed level by level up to the plan's issuer (and, for the issuer's own
report, the level above it)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from plans.periods import Period
from reports.compliance import evaluate
from reports.models import Report, ReportAction, ReportStatus
from reports.services import (
    report_approve,
    report_create,
    report_mark_absent,
    report_reopen,
    report_return,
    report_save,
    report_submit,
)
from tests.factories import MembershipFactory, UserFactory
from tests.reporting import AFTER_DUE, BEFORE_DUE, COMPLETE_2025, report_url, state
from unions.models import Role

UPPER_2025 = {"officers_fulltime": "6", "officers_degree": "6", "officers_political": "5"}
YEAR = Period(2025)


@pytest.fixture
def after_due():
    with time_machine.travel(AFTER_DUE, tick=False):
        yield


def person(username, role, unit):
    user = UserFactory(username=username)
    MembershipFactory(user=user, organization=unit, role=role)
    return user


def filed(unit, officer, values, plan, *, submit=True):
    report = report_create(organization=unit, plan=plan, period="2025", by=officer)
    report = report_save(report=report, by=officer, values=values, narrative={"results": "Đã triển khai."})
    return report_submit(report=report, by=officer) if submit else report


@pytest.fixture
def chain(world, after_due):
    """The unit's report approved, the sibling's a draft, the district's own figures typed."""
    district_officer = person("district_officer", Role.OFFICER, world.district)
    unit_report = report_approve(
        report=filed(world.unit, world.officer, COMPLETE_2025, world.bd_plan), by=world.reviewer
    )
    sibling_report = filed(
        world.sibling, world.sibling_officer, {**COMPLETE_2025, "rating": "not_completed"}, world.bd_plan, submit=False
    )
    district_report = filed(world.district, district_officer, UPPER_2025, world.bd_plan, submit=False)
    return {
        "district_officer": district_officer,
        "unit": unit_report,
        "sibling": sibling_report,
        "district": district_report,
    }


def test_submitting_a_consolidated_report_with_a_child_in_draft_is_refused_with_the_list(world, chain):
    before = state()
    with pytest.raises(ValidationError) as refused:
        report_submit(report=chain["district"], by=chain["district_officer"])
    message = refused.value.messages[0]
    assert "CĐCS Công ty Hai (bản nháp)" in message
    assert "CĐCS Công ty Một" not in message  # approved: ready
    assert state() == before


def test_a_child_awaiting_a_decision_is_listed_too(world, chain):
    Report.objects.filter(pk=chain["sibling"].pk).update(status=ReportStatus.SUBMITTED)
    with pytest.raises(ValidationError) as refused:
        report_submit(report=chain["district"], by=chain["district_officer"])
    assert "CĐCS Công ty Hai (đã gửi)" in refused.value.messages[0]


def test_submitted_consolidated_figures_equal_the_compliance_engines_for_the_subtree(world, chain):
    report_mark_absent(
        organization=world.sibling, plan=world.bd_plan, period=YEAR, by=world.reviewer, reason="Không nộp."
    )
    district = report_submit(report=chain["district"], by=chain["district_officer"])
    engine = evaluate(plan=world.bd_plan, organization=world.district, period=YEAR)
    assert district.compiled["targets"] == engine.as_json()
    assert district.compiled["units"] == {
        "expected": engine.units.expected,
        "reported": engine.units.reported,
        "on_time": engine.units.on_time,
    }
    assert engine.units.expected == 3 and engine.units.reported == 2  # the district itself and the unit
    assert district.compiled["not_reported"] == [{"code": "BD-D1-G2", "name": "CĐCS Công ty Hai", "status": "absent"}]
    assert engine.target("CT6").status == "met"  # 6 of 6 full-time officers hold a degree


def test_the_report_page_shows_the_engines_figures_live_while_it_is_prepared(world, chain, client):
    client.force_login(chain["district_officer"])
    response = client.get(report_url(world.district))
    lines = {line.target.code: line for line in response.context["consolidation"].targets}
    engine = evaluate(plan=world.bd_plan, organization=world.district, period=YEAR)
    for result in engine.targets:
        assert lines[result.target.code].value == result.value
        assert lines[result.target.code].status == result.status
    content = response.content.decode()
    assert "CĐCS Công ty Hai" in content and "Bản nháp" in content


def test_approval_chain_goes_level_by_level_up_to_the_issuer_and_above_it(world, chain):
    report_mark_absent(organization=world.sibling, plan=world.bd_plan, period=YEAR, by=world.reviewer, reason="x")
    district = report_submit(report=chain["district"], by=chain["district_officer"])
    # The district's own reviewer cannot approve the district's report: the level above (the issuer) does.
    with pytest.raises(PermissionDenied):
        report_approve(report=district, by=world.reviewer)
    district = report_approve(report=district, by=world.federation_reviewer)
    assert district.status == ReportStatus.APPROVED

    # The issuer's own report waits for its other district, then goes to the level above the issuer.
    bd_officer = person("bd_officer", Role.OFFICER, world.bd)
    bd_report = filed(world.bd, bd_officer, UPPER_2025, world.bd_plan, submit=False)
    with pytest.raises(ValidationError) as refused:
        report_submit(report=bd_report, by=bd_officer)
    assert "LĐLĐ huyện Hai (chưa lập)" in refused.value.messages[0]
    report_mark_absent(
        organization=world.other_district, plan=world.bd_plan, period=YEAR, by=world.federation_reviewer, reason="x"
    )
    bd_report = report_submit(report=bd_report, by=bd_officer)
    with pytest.raises(PermissionDenied):
        report_approve(report=bd_report, by=world.federation_reviewer)  # not its own report
    vgcl_reviewer = person("vgcl_reviewer", Role.REVIEWER, world.vgcl)
    assert report_approve(report=bd_report, by=vgcl_reviewer).status == ReportStatus.APPROVED
    assert bd_report.compiled["units"]["expected"] == 6


def test_returning_a_consolidated_report_reopens_it_not_the_childrens(world, chain):
    report_mark_absent(organization=world.sibling, plan=world.bd_plan, period=YEAR, by=world.reviewer, reason="x")
    district = report_submit(report=chain["district"], by=chain["district_officer"])
    children = list(Report.objects.filter(organization__parent=world.district).values_list("pk", "status", "version"))
    district = report_return(report=district, by=world.federation_reviewer, reason="Bổ sung số liệu cán bộ.")
    assert district.status == ReportStatus.RETURNED and district.compiled == {}
    assert list(Report.objects.filter(organization__parent=world.district).values_list("pk", "status", "version")) == (
        children
    )
    # Corrected and submitted again: the figures are compiled anew, the document number kept.
    number = district.document_number
    district = report_submit(report=district, by=chain["district_officer"])
    assert district.compiled and district.document_number == number


def test_reopening_an_approved_consolidated_report_leaves_the_children_approved(world, chain):
    report_mark_absent(organization=world.sibling, plan=world.bd_plan, period=YEAR, by=world.reviewer, reason="x")
    district = report_submit(report=chain["district"], by=chain["district_officer"])
    district = report_approve(report=district, by=world.federation_reviewer)
    report_reopen(report=district, by=world.federation_reviewer, reason="Sửa số liệu")
    assert Report.objects.get(pk=chain["unit"].pk).status == ReportStatus.APPROVED


# --- marking a unit's report as not reported ---------------------------------------------------


def test_marking_not_reported_is_audited_and_reopening_undoes_it(world, chain):
    report = report_mark_absent(
        organization=world.sibling, plan=world.bd_plan, period=YEAR, by=world.reviewer, reason="Đơn vị giải thể."
    )
    assert report.pk == chain["sibling"].pk and report.status == ReportStatus.ABSENT
    event = report.events.last()
    assert (event.action, event.actor, event.comment, event.from_status) == (
        ReportAction.ABSENT,
        world.reviewer,
        "Đơn vị giải thể.",
        ReportStatus.DRAFT,
    )
    assert report.values.count() == len(COMPLETE_2025)  # what the unit typed is kept
    report = report_reopen(report=report, by=world.reviewer, reason="Đơn vị sẽ nộp bổ sung.")
    assert report.status == ReportStatus.DRAFT


def test_a_unit_without_a_report_can_be_marked(world, chain):
    report = report_mark_absent(
        organization=world.other_unit, plan=world.bd_plan, period=YEAR, by=world.federation_reviewer, reason="x"
    )
    assert report.status == ReportStatus.ABSENT and report.values.count() == 0
    assert [e.action for e in report.events.all()] == [ReportAction.CREATED, ReportAction.ABSENT]


@pytest.mark.parametrize(
    ("persona", "error"),
    [("other_reviewer", PermissionDenied), ("officer", PermissionDenied), ("viewer", PermissionDenied)],
)
def test_only_a_reviewer_above_may_mark_a_report(world, chain, persona, error):
    before = state()
    with pytest.raises(error):
        report_mark_absent(
            organization=world.sibling, plan=world.bd_plan, period=YEAR, by=getattr(world, persona), reason="x"
        )
    assert state() == before


def test_marking_is_refused_before_the_due_date_without_a_reason_and_for_a_submitted_report(world, chain):
    before = state()
    with time_machine.travel(BEFORE_DUE, tick=False), pytest.raises(ValidationError, match="15-12-2025"):
        report_mark_absent(organization=world.sibling, plan=world.bd_plan, period=YEAR, by=world.reviewer, reason="x")
    with pytest.raises(ValidationError) as refused:
        report_mark_absent(organization=world.sibling, plan=world.bd_plan, period=YEAR, by=world.reviewer, reason=" ")
    assert "reason" in refused.value.message_dict
    Report.objects.filter(pk=chain["sibling"].pk).update(status=ReportStatus.SUBMITTED)
    with pytest.raises(ValidationError, match="duyệt"):
        report_mark_absent(organization=world.sibling, plan=world.bd_plan, period=YEAR, by=world.reviewer, reason="x")
    Report.objects.filter(pk=chain["sibling"].pk).update(status=ReportStatus.DRAFT)
    assert state() == before


def test_the_reviewer_marks_a_report_on_its_page(world, chain, client):
    client.force_login(world.reviewer)
    page = client.get(report_url(world.sibling))
    assert page.context["actions"].mark_absent
    response = client.post(report_url(world.sibling, "absent"), {"absent-reason": "Không nộp đúng hạn."})
    assert response.status_code == 302
    assert Report.objects.get(pk=chain["sibling"].pk).status == ReportStatus.ABSENT


def test_marking_without_a_reason_on_the_page_is_shown_on_the_field(world, chain, client):
    client.force_login(world.reviewer)
    before = state()
    response = client.post(report_url(world.sibling, "absent"), {"absent-reason": ""})
    assert response.status_code == 400 and response.context["absent_form"].errors["reason"]
    assert state() == before


def test_the_officer_sees_no_mark_button_and_is_refused(world, chain, client):
    client.force_login(world.sibling_officer)
    assert not client.get(report_url(world.sibling)).context["actions"].mark_absent
    before = state()
    response = client.post(report_url(world.sibling, "absent"), {"absent-reason": "x"})
    assert response.status_code == 403 and state() == before


@pytest.mark.parametrize("action", ["absent", "document", "document.docx"])
def test_new_pages_of_another_branch_are_404(world, chain, client, action):
    client.force_login(world.other_reviewer)
    url = report_url(world.sibling) + (action if action.endswith(".docx") else f"{action}/")
    response = client.post(url, {"absent-reason": "x"}) if action == "absent" else client.get(url)
    assert response.status_code == 404


# --- the document number ----------------------------------------------------------------------


def test_document_numbers_run_per_unit_and_year_and_stay_with_the_report(world, after_due):
    district_officer = person("district_officer", Role.OFFICER, world.district)
    for unit, officer in ((world.unit, world.officer), (world.sibling, world.sibling_officer)):
        report_approve(report=filed(unit, officer, COMPLETE_2025, world.bd_plan), by=world.reviewer)
    first = Report.objects.get(organization=world.unit)
    assert (first.document_number, first.document_year) == (1, 2025)
    assert Report.objects.get(organization=world.sibling).document_number == 1  # its own sequence
    district = filed(world.district, district_officer, UPPER_2025, world.bd_plan)
    assert district.document_number == 1
    with time_machine.travel(datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC), tick=False):
        half = report_create(organization=world.unit, plan=world.bd_plan, period="2025S1", by=world.officer)
        Report.objects.filter(pk=half.pk).update(entry_extended_until=datetime.date(2026, 1, 31))
        values = {key: value for key, value in COMPLETE_2025.items() if key != "rating"}
        half = report_submit(report=report_save(report=half, by=world.officer, values=values), by=world.officer)
    assert (half.document_number, half.document_year) == (1, 2026)
