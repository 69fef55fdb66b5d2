"""Text typed by users (a unit's name, a report's narrative and task accounts, a plan task's title, a return
reason, a cell of an uploaded workbook) is shown escaped on every page that shows it, the admin's too:
`&lt;img` appears, `<img src=x` never does."""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from plans.models import PlanTask
from reports.models import Report, ReportEvent
from reports.services import report_create, report_return, report_save, report_submit
from tests.reporting import BEFORE_DUE, COMPLETE_2025, report_url
from tests.spreadsheets import xlsx
from tests.test_import_values import HEADER, row
from unions.models import Organization

XSS = "<img src=x onerror=alert(1)>"
RAW = "<img src=x"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"


@pytest.fixture(autouse=True)
def before_due():
    with time_machine.travel(BEFORE_DUE, tick=False):
        yield


def assert_escaped(response, *, shown=True):
    """The page is served, never carries the raw tag, and (when it shows the text) carries it escaped."""
    assert response.status_code == 200, (response.request["PATH_INFO"], response.status_code)
    body = response.content.decode()
    assert RAW not in body, body[max(0, body.find(RAW) - 300) : body.find(RAW) + 100]
    if shown:
        assert ESCAPED in body, response.request["PATH_INFO"]


@pytest.fixture
def hostile(world):
    """The unit named like an HTML tag; its report with such a narrative and task account, submitted; a task
    of the plan with such a title."""
    Organization.objects.filter(pk=world.unit.pk).update(name=XSS)
    world.unit.refresh_from_db()
    task = PlanTask.objects.get(plan=world.bd_plan, number="1.1")
    PlanTask.objects.filter(pk=task.pk).update(title=XSS)
    report = report_create(organization=world.unit, plan=world.bd_plan, period="2025", by=world.officer)
    report = report_save(
        report=report,
        by=world.officer,
        values=COMPLETE_2025,
        narrative={"results": XSS, "shortcomings": XSS, "proposals": XSS},
        task_accounts={task.number: XSS},
    )
    return report_submit(report=report, by=world.officer)


def test_the_units_pages_and_the_review_queue_escape_it(world, client, hostile):
    client.force_login(world.reviewer)
    for page in ("", "history", "document"):
        assert_escaped(client.get(report_url(world.unit, page)))
    assert_escaped(client.get("/"))  # the review queue and the status grid name the unit
    assert_escaped(client.get("/plans/binhdinh-130/"))  # the task's title, the units without a plan
    client.force_login(world.officer)
    assert_escaped(client.get("/"))  # the officer's agenda


def test_a_return_reason_and_the_form_escape_it(world, client, hostile):
    report_return(report=hostile, by=world.reviewer, reason=XSS)
    client.force_login(world.officer)
    for page in ("", "edit", "history"):
        assert_escaped(client.get(report_url(world.unit, page)))
    assert ReportEvent.objects.filter(report=hostile, comment=XSS).exists()


def test_the_dashboards_escape_it(world, client, hostile):
    client.force_login(world.reviewer)
    assert_escaped(client.get("/dashboard/binhdinh-130/", {"org": "BD-D1", "period": "2025"}))
    assert_escaped(client.get("/dashboard/binhdinh-130/units/", {"org": "BD-D1", "period": "2025"}), shown=False)
    assert_escaped(client.get("/dashboard/"), shown=False)


def test_the_admin_escapes_it(world, client, hostile):
    client.force_login(world.admin)
    for url in (
        "/admin/unions/organization/",
        f"/admin/unions/organization/{world.unit.pk}/change/",
        f"/admin/unions/organization/{world.unit.pk}/history/",
        f"/admin/unions/organization/{world.unit.pk}/delete/",
        "/admin/reports/report/",
        f"/admin/reports/report/{hostile.pk}/change/",
        "/admin/plans/plantask/",
        "/admin/unions/membership/",
    ):
        assert_escaped(client.get(url))
    assert_escaped(client.get("/admin/reports/reportevent/"), shown=False)


def upload(client, rows):
    content = xlsx([HEADER, *rows])
    response = client.post(
        "/imports/",
        {"plan": "binhdinh-130", "status": "draft", "file": SimpleUploadedFile(f"{XSS}.xlsx", content)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"])


def test_an_import_preview_escapes_cells_and_names_in_its_changes_and_its_errors(world, client):
    Organization.objects.filter(pk=world.unit.pk).update(name=XSS)
    client.force_login(world.reviewer)
    # A unit whose name is the tag (a change of the preview), a code that is the tag (an error of the preview),
    # and a figure cell that is the tag (an error naming the value).
    page = upload(client, [row("BD-D1-G1"), row(XSS), row("BD-D1-G2", rating=XSS)])
    assert_escaped(page)
    assert not Report.objects.exists()


def test_an_admin_import_of_organizations_escapes_the_cells_in_its_preview(world, client):
    client.force_login(world.admin)
    header = ["code", "name", "kind", "parent_code"]
    content = xlsx([header, [XSS, XSS, "grassroots", "BD-D1"], ["BD-X", XSS, "grassroots", XSS]])
    response = client.post(
        "/admin/unions/organization/import/",
        {"format": "0", "resource": "0", "import_file": SimpleUploadedFile("orgs.xlsx", content)},
    )
    assert_escaped(response)
