"""The scoping primitive, persona by persona."""

import pytest
from django.contrib.auth.models import AnonymousUser

from plans.models import Plan
from unions.models import Organization
from unions.scoping import can_view, is_officer_of, is_reviewer_above


def visible_codes(user):
    return set(Organization.objects.visible_to(user).values_list("code", flat=True))


def test_officer_sees_only_their_unit(world):
    assert visible_codes(world.officer) == {"BD-D1-G1"}


def test_officer_cannot_see_sibling_unit(world):
    assert not can_view(world.officer, world.sibling)
    assert "BD-D1-G2" not in visible_codes(world.officer)


def test_reviewer_above_sees_the_whole_subtree(world):
    assert visible_codes(world.reviewer) == {"BD-D1", "BD-D1-G1", "BD-D1-G2"}
    assert can_view(world.reviewer, world.unit)


def test_reviewer_of_another_branch_sees_nothing_of_this_one(world):
    assert visible_codes(world.other_reviewer) == {"BD-D2", "BD-D2-G1"}
    assert not can_view(world.other_reviewer, world.unit)


def test_viewer_sees_the_subtree_but_cannot_act(world):
    assert visible_codes(world.viewer) == {"BD-D1", "BD-D1-G1", "BD-D1-G2"}
    assert not is_officer_of(world.viewer, world.unit)
    assert not is_reviewer_above(world.viewer, world.unit)


def test_admin_sees_everything(world):
    assert visible_codes(world.admin) == set(Organization.objects.values_list("code", flat=True))


@pytest.mark.parametrize("who", ["anonymous", "stranger"])
def test_anonymous_and_users_without_roles_see_nothing(world, who):
    user = AnonymousUser() if who == "anonymous" else world.stranger
    assert visible_codes(user) == set()
    assert not can_view(user, world.unit)
    assert not Plan.objects.visible_to(user).exists()


def test_reviewer_acts_only_strictly_above(world):
    assert is_reviewer_above(world.reviewer, world.unit)
    assert not is_reviewer_above(world.reviewer, world.district)  # their own unit: a reviewer above it decides
    assert is_reviewer_above(world.federation_reviewer, world.district)
    assert not is_reviewer_above(world.other_reviewer, world.unit)


def test_deactivated_user_sees_nothing(world):
    world.reviewer.is_active = False
    world.reviewer.save()
    assert visible_codes(world.reviewer) == set()


def test_plans_visible_to_an_officer_are_those_issued_above_their_unit(world):
    assert set(Plan.objects.visible_to(world.officer).values_list("slug", flat=True)) == {"binhdinh-130"}
    assert set(Plan.objects.visible_to(world.other_reviewer).values_list("slug", flat=True)) == {"binhdinh-130"}
