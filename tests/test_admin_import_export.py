"""Import and export in the admin: their own permissions, all or nothing, the tree kept right, safe files."""

import csv
import datetime
import io
import re

import pytest
import time_machine
from django.contrib.auth.models import Permission
from import_export.forms import SelectableFieldsExportForm
from openpyxl import load_workbook

from plans.models import Indicator, Plan
from reports.admin_resources import (
    IndicatorResource,
    OrganizationResource,
    PlanResource,
    ReportValueResource,
    TargetResource,
)
from reports.exports.formats import SafeXLSX
from reports.models import Report
from reports.services import report_create, report_save
from tests.factories import OrganizationFactory, UserFactory
from tests.spreadsheets import assert_no_formula, xlsx
from tests.test_import_orgs import paths_are_right
from tests.test_import_values import snapshot
from unions.models import Organization, OrganizationMove

DANGEROUS = ['=HYPERLINK("http://x.vn","bấm")', "+84 1", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]


def staff(*codenames):
    user = UserFactory(username="nhanvien", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def dataset(rows):
    return SafeXLSX().create_dataset(xlsx(rows))


@pytest.mark.parametrize(
    ("url", "view", "action"),
    [
        ("/admin/unions/organization/", "view_organization", "import_organization"),
        ("/admin/plans/plan/", "view_plan", "import_plan"),
        ("/admin/plans/indicator/", "view_indicator", "import_indicator"),
        ("/admin/plans/target/", "view_target", "import_target"),
        ("/admin/reports/reportvalue/", "view_reportvalue", "import_reportvalue"),
    ],
)
def test_staff_need_the_import_and_export_permissions(world, client, url, view, action):
    user = staff(view, "change_organization", "change_plan", "add_organization", "add_plan")
    client.force_login(user)
    assert client.get(url).status_code == 200
    assert client.get(url + "import/").status_code == 403
    assert client.get(url + "export/").status_code == 403
    user.user_permissions.add(
        Permission.objects.get(codename=action), Permission.objects.get(codename=action.replace("import", "export"))
    )
    client.force_login(UserFactory(username="nhanvien"))
    assert client.get(url + "import/").status_code == 200
    assert client.get(url + "export/").status_code == 200


def test_an_import_with_one_invalid_row_writes_no_row(world):
    before = Plan.objects.count()
    rows = [
        ["slug", "title", "issuer", "first_year", "last_year", "frequency", "reporting_kinds"],
        ["ke-hoach-moi", "Kế hoạch mới", "BD", 2026, 2030, "annual", "grassroots"],
        ["ke-hoach-sai", "Kế hoạch sai năm", "BD", 2030, 2026, "annual", "grassroots"],
    ]
    result = PlanResource().import_data(dataset(rows), dry_run=False)
    assert result.has_validation_errors()
    assert Plan.objects.count() == before
    assert not Plan.objects.filter(slug="ke-hoach-moi").exists()


def test_the_admin_confirmation_step_also_rolls_back_when_a_row_became_invalid(world):
    """The library's confirmation calls import_data without rollback_on_validation_errors."""
    rows = [
        ["plan", "code", "label", "value_type", "aggregation"],
        ["binhdinh-130", "new_indicator", "Chỉ số mới", "count", "flow"],
        ["binhdinh-130", "bad_indicator", "Chỉ số sai", "khong-co", "flow"],
    ]
    before = Indicator.objects.count()
    IndicatorResource().import_data(dataset(rows), dry_run=False, raise_errors=False, use_transactions=False)
    assert Indicator.objects.count() == before


def admin_import(client, url, content, name="to-chuc.xlsx"):
    """The admin's two steps: upload and look at the result, then confirm."""
    response = client.post(url + "import/", {"import_file": io.BytesIO(content), "format": "0", "resource": "0"})
    response.render() if hasattr(response, "render") else None
    page = response.content.decode()
    if "confirm_form" not in response.context or response.context["confirm_form"] is None:
        return page, None
    form = response.context["confirm_form"]
    data = {name: field.value() for name, field in ((n, form[n]) for n in form.fields)}
    return page, client.post(url + "process_import/", data)


def test_the_organization_import_keeps_the_tree_and_records_moves(world, client):
    client.force_login(world.admin)
    content = xlsx(
        [
            ["code", "name", "kind", "parent_code", "opened_on", "closed_on"],
            ["BD-D3-G1", "CĐCS Công ty Mới", "grassroots", "BD-D3", "01/03/2024", None],
            ["BD-D3", "LĐLĐ huyện Ba", "district", "BD", None, None],
            ["BD-D1-G2", "CĐCS Công ty Hai", "grassroots", "BD-D3", None, None],
        ]
    )
    page, confirmed = admin_import(client, "/admin/unions/organization/", content)
    assert confirmed is not None, page[:3000]
    assert confirmed.status_code == 302
    assert Organization.objects.get(code="BD-D3-G1").parent.code == "BD-D3"
    assert Organization.objects.get(code="BD-D3-G1").opened_on == datetime.date(2024, 3, 1)  # day first
    assert Organization.objects.get(code="BD-D1-G2").parent.code == "BD-D3"
    assert OrganizationMove.objects.filter(organization__code="BD-D1-G2").count() == 1
    paths_are_right()


def test_the_organization_import_refuses_a_cycle_and_writes_nothing(world, client):
    client.force_login(world.admin)
    before = snapshot()
    content = xlsx(
        [
            ["code", "name", "kind", "parent_code"],
            ["BD-X1", "Một", "district", "BD-X2"],
            ["BD-X2", "Hai", "district", "BD-X1"],
        ]
    )
    page, confirmed = admin_import(client, "/admin/unions/organization/", content)
    assert confirmed is None
    assert page.count("quan hệ cấp trên tạo thành vòng lặp: BD-X1 → BD-X2 → BD-X1.") == 2  # on both rows
    assert "matching query does not exist" not in page  # no row was imported after the refusal
    assert snapshot() == before


def test_a_formula_in_an_admin_import_is_refused_with_its_row(world, client):
    client.force_login(world.admin)
    content = xlsx([["code", "name", "kind", "parent_code"], ["BD-X1", "=1+1", "district", "BD"]])
    page, confirmed = admin_import(client, "/admin/unions/organization/", content)
    assert confirmed is None
    assert "Dòng 2, cột B (name): ô chứa công thức (=1+1)" in page
    assert not Organization.objects.filter(code="BD-X1").exists()


@pytest.fixture
def before_due():
    with time_machine.travel(datetime.datetime(2025, 12, 1, 9, tzinfo=datetime.UTC), tick=False):
        yield


def test_report_values_imported_in_the_admin_go_through_the_workflow(world, before_due):
    rows = [
        ["org_code", "plan", "period", "indicator", "value"],
        ["BD-D1-G1", "binhdinh-130", "2025", "members", 120],
        ["BD-D1-G1", "binhdinh-130", "2025", "members_trained", 90],
        ["BD-D1-G1", "binhdinh-130", "2025", "rating", "good"],
    ]
    result = ReportValueResource().import_data(dataset(rows), dry_run=False, user=world.admin, file_name="gt.xlsx")
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == 3
    report = Report.objects.get(organization=world.unit)
    assert report.values.count() == 3
    assert report.events.last().actor == world.admin and report.events.last().action == "imported"


def test_a_bad_report_value_in_the_admin_writes_nothing(world, before_due):
    rows = [
        ["org_code", "plan", "period", "indicator", "value"],
        ["BD-D1-G1", "binhdinh-130", "2025", "members", 120],
        ["BD-D1-G1", "binhdinh-130", "2025", "members_trained", 130],
    ]
    before = snapshot()
    result = ReportValueResource().import_data(dataset(rows), dry_run=False, user=world.admin)
    assert result.has_validation_errors()
    assert result.invalid_rows[0].number == 3
    assert "không được lớn hơn" in result.invalid_rows[0].error_dict["value"][0]
    assert snapshot() == before


# --- exports: numbers stay numbers, no text becomes a formula -------------------------------------------


@pytest.fixture
def dangerous_names(world, before_due):
    for index, name in enumerate(DANGEROUS):
        OrganizationFactory(code=f"BD-D1-Z{index}", name=name, parent=world.district)
    report = report_create(organization=world.unit, plan=world.bd_plan, period="2025", by=world.officer)
    report_save(report=report, by=world.officer, values={"members": "120", "rating": "good"})
    Plan.objects.filter(slug="binhdinh-130").update(report_to="=cmd|' /C calc'!A0")


def export(client, url, resource, fmt):
    fields = {
        SelectableFieldsExportForm.create_boolean_field_name(resource, name): "on"
        for name in resource().get_export_order()
    }
    response = client.post(url + "export/", {"format": str(fmt), "resource": "0", **fields})
    assert response.status_code == 200, response.content[:2000]
    return response.content


EXPORTS = [
    (
        "/admin/unions/organization/",
        OrganizationResource,
        ["code", "name", "kind", "parent_code", "opened_on", "closed_on"],
    ),
    ("/admin/plans/plan/", PlanResource, None),
    ("/admin/plans/indicator/", IndicatorResource, None),
    ("/admin/plans/target/", TargetResource, None),
    (
        "/admin/reports/reportvalue/",
        ReportValueResource,
        ["org_code", "plan", "period", "indicator", "value", "status"],
    ),
]


@pytest.mark.parametrize(("url", "resource", "headers"), EXPORTS)
def test_every_admin_xlsx_export_keeps_numbers_and_never_writes_a_formula(
    world, client, dangerous_names, url, resource, headers
):
    client.force_login(world.admin)
    workbook = load_workbook(io.BytesIO(export(client, url, resource, 0)))
    assert_no_formula(workbook)
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header == (headers or list(resource().get_export_order()))
    texts = {cell.value for row in sheet.iter_rows(min_row=2) for cell in row if isinstance(cell.value, str)}
    if resource is OrganizationResource:
        assert set(DANGEROUS) <= texts
    if resource is PlanResource:
        assert "=cmd|' /C calc'!A0" in texts
        first_year = sheet.cell(row=2, column=header.index("first_year") + 1).value
        assert isinstance(first_year, int)
    if resource is ReportValueResource:
        values = {row[3]: row[4] for row in sheet.iter_rows(min_row=2, values_only=True)}
        assert values == {"members": 120, "rating": "good"}


@pytest.mark.parametrize(("url", "resource", "headers"), EXPORTS)
def test_every_admin_csv_export_neutralises_formulas_and_keeps_numbers(
    world, client, dangerous_names, url, resource, headers
):
    client.force_login(world.admin)
    text = export(client, url, resource, 1).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    for row in rows:
        for cell in row:
            assert not re.match(r"^[=+@\t\r]", cell) and not re.match(r"^-[^0-9]", cell), cell
    if resource is OrganizationResource:
        assert {"'" + name for name in DANGEROUS} <= {row[1] for row in rows}
    if resource is ReportValueResource:
        assert ["BD-D1-G1", "binhdinh-130", "2025", "members", "120", "draft"] in rows
