"""Compliance rollups: the stored tallies give exactly the engine's counted figures, stay in step with
every report change, and step aside (the engine counts) when the tree or the targets have changed."""

import datetime
import random

import pytest
import time_machine
from django.core.management import call_command

from plans.models import Plan, Target
from plans.periods import Period
from reports.compliance import evaluate, evaluate_breakdown, evaluate_dashboard, rollups
from reports.compliance.engine import collect_tallies, compliance_from, merged, periods_with_values
from reports.imports.values import import_value_records
from reports.imports.values_format import ValuesRecord
from reports.models import ComplianceRollup, Report
from reports.services import report_approve, report_reopen, report_return, report_save, report_submit
from reports.services.filing import report_save_for_period
from tests.factories import OrganizationFactory
from unions.models import Organization
from unions.services import organization_close, organization_move


def counted(plan, organization, period):
    """The engine's figures counted straight from the reports, never from the rollups."""
    tallies = collect_tallies(
        plan=plan,
        organization=organization,
        periods=[period],
        values_for=periods_with_values(plan, [period]),
        by_child=True,
    )
    total = compliance_from(plan, organization, period, merged(tallies)).as_json()
    rows = {}
    for path, tally in tallies.items():
        if not tally.is_empty():
            unit = Organization.objects.get(path=path)
            rows[unit.code] = compliance_from(plan, unit, period, tally).as_json()
    return total, rows


def stored(plan, organization, period):
    breakdown = evaluate_breakdown(plan=plan, organization=organization, period=period)
    return breakdown.total.as_json(), {row.organization.code: row.compliance.as_json() for row in breakdown.rows}


def _records_2024(units) -> list[ValuesRecord]:
    """A file's rows giving each unit new 2024 figures for members and members trained."""
    return [
        ValuesRecord(
            row=n + 2,
            org_code=unit.code,
            period="2024",
            values={"members": "200", "members_trained": "150"},
            columns={"org_code": "A", "period": "B", "members": "C", "members_trained": "D"},
        )
        for n, unit in enumerate(units)
    ]


def assert_same(plan, organizations, periods):
    assert rollups.is_fresh(plan)
    for organization in organizations:
        for period in periods:
            assert stored(plan, organization, period) == counted(plan, organization, period), (
                organization.code,
                period.id,
            )


def uppers(plan):
    return list(Organization.objects.subtree_of(plan.issuer).filter(children__isnull=False).distinct().order_by("path"))


def test_built_rollups_give_the_engines_figures_for_every_unit_and_period_of_the_demo(db):
    call_command("seed_demo", verbosity=0)
    for plan in Plan.objects.filter(slug__in=["hcm-edu-1712", "binhdinh-130"]):
        assert rollups.is_fresh(plan)  # seed_demo builds them
        assert ComplianceRollup.objects.filter(plan=plan).exists()
        assert_same(plan, uppers(plan), plan.periods())


def test_a_dashboard_from_fresh_rollups_is_one_query_and_the_same_at_any_size(world, django_assert_num_queries):
    call_command("rebuild_rollups", verbosity=0)
    plan, period = world.bd_plan, Period.parse("2024")
    plan.issuer  # noqa: B018 - loaded with the plan, as the page does
    evaluate_dashboard(plan=plan, organization=world.bd, period=period)  # the plan's targets, read once
    with django_assert_num_queries(1):
        evaluate_dashboard(plan=plan, organization=world.bd, period=period)
    for number in range(300):
        district = world.district if number % 2 else world.other_district
        OrganizationFactory(code=f"BD-Z{number:03d}", parent=district)
    call_command("rebuild_rollups", verbosity=0)
    with django_assert_num_queries(1):
        evaluate_dashboard(plan=plan, organization=world.bd, period=period)


COMPLETE = {
    "rating": "good",
    "party_members": "40",
    "party_members_good": "38",
    "party_members_failed": "1",
    "introduced_to_party": "2",
    "civil_servant_members": "10",
    "civil_servant_members_standard": "9",
    "members": "120",
    "members_trained": "90",
}


def test_rollups_follow_every_transition_and_import_exactly(world):
    plan = world.bd_plan
    extra = [OrganizationFactory(code=f"BD-D1-Y{n}", parent=world.district) for n in range(4)]
    units = [world.unit, world.sibling, world.other_unit, *extra]
    call_command("rebuild_rollups", verbosity=0)
    rng = random.Random(5)
    checked = [world.bd, world.district, world.other_district]
    periods = [Period.parse("2024"), Period.parse("2025"), Period.parse("2025S1")]
    for step in range(40):
        unit = rng.choice(units)
        period = rng.choice(periods)
        day = datetime.datetime(period.year, 6 if period.is_half else 12, 1, 9, tzinfo=datetime.UTC)
        with time_machine.travel(day + datetime.timedelta(days=rng.choice([0, 20])), tick=False):
            report = Report.objects.filter(organization=unit, plan=plan, period=period.id).first()
            values = {k: v for k, v in COMPLETE.items() if not (period.is_half and k == "rating")}
            values["members_trained"] = str(rng.randint(0, 120))
            values["rating"] = rng.choice(["excellent", "good", "completed", "not_completed"])
            if period.is_half:
                values.pop("rating")
            officer = world.admin
            if report is None or report.status in ("draft", "returned"):
                report = (
                    report_save_for_period(organization=unit, plan=plan, period=period, by=officer, values=values)
                    if report is None
                    else report_save(report=report, by=officer, values=values)
                )
                report_submit(report=report, by=officer)
            elif report.status == "submitted":
                if rng.random() < 0.5:
                    report_approve(report=report, by=world.admin)
                else:
                    report_return(report=report, by=world.admin, reason="Sửa lại.")
            else:
                report_reopen(report=report, by=world.admin, reason="Mở lại.")
        assert_same(plan, checked, periods), step
    # An import of submitted reports, changing figures of counted ones too (forced over approved).
    records = _records_2024(units)
    records.append(  # a district's own report: its own row, and the subtree rows above it
        ValuesRecord(
            row=len(units) + 2,
            org_code=world.district.code,
            period="2024",
            values={"officers_fulltime": "12", "officers_degree": "8", "officers_political": "5"},
            columns={"org_code": "A", "period": "B", "officers_fulltime": "E", "officers_degree": "F",
                     "officers_political": "G"},
        )
    )  # fmt: skip
    with time_machine.travel(datetime.datetime(2024, 12, 1, 9, tzinfo=datetime.UTC), tick=False):
        import_value_records(plan=plan, records=records, by=world.admin, status="submitted", force=True)
    own = ComplianceRollup.objects.filter(plan=plan, organization=world.district, period="2024").values_list(
        "own", flat=True
    )
    assert [row.get("r") for row in own if row] == [1]  # the district's report counts, in its own row
    assert_same(plan, checked, periods)


def test_a_report_named_twice_to_one_change_is_counted_once(world):
    """before() and apply() take each report once, however often a caller names it."""
    plan, period = world.bd_plan, Period.parse("2025")
    with time_machine.travel(datetime.datetime(2025, 12, 1, 9, tzinfo=datetime.UTC), tick=False):
        report = report_save_for_period(organization=world.unit, plan=plan, period=period, by=world.admin,
                                        values=dict(COMPLETE, members_trained="90"))  # fmt: skip
        report_submit(report=report, by=world.admin)
    call_command("rebuild_rollups", verbosity=0)
    twice = [report.pk, *range(10**9, 10**9 + 1000), report.pk]  # in two chunks of ids (no report has the rest)
    changes = rollups.RollupChanges(plan)
    changes.before(twice)
    report.values.filter(indicator__code="members_trained").update(number=100)
    changes.apply(twice)
    assert_same(plan, [world.bd, world.district], [period])


def test_a_tree_change_makes_the_rollups_step_aside_until_rebuilt(world):
    call_command("rebuild_rollups", verbosity=0)
    plan = world.bd_plan
    assert rollups.is_fresh(plan)
    organization_move(organization=world.unit, new_parent=world.other_district)
    assert not rollups.is_fresh(plan)
    period = Period.parse("2024")
    assert stored(plan, world.bd, period) == counted(plan, world.bd, period)  # counted directly meanwhile
    call_command("rebuild_rollups", "--stale-only", verbosity=0)
    assert_same(plan, [world.bd, world.district, world.other_district], [period])
    organization_close(organization=world.sibling, closed_on=datetime.date(2024, 3, 1))
    assert not rollups.is_fresh(plan)


def test_a_change_to_a_targets_condition_makes_them_stale(world):
    call_command("rebuild_rollups", verbosity=0)
    target = Target.objects.get(plan=world.bd_plan, code="CT1")
    target.condition_values = ["excellent"]
    target.save()
    plan = Plan.objects.get(pk=world.bd_plan.pk)
    assert not rollups.is_fresh(plan)


def test_evaluate_uses_the_rollups_when_fresh(world, django_assert_max_num_queries):
    call_command("rebuild_rollups", verbosity=0)
    plan = world.bd_plan
    plan.issuer  # noqa: B018
    evaluate(plan=plan, organization=world.bd, period=Period.parse("2024"))
    with django_assert_max_num_queries(1):
        evaluate(plan=plan, organization=world.bd, period=Period.parse("2024"))


def test_rebuild_rollups_refuses_an_unknown_plan(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Không có kế hoạch “nope”"):
        call_command("rebuild_rollups", "--plan", "nope", verbosity=0)


def page_queries(client, url, params) -> tuple[int, object]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured.captured_queries), response


@pytest.mark.parametrize("code", ["BD", "BD-X000", "BD-X000-0000"])
def test_dashboard_pages_from_rollups_take_at_most_six_queries_whatever_the_size(world, client, settings, code):
    """The federation (children with rows), a district (grassroots children) and a grassroots unit."""
    from tests.test_dashboard_pages import grow_tree

    # Sessions read through the cache, as with CACHE_URL (a shared Redis); without one, reading the
    # session from the database is one query more per page.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    url, params = "/dashboard/binhdinh-130/", {"org": code, "period": "2024"}
    client.force_login(world.federation_reviewer)
    grow_tree(world, districts=2, per_district=4, start=0)
    call_command("rebuild_rollups", verbosity=0)
    client.get(url, params)  # the session is read through the cache from now on
    small, response = page_queries(client, url, params)
    unit = response.context["unit"]
    total, rows = counted(world.bd_plan, unit, Period.parse("2024"))
    assert response.context["compliance"].as_json() == total
    assert {row.organization.code: row.compliance.as_json() for row in response.context["breakdown"]} == rows

    grow_tree(world, districts=20, per_district=100, start=100)
    call_command("rebuild_rollups", verbosity=0)
    large, _response = page_queries(client, url, params)
    assert small == large <= 6, (small, large)


def test_grassroots_children_come_a_page_at_a_time_with_the_engines_figures(world, client):
    from tests.test_dashboard_pages import grow_tree

    grow_tree(world, districts=1, per_district=120, start=0)  # BD-X000 with 120 grassroots unions
    call_command("rebuild_rollups", verbosity=0)
    client.force_login(world.federation_reviewer)
    url = "/dashboard/binhdinh-130/"
    district = Organization.objects.get(code="BD-X000")
    _total, counted_rows = counted(world.bd_plan, district, Period.parse("2024"))
    seen = []
    for number in (1, 2, 3):
        response = client.get(url, {"org": "BD-X000", "period": "2024", "units": number})
        rows = [row for row in response.context["breakdown"] if not row.is_self]
        page = response.context["leaf_page"]
        assert (page.number, page.has_next) == (number, number < 3)
        assert len(rows) == (50 if number < 3 else 20)
        for row in rows:
            assert row.compliance.as_json() == counted_rows[row.organization.code], row.organization.code
        seen += [row.organization.code for row in rows]
    assert seen == sorted(seen) and len(set(seen)) == 120
    assert response.context["compliance"].as_json() == _total  # the total is the whole district's


def test_upper_children_come_a_page_at_a_time_too(world, client):
    from tests.test_dashboard_pages import grow_tree

    grow_tree(world, districts=60, per_district=1, start=0)  # BD gets 62 districts
    call_command("rebuild_rollups", verbosity=0)
    client.force_login(world.federation_reviewer)
    first = client.get("/dashboard/binhdinh-130/", {"org": "BD", "period": "2024"})
    second = client.get("/dashboard/binhdinh-130/", {"org": "BD", "period": "2024", "units": 2})
    codes = [row.organization.code for response in (first, second) for row in response.context["breakdown"]]
    codes = [code for code in codes if code != "BD"]
    assert len(codes) == len(set(codes)) == 62 and codes == sorted(codes)
    assert first.context["leaf_page"].has_next and not second.context["leaf_page"].has_next


def test_a_unit_with_upper_and_grassroots_children_shows_each_child_once_with_its_subtree(world, client):
    """Upper children (with units below) and grassroots children come a page of each at a time; an
    upper child is never listed among the grassroots ones with its own report's figures alone."""
    from tests.test_dashboard_pages import grow_tree

    grow_tree(world, districts=60, per_district=1, start=0)  # BD gets 62 districts
    direct = [OrganizationFactory(code=code, parent=world.bd) for code in ("BD-A01", "BD-A02", "BD-Z01")]
    for unit in direct:
        Report.objects.create(organization=unit, plan=world.bd_plan, period="2024", status="approved")
    call_command("rebuild_rollups", verbosity=0)
    _total, counted_rows = counted(world.bd_plan, world.bd, Period.parse("2024"))
    client.force_login(world.federation_reviewer)
    seen = []
    for number in (1, 2):
        response = client.get("/dashboard/binhdinh-130/", {"org": "BD", "period": "2024", "units": number})
        for row in response.context["breakdown"]:
            if not row.is_self:
                seen.append(row.organization.code)
                assert row.compliance.as_json() == counted_rows[row.organization.code], row.organization.code
        assert response.context["leaf_page"].has_next == (number == 1)
    assert sorted(seen) == sorted(code for code in counted_rows if code != "BD")
    assert len(seen) == len(set(seen)) == 65


def _rendered_figures(response) -> bool:
    return "reports/dashboard/_figures.html" in [template.name for template in response.templates]


@pytest.mark.parametrize("code", ["BD", "BD-X000", "BD-X000-0000"])
def test_kept_dashboard_figures_are_those_rendered_and_never_stale(world, client, code):
    """A dashboard's figures are kept under the digest of the rows they come from: the kept HTML is the
    HTML rendered afresh, and a report's change or a unit's rename (even one written around the ORM's
    signals) shows at once, with the engine's counted figures."""
    from django.core.cache import caches

    from tests.test_dashboard_pages import grow_tree

    grow_tree(world, districts=1, per_district=5, start=0)
    call_command("rebuild_rollups", verbosity=0)
    client.force_login(world.federation_reviewer)
    url, params = "/dashboard/binhdinh-130/", {"org": code, "period": "2024"}
    first = client.get(url, params)
    assert _rendered_figures(first)
    again = client.get(url, params)
    assert not _rendered_figures(again), "the second view renders the figures again"
    assert again.context["figures"] == first.context["figures"]
    caches["figures"].clear()
    assert client.get(url, params).context["figures"] == first.context["figures"]

    approved = Report.objects.get(organization__code="BD-X000-0000", plan=world.bd_plan, period="2024")
    report_reopen(report=approved, by=world.federation_reviewer, reason="Sửa số liệu")
    changed = client.get(url, params)
    assert _rendered_figures(changed)
    assert changed.context["figures"] != first.context["figures"]
    unit = changed.context["unit"]
    assert changed.context["compliance"].as_json() == counted(world.bd_plan, unit, Period.parse("2024"))[0]

    Organization.objects.filter(code__in=["BD-X000", "BD-X000-0000"]).update(name="Tên mới đổi")
    assert "Tên mới đổi" in client.get(url, params).context["figures"]


def test_an_import_over_existing_reports_counts_their_lateness_as_it_writes_it(world):
    """The import counts an updated report's rollup change from what it read and will write: a draft
    never submitted becomes late when imported after its due date, a returned one keeps its lateness."""
    plan, period = world.bd_plan, Period.parse("2024")
    call_command("rebuild_rollups", verbosity=0)
    values = {**COMPLETE, "members": "100", "members_trained": "80"}
    with time_machine.travel(datetime.datetime(2024, 12, 1, 9, tzinfo=datetime.UTC), tick=False):
        report_save_for_period(organization=world.unit, plan=plan, period=period, by=world.admin, values=values)
        returned = report_save_for_period(
            organization=world.sibling, plan=plan, period=period, by=world.admin, values=values
        )
        report_submit(report=returned, by=world.admin)
        report_return(report=Report.objects.get(pk=returned.pk), by=world.admin, reason="Sửa lại.")
    records = _records_2024([world.unit, world.sibling])
    after_due = plan.due_date(period) + datetime.timedelta(days=30)
    with time_machine.travel(datetime.datetime.combine(after_due, datetime.time(9), datetime.UTC), tick=False):
        import_value_records(plan=plan, records=records, by=world.admin, status="submitted", force=True)
    lateness = dict(Report.objects.filter(plan=plan, period="2024").values_list("organization__code", "is_late"))
    assert (lateness[world.unit.code], lateness[world.sibling.code]) == (True, False)
    assert_same(plan, [world.bd, world.district, world.other_district], [period])
