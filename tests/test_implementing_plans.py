"""Plans cascade down: a lower level builds the plan implementing a plan above, never looser."""

from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from plans.models import Plan
from plans.selectors import implementing_plans, plan_structure, plans_implemented
from plans.services import ThresholdRefused, is_at_least_as_strict, plan_definition, plan_implement, plan_load
from tests.factories import MembershipFactory, UserFactory
from unions.models import Role


def _implement(world, *, by=None, organization=None, targets=None, **extra):
    arguments = {
        "plan": world.bd_plan,
        "organization": organization or world.district,
        "by": by or world.reviewer,
        "slug": "bd-d1-130",
        "title": "Kế hoạch thực hiện Kế hoạch số 130/KH-LĐLĐ",
        "number": "12/KH-LĐLĐ",
        "targets": targets or {},
    }
    arguments.update(extra)
    return plan_implement(**arguments)


def _state():
    return list(Plan.objects.order_by("pk").values_list("pk", "slug")), LogEntry.objects.count()


@pytest.mark.parametrize(
    ("old", "new", "allowed"),
    [
        ((">=", "90"), (">=", "90"), True),
        ((">=", "90"), (">=", "95"), True),
        ((">=", "90"), (">", "90"), True),
        ((">=", "90"), (">=", "85"), False),
        ((">=", "90"), (">", "89.99"), False),
        ((">", "70"), (">", "70"), True),
        ((">", "70"), (">=", "70"), False),
        ((">", "70"), (">=", "70.01"), True),
        (("<", "0.3"), ("<", "0.2"), True),
        (("<", "0.3"), ("<", "0.4"), False),
        (("<", "0.3"), ("<=", "0.3"), False),
        (("<", "0.3"), ("<=", "0.29"), True),
        (("<=", "5"), ("<", "5"), True),
        ((">=", "90"), ("<=", "100"), False),
        (("<", "0.3"), (">", "0"), False),
    ],
)
def test_a_threshold_may_be_kept_or_made_stricter_never_looser(old, new, allowed):
    assert is_at_least_as_strict(old[0], Decimal(old[1]), new[0], Decimal(new[1])) is allowed


def test_implementing_plan_copies_indicators_rules_targets_and_tasks(world):
    plan = _implement(world, targets={"CT1": {"comparator": ">=", "threshold": "90"}, "CT2": {"threshold": "0,2"}})
    assert (plan.issuer, plan.implements, plan.number) == (world.district, world.bd_plan, "12/KH-LĐLĐ")
    source, copy = plan_structure(world.bd_plan), plan_structure(plan)
    assert [i.code for i in copy.indicators] == [i.code for i in source.indicators]
    assert len(copy.rules) == len(source.rules) == 5
    assert [t.number for t in copy.tasks] == [t.number for t in source.tasks]
    thresholds = {t.code: (t.comparator, t.threshold) for t in copy.targets}
    assert thresholds["CT1"] == (">=", Decimal(90))
    assert thresholds["CT2"] == ("<", Decimal("0.2"))
    assert thresholds["CT9"] == (">=", Decimal(66))  # untouched: as in the plan above
    assert plan.signer_title == "TM. BAN THƯỜNG VỤ\nCHỦ TỊCH"
    assert LogEntry.objects.filter(object_id=str(plan.pk), user=world.reviewer).exists()


def test_implementing_plan_cannot_loosen_a_threshold(world):
    before = _state()
    with pytest.raises(ThresholdRefused) as refused:
        _implement(world, targets={"CT1": {"threshold": "80"}, "CT2": {"comparator": "<=", "threshold": "0,3"}})
    errors = refused.value.message_dict
    assert set(errors) == {"target-CT1", "target-CT2"}
    message = errors["target-CT1"][0]
    assert "CT1" in message and "130/KH-LĐLĐ" in message
    assert "≥ 85%" in message and "≥ 80%" in message and "không được" in message
    assert "≤ 0,3%" in errors["target-CT2"][0] and "< 0,3%" in errors["target-CT2"][0]
    assert _state() == before


@pytest.mark.parametrize(
    ("targets", "field"),
    [
        ({"CT1": {"threshold": "abc"}}, "target-CT1"),
        ({"CT1": {"threshold": "120"}}, "target-CT1"),
        ({"CT1": {"threshold": "-1"}}, "target-CT1"),
        ({"CT1": {"comparator": "=="}}, "target-CT1"),
        ({"CT99": {"threshold": "90"}}, "targets"),
    ],
)
def test_bad_thresholds_are_refused_by_name(world, targets, field):
    before = _state()
    with pytest.raises(ValidationError) as refused:
        _implement(world, targets=targets)
    assert field in refused.value.message_dict
    assert _state() == before


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"slug": "Có dấu"}, "slug"),
        ({"slug": "binhdinh-130"}, "slug"),
        ({"title": "  "}, "title"),
        ({"first_year": 2025, "last_year": 2021}, "last_year"),
    ],
)
def test_bad_header_is_refused_by_field(world, extra, field):
    with pytest.raises(ValidationError) as refused:
        _implement(world, **extra)
    assert field in refused.value.message_dict


def test_a_unit_has_one_plan_implementing_a_plan(world):
    _implement(world)
    with pytest.raises(ValidationError) as refused:
        _implement(world, slug="bd-d1-130-b")
    assert "đã có kế hoạch" in refused.value.message_dict["organization"][0]


@pytest.mark.parametrize("persona", ["other_reviewer", "viewer", "officer", "stranger", "federation_reviewer"])
def test_only_the_units_own_reviewer_or_officer_or_an_admin_may_build_its_plan(world, persona):
    with pytest.raises(PermissionDenied):
        _implement(world, by=getattr(world, persona))


def test_issuer_cannot_implement_its_own_plan(world):
    with pytest.raises(PermissionDenied):
        _implement(world, by=world.admin, organization=world.bd)


def test_grassroots_officer_builds_the_unions_own_plan(world):
    plan = _implement(world, by=world.officer, organization=world.unit, slug="bd-d1-g1-130")
    assert plan.signer_title == "TM. BAN CHẤP HÀNH\nCHỦ TỊCH"


def test_definition_round_trips_through_plan_load(world):
    spec = plan_definition(world.hcm_plan)
    before = list(Plan.objects.filter(pk=world.hcm_plan.pk).values())
    plan_load(spec)
    assert list(Plan.objects.filter(pk=world.hcm_plan.pk).values()) == before


def test_chain_reads_up_and_down(world):
    district_plan = _implement(world)
    unit_plan = _implement(
        world, plan=district_plan, by=world.officer, organization=world.unit, slug="bd-d1-g1-130", number=""
    )
    assert plans_implemented(unit_plan, world.officer) == [district_plan, world.bd_plan]
    tree = implementing_plans(world.bd_plan, world.federation_reviewer)
    assert [node.plan for node in tree] == [district_plan]
    assert [node.plan for node in tree[0].children] == [unit_plan]
    # Another branch's reviewer sees neither plan below the district.
    assert implementing_plans(world.bd_plan, world.other_reviewer) == []


# --- pages -------------------------------------------------------------------------------------


def _form_data(**overrides):
    data = {
        "organization": "",
        "slug": "bd-d1-130",
        "number": "12/KH-LĐLĐ",
        "issued_on": "15/9/2021",
        "title": "Kế hoạch thực hiện",
        "basis": "Căn cứ Kế hoạch số 130/KH-LĐLĐ",
        "purpose": "",
        "first_year": "2021",
        "last_year": "2025",
        "signer_name": "Nguyễn Văn A",
        "recipients": "",
    }
    for code, comparator, threshold in [
        ("CT1", ">=", "85"),
        ("CT2", "<", "0,3"),
        ("CT3", ">=", "90"),
        ("CT4", "<", "0,4"),
        ("CT5", ">=", "100"),
        ("CT6", ">", "95"),
        ("CT7", ">", "90"),
        ("CT8", ">=", "100"),
        ("CT9", ">=", "66"),
    ]:
        data[f"target-{code}-comparator"] = comparator
        data[f"target-{code}-threshold"] = threshold
        data[f"target-{code}-wording"] = f"Chỉ tiêu {code}"
    data.update(overrides)
    return data


def test_plan_page_offers_the_implementing_plan_to_the_units_reviewer(world, client):
    client.force_login(world.reviewer)
    content = client.get("/plans/binhdinh-130/").content.decode()
    assert "/plans/binhdinh-130/implement/" in content
    page = client.get("/plans/binhdinh-130/implement/")
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["organization"] == world.district and "130/KH-LĐLĐ" in form.initial["basis"]


def test_reviewer_creates_the_plan_through_the_page(world, client):
    client.force_login(world.reviewer)
    response = client.post("/plans/binhdinh-130/implement/", _form_data(organization=world.district.pk))
    assert response.status_code == 302 and response["Location"] == "/plans/bd-d1-130/"
    plan = Plan.objects.get(slug="bd-d1-130")
    assert plan.issued_on.isoformat() == "2021-09-15" and plan.implements == world.bd_plan
    content = client.get("/plans/binhdinh-130/").content.decode()
    assert "12/KH-LĐLĐ" in content  # the chain down names it
    assert "implement/" not in content  # nothing left for this reviewer to build
    assert "130/KH-LĐLĐ" in client.get("/plans/bd-d1-130/").content.decode()


def test_looser_threshold_on_the_page_is_refused_on_its_field_and_keeps_what_was_typed(world, client):
    client.force_login(world.reviewer)
    before = _state()
    response = client.post(
        "/plans/binhdinh-130/implement/",
        _form_data(organization=world.district.pk, **{"target-CT9-threshold": "60"}),
    )
    assert response.status_code == 400
    assert _state() == before
    form = response.context["form"]
    assert "CT9" in form.errors["target-CT9-threshold"][0]
    assert form["target-CT9-threshold"].value() == "60" and form["slug"].value() == "bd-d1-130"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"issued_on": "31/02/2021"}, "issued_on"),
        ({"first_year": "năm"}, "first_year"),
        ({"title": ""}, "title"),
        ({"target-CT1-comparator": "=="}, "target-CT1-comparator"),
        ({"target-CT1-threshold": "nhiều"}, "target-CT1-threshold"),
        ({"slug": "bd d1"}, "slug"),
    ],
)
def test_bad_input_on_the_page_is_shown_on_its_field(world, client, overrides, field):
    client.force_login(world.reviewer)
    before = _state()
    response = client.post("/plans/binhdinh-130/implement/", _form_data(organization=world.district.pk, **overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert _state() == before


def test_a_unit_of_another_branch_cannot_be_chosen(world, client):
    client.force_login(world.reviewer)
    response = client.post("/plans/binhdinh-130/implement/", _form_data(organization=world.other_district.pk))
    assert response.status_code == 400 and "organization" in response.context["form"].errors
    assert not Plan.objects.filter(slug="bd-d1-130").exists()


def test_implement_page_is_404_outside_scope_and_403_without_a_unit(world, client):
    client.force_login(world.officer)
    assert client.get("/plans/hcm-edu-1712/implement/").status_code == 404
    client.force_login(world.viewer)
    assert client.get("/plans/binhdinh-130/implement/").status_code == 403
    assert "implement/" not in client.get("/plans/binhdinh-130/").content.decode()


def test_plan_page_names_the_units_without_an_implementing_plan_in_the_users_scope(world, client):
    client.force_login(world.federation_reviewer)
    content = client.get("/plans/binhdinh-130/").content.decode()
    assert "LĐLĐ huyện Một" in content and "LĐLĐ huyện Hai" in content
    client.force_login(world.reviewer)
    content = client.get("/plans/binhdinh-130/").content.decode()
    assert "LĐLĐ huyện Một" in content and "LĐLĐ huyện Hai" not in content


def test_plan_page_query_count_does_not_grow_with_the_chain(world, client, django_assert_max_num_queries):
    user = UserFactory(username="hcm_reviewer")
    MembershipFactory(user=user, organization=world.hcm_gd, role=Role.REVIEWER)
    client.force_login(world.admin)
    with django_assert_max_num_queries(30):
        assert client.get("/plans/hcm-edu-1712/").status_code == 200
