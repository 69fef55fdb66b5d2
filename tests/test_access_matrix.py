"""Who gets what, for EVERY address of the portal and every method: each URL pattern the resolver knows
(the portal's, sign-in's, the admin's, set_language) has an entry in MATRIX below, and the first test
fails when a pattern is added without one. For each pattern and each persona the entry gives the expected
status of a GET and of an empty POST; HEAD, PUT, PATCH, DELETE and OPTIONS are walked too, their expected
status following from those two by the rule of `expected()`:

- HEAD is a GET without the body: the GET's status, everywhere but where the entry says otherwise (the
  admin's sign-in page, where Django looks for a GET).
- PUT, PATCH, DELETE and OPTIONS are accepted by no page of the portal: its views are restricted by
  require_safe, require_POST or require_http_methods, so whoever passes the sign-in gate gets a 405.
- Django's own class-based views (sign-in and out, the password pages, the admin's jsi18n and
  autocomplete) answer OPTIONS with their Allow header (200), hand a PUT to their form as if it were an
  empty POST (FormView) or refuse it (405), and refuse PATCH and DELETE.
- Django's admin pages, set_language and an invalid password-reset link treat every method that is not a
  POST as a GET: they answer as the GET does.

The concrete addresses name real objects of the `world` fixture: a draft report of the unit, its plan,
an import staged and a summary export requested by the district's reviewer, and a row of every model
in the admin. An object of another branch is a 404 whose page does not name it; a request with an empty
form, whatever its method, never changes the database, whoever sends it, and none is ever a 5xx.
"""

import datetime
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.html import escape
from django.utils.http import urlencode

from audit.models import AuditEntry
from plans.models import Indicator, IndicatorRule, PlanTask, RoadmapPhase, Target
from reports.models import Report, ReportEvent, ReportValue, StagedImport, SummaryExport
from reports.services import report_create, report_save
from tests.reporting import COMPLETE_2025, state
from tests.spreadsheets import xlsx
from unions.models import Membership

BEFORE_DUE = datetime.datetime(2025, 12, 1, 9, tzinfo=datetime.UTC)

PERSONAS = (
    "anonymous",
    "officer",  # officer of the unit BD-D1-G1
    "sibling_officer",  # officer of BD-D1-G2, the unit's sibling
    "reviewer",  # reviewer at BD-D1, the unit's district
    "federation_reviewer",  # reviewer at BD, the federation above
    "other_reviewer",  # reviewer at BD-D2, another branch
    "viewer",  # viewer at BD-D1
    "stranger",  # signed in, no membership anywhere
    "admin",  # staff and superuser
)
SIGNED_IN = PERSONAS[1:]

LOGIN = "login"  # a 302 to the portal's sign-in page
ADMIN_LOGIN = "admin-login"  # a 302 to the admin's sign-in page

METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def walk(patterns, prefix=""):
    """Every URL pattern under these, as its full route (the resolver's own text of it)."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            assert isinstance(pattern, URLPattern)
            yield prefix + str(pattern.pattern)


def all_routes() -> set[str]:
    routes = list(walk(get_resolver().url_patterns))
    assert len(routes) == len(set(routes)), "two URL patterns share a route"
    return set(routes)


# --- expectations --------------------------------------------------------------------------------------


def signed_in(code, **overrides) -> dict:
    """Anonymous visitors are sent to sign in; every signed-in persona gets `code` unless overridden."""
    unknown = set(overrides) - set(SIGNED_IN)
    assert not unknown, unknown
    return {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, code), **overrides}


def everyone(code, **overrides) -> dict:
    return {**dict.fromkeys(PERSONAS, code), **overrides}


def staff_only(code) -> dict:
    """An admin page: everyone but staff is sent to the admin's sign-in page."""
    return {**dict.fromkeys(PERSONAS, ADMIN_LOGIN), "admin": code}


#: Those who may see the unit's report (and the unit): its officer, the reviewers and viewer above it.
SEES_UNIT = {"officer": 200, "reviewer": 200, "federation_reviewer": 200, "viewer": 200, "admin": 200}


#: How a view treats the methods other than GET, HEAD and POST (see `expected`).
REFUSES = "refuses"  # the portal's views: a 405 once past the sign-in gate
GENERIC = "generic"  # Django's class-based views: OPTIONS answered, PUT, PATCH and DELETE refused
FORM = "form"  # Django's form views: the same, but a PUT goes to the form as an (empty) POST does
AS_GET = "as-get"  # the admin's pages, set_language: anything but a POST is a GET


@dataclass
class Entry:
    url: object  # a function of the objects (see `objects`) giving the address
    GET: dict  # persona -> expected status
    POST: dict
    HEAD: dict | None = None  # None: as the GET
    data: object = field(default=lambda o: {})  # the body of a POST, PUT, PATCH, DELETE, a function of the objects
    hides: tuple = ()  # names of objects whose name and code must not appear in a 404's body
    others: str = REFUSES


def expected(entry: Entry, method: str, persona: str):
    """What `persona` gets for `method` at the entry's address: the entry's GET or POST, or what follows
    from them and from how the view treats the other methods."""
    get, post = entry.GET[persona], entry.POST[persona]
    if method == "HEAD":
        return (entry.HEAD or entry.GET)[persona]
    if method == "GET":
        return get
    if method == "POST":
        return post
    if entry.others == AS_GET:
        return get
    if get == post and get in (LOGIN, ADMIN_LOGIN, 302):
        return get  # sent away (to sign in, out of the admin) before the view looks at the method
    if entry.others == REFUSES:
        return 405
    if method == "OPTIONS":
        return 200
    if method == "PUT" and entry.others == FORM:
        return post  # ProcessFormView.put(); Django reads a form body on a POST only, so the form is empty
    return 405


# --- the objects the addresses name ----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def before_due():
    """Before the 2025 report's due date, so that its officer may still edit it."""
    with time_machine.travel(BEFORE_DUE, tick=False):
        yield


@pytest.fixture
def objects(world):
    """The world, plus one real object for each address that names one."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from reports.models import ReportReminder
    from unions.models import OrganizationMove

    report = report_save(
        report=report_create(organization=world.unit, plan=world.bd_plan, period="2025", by=world.officer),
        by=world.officer,
        values=COMPLETE_2025,
    )
    staged = StagedImport.objects.create(
        created_by=world.reviewer, plan=world.bd_plan, status="draft", file_name="so-lieu.xlsx", content=xlsx([["x"]])
    )
    export = SummaryExport.objects.create(
        requested_by=world.reviewer, plan=world.bd_plan, organization=world.district, period="2024"
    )
    seen = {"user_agent": "test", "ip_address": "127.0.0.1", "username": "officer", "http_accept": "*/*"}
    admin_rows = {
        "auth/group": Group.objects.create(name="Nhóm thử"),
        "auth/user": world.officer,
        "axes/accessattempt": AccessAttempt.objects.create(
            **seen, path_info="/accounts/login/", get_data="", post_data="", failures_since_start=1
        ),
        "axes/accesslog": AccessLog.objects.create(**seen, path_info="/accounts/login/"),
        "axes/accessfailurelog": AccessFailureLog.objects.create(**seen, path_info="/accounts/login/"),
        "unions/organization": world.unit,
        "unions/organizationmove": OrganizationMove.objects.create(
            organization=world.sibling, from_parent=world.district, to_parent=world.district, moved_on=BEFORE_DUE.date()
        ),
        "unions/membership": Membership.objects.get(user=world.officer),
        "plans/plan": world.bd_plan,
        "plans/indicator": Indicator.objects.filter(plan=world.bd_plan).first(),
        "plans/indicatorrule": IndicatorRule.objects.filter(plan=world.bd_plan).first(),
        "plans/target": Target.objects.filter(plan=world.bd_plan).first(),
        "plans/plantask": PlanTask.objects.filter(plan=world.bd_plan).first(),
        "plans/roadmapphase": RoadmapPhase.objects.create(
            plan=world.bd_plan, title="Giai đoạn 1", first_year=2025, last_year=2026, body="Sơ kết"
        ),
        "reports/report": report,
        "reports/reportevent": ReportEvent.objects.filter(report=report).first(),
        "reports/reportreminder": ReportReminder.objects.create(
            recipient=world.officer, organization=world.unit, plan=world.bd_plan, period="2025", kind="due_soon"
        ),
        "reports/reportvalue": ReportValue.objects.filter(report=report).first(),
        "audit/auditentry": AuditEntry.objects.first(),
    }
    assert all(row is not None for row in admin_rows.values()), [k for k, v in admin_rows.items() if v is None]
    return {"world": world, "report": report, "staged": staged, "export": export, "admin_rows": admin_rows}


def _report(action=""):
    return lambda o: "/reports/binhdinh-130/BD-D1-G1/2025/" + action


# --- the matrix -----------------------------------------------------------------------------------------

#: The unit's draft report (and its unit): read by its officer and by the reviewers and viewer above.
SEES_REPORT = signed_in(404, **SEES_UNIT)
#: An action on the report: a 404 for whoever may not see it, a 403 for those who see it but may not act.
ACTS_AS_OFFICER = signed_in(404, officer=200, reviewer=403, federation_reviewer=403, viewer=403, admin=200)
ACTS_AS_REVIEWER = signed_in(404, officer=403, reviewer=200, federation_reviewer=200, viewer=403, admin=200)
#: The district's figures (dashboard, export): those at or above the district.
SEES_DISTRICT = signed_in(404, reviewer=200, federation_reviewer=200, viewer=200, admin=200)
#: The import pages: reviewers and admins only.
IMPORTERS = signed_in(403, reviewer=200, federation_reviewer=200, other_reviewer=200, admin=200)
#: A job (staged import, summary export) of the district's reviewer: nobody else's, not even an admin's.
OWN_JOB = signed_in(404, reviewer=200)
NOT_ALLOWED = signed_in(405)
#: The template download without its form filled in.
IMPORTS_400 = ("reviewer", "federation_reviewer", "other_reviewer", "admin")
REPORT = "/reports/binhdinh-130/BD-D1-G1/2025/"
UNIT = ("unit",)  # the unit's name and code must not appear in a 404


def _at(address):
    return lambda o: address


MATRIX: dict[str, Entry] = {
    "": Entry(_at("/"), GET=signed_in(200), POST=NOT_ALLOWED),
    # Signing in and out, and the password pages of django.contrib.auth.
    "accounts/login/": Entry(_at("/accounts/login/"), GET=everyone(200), POST=everyone(200), others=FORM),
    "accounts/logout/": Entry(_at("/accounts/logout/"), GET=everyone(405), POST=everyone(LOGIN), others=GENERIC),
    "accounts/password_change/": Entry(
        _at("/accounts/password_change/"), GET=signed_in(200), POST=signed_in(200), others=FORM
    ),
    "accounts/password_change/done/": Entry(
        _at("/accounts/password_change/done/"), GET=signed_in(200), POST=NOT_ALLOWED, others=GENERIC
    ),
    "accounts/password_reset/": Entry(
        _at("/accounts/password_reset/"), GET=everyone(200), POST=everyone(200), others=FORM
    ),
    "accounts/password_reset/done/": Entry(
        _at("/accounts/password_reset/done/"), GET=everyone(200), POST=everyone(405), others=GENERIC
    ),
    # A link that is not valid: the page says so (200), whoever asks, whatever the method.
    "accounts/reset/<uidb64>/<token>/": Entry(
        _at("/accounts/reset/MQ/set-password/"), GET=everyone(200), POST=everyone(200), others=AS_GET
    ),
    "accounts/reset/done/": Entry(_at("/accounts/reset/done/"), GET=everyone(200), POST=everyone(405), others=GENERIC),
    "i18n/setlang/": Entry(
        _at("/i18n/setlang/"),
        GET=everyone(302),
        POST=everyone(302),
        data=lambda o: {"language": "vi"},
        others=AS_GET,  # it sets the language on a POST only
    ),
    # Plans: binhdinh-130 is read by everyone with a membership under BD; implementing it needs a unit below BD.
    "plans/": Entry(_at("/plans/"), GET=signed_in(200), POST=NOT_ALLOWED),
    "plans/<slug:slug>/": Entry(_at("/plans/binhdinh-130/"), GET=signed_in(200, stranger=404), POST=NOT_ALLOWED),
    "plans/<slug:slug>/implement/": Entry(
        _at("/plans/binhdinh-130/implement/"),
        GET=signed_in(200, federation_reviewer=403, viewer=403, stranger=404),
        POST=signed_in(400, federation_reviewer=403, viewer=403, stranger=404),  # an empty form is refused
    ),
    # The unit's report.
    "reports/<slug:plan>/<str:org>/<period:period>/": Entry(
        _at(REPORT), GET=SEES_REPORT, POST=signed_in(405), hides=UNIT
    ),
    "reports/<slug:plan>/<str:org>/<period:period>/edit/": Entry(
        _at(REPORT + "edit/"), GET=ACTS_AS_OFFICER, POST=ACTS_AS_OFFICER, hides=UNIT
    ),
    "reports/<slug:plan>/<str:org>/<period:period>/submit/": Entry(
        _at(REPORT + "submit/"), GET=NOT_ALLOWED, POST={**ACTS_AS_OFFICER, "officer": 302, "admin": 302}, hides=UNIT
    ),
    "reports/<slug:plan>/<str:org>/<period:period>/approve/": Entry(
        _at(REPORT + "approve/"),
        GET=NOT_ALLOWED,
        POST={**ACTS_AS_REVIEWER, "reviewer": 302, "federation_reviewer": 302, "admin": 302},  # a stale form
        hides=UNIT,
    ),
    "reports/<slug:plan>/<str:org>/<period:period>/return/": Entry(
        _at(REPORT + "return/"),
        GET=NOT_ALLOWED,
        POST=ACTS_AS_REVIEWER,
        hides=UNIT,  # 200: no reason given
    ),
    "reports/<slug:plan>/<str:org>/<period:period>/reopen/": Entry(
        _at(REPORT + "reopen/"), GET=NOT_ALLOWED, POST=ACTS_AS_REVIEWER, hides=UNIT
    ),
    "reports/<slug:plan>/<str:org>/<period:period>/absent/": Entry(
        _at(REPORT + "absent/"),
        GET=NOT_ALLOWED,
        POST={**ACTS_AS_REVIEWER, "reviewer": 400, "federation_reviewer": 400, "admin": 400},  # no reason given
        hides=UNIT,
    ),
    "reports/<slug:plan>/<str:org>/<period:period>/history/": Entry(
        _at(REPORT + "history/"), GET=SEES_REPORT, POST=NOT_ALLOWED, hides=UNIT
    ),
    "reports/<slug:plan>/<str:org>/<period:period>/document/": Entry(
        _at(REPORT + "document/"), GET=SEES_REPORT, POST=NOT_ALLOWED, hides=UNIT
    ),
    "reports/<slug:plan>/<str:org>/<period:period>/document.docx": Entry(
        _at(REPORT + "document.docx"), GET=SEES_REPORT, POST=NOT_ALLOWED, hides=UNIT
    ),
    # Dashboards and the summary export, of the district BD-D1 for 2024.
    "dashboard/": Entry(_at("/dashboard/"), GET=signed_in(200), POST=NOT_ALLOWED),
    "dashboard/<slug:slug>/": Entry(
        _at("/dashboard/binhdinh-130/?org=BD-D1&period=2024"), GET=SEES_DISTRICT, POST=NOT_ALLOWED, hides=("district",)
    ),
    "dashboard/<slug:slug>/units/": Entry(
        _at("/dashboard/binhdinh-130/units/?org=BD-D1&period=2024"),
        GET=SEES_DISTRICT,
        POST=NOT_ALLOWED,
        hides=("district",),
    ),
    "dashboard/<slug:slug>/export/": Entry(
        _at("/dashboard/binhdinh-130/export/"),
        GET=NOT_ALLOWED,
        POST=SEES_DISTRICT,
        data=lambda o: {"org": "BD-D1", "period": "2024"},
        hides=("district",),
    ),
    "dashboard/exports/<uuid:token>/": Entry(
        lambda o: f"/dashboard/exports/{o['export'].token}/", GET=OWN_JOB, POST=everyone(405), hides=("district",)
    ),
    "dashboard/exports/<uuid:token>/download/": Entry(
        lambda o: f"/dashboard/exports/{o['export'].token}/download/",
        GET={**OWN_JOB, "reviewer": 302},  # not written yet: to its status page
        POST=NOT_ALLOWED,
        hides=("district",),
    ),
    # Imports: a reviewer's or admin's; a staged file is its uploader's alone.
    "imports/": Entry(_at("/imports/"), GET=IMPORTERS, POST=IMPORTERS),
    "imports/template/": Entry(
        _at("/imports/template/"), GET={**IMPORTERS, **dict.fromkeys(IMPORTS_400, 400)}, POST=NOT_ALLOWED
    ),
    "imports/<uuid:token>/": Entry(
        lambda o: f"/imports/{o['staged'].token}/",
        GET={**OWN_JOB, "officer": 403, "sibling_officer": 403, "viewer": 403, "stranger": 403},
        POST=NOT_ALLOWED,
    ),
    "imports/<uuid:token>/confirm/": Entry(
        lambda o: f"/imports/{o['staged'].token}/confirm/",
        GET=NOT_ALLOWED,
        POST={**OWN_JOB, "reviewer": 302, "officer": 403, "sibling_officer": 403, "viewer": 403, "stranger": 403},
    ),
    # The admin's own pages (anyone but staff is sent to the admin's sign-in page).
    "admin/": Entry(_at("/admin/"), GET=staff_only(200), POST=staff_only(200), others=AS_GET),
    "admin/login/": Entry(
        _at("/admin/login/"),
        GET={**everyone(200), "admin": 302},  # signed-in non-staff are asked to sign in as staff
        POST=everyone(200),
        HEAD=everyone(200),  # Django's admin sends staff on to the index on a GET only, not on a HEAD
        others=FORM,
    ),
    "admin/logout/": Entry(  # anyone but staff is sent to the admin's index
        _at("/admin/logout/"),
        GET={**everyone(302), "admin": 405},
        POST={**everyone(302), "admin": LOGIN},
        others=GENERIC,
    ),
    "admin/password_change/": Entry(
        _at("/admin/password_change/"), GET=staff_only(200), POST=staff_only(200), others=FORM
    ),
    "admin/password_change/done/": Entry(
        _at("/admin/password_change/done/"), GET=staff_only(200), POST=staff_only(405), others=GENERIC
    ),
    "admin/autocomplete/": Entry(
        _at("/admin/autocomplete/"), GET=staff_only(403), POST=staff_only(405), others=GENERIC
    ),
    "admin/jsi18n/": Entry(_at("/admin/jsi18n/"), GET=staff_only(200), POST=staff_only(405), others=GENERIC),
    "admin/r/<path:content_type_id>/<path:object_id>/": Entry(
        lambda o: f"/admin/r/{ContentType.objects.get_for_model(Report).pk}/{o['report'].pk}/",
        GET=staff_only(302),
        POST=staff_only(302),
        others=AS_GET,
    ),
    "admin/^(?P<app_label>auth|axes|django_tasks_database|unions|plans|reports|audit)/$": Entry(
        _at("/admin/unions/"), GET=staff_only(200), POST=staff_only(200), others=AS_GET
    ),
    "admin/(?P<url>.*)$": Entry(_at("/admin/no-such-page/"), GET=staff_only(404), POST=staff_only(404), others=AS_GET),
    # The audit's own download, restricted to GET and HEAD.
    "admin/audit/auditentry/export/<str:file_format>/": Entry(
        _at("/admin/audit/auditentry/export/csv/"), GET=staff_only(200), POST=staff_only(405)
    ),
    "admin/auth/user/<id>/password/": Entry(
        lambda o: f"/admin/auth/user/{o['world'].officer.pk}/password/",
        GET=staff_only(200),
        POST=staff_only(200),
        others=AS_GET,
    ),
}

#: What a superuser gets on each page of a model's admin, as (GET, POST) for an empty POST: the page, or a
#: 403 where the admin forbids it (the reports' audit and figures are changed by the workflow only). The
#: bare address of an object ("<path:object_id>/") redirects to its change page. Any other method is answered
#: as the GET (the admin acts on a POST only; process_import/, a POST only, refuses the others as it does a GET).
EDITABLE = {
    "": (200, 200),
    "add/": (200, 200),
    "<path:object_id>/history/": (200, 200),
    "<path:object_id>/delete/": (200, 200),
    "<path:object_id>/change/": (200, 200),
    "<path:object_id>/": (302, 302),
}
READ_ONLY = {
    **EDITABLE,
    "add/": (403, 403),
    "<path:object_id>/delete/": (403, 403),
    "<path:object_id>/change/": (200, 403),
}
DELETABLE_LOG = {**READ_ONLY, "<path:object_id>/delete/": (200, 200)}
AXES = {**DELETABLE_LOG, "<path:object_id>/change/": (200, 302)}  # a POST to axes' read-only form: to the list
#: "No such object": the admin goes back to its index.
MISSING = {**READ_ONLY, "<path:object_id>/history/": (302, 302), "<path:object_id>/change/": (302, 403)}
SPREADSHEET = {"import/": (200, 200), "export/": (200, 200), "process_import/": (405, 200)}

#: Every model of the admin, and what its pages give a superuser.
ADMIN_MODELS = {
    "auth/group": EDITABLE,
    "auth/user": EDITABLE,
    "axes/accessattempt": AXES,
    "axes/accesslog": AXES,
    "axes/accessfailurelog": AXES,
    # No task runs through the database in the tests (their backend is immediate): a task id that is not there.
    "django_tasks_database/dbtaskresult": MISSING,
    "unions/organization": {**EDITABLE, **SPREADSHEET},
    "unions/organizationmove": DELETABLE_LOG,
    "unions/membership": EDITABLE,
    "plans/plan": {**EDITABLE, **SPREADSHEET},
    "plans/indicator": {**EDITABLE, **SPREADSHEET},
    "plans/indicatorrule": EDITABLE,
    "plans/target": {**EDITABLE, **SPREADSHEET},
    "plans/plantask": EDITABLE,
    "plans/roadmapphase": EDITABLE,
    "reports/report": READ_ONLY,
    "reports/reportevent": READ_ONLY,
    "reports/reportreminder": DELETABLE_LOG,
    "reports/reportvalue": {**READ_ONLY, **SPREADSHEET},
    "audit/auditentry": READ_ONLY,
}
NO_TASK = "00000000-0000-0000-0000-000000000000"


def _admin_url(model, page):
    def url(o):
        row = o["admin_rows"].get(model)
        return f"/admin/{model}/" + page.replace("<path:object_id>", str(row.pk if row else NO_TASK))

    return url


for _model, _pages in ADMIN_MODELS.items():
    for _page, (_get, _post) in _pages.items():
        MATRIX[f"admin/{_model}/{_page}"] = Entry(
            _admin_url(_model, _page), GET=staff_only(_get), POST=staff_only(_post), others=AS_GET
        )


# --- the tests ------------------------------------------------------------------------------------------


def test_every_url_pattern_has_an_entry_in_the_matrix():
    """A new address fails here until its row in MATRIX says who gets what."""
    routes = all_routes()
    assert sorted(routes - set(MATRIX)) == [], "URL patterns without an entry in MATRIX"
    assert sorted(set(MATRIX) - routes) == [], "entries in MATRIX for URL patterns that are gone"


def snapshot() -> tuple:
    """What no request with an empty form may change: every row count of the portal's tables, of its audit
    trail and of the admin's log, and the reports as they stand."""
    from django.apps import apps
    from django.contrib.admin.models import LogEntry

    counts = {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"unions", "plans", "reports", "auth", "audit", "auditlog"}
    }
    # An empty POST to axes' read-only change page saves the row as it is, and the admin logs that it did.
    counts["admin.LogEntry"] = LogEntry.objects.exclude(content_type__app_label="axes").count()
    return state(), counts, list(StagedImport.objects.values_list("pk", "confirmed_at"))


def outcome(response):
    """The status, with redirects to a sign-in page named as such."""
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith("/accounts/login/"):
            return LOGIN
        if location.startswith("/admin/login/"):
            return ADMIN_LOGIN
    return response.status_code


def hidden_words(o, names) -> list[str]:
    world = o["world"]
    return [word for name in names for word in (getattr(world, name).name, getattr(world, name).code)]


def send(client, method, url, data):
    """The request, with `data` as a form body for the methods that carry one (Django reads it on a POST only)."""
    if method in ("GET", "HEAD", "OPTIONS"):
        return client.generic(method, url)
    return client.generic(method, url, urlencode(data), content_type="application/x-www-form-urlencoded")


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_gets_what_at_every_address(objects, client, persona):
    """Every address, every method with an empty form, for one persona: all mismatches are listed together,
    and after each method's walk the database is as it was."""
    user = None if persona == "anonymous" else getattr(objects["world"], persona)
    mismatches, leaks, writes = [], [], []
    session = None  # the key of the session signed in as `user`
    before = snapshot()
    for method in METHODS:
        for route, entry in sorted(MATRIX.items()):
            url = entry.url(objects)
            if user is not None and session is None:
                client.force_login(user)
                session = client.cookies[settings.SESSION_COOKIE_NAME].value
            # Each request starts afresh: no cookie but the session's (none for the anonymous visitor).
            client.cookies = SimpleCookie({settings.SESSION_COOKIE_NAME: session} if session else {})
            response = send(client, method, url, entry.data(objects))  # a view's exception is raised here
            if settings.SESSION_COOKIE_NAME in response.cookies:
                session = None  # ended (a sign-out address) or changed: sign in again for the next request
            want, got = expected(entry, method, persona), outcome(response)
            if got != want:
                mismatches.append(f"{method} {url} ({route}): expected {want}, got {got}")
            if response.status_code == 404 and entry.hides:
                # The page's language switch sends the visitor back to the address they typed: not a leak.
                body = response.content.decode().replace(escape(url), "")
                shown = [word for word in hidden_words(objects, entry.hides) if word in body]
                if shown:
                    leaks.append(f"{method} {url}: the 404 names {shown}")
        if snapshot() != before:
            writes.append(method)
    assert mismatches == [], f"{persona}:\n" + "\n".join(mismatches)
    assert leaks == [], f"{persona}:\n" + "\n".join(leaks)
    assert writes == [], f"{persona}: requests with an empty form changed the database: {writes}"


@pytest.mark.parametrize("persona", [p for p in SIGNED_IN if p != "admin"])
def test_another_federations_plan_and_unit_are_not_found_and_not_named(objects, client, persona):
    """Everyone of Bình Định gets a 404 for Hồ Chí Minh's plan and school, and the page names neither."""
    world = objects["world"]
    client.force_login(getattr(world, persona))
    school = "/reports/hcm-edu-1712/HCM-GD-S1/2025/"
    addresses = [
        ("GET", "/plans/hcm-edu-1712/"),
        ("GET", "/plans/hcm-edu-1712/implement/"),
        ("GET", "/dashboard/hcm-edu-1712/"),
        ("GET", "/dashboard/hcm-edu-1712/units/?org=HCM-GD-S1"),
        ("POST", "/dashboard/hcm-edu-1712/export/"),
        *(("GET", school + page) for page in ("", "edit/", "history/", "document/", "document.docx")),
        *(("POST", school + page) for page in ("edit/", "submit/", "approve/", "return/", "reopen/", "absent/")),
    ]
    for method, url in addresses:
        response = client.get(url) if method == "GET" else client.post(url, {"org": "HCM-GD-S1", "period": "2025"})
        assert response.status_code == 404, (method, url, response.status_code)
        body = response.content.decode().replace(escape(url), "")
        for word in (world.school.name, world.hcm_gd.name, world.hcm_plan.title):
            assert word not in body, (method, url, word)
