"""The compliance engine against hand-computed figures (DESIGN §2 "Compliance")."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from plans.models import Target
from plans.selectors import forget_structure, plan_structure
from reports.compliance import (
    evaluate,
    evaluate_breakdown,
    evaluate_trend,
    exact_string,
    plan_overview,
    reporting_by_period,
    round_half_up,
    targets_against,
    unit_share_targets,
    units_not_reported,
    values_against_targets,
)
from reports.models import ReportStatus
from tests.compliance_data import file_report, grassroots, p
from tests.factories import OrganizationFactory
from unions.models import OrganizationKind

SUBMITTED, APPROVED, DRAFT, RETURNED = (
    ReportStatus.SUBMITTED,
    ReportStatus.APPROVED,
    ReportStatus.DRAFT,
    ReportStatus.RETURNED,
)


def add_target(plan, code, **fields) -> Target:
    """A target added to a seed plan for one test (the plan's structure cache is refreshed)."""
    structure = plan_structure(plan)
    for name in ("indicator", "numerator", "denominator"):
        if isinstance(fields.get(name), str):
            fields[name] = structure.indicator(fields[name])
    fields.setdefault("population_kinds", [OrganizationKind.GRASSROOTS])
    fields.setdefault("evaluation", "annual")
    target = Target.objects.create(plan=plan, code=code, short_label=code, wording=code, order=99, **fields)
    forget_structure(plan)
    return target


def ratio_target(plan, code="CTX", comparator=">=", threshold="85", **fields) -> Target:
    fields.setdefault("numerator", "party_members_good")
    fields.setdefault("denominator", "party_members")
    return add_target(plan, code, measure="ratio", comparator=comparator, threshold=Decimal(threshold), **fields)


# --- thresholds and comparators -----------------------------------------------------------------


def test_a_share_of_exactly_85_percent_meets_a_target_of_at_least_85(world):
    units = [world.unit, world.sibling, *grassroots(world.district, 18)]
    for index, unit in enumerate(units):
        rating = "completed" if index < 3 else ("excellent" if index % 2 else "good")
        file_report(unit, world.bd_plan, "2024", rating=rating)

    result = evaluate(plan=world.bd_plan, organization=world.district, period=p("2024")).target("CT1")

    assert (result.numerator, result.denominator) == (17, 20)
    assert result.value == Decimal("85.00")
    assert result.status == "met"
    assert (result.expected, result.reported, result.on_time) == (20, 20, 20)


def test_a_ratio_of_exactly_0_30_percent_does_not_meet_a_target_below_0_3(world):
    ratio_target(world.bd_plan, comparator="<", threshold="0.3", numerator="party_members_failed")
    file_report(world.unit, world.bd_plan, "2024", party_members=1000, party_members_failed=3)
    file_report(world.unit, world.bd_plan, "2023", party_members=1000, party_members_failed=2)

    at_2024 = evaluate(plan=world.bd_plan, organization=world.unit, period=p("2024")).target("CTX")
    at_2023 = evaluate(plan=world.bd_plan, organization=world.unit, period=p("2023")).target("CTX")

    assert (at_2024.value, at_2024.status) == (Decimal("0.30"), "not_met")
    assert (at_2023.value, at_2023.status) == (Decimal("0.20"), "met")


@pytest.mark.parametrize(
    ("comparator", "threshold", "status"),
    [
        (">=", "85", "met"),
        (">", "85", "not_met"),
        ("<=", "85", "met"),
        ("<", "85", "not_met"),
        (">=", "84.99", "met"),
        (">", "84.99", "met"),
        ("<=", "84.99", "not_met"),
        ("<", "85.01", "met"),
    ],
)
def test_each_comparator_is_applied_to_the_exact_value(world, comparator, threshold, status):
    ratio_target(world.bd_plan, comparator=comparator, threshold=threshold)
    file_report(world.unit, world.bd_plan, "2024", party_members=100, party_members_good=85)

    result = evaluate(plan=world.bd_plan, organization=world.unit, period=p("2024")).target("CTX")

    assert result.value == Decimal("85.00")
    assert result.status == status


def test_the_status_is_decided_before_rounding(world):
    """2/3 shows as 66.67 but is below 66.67, so ">= 66.67" is not met and "< 66.67" is."""
    ratio_target(world.bd_plan, code="CTA", comparator=">=", threshold="66.67")
    ratio_target(world.bd_plan, code="CTB", comparator="<", threshold="66.67")
    file_report(world.unit, world.bd_plan, "2024", party_members=3, party_members_good=2)

    compliance = evaluate(plan=world.bd_plan, organization=world.unit, period=p("2024"))

    assert compliance.target("CTA").value == Decimal("66.67")
    assert compliance.target("CTA").percent == Fraction(200, 3)
    assert compliance.target("CTA").status == "not_met"
    assert compliance.target("CTB").status == "met"


def test_values_are_rounded_half_up_for_display_only():
    assert round_half_up(Fraction(1, 8)) == Decimal("0.13")  # 0.125: half-up, not half-even
    assert round_half_up(Fraction(200, 3)) == Decimal("66.67")
    assert round_half_up(Fraction(85)) == Decimal("85.00")
    assert round_half_up(Fraction(-1, 8)) == Decimal("-0.13")
    assert exact_string(Decimal("85.0000")) == "85"
    assert exact_string(Decimal("0.3000")) == "0.3"
    assert exact_string(Decimal("0.300000000000000")) == "0.3"
    assert exact_string(Decimal("1234.5")) == "1234.5"
    assert exact_string(Decimal("0E-4")) == "0"


def test_a_zero_denominator_gives_no_data(world):
    file_report(world.unit, world.bd_plan, "2024", party_members=0, party_members_good=0)

    compliance = evaluate(plan=world.bd_plan, organization=world.unit, period=p("2024"))

    ct3 = compliance.target("CT3")
    assert (ct3.numerator, ct3.denominator, ct3.value, ct3.status) == (0, 0, None, "no_data")
    assert ct3.as_json()["value"] is None
    ct1 = compliance.target("CT1")  # no rating given: nobody in the denominator
    assert (ct1.denominator, ct1.status, ct1.reported) == (0, "no_data", 1)


# --- who is expected, who counts ----------------------------------------------------------------


def test_a_unit_is_expected_only_in_periods_it_was_open(world):
    district = OrganizationFactory(code="BD-D3", kind=OrganizationKind.DISTRICT, parent=world.bd)
    closed_2023 = OrganizationFactory(code="BD-D3-A", parent=district, closed_on=datetime.date(2023, 12, 31))
    closed_march = OrganizationFactory(code="BD-D3-B", parent=district, closed_on=datetime.date(2024, 3, 31))
    opened_july = OrganizationFactory(code="BD-D3-C", parent=district, opened_on=datetime.date(2024, 7, 1))
    always = OrganizationFactory(code="BD-D3-D", parent=district)
    for unit in (closed_2023, closed_march, opened_july, always):
        file_report(unit, world.bd_plan, "2024", rating="good")  # the 2023-closed unit's report is bad data

    def ct1(period):
        return evaluate(plan=world.bd_plan, organization=district, period=p(period)).target("CT1")

    assert ct1("2023").expected == 3  # A, B and D; C opened later
    assert ct1("2024S1").expected == 2  # B (until March) and D
    assert ct1("2024").expected == 3  # B, C and D: open at some time in the year
    assert ct1("2025").expected == 2  # C and D
    at_2024 = ct1("2024")
    assert (at_2024.reported, at_2024.numerator, at_2024.denominator) == (3, 3, 3)  # A's report is not counted
    assert at_2024.units.coverage == Decimal("100.00")


def test_units_of_another_kind_are_not_counted(world):
    file_report(world.unit, world.bd_plan, "2024", rating="good", officers_fulltime=5, officers_degree=1)
    file_report(world.district, world.bd_plan, "2024", officers_fulltime=10, officers_degree=10, rating="completed")

    compliance = evaluate(plan=world.bd_plan, organization=world.bd, period=p("2024"))

    ct1 = compliance.target("CT1")  # grassroots only: the district's rating is not counted
    assert (ct1.expected, ct1.reported, ct1.numerator, ct1.denominator) == (3, 1, 1, 1)
    ct6 = compliance.target("CT6")  # levels above grassroots: BD, BD-D1, BD-D2; the unit's figures do not count
    assert (ct6.expected, ct6.reported, ct6.numerator, ct6.denominator) == (3, 1, 10, 10)
    assert compliance.units.expected == 6  # every reporting kind of the plan


def test_units_outside_the_plans_reporting_kinds_are_not_counted_even_for_every_level(world):
    """hcm-edu-1712 is reported by the sector union and grassroots; CT1 counts "every level"."""
    odd = OrganizationFactory(code="HCM-GD-X", kind=OrganizationKind.DISTRICT, parent=world.hcm_gd)
    file_report(odd, world.hcm_plan, "2022", propagated=0)
    file_report(world.hcm_gd, world.hcm_plan, "2022", propagated=1)
    file_report(world.school, world.hcm_plan, "2022", propagated=0)

    ct1 = evaluate(plan=world.hcm_plan, organization=world.hcm_gd, period=p("2022")).target("CT1")

    assert (ct1.expected, ct1.reported, ct1.numerator, ct1.denominator) == (2, 2, 1, 2)
    assert (ct1.value, ct1.status) == (Decimal("50.00"), "not_met")


def test_a_population_kind_that_does_not_report_the_indicator_is_expected_but_not_in_the_denominator(world):
    add_target(
        world.bd_plan,
        "CTP",
        measure="unit_share",
        indicator="introduced_to_party",  # reported by grassroots only
        condition_op=">=",
        condition_values=["1"],
        comparator=">=",
        threshold=Decimal(100),
        population_kinds=[OrganizationKind.DISTRICT, OrganizationKind.GRASSROOTS],
    )
    file_report(world.district, world.bd_plan, "2024", officers_fulltime=3)
    file_report(world.unit, world.bd_plan, "2024", introduced_to_party=1)

    result = evaluate(plan=world.bd_plan, organization=world.district, period=p("2024")).target("CTP")

    assert (result.expected, result.reported, result.numerator, result.denominator) == (3, 2, 1, 1)
    assert result.status == "met"


def test_drafts_and_returned_reports_are_not_counted(world):
    third, fourth = grassroots(world.district, 2)
    file_report(world.unit, world.bd_plan, "2024", SUBMITTED, rating="good")
    file_report(world.sibling, world.bd_plan, "2024", APPROVED, late=True, rating="completed")
    file_report(third, world.bd_plan, "2024", DRAFT, rating="not_completed")
    file_report(fourth, world.bd_plan, "2024", RETURNED, rating="not_completed")

    compliance = evaluate(plan=world.bd_plan, organization=world.district, period=p("2024"))

    ct1, ct2 = compliance.target("CT1"), compliance.target("CT2")
    assert (ct1.expected, ct1.reported, ct1.on_time) == (4, 2, 1)
    assert (ct1.numerator, ct1.denominator, ct1.value) == (1, 2, Decimal("50.00"))
    assert (ct2.numerator, ct2.denominator, ct2.status) == (0, 2, "met")
    assert ct1.units.coverage == Decimal("50.00")
    assert ct1.units.on_time_rate == Decimal("25.00")


def test_a_yes_no_condition_counts_units_that_answered_yes(world):
    file_report(world.hcm_gd, world.hcm_plan, "2021", propagated=1)
    file_report(world.school, world.hcm_plan, "2021", propagated=0, hr_activities=2)

    compliance = evaluate(plan=world.hcm_plan, organization=world.hcm_gd, period=p("2021"))

    assert compliance.target("CT1").as_json() == {
        "target": "CT1",
        "value": "50.00",
        "numerator": "1",
        "denominator": "2",
        "comparator": ">=",
        "threshold": "100",
        "status": "not_met",
        "expected": 2,
        "reported": 2,
        "on_time": 2,
    }
    ct2 = compliance.target("CT2")  # hr_activities >= 1; the sector union does not report it
    assert (ct2.expected, ct2.numerator, ct2.denominator, ct2.status) == (1, 1, 1, "met")


# --- time: deadlines, stock and flow, six-month periods -------------------------------------------


def test_a_by_deadline_flow_ratio_adds_up_the_year_reports_since_the_plans_first_year(world):
    """hcm-edu-1712 CT3: cla_new_training / cla_new > 70 % by 2023, both flow."""
    school = world.school
    file_report(school, world.hcm_plan, "2019", APPROVED, cla_new=4, cla_new_training=2)
    file_report(school, world.hcm_plan, "2020", SUBMITTED, cla_new=3, cla_new_training=3)
    file_report(school, world.hcm_plan, "2021", DRAFT, cla_new=5, cla_new_training=5)  # not counted
    file_report(school, world.hcm_plan, "2022", APPROVED, cla_new=3, cla_new_training=1)
    file_report(school, world.hcm_plan, "2023", SUBMITTED, cla_new=4, cla_new_training=4)

    def ct3(period):
        return evaluate(plan=world.hcm_plan, organization=world.hcm_gd, period=p(period)).target("CT3")

    assert (ct3("2020").numerator, ct3("2020").denominator) == (5, 7)  # 2019 + 2020
    assert (ct3("2020").value, ct3("2020").status, ct3("2020").before_deadline) == (Decimal("71.43"), "met", True)
    assert (ct3("2022").numerator, ct3("2022").denominator) == (6, 10)  # the 2021 draft adds nothing
    assert (ct3("2022").value, ct3("2022").status) == (Decimal("60.00"), "not_met")
    at_2023 = ct3("2023")
    assert (at_2023.numerator, at_2023.denominator, at_2023.value) == (10, 14, Decimal("71.43"))
    assert (at_2023.status, at_2023.before_deadline) == ("met", False)
    assert (at_2023.expected, at_2023.reported) == (1, 1)  # counts are the period's own


def test_a_closed_units_earlier_year_reports_still_add_to_a_cumulative_sum(world):
    closed = OrganizationFactory(code="HCM-GD-S2", parent=world.hcm_gd, closed_on=datetime.date(2021, 12, 31))
    file_report(closed, world.hcm_plan, "2019", APPROVED, cla_new=10, cla_new_training=0)
    file_report(world.school, world.hcm_plan, "2023", APPROVED, cla_new=4, cla_new_training=4)

    ct3 = evaluate(plan=world.hcm_plan, organization=world.hcm_gd, period=p("2023")).target("CT3")

    assert (ct3.numerator, ct3.denominator, ct3.value, ct3.status) == (4, 14, Decimal("28.57"), "not_met")
    assert ct3.expected == 1  # the closed school is no longer expected


def test_a_by_deadline_stock_ratio_takes_its_year_alone(world):
    """binhdinh-130 CT9: members_trained / members >= 66 % by 2025, both stock."""
    file_report(world.unit, world.bd_plan, "2024", APPROVED, members=100, members_trained=60)
    file_report(world.unit, world.bd_plan, "2025", SUBMITTED, members=100, members_trained=70)
    file_report(world.sibling, world.bd_plan, "2025", DRAFT, members=100, members_trained=0)

    at_2025 = evaluate(plan=world.bd_plan, organization=world.bd, period=p("2025")).target("CT9")
    at_2024 = evaluate(plan=world.bd_plan, organization=world.bd, period=p("2024")).target("CT9")

    assert (at_2025.numerator, at_2025.denominator, at_2025.value, at_2025.status) == (70, 100, Decimal("70.00"), "met")
    assert (at_2024.value, at_2024.status, at_2024.before_deadline) == (Decimal("60.00"), "not_met", True)
    assert at_2024.progress == Decimal("90.91")  # 60 of the 66 needed


def test_a_six_month_period_is_judged_on_its_own_reports(world):
    file_report(world.unit, world.bd_plan, "2024S1", party_members=10, party_members_good=9, members=50)
    file_report(world.unit, world.bd_plan, "2024", party_members=10, party_members_good=8, rating="excellent")

    at_s1 = evaluate(plan=world.bd_plan, organization=world.district, period=p("2024S1"))
    at_year = evaluate(plan=world.bd_plan, organization=world.district, period=p("2024"))

    assert (at_s1.target("CT3").value, at_s1.target("CT3").status) == (Decimal("90.00"), "met")
    assert (at_year.target("CT3").value, at_year.target("CT3").status) == (Decimal("80.00"), "not_met")
    assert at_s1.target("CT1").status == "no_data"  # the rating is given in the year report only
    assert at_year.target("CT1").value == Decimal("100.00")
    assert at_s1.units.reported == at_year.units.reported == 1


def test_a_by_deadline_flow_ratio_at_a_six_month_period_adds_earlier_years_and_that_half(world):
    ratio_target(
        world.bd_plan,
        numerator="introduced_to_party",  # flow
        denominator="party_members",  # stock: the period alone
        evaluation="by_deadline",
        deadline_year=2025,
    )
    file_report(world.unit, world.bd_plan, "2022", introduced_to_party=2, party_members=8)
    file_report(world.unit, world.bd_plan, "2023", introduced_to_party=1, party_members=9)
    file_report(world.unit, world.bd_plan, "2024S1", introduced_to_party=1, party_members=10)
    file_report(world.unit, world.bd_plan, "2024", introduced_to_party=3, party_members=10)

    at_s1 = evaluate(plan=world.bd_plan, organization=world.unit, period=p("2024S1")).target("CTX")
    at_year = evaluate(plan=world.bd_plan, organization=world.unit, period=p("2024")).target("CTX")

    assert (at_s1.numerator, at_s1.denominator, at_s1.value) == (4, 10, Decimal("40.00"))  # 2 + 1 + 1
    assert (at_year.numerator, at_year.denominator, at_year.value) == (6, 10, Decimal("60.00"))  # 2 + 1 + 3


# --- the tree -------------------------------------------------------------------------------------


@pytest.fixture
def deep(world):
    """BD > BD-D1 > commune BD-D1-C > two grassroots units, next to BD-D1's own units and BD-D2's."""
    commune = OrganizationFactory(code="BD-D1-C", kind=OrganizationKind.COMMUNE, parent=world.district)
    first, second = grassroots(commune, 2)
    file_report(first, world.bd_plan, "2024", rating="excellent", members=10, members_trained=10)
    file_report(second, world.bd_plan, "2024", rating="completed", members=10, members_trained=0)
    file_report(world.unit, world.bd_plan, "2024", rating="good", members=20, members_trained=15)
    file_report(world.sibling, world.bd_plan, "2024", rating="good", late=True, members=10, members_trained=5)
    file_report(world.other_unit, world.bd_plan, "2024", rating="not_completed", members=50, members_trained=40)
    file_report(commune, world.bd_plan, "2024", officers_fulltime=2, officers_degree=1)
    return commune


def test_a_subtree_three_levels_deep_rolls_up_at_every_level(world, deep):
    def ct(organization, code):
        return evaluate(plan=world.bd_plan, organization=organization, period=p("2024")).target(code)

    assert (ct(deep, "CT1").numerator, ct(deep, "CT1").denominator, ct(deep, "CT1").value) == (1, 2, Decimal("50.00"))
    assert (ct(world.district, "CT1").numerator, ct(world.district, "CT1").denominator) == (3, 4)
    assert ct(world.district, "CT1").value == Decimal("75.00")
    at_bd = ct(world.bd, "CT1")
    assert (at_bd.expected, at_bd.reported, at_bd.numerator, at_bd.denominator) == (5, 5, 3, 5)
    assert (ct(world.bd, "CT2").value, ct(world.bd, "CT2").status) == (Decimal("20.00"), "not_met")
    ct9 = ct(world.bd, "CT9")
    assert (ct9.numerator, ct9.denominator, ct9.value) == (70, 100, Decimal("70.00"))
    ct6 = ct(world.bd, "CT6")  # the commune union is an upper level
    assert (ct6.expected, ct6.reported, ct6.numerator, ct6.denominator) == (4, 1, 1, 2)  # BD, D1, D2, commune


def test_the_breakdown_splits_the_subtree_by_child_with_the_same_figures(world, deep):
    breakdown = evaluate_breakdown(plan=world.bd_plan, organization=world.bd, period=p("2024"))

    by_code = {row.organization.code: row for row in breakdown.rows}
    assert list(by_code) == ["BD", "BD-D1", "BD-D2"]
    assert by_code["BD"].is_self and not by_code["BD-D1"].is_self
    assert by_code["BD"].compliance.units.expected == 1  # the federation's own report, not filed
    assert by_code["BD-D1"].compliance.target("CT1").value == Decimal("75.00")
    assert by_code["BD-D2"].compliance.target("CT2").value == Decimal("100.00")
    assert breakdown.total.as_json() == evaluate(plan=world.bd_plan, organization=world.bd, period=p("2024")).as_json()
    for row in breakdown.rows[1:]:
        alone = evaluate(plan=world.bd_plan, organization=row.organization, period=p("2024"))
        assert row.compliance.as_json() == alone.as_json()

    one_level_down = evaluate_breakdown(plan=world.bd_plan, organization=world.district, period=p("2024"))
    codes = [row.organization.code for row in one_level_down.rows]
    assert codes == ["BD-D1", "BD-D1-C", "BD-D1-G1", "BD-D1-G2"]
    commune_row = one_level_down.rows[1].compliance
    assert (commune_row.units.expected, commune_row.target("CT1").value) == (3, Decimal("50.00"))


def test_the_trend_gives_each_year_as_evaluate_does_in_a_fixed_number_of_queries(
    world, deep, django_assert_max_num_queries
):
    file_report(world.unit, world.bd_plan, "2023", rating="completed", members=20, members_trained=10)
    plan_structure(world.bd_plan).targets  # noqa: B018 - read once, as within a request
    world.bd_plan.issuer  # noqa: B018 - loaded once, as a page does with select_related

    with django_assert_max_num_queries(4):  # a look for stored rollups (none here), three aggregates
        trend = evaluate_trend(plan=world.bd_plan, organization=world.bd)

    assert [c.period.id for c in trend] == ["2020", "2021", "2022", "2023", "2024", "2025"]
    for compliance in trend:
        assert (
            compliance.as_json()
            == evaluate(plan=world.bd_plan, organization=world.bd, period=compliance.period).as_json()
        )
    assert trend[3].target("CT1").value == Decimal("0.00")


# --- the units behind the figures ---------------------------------------------------------------


def test_units_not_reported_lists_drafts_returned_and_missing_reports(world):
    file_report(world.unit, world.bd_plan, "2024", SUBMITTED, rating="good")
    draft = file_report(world.sibling, world.bd_plan, "2024", DRAFT)
    returned = file_report(world.other_unit, world.bd_plan, "2024", RETURNED)

    missing = list(units_not_reported(plan=world.bd_plan, organization=world.bd, period=p("2024")))

    assert sorted((unit.code, unit.report_id, unit.report_status) for unit in missing) == [
        ("BD", None, None),
        ("BD-D1", None, None),
        ("BD-D1-G2", draft.pk, "draft"),
        ("BD-D2", None, None),
        ("BD-D2-G1", returned.pk, "returned"),
    ]


def test_units_against_a_target_are_those_pulling_it_away_from_its_threshold(world):
    first, second = grassroots(world.district, 2)
    file_report(world.unit, world.bd_plan, "2024", rating="good", introduced_to_party=1)
    file_report(world.sibling, world.bd_plan, "2024", rating="completed", introduced_to_party=1)
    file_report(first, world.bd_plan, "2024", rating="not_completed", introduced_to_party=0)
    file_report(second, world.bd_plan, "2024", DRAFT, rating="not_completed", introduced_to_party=0)

    rows = list(values_against_targets(plan=world.bd_plan, organization=world.district, period=p("2024")))
    targets = unit_share_targets(world.bd_plan)
    named = [
        (
            row.report.organization.code,
            row.indicator.code,
            [t.code for t in targets_against(world.bd_plan, row, targets)],
        )
        for row in rows
    ]

    assert sorted(named) == [
        ("BD-D1-G2", "rating", ["CT1"]),  # completed: not excellent or good
        ("BD-D1-U001", "introduced_to_party", ["CT5"]),
        ("BD-D1-U001", "rating", ["CT1", "CT2"]),  # not completed: against CT1, and one of the few CT2 wants
    ]


def test_reporting_by_period_and_the_overview_count_what_is_overdue(world):
    file_report(world.unit, world.bd_plan, "2025", rating="good")
    file_report(world.sibling, world.bd_plan, "2025", DRAFT)
    file_report(world.unit, world.bd_plan, "2025S1")
    file_report(world.sibling, world.bd_plan, "2025S1", late=True)

    counts = reporting_by_period(plan=world.bd_plan, organization=world.district)
    overview = plan_overview(plan=world.bd_plan, organization=world.district, today=datetime.date(2026, 1, 5))

    assert counts[p("2025")].expected == 3 and counts[p("2025")].reported == 1
    assert (counts[p("2025S1")].reported, counts[p("2025S1")].on_time) == (2, 1)
    assert overview.compliance.period == p("2025")
    assert overview.compliance.target("CT1").value == Decimal("100.00")
    assert [(item.period.id, item.units.missing) for item in overview.overdue[:3]] == [
        ("2025", 2),
        ("2025S1", 1),
        ("2024", 3),
    ]
    assert overview.overdue_reports == 2 + 1 + 3 * 10  # 2020-2024, two periods a year, three units each


def test_a_moved_unit_counts_under_its_new_parent_with_its_old_reports(world):
    from unions.services import organization_move

    file_report(world.other_unit, world.bd_plan, "2023", rating="not_completed")
    organization_move(organization=world.other_unit, new_parent=world.district, moved_on=datetime.date(2025, 7, 1))
    world.other_unit.refresh_from_db()

    at_d1 = evaluate(plan=world.bd_plan, organization=world.district, period=p("2023")).target("CT2")
    at_d2 = evaluate(plan=world.bd_plan, organization=world.other_district, period=p("2023")).target("CT2")

    assert (at_d1.numerator, at_d1.denominator, at_d1.expected) == (1, 1, 3)  # the tree as it stands
    assert (at_d2.denominator, at_d2.expected) == (0, 0)


def test_whole_number_figures_give_the_same_value_and_status_as_exact_fractions():
    """TargetResult decides whole-number figures in integers (no Fraction): the same answers as the
    definition, 100 x numerator / denominator rounded half-up and compared exactly, at every edge."""
    from itertools import product

    from plans.models import COMPARE
    from plans.periods import Period
    from reports.compliance.results import NO_DATA, TargetResult

    period = Period.parse("2025")
    thresholds = [Decimal("0"), Decimal("0.3"), Decimal("50"), Decimal("66.67"), Decimal("90"), Decimal("100")]
    for comparator, threshold in product(COMPARE, thresholds):
        target = Target(code="T", comparator=comparator, threshold=threshold)
        for numerator, denominator in product(range(-3, 13), range(0, 13)):
            for part, whole in ((numerator, denominator), (Decimal(numerator), Decimal(f"{denominator}.000"))):
                result = TargetResult(target=target, period=period, numerator=part, denominator=whole)
                if denominator == 0:
                    assert (result.value, result.status) == (None, NO_DATA)
                    continue
                exact = Fraction(numerator) * 100 / denominator
                expected_status = "met" if COMPARE[comparator](exact, Fraction(threshold)) else "not_met"
                assert result.value == round_half_up(exact), (part, whole)
                assert result.status == expected_status, (comparator, threshold, part, whole)
    half = TargetResult(target=Target(comparator=">=", threshold=Decimal("12.5")), period=period,
                        numerator=Decimal("1"), denominator=Decimal("8"))  # fmt: skip
    assert (half.value, half.status) == (Decimal("12.50"), "met")
    fractional = TargetResult(target=Target(comparator=">=", threshold=Decimal("50")), period=period,
                              numerator=Decimal("0.5"), denominator=Decimal("1"))  # fmt: skip
    assert (fractional.value, fractional.status) == (Decimal("50.00"), "met")
