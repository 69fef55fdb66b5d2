"""The seed plans, field by field, against the tables of DESIGN §3 (written out here, not imported)."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from plans.models import Plan
from plans.selectors import plan_structure
from unions.models import Organization

ALL = {"confederation", "federation", "sector", "district", "industrial_zone", "commune", "grassroots"}
UPPER = ALL - {"grassroots"}

# code: (value type, who reports (None = every kind of the plan), over time, year report only)
HCM_INDICATORS = {
    "propagated": ("boolean", None, "stock", False),
    "hr_activities": ("count", {"grassroots"}, "flow", False),
    "cla_new": ("count", {"grassroots"}, "flow", False),
    "cla_new_training": ("count", {"grassroots"}, "flow", False),
}
BD_INDICATORS = {
    "rating": ("choice", {"grassroots"}, "stock", True),
    "party_members": ("count", {"grassroots"}, "stock", False),
    "party_members_good": ("count", {"grassroots"}, "stock", False),
    "party_members_failed": ("count", {"grassroots"}, "stock", False),
    "introduced_to_party": ("count", {"grassroots"}, "flow", False),
    "officers_fulltime": ("count", "upper", "stock", False),
    "officers_degree": ("count", "upper", "stock", False),
    "officers_political": ("count", "upper", "stock", False),
    "civil_servant_members": ("count", {"grassroots"}, "stock", False),
    "civil_servant_members_standard": ("count", {"grassroots"}, "stock", False),
    "members": ("count", {"grassroots"}, "stock", False),
    "members_trained": ("count", {"grassroots"}, "stock", False),
}

# code: (measure, indicator or (numerator, denominator), condition, comparator, threshold,
#        population, evaluation, deadline year)
HCM_TARGETS = {
    "CT1": ("unit_share", "propagated", ("=", ["1"]), ">=", "100", ALL, "annual", None),
    "CT2": ("unit_share", "hr_activities", (">=", ["1"]), ">=", "90", {"grassroots"}, "annual", None),
    "CT3": ("ratio", ("cla_new_training", "cla_new"), None, ">", "70", {"grassroots"}, "by_deadline", 2023),
}
BD_TARGETS = {
    "CT1": ("unit_share", "rating", ("in", ["excellent", "good"]), ">=", "85", {"grassroots"}, "annual", None),
    "CT2": ("unit_share", "rating", ("=", ["not_completed"]), "<", "0.3", {"grassroots"}, "annual", None),
    "CT3": ("ratio", ("party_members_good", "party_members"), None, ">=", "90", {"grassroots"}, "annual", None),
    "CT4": ("ratio", ("party_members_failed", "party_members"), None, "<", "0.4", {"grassroots"}, "annual", None),
    "CT5": ("unit_share", "introduced_to_party", (">=", ["1"]), ">=", "100", {"grassroots"}, "annual", None),
    "CT6": ("ratio", ("officers_degree", "officers_fulltime"), None, ">", "95", UPPER, "by_deadline", 2025),
    "CT7": ("ratio", ("officers_political", "officers_fulltime"), None, ">", "90", UPPER, "by_deadline", 2025),
    "CT8": (
        "ratio",
        ("civil_servant_members_standard", "civil_servant_members"),
        None,
        ">=",
        "100",
        {"grassroots"},
        "annual",
        None,
    ),
    "CT9": ("ratio", ("members_trained", "members"), None, ">=", "66", {"grassroots"}, "by_deadline", 2025),
}


@pytest.fixture
def seeded(db):
    call_command("seed_plans", verbosity=0)
    return {plan.slug: plan for plan in Plan.objects.all()}


def test_issuers_have_the_fixed_codes_and_places_in_the_tree(seeded):
    vgcl, hcm, hcm_gd, bd = (Organization.objects.get(code=c) for c in ("VGCL", "HCM", "HCM-GD", "BD"))
    assert (vgcl.kind, vgcl.parent) == ("confederation", None)
    assert (hcm.kind, hcm.parent) == ("federation", vgcl)
    assert (hcm_gd.kind, hcm_gd.parent) == ("sector", hcm)
    assert (bd.kind, bd.parent) == ("federation", vgcl)
    assert seeded["hcm-edu-1712"].issuer == hcm_gd
    assert seeded["binhdinh-130"].issuer == bd


def test_hcm_plan_header(seeded):
    plan = seeded["hcm-edu-1712"]
    assert (plan.first_year, plan.last_year, plan.frequency) == (2019, 2023, "annual")
    assert "1712/ĐA-TLĐ" in plan.title and "26/KH-LĐLĐ" in plan.basis
    assert "Ban Chính sách Pháp luật" in plan.report_to
    assert set(plan.reporting_kinds) == {"sector", "grassroots"}
    assert [p.id for p in plan.periods()] == ["2019", "2020", "2021", "2022", "2023"]
    assert plan.signer_name == "Nguyễn Thị Gái"


def test_binhdinh_plan_header(seeded):
    plan = seeded["binhdinh-130"]
    assert plan.number == "130/KH-LĐLĐ"
    assert plan.issued_on.isoformat() == "2021-08-30"
    assert (plan.first_year, plan.last_year, plan.frequency) == (2020, 2025, "semiannual")
    assert "05-CTr/TU" in plan.basis and "07-CTr/TU" in plan.basis
    assert plan.report_to == "qua Ban Tổ chức - Kiểm tra"
    assert [p.id for p in plan.periods()][:3] == ["2020S1", "2020", "2021S1"]
    assert len(plan.periods()) == 12
    assert plan.signer_name == "Nguyễn Mạnh Hùng"


@pytest.mark.parametrize(("slug", "expected"), [("hcm-edu-1712", HCM_INDICATORS), ("binhdinh-130", BD_INDICATORS)])
def test_indicators_match_design(seeded, slug, expected):
    plan = seeded[slug]
    structure = plan_structure(plan)
    assert [i.code for i in structure.indicators] == list(expected)
    for indicator in structure.indicators:
        value_type, kinds, aggregation, year_only = expected[indicator.code]
        assert indicator.value_type == value_type, indicator.code
        assert indicator.aggregation == aggregation, indicator.code
        assert indicator.year_only is year_only, indicator.code
        wanted_kinds = set(plan.reporting_kinds) if kinds is None else kinds
        if wanted_kinds == "upper":
            wanted_kinds = UPPER & set(plan.reporting_kinds)
        assert set(indicator.kinds) == wanted_kinds, indicator.code
        assert indicator.label  # the Vietnamese label is there


def test_rating_has_the_four_grades(seeded):
    rating = plan_structure(seeded["binhdinh-130"]).indicator("rating")
    assert rating.choice_codes() == ["excellent", "good", "completed", "not_completed"]
    assert rating.choice_label("good") == "Hoàn thành tốt nhiệm vụ"


@pytest.mark.parametrize(
    ("slug", "rules"),
    [
        ("hcm-edu-1712", {("cla_new", ("cla_new_training",))}),
        (
            "binhdinh-130",
            {
                ("party_members", ("party_members_failed", "party_members_good")),
                ("officers_fulltime", ("officers_degree",)),
                ("officers_fulltime", ("officers_political",)),
                ("civil_servant_members", ("civil_servant_members_standard",)),
                ("members", ("members_trained",)),
            },
        ),
    ],
)
def test_part_whole_rules_are_declared(seeded, slug, rules):
    structure = plan_structure(seeded[slug])
    declared = {(r.whole.code, tuple(sorted(p.code for p in r.parts.all()))) for r in structure.rules}
    assert declared == rules


@pytest.mark.parametrize(("slug", "expected"), [("hcm-edu-1712", HCM_TARGETS), ("binhdinh-130", BD_TARGETS)])
def test_targets_match_design(seeded, slug, expected):
    targets = plan_structure(seeded[slug]).targets
    assert [t.code for t in targets] == list(expected)
    for target in targets:
        measure, indicators, condition, comparator, threshold, population, evaluation, deadline = expected[target.code]
        assert target.measure == measure, target.code
        if measure == "unit_share":
            assert target.indicator.code == indicators
            assert (target.condition_op, target.condition_values) == condition
        else:
            assert (target.numerator.code, target.denominator.code) == indicators
        assert target.comparator == comparator
        assert target.threshold == Decimal(threshold)
        assert set(target.population_kinds) == population
        assert (target.evaluation, target.deadline_year) == (evaluation, deadline)
        assert target.wording and target.short_label


def test_full_vietnamese_wording_is_kept(seeded):
    bd = {t.code: t for t in plan_structure(seeded["binhdinh-130"]).targets}
    assert "dưới 0,3%" in bd["CT2"].wording
    assert "đại học và sau đại học đạt trên 95%" in bd["CT6"].wording
    hcm = {t.code: t for t in plan_structure(seeded["hcm-edu-1712"]).targets}
    assert hcm["CT2"].wording.startswith("Hằng năm, phấn đấu 90% công đoàn cơ sở")


def test_tasks_and_roadmap_follow_the_documents(seeded):
    hcm = plan_structure(seeded["hcm-edu-1712"])
    assert [t.number for t in hcm.tasks] == ["1", "2", "3", "4", "5", "6"]
    assert hcm.tasks[2].title == "Phát động các phong trào thi đua và làm tốt công tác khen thưởng"
    assert [(p.title, p.first_year, p.last_year) for p in seeded["hcm-edu-1712"].roadmap.all()] == [
        ("Năm 2019-2020", 2019, 2020),
        ("Năm 2021-2023", 2021, 2023),
    ]
    bd = plan_structure(seeded["binhdinh-130"])
    assert [t.number for t in bd.tasks] == ["1", "1.1", "1.2", "1.3", "1.4", "2", "2.1", "2.2", "2.3"]
    assert [t.number for t in bd.reportable_tasks] == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3"]
    assert seeded["binhdinh-130"].roadmap.count() == 0


def test_seed_plans_twice_changes_nothing(seeded):
    snapshot = _snapshot()
    call_command("seed_plans", verbosity=0)
    assert _snapshot() == snapshot


def _snapshot():
    from plans.models import Indicator, IndicatorRule, PlanTask, RoadmapPhase, Target

    return [
        sorted(model.objects.values_list("pk", flat=True))
        for model in (Organization, Plan, Indicator, IndicatorRule, Target, PlanTask, RoadmapPhase)
    ] + [list(Plan.objects.values()), list(Target.objects.values()), list(Indicator.objects.values())]
