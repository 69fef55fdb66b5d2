"""Both seed plans on the demo data: the engine agrees with a naive re-computation everywhere."""

import pytest
from django.core.management import call_command

from plans.models import Plan
from reports.compliance import evaluate, evaluate_breakdown
from tests.compliance_reference import NaiveCompliance
from unions.models import Organization, OrganizationKind


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)


def engine_answer(compliance):
    return [
        (r.target.code, r.value, r.numerator, r.denominator, r.status, r.expected, r.reported, r.on_time)
        for r in compliance.targets
    ]


def naive_answer(answers):
    return [
        (a.target, a.value, a.numerator, a.denominator, a.status, a.expected, a.reported, a.on_time) for a in answers
    ]


@pytest.mark.parametrize("slug", ["hcm-edu-1712", "binhdinh-130"])
def test_the_engine_agrees_with_a_naive_recomputation_on_the_demo(demo, slug):
    plan = Plan.objects.select_related("issuer").get(slug=slug)
    naive = NaiveCompliance(plan)
    subtree = Organization.objects.subtree_of(plan.issuer)
    # Every upper unit (the issuer, the district federations, the closed Tuy Phước) and a few grassroots units.
    organizations = list(subtree.exclude(kind=OrganizationKind.GRASSROOTS)) + list(
        subtree.filter(kind=OrganizationKind.GRASSROOTS).order_by("code")[:4]
    )
    compared = 0
    for period in plan.periods():
        for organization in organizations:
            assert engine_answer(evaluate(plan=plan, organization=organization, period=period)) == naive_answer(
                naive.answer(organization, period)
            ), (organization.code, period.id)
            compared += 1
        breakdown = evaluate_breakdown(plan=plan, organization=plan.issuer, period=period)
        for row in breakdown.rows:
            if row.is_self:  # the issuer's own report alone, not its subtree
                continue
            expected = naive.answer(row.organization, period)
            assert engine_answer(row.compliance) == naive_answer(expected), (row.organization.code, period.id)
    assert compared >= 25


def test_the_demo_shows_every_status_somewhere(demo):
    statuses = set()
    for plan in Plan.objects.select_related("issuer"):
        for period in plan.periods():
            statuses.update(r.status for r in evaluate(plan=plan, organization=plan.issuer, period=period).targets)
    assert statuses == {"met", "not_met", "no_data"}
