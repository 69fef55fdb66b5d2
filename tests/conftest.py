"""Shared fixtures: the seed plans and the personas every access test uses.

The tree under the seed issuers (built by `world`):

    VGCL
    ├── BD (federation, issues binhdinh-130)
    │   ├── BD-D1 (district)
    │   │   ├── BD-D1-G1 (grassroots)   <- "the unit"
    │   │   └── BD-D1-G2 (grassroots)   <- its sibling
    │   └── BD-D2 (district)
    │       └── BD-D2-G1 (grassroots)   <- another branch
    └── HCM (federation)
        └── HCM-GD (sector, issues hcm-edu-1712)
            └── HCM-GD-S1 (grassroots)
"""

from dataclasses import dataclass

import pytest
from django.utils import translation

from plans.models import Plan
from plans.services import seed_plans
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from unions.models import Organization, OrganizationKind, Role


@pytest.fixture(autouse=True)
def vietnamese():
    """Tests read messages as a Vietnamese user sees them, unless they switch language themselves."""
    with translation.override("vi"):
        yield


@dataclass
class World:
    vgcl: Organization
    bd: Organization
    district: Organization
    other_district: Organization
    unit: Organization
    sibling: Organization
    other_unit: Organization
    hcm_gd: Organization
    school: Organization
    bd_plan: Plan
    hcm_plan: Plan
    officer: object
    sibling_officer: object
    reviewer: object
    federation_reviewer: object
    other_reviewer: object
    viewer: object
    admin: object
    stranger: object


@pytest.fixture
def world(db) -> World:
    hcm_plan, bd_plan = seed_plans()
    vgcl, bd, hcm_gd = (Organization.objects.get(code=code) for code in ("VGCL", "BD", "HCM-GD"))
    district = OrganizationFactory(code="BD-D1", name="LĐLĐ huyện Một", kind=OrganizationKind.DISTRICT, parent=bd)
    other_district = OrganizationFactory(code="BD-D2", name="LĐLĐ huyện Hai", kind=OrganizationKind.DISTRICT, parent=bd)
    unit = OrganizationFactory(code="BD-D1-G1", name="CĐCS Công ty Một", parent=district)
    sibling = OrganizationFactory(code="BD-D1-G2", name="CĐCS Công ty Hai", parent=district)
    other_unit = OrganizationFactory(code="BD-D2-G1", name="CĐCS Công ty Ba", parent=other_district)
    school = OrganizationFactory(code="HCM-GD-S1", name="CĐCS Trường Một", parent=hcm_gd)

    def person(username, role=None, organization=None, **extra):
        user = UserFactory(username=username, **extra)
        if role:
            MembershipFactory(user=user, organization=organization, role=role)
        return user

    return World(
        vgcl=vgcl,
        bd=bd,
        district=district,
        other_district=other_district,
        unit=unit,
        sibling=sibling,
        other_unit=other_unit,
        hcm_gd=hcm_gd,
        school=school,
        bd_plan=bd_plan,
        hcm_plan=hcm_plan,
        officer=person("officer", Role.OFFICER, unit),
        sibling_officer=person("sibling_officer", Role.OFFICER, sibling),
        reviewer=person("reviewer", Role.REVIEWER, district),
        federation_reviewer=person("bd_reviewer", Role.REVIEWER, bd),
        other_reviewer=person("other_reviewer", Role.REVIEWER, other_district),
        viewer=person("viewer", Role.VIEWER, district),
        admin=person("admin", is_staff=True, is_superuser=True),
        stranger=person("stranger"),
    )
