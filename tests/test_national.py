"""generate_national at a small size: the tree's shape, determinism, the rules kept, no second run."""

import random

import pytest
from django.core.management import CommandError, call_command

from plans.models import Plan
from reports.models import Report, ReportStatus, ReportValue
from reports.national import NationalSize, _build_tree, _report_rows
from unions.models import Organization

SIZE = {"second_level": 6, "upper": 20, "grassroots": 300}


@pytest.fixture
def nation(db):
    call_command("generate_national", "--second-level=6", "--upper=20", "--grassroots=300", verbosity=0)


def test_the_tree_has_the_asked_size_and_consistent_paths(nation):
    assert Organization.objects.filter(parent__code="VGCL").count() == 6
    grassroots = Organization.objects.filter(kind="grassroots")
    assert grassroots.count() == 300
    assert Organization.objects.exclude(kind="grassroots").exclude(depth__lte=1).count() == 20
    for org in Organization.objects.select_related("parent"):
        expected = f"{org.parent.path}{org.pk}/" if org.parent else f"/{org.pk}/"
        assert org.path == expected, org.code
    assert grassroots.filter(closed_on__isnull=False).exists() or grassroots.filter(opened_on__isnull=False).exists()


def test_reports_cover_the_seed_plans_and_national_copies_in_every_status(nation):
    slugs = set(Report.objects.values_list("plan__slug", flat=True).distinct())
    assert slugs == {"hcm-edu-1712", "binhdinh-130", "national-1712", "national-130"}
    statuses = set(ReportStatus.values) - {ReportStatus.ABSENT}  # a reviewer's mark, not generated
    assert set(Report.objects.values_list("status", flat=True).distinct()) == statuses
    national = Plan.objects.get(slug="national-130")
    assert national.issuer.code == "VGCL" and national.targets.count() == 9


def test_no_report_for_a_period_when_the_unit_was_closed(nation):
    for org in Organization.objects.filter(closed_on__isnull=False):
        for report in Report.objects.filter(organization=org):
            assert report.period_obj.start <= org.closed_on


def test_generated_values_keep_the_part_whole_rules(nation):
    values = {}
    for report_id, code, number in ReportValue.objects.values_list("report_id", "indicator__code", "number"):
        values.setdefault(report_id, {})[code] = number
    for figures in values.values():
        if {"members", "members_trained"} <= set(figures):
            assert figures["members_trained"] <= figures["members"]
        if {"cla_new", "cla_new_training"} <= set(figures):
            assert figures["cla_new_training"] <= figures["cla_new"]


def test_the_same_seed_gives_the_same_data(nation):
    size = NationalSize(**SIZE, seed=7)
    first = [(n.code, n.kind, n.parent.code) for n in _build_tree(size, random.Random(7))[0]]
    second = [(n.code, n.kind, n.parent.code) for n in _build_tree(size, random.Random(7))[0]]
    assert first == second
    plan = Plan.objects.get(slug="national-130")
    units = list(Organization.objects.filter(kind="grassroots").values_list("pk", "kind", "opened_on", "closed_on"))
    assert _report_rows(plan, units, 7, 1, 1) == _report_rows(plan, units, 7, 1, 1)


def test_a_second_run_is_refused_with_a_clear_message(nation):
    before = Organization.objects.count()
    with pytest.raises(CommandError, match="đã có trong cơ sở dữ liệu này"):
        call_command("generate_national", "--second-level=6", "--upper=20", "--grassroots=300", verbosity=0)
    assert Organization.objects.count() == before
