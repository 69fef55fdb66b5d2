"""The audit trail (django-auditlog): every write leaves who, when, old and new; bulk writes leave one
batch record; commands are marked; only administrators read and download it."""

import csv
import io
from decimal import Decimal

import pytest
import time_machine
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from openpyxl import load_workbook

from audit.context import command_marker
from plans.models import Plan
from reports.models import Report, ReportValue
from tests.reporting import BEFORE_DUE, form_data, report_url
from tests.spreadsheets import xlsx
from tests.test_import_pages import confirm, preview_of, upload
from tests.test_import_values import HEADER, row
from unions.models import Organization

EXPORT = "/admin/audit/auditentry/export/{}/"


def new_entries():
    """Audit records written since the test's world was built (building it writes some too)."""
    return LogEntry.objects.filter(pk__gt=_mark["id"])


_mark = {"id": 0}


@pytest.fixture(autouse=True)
def mark(world):
    _mark["id"] = LogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def entries_for(model, **filters):
    return new_entries().filter(content_type=ContentType.objects.get_for_model(model), **filters)


def organization_form(organization, **changes) -> dict:
    data = {
        "name": organization.name,
        "kind": organization.kind,
        "parent": organization.parent_id or "",
        "opened_on": "",
        "closed_on": "",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def result_list(content: str) -> str:
    return content.split('id="result_list"')[1].split("</table>")[0]


@pytest.fixture
def before_due():
    with time_machine.travel(BEFORE_DUE, tick=False):
        yield


def test_a_web_edit_of_a_draft_records_old_and_new_values_by_the_officer(world, client, before_due):
    client.force_login(world.officer)
    client.post(report_url(world.unit, "edit"), form_data(0, {"members": "100"}, narrative={"results": "Một."}))
    report = Report.objects.get()
    second = form_data(report.version, {"members": "120"}, narrative={"results": "Hai."})
    client.post(report_url(world.unit, "edit"), second)

    value = ReportValue.objects.get(report=report, indicator__code="members")
    changed = entries_for(ReportValue, object_id=value.pk, action=LogEntry.Action.UPDATE).get()
    assert changed.actor == world.officer
    assert changed.changes_dict["number"] == ["100.0000", "120"]
    narrative = entries_for(Report, object_id=report.pk, action=LogEntry.Action.UPDATE).order_by("id").last()
    assert narrative.actor == world.officer
    assert narrative.changes_dict["results"] == ["Một.", "Hai."]
    assert narrative.remote_addr == "127.0.0.1"
    assert entries_for(Report, object_id=report.pk, action=LogEntry.Action.CREATE).get().actor == world.officer


def test_figures_written_at_once_leave_the_records_of_figures_saved_one_by_one(world, client, before_due):
    """A first save writes its figures in one INSERT; each still gets the record its own save would
    have left through django-auditlog's signals: same action, changes, actor, address and request id."""
    from auditlog.context import set_actor

    typed = {"members": "100", "members_trained": "60"}
    client.force_login(world.officer)
    client.post(report_url(world.unit, "edit"), form_data(0, typed))
    report = Report.objects.get()
    written = {entry.changes_dict["indicator"][1]: entry for entry in entries_for(ReportValue)}
    assert len(written) == 2 and {entry.object_id for entry in written.values()} == set(
        report.values.values_list("pk", flat=True)
    )

    by_signals = Report.objects.create(organization=world.sibling, plan=report.plan, period=report.period)
    first = next(iter(written.values()))
    with set_actor(world.officer, remote_addr=first.remote_addr, remote_port=first.remote_port):
        for value in report.values.select_related("indicator"):  # as the form's save reads what was typed
            number = Decimal(typed[value.indicator.code])
            ReportValue.objects.create(report=by_signals, indicator=value.indicator, number=number)
    saved = {entry.changes_dict["indicator"][1]: entry for entry in entries_for(ReportValue, pk__gt=first.pk)}

    assert written.keys() == saved.keys()
    for indicator, entry in written.items():
        other = saved[indicator]
        assert entry.action == other.action == LogEntry.Action.CREATE
        who = ("actor", "actor_email", "remote_addr", "remote_port")
        assert [getattr(entry, name) for name in who] == [getattr(other, name) for name in who]
        assert entry.remote_addr == "127.0.0.1" and entry.actor == world.officer
        assert entry.object_pk == str(entry.object_id) and entry.cid == other.cid
        assert (entry.content_type, entry.serialized_data, entry.additional_data) == (
            other.content_type,
            other.serialized_data,
            other.additional_data,
        )
        differs = {"id", "report"}  # the rows' own ids and reports
        assert entry.changes_dict.keys() == other.changes_dict.keys()
        assert {k: v for k, v in entry.changes_dict.items() if k not in differs} == {
            k: v for k, v in other.changes_dict.items() if k not in differs
        }
        assert entry.object_repr == other.object_repr


def test_an_unchanged_save_leaves_no_record(world, client, before_due):
    client.force_login(world.officer)
    client.post(report_url(world.unit, "edit"), form_data(0, {"members": "100"}))
    report = Report.objects.get()
    count = new_entries().count()
    response = client.post(report_url(world.unit, "edit"), form_data(report.version, {"members": "100"}))
    assert response.status_code == 302
    organization = Organization.objects.get(pk=world.unit.pk)
    organization.save()  # the same values again, outside any service
    assert new_entries().count() == count


def test_an_admin_change_of_an_organization_records_the_admin_and_the_old_name(world, client):
    client.force_login(world.admin)
    response = client.post(
        f"/admin/unions/organization/{world.unit.pk}/change/",
        organization_form(world.unit, name="CĐCS Công ty Một (mới)", parent=world.sibling.parent_id),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = entries_for(Organization, object_id=world.unit.pk).get()
    assert entry.actor == world.admin
    assert entry.changes_dict == {"name": ["CĐCS Công ty Một", "CĐCS Công ty Một (mới)"]}

    client.post(
        f"/admin/unions/organization/{world.unit.pk}/change/",
        organization_form(Organization.objects.get(pk=world.unit.pk), parent=world.other_district.pk),
    )
    moved = entries_for(Organization, object_id=world.unit.pk).order_by("-id").first()
    assert moved.actor == world.admin
    assert moved.changes_dict == {"parent": [str(world.district.pk), str(world.other_district.pk)]}


def test_an_import_through_the_web_leaves_one_batch_record_with_its_importer(world, client, before_due):
    client.force_login(world.reviewer)
    page = preview_of(client, upload(client, xlsx([HEADER, row("BD-D1-G1"), row("BD-D1-G2", members="1.200")])))
    assert "Đã nhập" in confirm(client, page).content.decode()
    batch = new_entries().get(additional_data__has_key="batch")
    assert batch.actor == world.reviewer
    assert batch.content_type == ContentType.objects.get_for_model(Plan)
    assert batch.object_id == world.bd_plan.pk
    details = batch.additional_data
    assert details["batch"] == "values_import" and details["file"] == "so-lieu.xlsx"
    assert details["counts"]["reports_new"] == 2 and details["counts"]["values_new"] > 0
    sample = {item["unit"]: item for item in details["reports"]}
    assert sample["BD-D1-G2"]["values"]["members"] == ["", "1.200"]
    # The bulk-written rows themselves are not recorded one by one.
    assert not entries_for(ReportValue).exists()
    assert not entries_for(Report).exists()


def test_an_import_over_stored_figures_replaces_them_with_one_batch_record_and_none_per_value(
    world, tmp_path, before_due
):
    path = tmp_path / "so-lieu.xlsx"
    path.write_bytes(xlsx([HEADER, row("BD-D1-G1")]))
    call_command("import_values", str(path), "--plan", "binhdinh-130")
    report = Report.objects.get(organization__code="BD-D1-G1", plan=world.bd_plan)
    first = dict(report.values.values_list("indicator__code", "pk"))
    _mark["id"] = LogEntry.objects.order_by("-id").values_list("id", flat=True).first()

    path.write_bytes(xlsx([HEADER, row("BD-D1-G1", members="1.200")]))
    call_command("import_values", str(path), "--plan", "binhdinh-130")

    values = dict(report.values.values_list("indicator__code", "number"))
    assert values["members"] == 1200
    assert not ReportValue.objects.filter(pk=first["members"]).exists()  # the old value was deleted
    assert new_entries().get(additional_data__has_key="batch").additional_data["counts"]["values_changed"] == 1
    assert not entries_for(ReportValue).exists()  # not one record per value deleted or written


def test_a_command_marks_its_records(world, tmp_path, before_due):
    path = tmp_path / "so-lieu.xlsx"
    path.write_bytes(xlsx([HEADER, row("BD-D1-G1")]))
    call_command("import_values", str(path), "--plan", "binhdinh-130")
    batch = new_entries().get(additional_data__has_key="batch")
    assert batch.actor is None
    assert batch.cid == command_marker("import_values") == "manage.py import_values"
    assert batch.additional_data["file"] == "so-lieu.xlsx"

    call_command("seed_plans")  # the seed plans are there already: nothing to record
    assert new_entries().count() == 1


def test_an_organization_written_by_a_command_is_marked_per_row(world, tmp_path):
    path = tmp_path / "don-vi.xlsx"
    path.write_bytes(xlsx([["code", "name", "kind", "parent_code"], ["BD-D1-G7", "CĐCS Bảy", "grassroots", "BD-D1"]]))
    call_command("import_orgs", str(path))
    created = Organization.objects.get(code="BD-D1-G7")
    entry = entries_for(Organization, object_id=created.pk, action=LogEntry.Action.CREATE).get()
    assert entry.cid == "manage.py import_orgs" and entry.actor is None
    assert entry.changes_dict["name"] == ["None", "CĐCS Bảy"]
    assert "path" not in entry.changes_dict  # derived fields are left out


@pytest.mark.parametrize("persona", ["officer", "reviewer", "viewer", "stranger"])
def test_a_non_admin_cannot_see_or_download_the_audit(world, client, persona):
    client.force_login(getattr(world, persona))
    for url in ("/admin/audit/auditentry/", EXPORT.format("csv"), EXPORT.format("xlsx")):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert "/admin/login/" in response["Location"]


def test_staff_without_the_view_permission_is_refused(world, client):
    world.reviewer.is_staff = True
    world.reviewer.save()
    client.force_login(world.reviewer)
    assert client.get("/admin/audit/auditentry/").status_code == 403
    assert client.get(EXPORT.format("csv")).status_code == 403


def test_the_audit_is_not_editable_even_by_an_admin(world, client):
    world.unit.name = "Đổi tên"
    world.unit.save()
    entry = new_entries().get()
    client.force_login(world.admin)
    assert client.get(f"/admin/audit/auditentry/{entry.pk}/change/").status_code == 200
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403
    assert client.get("/admin/audit/auditentry/add/").status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_an_admin_filters_the_audit_and_downloads_exactly_the_filtered_rows(world, client, before_due):
    client.force_login(world.officer)
    client.post(report_url(world.unit, "edit"), form_data(0, {"members": "100"}))
    client.force_login(world.admin)
    client.post(
        f"/admin/unions/organization/{world.sibling.pk}/change/",
        organization_form(world.sibling, name="CĐCS Hai =SUM(A1)"),
    )
    org_type = ContentType.objects.get_for_model(Organization).pk

    page = client.get("/admin/audit/auditentry/", {"model": org_type})
    content = page.content.decode()
    assert page.status_code == 200
    assert "Tổ chức công đoàn" in content  # the model's Vietnamese name
    assert "CĐCS Công ty Hai → CĐCS Hai =SUM(A1)" in content
    assert "officer" not in result_list(content)
    by_officer = result_list(client.get("/admin/audit/auditentry/", {"actor": world.officer.pk}).content.decode())
    assert "CĐCS Công ty Hai →" not in by_officer and "officer" in by_officer

    response = client.get(EXPORT.format("csv"), {"model": org_type, "actor": world.admin.pk})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Thời điểm", "Đối tượng", "Mã bản ghi"]
    assert [(r[1], r[2], r[5], r[7], r[8], r[9]) for r in body] == [
        ("Tổ chức công đoàn", str(world.sibling.pk), "admin", "Tên", "CĐCS Công ty Hai", "CĐCS Hai =SUM(A1)"),
    ]

    response = client.get(EXPORT.format("xlsx"), {"actor": world.officer.pk})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    lines = list(sheet.iter_rows(min_row=2, values_only=True))
    assert lines and all(line[5] == "officer" for line in lines)
    assert {line[1] for line in lines} == {"Báo cáo", "Số liệu báo cáo"}
    assert entries_for(Report).count() + entries_for(ReportValue).count() <= len(lines)


def test_the_audit_list_reads_a_fixed_number_of_queries(world, client, before_due, django_assert_max_num_queries):
    client.force_login(world.officer)
    for members in ("100", "120", "140", "160"):
        report = Report.objects.first()
        version = report.version if report else 0
        client.post(report_url(world.unit, "edit"), form_data(version, {"members": members, "party_members": "30"}))
    client.force_login(world.admin)
    # Session and user, filters (content types, actors, dates), count, page, and one query per kind of
    # related object named in the page's changes (units, plans, indicators, ...), however many rows.
    with django_assert_max_num_queries(20):
        response = client.get("/admin/audit/auditentry/")
    assert response.status_code == 200
    assert "100 → 120" in response.content.decode()


def test_an_admin_import_of_units_records_each_row_with_the_admin(world, client):
    from tests.test_admin_import_export import admin_import

    client.force_login(world.admin)
    content = xlsx(
        [
            ["code", "name", "kind", "parent_code", "opened_on", "closed_on"],
            ["BD-D1-G8", "CĐCS Tám", "grassroots", "BD-D1", None, None],
            ["BD-D1-G2", "CĐCS Công ty Hai (đổi tên)", "grassroots", "BD-D1", None, None],
        ]
    )
    page, confirmed = admin_import(client, "/admin/unions/organization/", content)
    assert confirmed is not None and confirmed.status_code == 302, page[:2000]
    created = entries_for(Organization, action=LogEntry.Action.CREATE).get()
    assert created.object_repr == "CĐCS Tám" and created.changes_dict["code"] == ["None", "BD-D1-G8"]
    renamed = entries_for(Organization, object_id=world.sibling.pk).get()
    assert renamed.changes_dict == {"name": ["CĐCS Công ty Hai", "CĐCS Công ty Hai (đổi tên)"]}
    assert {created.actor, renamed.actor} == {world.admin}


def test_an_admin_import_of_report_values_leaves_one_batch_record(world, client, before_due):
    from tests.test_admin_import_export import admin_import

    client.force_login(world.admin)
    content = xlsx(
        [
            ["org_code", "plan", "period", "indicator", "value"],
            ["BD-D1-G1", "binhdinh-130", "2025", "members", 120],
            ["BD-D1-G1", "binhdinh-130", "2025", "members_trained", 90],
        ]
    )
    page, confirmed = admin_import(client, "/admin/reports/reportvalue/", content, name="gia-tri.xlsx")
    assert confirmed is not None and confirmed.status_code == 302, page[:2000]
    batch = new_entries().get(additional_data__has_key="batch")
    assert batch.actor == world.admin
    assert batch.additional_data["counts"]["values_new"] == 2
    assert not entries_for(ReportValue).exists()
