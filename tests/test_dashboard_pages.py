"""The dashboard pages: figures by persona, scoping (another branch is a 404, never a leak), live
updates, links to reports, and a query budget that does not grow with the tree."""

import datetime
import json

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.periods import Period
from reports.compliance import evaluate_breakdown
from reports.models import Report, ReportStatus, ReportValue
from reports.services import report_create, report_return, report_save, report_submit
from tests.compliance_data import file_report
from tests.factories import MembershipFactory, UserFactory
from unions.models import Organization, OrganizationKind, Role
from unions.services import rebuild_paths

URL = "/dashboard/binhdinh-130/"
LISTS = "/dashboard/binhdinh-130/units/"


def chart_data(response) -> dict:
    content = response.content.decode()
    start = content.index('<script id="dashboard-data" type="application/json">') + len(
        '<script id="dashboard-data" type="application/json">'
    )
    return json.loads(content[start : content.index("</script>", start)])


@pytest.fixture
def filed(world):
    """2024: BD-D1's two units rated good; BD-D2's unit failed its tasks; the sibling's report is a draft."""
    file_report(world.unit, world.bd_plan, "2024", rating="good", introduced_to_party=1)
    file_report(world.sibling, world.bd_plan, "2024", ReportStatus.DRAFT, rating="good")
    file_report(world.other_unit, world.bd_plan, "2024", rating="not_completed", introduced_to_party=0)


# --- who sees what ----------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login(world, client):
    for url in ("/dashboard/", URL):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_federation_reviewer_sees_the_whole_federation_broken_down_by_district(world, filed, client):
    client.force_login(world.federation_reviewer)
    response = client.get(URL, {"period": "2024"})

    assert response.status_code == 200
    assert response.context["unit"] == world.bd
    rows = [(row.organization.code, row.is_self) for row in response.context["breakdown"]]
    assert rows == [("BD", True), ("BD-D1", False), ("BD-D2", False)]
    data = chart_data(response)
    ct1 = next(item for item in data["targets"] if item["code"] == "CT1")
    assert (ct1["value"], ct1["threshold"], ct1["status"]) == (50.0, 85.0, "not_met")
    assert data["trend"]["periods"] == ["2020", "2021", "2022", "2023", "2024", "2025"]
    assert 'href="?org=BD-D1&amp;period=2024"' in response.content.decode()  # drill down
    lists = client.get(LISTS, {"period": "2024"}).content.decode()
    assert "CĐCS Công ty Ba" in lists  # BD-D2's unit, in the list of units against a target


def test_dashboard_opens_at_the_latest_period_already_due(world, client):
    client.force_login(world.federation_reviewer)
    with time_machine.travel(datetime.datetime(2024, 7, 1, 9, tzinfo=datetime.UTC), tick=False):
        response = client.get(URL)
    assert response.context["period"] == Period.parse("2024S1")


def test_reviewer_of_another_branch_never_sees_this_branchs_figures(world, filed, client):
    client.force_login(world.other_reviewer)

    for code in ("BD-D1", "BD-D1-G1", "BD-D1-G2", "BD"):
        assert client.get(URL, {"org": code, "period": "2024"}).status_code == 404, code
    assert client.get("/dashboard/hcm-edu-1712/").status_code == 404

    response = client.get(URL, {"period": "2024"})
    assert response.context["unit"] == world.other_district
    content = response.content.decode()
    for name in ("LĐLĐ huyện Một", "CĐCS Công ty Một", "CĐCS Công ty Hai", "BD-D1"):
        assert name not in content, name
    assert [row.organization.code for row in response.context["breakdown"]] == ["BD-D2", "BD-D2-G1"]
    assert response.context["way_up"] == []  # BD itself is not theirs to see
    data = chart_data(response)
    ct1 = next(item for item in data["targets"] if item["code"] == "CT1")
    assert (ct1["value"], ct1["status"]) == (0.0, "not_met")  # their one unit, not the federation's 50 %
    lists = client.get(LISTS, {"period": "2024"})
    assert [item["unit"].code for item in lists.context["missing"]] == ["BD-D2"]
    assert {item["unit"].code for item in lists.context["against"]} == {"BD-D2-G1"}
    for name in ("LĐLĐ huyện Một", "CĐCS Công ty Một", "CĐCS Công ty Hai"):
        assert name not in lists.content.decode(), name
    for code in ("BD-D1", "BD"):
        assert client.get(LISTS, {"org": code, "period": "2024"}).status_code == 404, code

    overview = client.get("/dashboard/").content.decode()
    assert "LĐLĐ huyện Hai" in overview and "LĐLĐ huyện Một" not in overview
    assert "Liên đoàn Lao động tỉnh Bình Định ·" not in overview


def test_officer_sees_their_own_unit_only(world, filed, client):
    client.force_login(world.officer)

    response = client.get(URL, {"period": "2024"})
    assert response.status_code == 200
    assert response.context["unit"] == world.unit
    assert response.context["compliance"].target("CT1").value == 100
    for code in ("BD-D1", "BD-D1-G2", "BD-D2-G1", "BD"):
        assert client.get(URL, {"org": code}).status_code == 404, code


def test_an_officer_of_an_upper_unit_does_not_see_the_units_below_it(world, filed, client):
    officer = UserFactory(username="district_officer")
    MembershipFactory(user=officer, organization=world.district, role=Role.OFFICER)
    client.force_login(officer)
    assert client.get(URL).status_code == 404
    assert client.get(URL, {"org": "BD-D1"}).status_code == 404


def test_viewer_sees_their_subtree_and_the_way_up_stops_at_it(world, filed, client):
    client.force_login(world.viewer)
    response = client.get(URL, {"org": "BD-D1-G1", "period": "2024"})
    assert response.status_code == 200
    assert response.context["way_up"] == [world.district]


def test_reviewer_above_the_issuer_sees_the_plan_from_the_issuer_down(world, client):
    city = UserFactory(username="city_reviewer")
    MembershipFactory(user=city, organization=Organization.objects.get(code="HCM"), role=Role.REVIEWER)
    client.force_login(city)
    response = client.get("/dashboard/hcm-edu-1712/")
    assert response.status_code == 200 and response.context["unit"] == world.hcm_gd
    assert client.get("/dashboard/hcm-edu-1712/", {"org": "HCM"}).status_code == 404  # above the plan's scope
    assert client.get(URL).status_code == 404


def test_stranger_sees_no_plan(world, client):
    client.force_login(world.stranger)
    assert client.get(URL).status_code == 404
    assert "Chưa có kế hoạch nào" in client.get("/dashboard/").content.decode()


@pytest.mark.parametrize("period", ["24", "2019", "2030", "2024S2"])
def test_a_period_the_plan_does_not_have_is_404(world, client, period):
    client.force_login(world.federation_reviewer)
    assert client.get(URL, {"period": period}).status_code == 404


def test_menu_offers_dashboards_to_reviewers_and_not_to_officers(world, client):
    client.force_login(world.reviewer)
    assert 'href="/dashboard/"' in client.get("/").content.decode()
    client.force_login(world.officer)
    assert 'href="/dashboard/"' not in client.get("/").content.decode()


def test_overview_lists_every_plan_with_targets_met_coverage_and_overdue(world, filed, client):
    client.force_login(world.admin)
    response = client.get("/dashboard/")

    entries = response.context["earlier"]
    assert [(entry.plan.slug, entry.unit.code) for entry in entries] == [
        ("binhdinh-130", "BD"),
        ("hcm-edu-1712", "HCM-GD"),
    ]
    bd = entries[0].overview
    assert bd.compliance.period == Period.parse("2025")
    assert [item.period.id for item in bd.overdue][:2] == ["2025", "2025S1"]
    assert bd.overdue[0].units.missing == 6  # nobody has sent the 2025 report
    content = response.content.decode()
    assert "/dashboard/binhdinh-130/units/?org=BD&amp;period=2024#missing" in content


def test_pages_carry_no_inline_script_and_load_chart_js_from_static(world, filed, client):
    import re

    client.force_login(world.federation_reviewer)
    for url in (URL + "?period=2024", "/dashboard/"):
        content = client.get(url).content.decode()
        for tag in re.findall(r"<script[^>]*>", content):
            assert " src=" in tag or 'type="application/json"' in tag, tag
        assert not re.search(r"\son[a-z]+=", content)
    content = client.get(URL).content.decode()
    assert '<script src="/static/vendor/chart.umd.min.js">' in content
    assert '<script src="/static/js/dashboard.js">' in content
    assert not re.search(r'(src|href)="(https?:)?//', content)  # nothing from another host (no CDN)


# --- live -------------------------------------------------------------------------------------


COMPLETE_2025 = {
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


def test_a_submission_and_a_return_change_the_next_request(world, client):
    client.force_login(world.reviewer)
    with time_machine.travel(datetime.datetime(2025, 12, 1, 9, tzinfo=datetime.UTC), tick=False):
        before = client.get(URL, {"period": "2025"}).context["compliance"]
        report = report_create(organization=world.unit, plan=world.bd_plan, period="2025", by=world.officer)
        report_save(report=report, by=world.officer, values=COMPLETE_2025)
        after_draft = client.get(URL, {"period": "2025"}).context["compliance"]
        report_submit(report=report, by=world.officer)
        after_submit = client.get(URL, {"period": "2025"}).context["compliance"]
        report_return(report=report, by=world.reviewer, reason="Thiếu số liệu.")
        after_return = client.get(URL, {"period": "2025"}).context["compliance"]

    assert before.units.reported == after_draft.units.reported == 0
    assert after_submit.units.reported == 1 and after_submit.units.on_time == 1
    assert after_submit.target("CT1").value == 100 and after_submit.target("CT1").status == "met"
    assert after_return.units.reported == 0 and after_return.target("CT1").status == "no_data"


# --- links to reports ------------------------------------------------------------------------


def test_lists_link_to_each_units_report_page(world, filed, client):
    client.force_login(world.reviewer)
    content = client.get(LISTS, {"period": "2024"}).content.decode()
    assert f"/reports/binhdinh-130/{world.sibling.code}/2024/" in content
    fragment = client.get(LISTS, {"period": "2024"}, headers={"HX-Request": "true"}).content.decode()
    assert fragment.strip().startswith('<div id="unit-lists">') and "<html" not in fragment  # for htmx, in place


def test_long_lists_are_counted_up_to_a_limit_and_say_there_are_more(world, client, monkeypatch):
    """A national list runs to tens of thousands of units: it is counted up to COUNT_LIMIT, says "more
    than", and pages up to the limit, in the same order as the whole list."""
    from reports.selectors import paging

    grow_tree(world, districts=1, per_district=12, start=0)  # 12 units, 2 in 5 without a counted report
    client.force_login(world.federation_reviewer)
    whole = client.get(LISTS, {"period": "2024"})
    assert not whole.context["missing_page"].paginator.capped
    codes = [item["unit"].code for item in whole.context["missing"]]
    assert len(codes) > 3

    monkeypatch.setattr(paging, "COUNT_LIMIT", 3)
    capped = client.get(LISTS, {"period": "2024"})
    paginator = capped.context["missing_page"].paginator
    assert (paginator.count, paginator.capped) == (3, True)
    assert [item["unit"].code for item in capped.context["missing"]] == codes[:3]  # the first of the same list
    content = capped.content.decode()
    assert ">3+</span>" in content and "danh sách chỉ hiện 3 đơn vị đầu" in content

    monkeypatch.setattr(paging, "COUNT_LIMIT", len(codes))
    exact = client.get(LISTS, {"period": "2024"}).context["missing_page"].paginator
    assert (exact.count, exact.capped) == (len(codes), False)


# --- a query budget that does not grow --------------------------------------------------------


def grow_tree(world, districts: int, per_district: int, start: int) -> None:
    """Bulk-load districts under BD with grassroots units and 2024 reports in every status."""
    created = Organization.objects.bulk_create(
        [
            Organization(
                code=f"BD-X{start + n:03d}", name=f"LĐLĐ {start + n}", kind=OrganizationKind.DISTRICT, parent=world.bd
            )
            for n in range(districts)
        ]
    )
    units = Organization.objects.bulk_create(
        [
            Organization(
                code=f"{district.code}-{n:04d}", name=f"CĐCS {n}", kind=OrganizationKind.GRASSROOTS, parent=district
            )
            for district in created
            for n in range(per_district)
        ]
    )
    rebuild_paths()
    statuses = [ReportStatus.APPROVED, ReportStatus.SUBMITTED, ReportStatus.DRAFT, ReportStatus.RETURNED, None]
    reports = Report.objects.bulk_create(
        [
            Report(organization=unit, plan=world.bd_plan, period="2024", status=statuses[n % 5], is_late=n % 7 == 0)
            for n, unit in enumerate(units)
            if statuses[n % 5]
        ]
    )
    indicators = {i.code: i for i in world.bd_plan.indicators.all()}
    ReportValue.objects.bulk_create(
        [
            value
            for n, report in enumerate(reports)
            for value in (
                ReportValue(report=report, indicator=indicators["rating"], choice=["good", "completed"][n % 2]),
                ReportValue(report=report, indicator=indicators["introduced_to_party"], number=n % 3),
                ReportValue(report=report, indicator=indicators["party_members"], number=10),
                ReportValue(report=report, indicator=indicators["party_members_good"], number=9),
            )
        ]
    )


def count_queries(callable_) -> int:
    with CaptureQueriesContext(connection) as context:
        callable_()
    return len(context.captured_queries)


def test_dashboard_and_breakdown_use_the_same_number_of_queries_for_10_and_2000_units(world, client):
    client.force_login(world.federation_reviewer)
    params = {"org": "BD", "period": "2024"}

    def dashboard():
        assert client.get(URL, params).status_code == 200

    def breakdown():
        bd = Organization.objects.get(code="BD")
        evaluate_breakdown(plan=world.bd_plan, organization=bd, period=Period.parse("2024"))

    grow_tree(world, districts=2, per_district=4, start=0)  # with the world's three units: 11
    assert Organization.objects.subtree_of(world.bd).filter(kind="grassroots").count() == 11
    breakdown()  # the plan's structure is read once and kept on the plan object, as within a request
    small = (count_queries(dashboard), count_queries(breakdown))

    grow_tree(world, districts=20, per_district=100, start=100)
    assert Organization.objects.subtree_of(world.bd).filter(kind="grassroots").count() == 2011
    large = (count_queries(dashboard), count_queries(breakdown))

    assert small == large
    # the unit, a look for stored rollups (none here), its children, the three aggregate queries
    assert large[0] <= 25 and large[1] == 6


def test_overview_uses_the_same_number_of_queries_for_10_and_2000_units(world, client):
    client.force_login(world.federation_reviewer)
    grow_tree(world, districts=2, per_district=4, start=0)
    small = count_queries(lambda: client.get("/dashboard/"))
    grow_tree(world, districts=20, per_district=100, start=100)
    assert count_queries(lambda: client.get("/dashboard/")) == small
