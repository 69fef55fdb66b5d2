"""The demo data: plausible, in every status, and idempotent."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from reports.demo import DEMO_PASSWORD, USERS
from reports.models import Report, ReportEvent, ReportStatus, ReportValue
from unions.models import Membership, Organization, OrganizationMove


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)


def snapshot():
    return [
        list(model.objects.order_by("pk").values())
        for model in (Organization, OrganizationMove, Membership, Report, ReportValue, ReportEvent)
    ] + [list(get_user_model().objects.order_by("pk").values_list("username", "password"))]


def test_seed_demo_twice_changes_nothing(demo):
    before = snapshot()
    call_command("seed_demo", verbosity=0)
    assert snapshot() == before


def test_demo_has_a_plausible_tree_and_reports_in_every_status(demo):
    grassroots = Organization.objects.filter(kind="grassroots")
    assert grassroots.filter(path__startswith=Organization.objects.get(code="HCM-GD").path).count() == 30
    assert 55 <= grassroots.filter(path__startswith=Organization.objects.get(code="BD").path).count() <= 70
    assert Organization.objects.filter(closed_on__isnull=False).count() >= 3
    moved = OrganizationMove.objects.filter(to_parent__code="BD-QN")
    assert moved.count() == 6
    assert all(move.from_parent.code == "BD-TP" for move in moved)

    statuses = set(Report.objects.values_list("status", flat=True))
    assert statuses == set(ReportStatus.values)
    assert Report.objects.filter(is_late=True).exists()
    assert Report.objects.filter(is_late=False, status=ReportStatus.APPROVED).exists()
    bd_units = Organization.objects.filter(path__startswith=Organization.objects.get(code="BD").path).count()
    assert Report.objects.filter(plan__slug="binhdinh-130", period="2025").count() < bd_units  # some missing
    returned = Report.objects.filter(status=ReportStatus.RETURNED).first()
    assert returned.return_reason
    assert returned.events.filter(action="returned", comment=returned.return_reason).exists()

    for report in Report.objects.filter(plan__slug="binhdinh-130").prefetch_related("values__indicator")[:200]:
        values = {v.indicator.code: v.number for v in report.values.all()}
        if "members" in values and "members_trained" in values:
            assert values["members_trained"] <= values["members"]
        if {"party_members", "party_members_good", "party_members_failed"} <= set(values):
            assert values["party_members_good"] + values["party_members_failed"] <= values["party_members"]


def test_every_demo_user_can_log_in_and_lands_on_a_vietnamese_page(demo, client):
    usernames = ["admin"] + [username for username, _name, _roles in USERS]
    for username in usernames:
        response = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD}, follow=True)
        assert response.status_code == 200, username
        assert response.context["user"].username == username
        content = response.content.decode()
        assert '<html lang="vi">' in content
        assert "Xin chào" in content and "Đăng xuất" in content, username
        client.logout()


def test_demo_has_the_seed_chain_and_a_consolidated_report_at_each_level(demo):
    from plans.models import Plan
    from plans.periods import Period
    from reports.compliance import evaluate

    chain = {plan.slug: plan for plan in Plan.objects.select_related("implements", "issuer")}
    assert chain["vgcl-1712"].number == "1712/ĐA-TLĐ" and chain["vgcl-1712"].issued_on.isoformat() == "2019-11-11"
    assert chain["hcm-26-1712"].implements == chain["vgcl-1712"] and chain["hcm-26-1712"].number == "26/KH-LĐLĐ"
    assert chain["hcm-edu-1712"].implements == chain["hcm-26-1712"]
    assert chain["hcm-gd-01-1712"].implements == chain["hcm-edu-1712"]
    assert chain["hcm-gd-01-1712"].issuer.code == "HCM-GD-01"
    levels = [("hcm-edu-1712", "HCM-GD"), ("hcm-26-1712", "HCM"), ("vgcl-1712", "VGCL")]
    for slug, code in levels:
        report = Report.objects.get(plan__slug=slug, organization__code=code, period="2022")
        assert report.status == ReportStatus.APPROVED and report.document_number
        engine = evaluate(plan=chain[slug], organization=report.organization, period=Period(2022))
        assert report.compiled["targets"] == engine.as_json(), slug
    school = Report.objects.get(plan__slug="hcm-edu-1712", organization__code="HCM-GD-01", period="2022")
    assert school.status == ReportStatus.APPROVED
