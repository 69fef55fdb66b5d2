"""Who may reach which report page: outsiders get a 404, read-only roles cannot act, GET never
changes anything, and a POST without a CSRF token is refused."""

import pytest
import time_machine
from django.test import Client

from reports.models import Report, ReportStatus
from reports.services import report_create, report_save, report_submit
from tests.reporting import BEFORE_DUE, COMPLETE_2025, form_data, report_url, state

READ_PAGES = ["", "edit", "history"]
ACTIONS = ["edit", "submit", "approve", "return", "reopen"]


@pytest.fixture
def before_due():
    with time_machine.travel(BEFORE_DUE, tick=False):
        yield


@pytest.fixture
def draft(world, before_due):
    report = report_create(organization=world.unit, plan=world.bd_plan, period="2025", by=world.officer)
    return report_save(report=report, by=world.officer, values=COMPLETE_2025)


@pytest.fixture
def submitted(world, draft):
    return report_submit(report=draft, by=world.officer)


def post_data(report, action):
    return {
        "edit": form_data(report.version, {**COMPLETE_2025, "members": "5"}, action="submit"),
        "submit": {"version": report.version},
        "approve": {"version": report.version},
        "return": {"return-reason": "Sai số liệu", "return-version": report.version},
        "reopen": {"reopen-reason": "Mở lại"},
    }[action]


@pytest.mark.parametrize("who", ["sibling_officer", "other_reviewer", "stranger"])
@pytest.mark.parametrize("page", READ_PAGES)
def test_an_outsider_gets_404_on_every_page_of_another_units_report(world, client, submitted, who, page):
    client.force_login(getattr(world, who))
    assert client.get(report_url(world.unit, page)).status_code == 404


@pytest.mark.parametrize("who", ["sibling_officer", "other_reviewer", "stranger"])
@pytest.mark.parametrize("action", ACTIONS)
def test_an_outsider_gets_404_on_every_action_and_nothing_changes(world, client, submitted, who, action):
    client.force_login(getattr(world, who))
    before = state()
    assert client.post(report_url(world.unit, action), post_data(submitted, action)).status_code == 404
    assert state() == before


def test_a_sibling_officer_gets_404_even_for_a_report_not_started(world, client, before_due):
    client.force_login(world.sibling_officer)
    for page in READ_PAGES:
        assert client.get(report_url(world.unit, page)).status_code == 404
    assert client.post(report_url(world.unit, "edit"), form_data(0, COMPLETE_2025)).status_code == 404
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/reports/binhdinh-130/NO-SUCH-UNIT/2025/", 404),
        ("/reports/no-such-plan/BD-D1-G1/2025/", 404),
        ("/reports/binhdinh-130/BD-D1-G1/2030/", 404),  # a period the plan does not have
        ("/reports/hcm-edu-1712/BD-D1-G1/2023/", 404),  # a plan the unit does not report on
        ("/reports/binhdinh-130/BD-D1-G1/2025Q1/", 404),
    ],
)
def test_addresses_that_name_no_report_are_404(world, client, before_due, url, status):
    client.force_login(world.admin)
    assert client.get(url).status_code == status


def test_a_viewer_reads_but_cannot_submit_approve_return_or_reopen(world, client, draft):
    client.force_login(world.viewer)
    assert client.get(report_url(world.unit)).status_code == 200
    assert client.get(report_url(world.unit, "history")).status_code == 200
    assert client.get(report_url(world.unit, "edit")).status_code == 403
    before = state()
    assert client.post(report_url(world.unit, "edit"), post_data(draft, "edit")).status_code == 403
    assert client.post(report_url(world.unit, "submit"), post_data(draft, "submit")).status_code == 403
    assert state() == before
    report_submit(report=draft, by=world.officer)
    draft.refresh_from_db()
    before = state()
    for action in ("approve", "return", "reopen"):
        assert client.post(report_url(world.unit, action), post_data(draft, action)).status_code == 403
    assert state() == before
    content = client.get(report_url(world.unit)).content.decode()
    assert "Ý kiến duyệt" not in content and report_url(world.unit, "approve") not in content


def test_the_units_officer_cannot_approve_their_own_report(world, client, submitted):
    client.force_login(world.officer)
    before = state()
    assert client.post(report_url(world.unit, "approve"), post_data(submitted, "approve")).status_code == 403
    assert state() == before


def test_a_reviewer_above_cannot_file_the_units_report(world, client, draft):
    client.force_login(world.reviewer)
    before = state()
    assert client.get(report_url(world.unit, "edit")).status_code == 403
    assert client.post(report_url(world.unit, "submit"), post_data(draft, "submit")).status_code == 403
    assert state() == before


@pytest.mark.parametrize("who", ["officer", "sibling_officer", "reviewer", "federation_reviewer", "viewer", "admin"])
def test_get_never_changes_state(world, client, submitted, who):
    client.force_login(getattr(world, who))
    before = state()
    for page in READ_PAGES:
        client.get(report_url(world.unit, page))
        client.get(report_url(world.sibling, page))  # a report not started: GET must not open it
    for action in ("submit", "approve", "return", "reopen"):
        assert client.get(report_url(world.unit, action)).status_code in (405, 404)
    client.get("/")
    assert state() == before
    assert Report.objects.get().status == ReportStatus.SUBMITTED


def test_a_post_without_csrf_token_is_refused(world, draft):
    officer = Client(enforce_csrf_checks=True)
    officer.force_login(world.officer)
    before = state()
    response = officer.post(report_url(world.unit, "edit"), post_data(draft, "edit"))
    assert response.status_code == 403
    assert "Trang đã hết hiệu lực" in response.content.decode()
    assert officer.post(report_url(world.unit, "submit"), post_data(draft, "submit")).status_code == 403
    assert state() == before
    report_submit(report=draft, by=world.officer)
    reviewer = Client(enforce_csrf_checks=True)
    reviewer.force_login(world.reviewer)
    before = state()
    assert reviewer.post(report_url(world.unit, "approve"), post_data(draft, "approve")).status_code == 403
    assert state() == before


def test_an_anonymous_visitor_is_sent_to_log_in_and_nothing_changes(world, client, draft):
    before = state()
    for page in READ_PAGES:
        response = client.get(report_url(world.unit, page))
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    response = client.post(report_url(world.unit, "edit"), post_data(draft, "edit"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert state() == before


@pytest.mark.parametrize(
    "who", ["officer", "sibling_officer", "reviewer", "federation_reviewer", "other_reviewer", "viewer", "admin"]
)
def test_the_review_queue_filter_agrees_with_is_reviewer_above(world, who):
    from unions.models import Organization
    from unions.scoping import is_reviewer_above, reviewable_organizations_q

    user = getattr(world, who)
    filtered = set(Organization.objects.filter(reviewable_organizations_q(user)).values_list("pk", flat=True))
    assert filtered == {org.pk for org in Organization.objects.all() if is_reviewer_above(user, org)}
