"""The union tree: paths, moves, closing, cycles."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.factories import OrganizationFactory
from unions.models import Organization, OrganizationMove
from unions.services import organization_close, organization_move, rebuild_paths


def test_path_lists_ancestors_and_subtree_is_a_prefix_match(world):
    assert world.unit.ancestor_ids == [world.vgcl.pk, world.bd.pk, world.district.pk, world.unit.pk]
    assert world.unit.depth == 3
    subtree = set(Organization.objects.subtree_of(world.district).values_list("code", flat=True))
    assert subtree == {"BD-D1", "BD-D1-G1", "BD-D1-G2"}


def test_paths_sort_byte_by_byte_whatever_the_databases_collation(world):
    """A subtree is one range of the path index only if paths compare as bytes: on PostgreSQL the column
    says so itself (collation "C"); a database made with a language's collation would otherwise skip the
    "/", and a prefix would not be a range the lists can walk."""
    from django.db import connection

    paths = ["/9/40/", "/9/4/7/", "/9/4/", "/9/5/", "/9/4/10/"]
    for number, path in enumerate(paths):
        OrganizationFactory(code=f"SORT-{number}", parent=world.bd)
        Organization.objects.filter(code=f"SORT-{number}").update(path=path)
    stored = list(Organization.objects.filter(code__startswith="SORT-").order_by("path").values_list("path", flat=True))
    assert stored == sorted(paths, key=str.encode)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT collation_name FROM information_schema.columns "
                "WHERE table_name = 'unions_organization' AND column_name = 'path'"
            )
            assert cursor.fetchone()[0] == "C"


def test_move_carries_the_subtree_and_is_recorded(world):
    child = OrganizationFactory(code="BD-D1-G1-X", parent=world.unit, kind="grassroots")
    organization_move(
        organization=world.unit,
        new_parent=world.other_district,
        moved_on=datetime.date(2025, 7, 1),
        by=world.admin,
        note="Sắp xếp 2025",
    )
    world.unit.refresh_from_db()
    child.refresh_from_db()
    assert world.unit.parent == world.other_district
    assert child.path == f"{world.other_district.path}{world.unit.pk}/{child.pk}/"
    assert child.depth == 4
    move = OrganizationMove.objects.get(organization=world.unit)
    assert (move.from_parent, move.to_parent, move.moved_on) == (
        world.district,
        world.other_district,
        datetime.date(2025, 7, 1),
    )
    assert move.recorded_by == world.admin


def test_a_unit_cannot_move_under_its_own_subtree(world):
    with pytest.raises(ValidationError, match="nằm trong cây trực thuộc"):
        organization_move(organization=world.district, new_parent=world.unit)
    world.district.refresh_from_db()
    assert world.district.parent == world.bd
    assert not OrganizationMove.objects.exists()


def test_closing_before_opening_is_refused(world):
    world.unit.opened_on = datetime.date(2020, 1, 1)
    world.unit.save()
    with pytest.raises(ValidationError, match="Ngày giải thể không được trước ngày thành lập"):
        organization_close(organization=world.unit, closed_on=datetime.date(2019, 12, 31))


def test_open_during_counts_a_unit_open_at_any_time_in_the_period(world):
    organization_close(organization=world.unit, closed_on=datetime.date(2024, 3, 31))
    open_2024 = Organization.objects.open_during(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    open_2025 = Organization.objects.open_during(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert world.unit in open_2024
    assert world.unit not in open_2025


def test_codes_must_be_plain_ascii(world):
    with pytest.raises(ValidationError) as error:
        OrganizationFactory(code="BĐ 01", parent=world.bd)
    assert "code" in error.value.message_dict


def test_rebuild_paths_restores_paths_from_parents(world):
    Organization.objects.update(path="", depth=0)
    assert rebuild_paths() == Organization.objects.count()
    world.unit.refresh_from_db()
    assert world.unit.ancestor_ids == [world.vgcl.pk, world.bd.pk, world.district.pk, world.unit.pk]
