"""Forged form fields: a form that also carries another unit, plan or period, a status, an approver or an
uploader is read for the fields it has and nothing else. The report the address names is the one
changed, the way the service changes it; a forged field never moves a report, sets its status or its
approver, or reaches another branch's rows."""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from reports.models import Report, ReportEvent, ReportStatus, StagedImport
from reports.services import report_create, report_save, report_submit
from tests.reporting import BEFORE_DUE, COMPLETE_2025, form_data, report_url
from tests.spreadsheets import xlsx
from tests.test_import_values import HEADER, row


@pytest.fixture(autouse=True)
def before_due():
    with time_machine.travel(BEFORE_DUE, tick=False):
        yield


def forged(world) -> dict:
    """Every field a forger might add, pointing at another branch, another plan and period, a decided status."""
    return {
        "organization": str(world.other_unit.pk),
        "organization_id": str(world.other_unit.pk),
        "org": world.other_unit.code,
        "unit": world.other_unit.code,
        "plan": "hcm-edu-1712",
        "plan_id": str(world.hcm_plan.pk),
        "period": "2024",
        "status": ReportStatus.APPROVED,
        "approved_by": str(world.other_reviewer.pk),
        "approver": str(world.other_reviewer.pk),
        "actor": str(world.other_reviewer.pk),
        "reviewed_by": str(world.other_reviewer.pk),
        "created_by": str(world.other_reviewer.pk),
        "requested_by": str(world.other_reviewer.pk),
        "is_late": "on",
        "version": "999",
    }


def reports() -> list:
    return list(
        Report.objects.order_by("pk").values_list("pk", "organization_id", "plan_id", "period", "status", "version")
    )


def events() -> list:
    return list(ReportEvent.objects.order_by("pk").values_list("report_id", "action", "actor_id", "to_status"))


@pytest.fixture
def draft(world):
    report = report_create(organization=world.unit, plan=world.bd_plan, period="2025", by=world.officer)
    return report_save(report=report, by=world.officer, values=COMPLETE_2025)


def test_a_forged_save_changes_only_the_addressed_report_and_leaves_it_a_draft(world, client, draft):
    client.force_login(world.officer)
    data = {**forged(world), **form_data(draft.version, {**COMPLETE_2025, "members": "1.777"})}
    response = client.post(report_url(world.unit, "edit"), data)
    assert response.status_code == 302, response.context["form"].errors
    draft.refresh_from_db()
    assert (draft.organization_id, draft.plan_id, draft.period, draft.status) == (
        world.unit.pk,
        world.bd_plan.pk,
        "2025",
        ReportStatus.DRAFT,
    )
    assert not draft.is_late
    assert Report.objects.count() == 1  # nothing appeared for the other unit, plan or period
    assert draft.values.get(indicator__code="members").number == 1777


def test_a_forged_submit_submits_and_never_approves(world, client, draft):
    client.force_login(world.officer)
    data = {**forged(world), **form_data(draft.version, COMPLETE_2025, action="submit")}
    response = client.post(report_url(world.unit, "edit"), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ReportStatus.SUBMITTED
    assert Report.objects.count() == 1
    assert [actor for _report, _action, actor, _status in events()] == [world.officer.pk] * len(events())


def test_the_submit_button_with_forged_fields_is_refused_as_stale_and_changes_nothing(world, client, draft):
    """The forged "version" of 999 is not the report's: a stale form, refused, nothing written."""
    client.force_login(world.officer)
    before = (reports(), events())
    response = client.post(report_url(world.unit, "submit"), forged(world))
    assert response.status_code == 302
    assert (reports(), events()) == before


@pytest.mark.parametrize("who", ["viewer", "federation_reviewer", "reviewer"])
def test_a_read_only_role_cannot_submit_even_with_the_right_version(world, client, draft, who):
    client.force_login(getattr(world, who))
    before = (reports(), events())
    response = client.post(report_url(world.unit, "submit"), {**forged(world), "version": draft.version})
    assert response.status_code == 403
    assert (reports(), events()) == before


def test_an_approval_with_forged_fields_approves_the_addressed_report_by_its_reviewer(world, client, draft):
    submitted = report_submit(report=draft, by=world.officer)
    opened = report_create(organization=world.sibling, plan=world.bd_plan, period="2025", by=world.sibling_officer)
    saved = report_save(report=opened, by=world.sibling_officer, values=COMPLETE_2025)
    other = report_submit(report=saved, by=world.sibling_officer)
    client.force_login(world.reviewer)
    data = {
        **forged(world),
        "version": submitted.version,
        "report": other.pk,
        "report_id": other.pk,
        "status": ReportStatus.RETURNED,
    }
    response = client.post(report_url(world.unit, "approve"), data)
    assert response.status_code == 302
    submitted.refresh_from_db()
    other.refresh_from_db()
    assert submitted.status == ReportStatus.APPROVED
    assert other.status == ReportStatus.SUBMITTED  # the forged report id did nothing
    assert ReportEvent.objects.filter(report=submitted).latest("pk").actor_id == world.reviewer.pk


def test_a_return_with_a_forged_status_returns_and_a_forged_report_is_ignored(world, client, draft):
    submitted = report_submit(report=draft, by=world.officer)
    client.force_login(world.reviewer)
    data = {
        **forged(world),
        "return-reason": "Thiếu số liệu",
        "return-version": submitted.version,
        "return-status": ReportStatus.APPROVED,
        "return-organization": world.other_unit.pk,
    }
    response = client.post(report_url(world.unit, "return"), data)
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.organization_id, submitted.return_reason) == (
        ReportStatus.RETURNED,
        world.unit.pk,
        "Thiếu số liệu",
    )
    assert Report.objects.count() == 1


def test_another_branchs_reviewer_cannot_act_by_forging_the_unit_in_the_form(world, client, draft):
    """The other district's reviewer posts every action to the unit's address, with the unit named in the
    form too: a 404 each time, and nothing changes."""
    submitted = report_submit(report=draft, by=world.officer)
    client.force_login(world.other_reviewer)
    before = (reports(), events())
    for action in ("approve", "return", "reopen", "absent", "edit", "submit"):
        data = {
            **forged(world),
            "org": world.unit.code,
            "organization": world.unit.pk,
            "version": submitted.version,
            "return-reason": "x",
            "return-version": submitted.version,
            "reopen-reason": "x",
            "absent-reason": "x",
        }
        response = client.post(report_url(world.unit, action), data)
        assert response.status_code == 404, action
    assert (reports(), events()) == before


# --- imports ---------------------------------------------------------------------------------------------


def upload(client, data):
    content = xlsx([HEADER, row("BD-D1-G1")])
    return client.post("/imports/", {"file": SimpleUploadedFile("so-lieu.xlsx", content), **data})


def test_an_import_for_a_plan_the_reviewer_cannot_see_is_refused_and_nothing_is_kept(world, client):
    client.force_login(world.reviewer)
    response = upload(client, {"plan": "hcm-edu-1712", "status": "draft"})
    assert response.status_code == 200
    assert "plan" in response.context["upload_form"].errors
    assert not StagedImport.objects.exists()


def test_an_import_ignores_a_forged_uploader_and_a_reviewers_forged_force(world, client):
    client.force_login(world.reviewer)
    response = upload(
        client,
        {
            "plan": "binhdinh-130",
            "status": "draft",
            "force": "on",
            "created_by": world.other_reviewer.pk,
            "org": world.other_unit.code,
        },
    )
    assert response.status_code == 302
    staged = StagedImport.objects.get()
    assert (staged.created_by_id, staged.plan_id, staged.force) == (world.reviewer.pk, world.bd_plan.pk, False)
    # The other branch's reviewer cannot reach it by its token, whatever they post.
    client.force_login(world.other_reviewer)
    assert client.get(f"/imports/{staged.token}/").status_code == 404
    forged_confirm = {"fingerprint": "x", "created_by": world.other_reviewer.pk}
    response = client.post(f"/imports/{staged.token}/confirm/", forged_confirm)
    assert response.status_code == 404
    staged.refresh_from_db()
    assert staged.confirmed_at is None
    assert not Report.objects.exists()


def test_an_import_status_outside_the_choices_is_refused(world, client):
    client.force_login(world.reviewer)
    response = upload(client, {"plan": "binhdinh-130", "status": "absent"})
    assert response.status_code == 200
    assert "status" in response.context["upload_form"].errors
    assert not StagedImport.objects.exists()
