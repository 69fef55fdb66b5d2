"""`field__any=[...]` (reports.lookups): the same rows as `field__in`, on SQLite and PostgreSQL."""

from reports.models import Report
from reports.services import report_create
from unions.models import Organization


def test_any_finds_what_in_finds_on_fields_and_foreign_keys(world):
    for unit in (world.unit, world.sibling):
        report_create(organization=unit, plan=world.bd_plan, period="2025", by=None)
    codes = [world.unit.code, world.sibling.code, "NO-SUCH-UNIT"]
    assert set(Organization.objects.filter(code__any=codes)) == set(Organization.objects.filter(code__in=codes))
    assert set(Organization.objects.filter(code__any=codes)) == {world.unit, world.sibling}
    ids = [world.unit.pk, world.district.pk]
    found = Report.objects.filter(plan=world.bd_plan, organization_id__any=ids)
    assert [report.organization for report in found] == [world.unit]
    assert set(Report.objects.filter(organization__any=ids)) == set(Report.objects.filter(organization__in=ids))


def test_any_of_nothing_is_nothing_and_combines_with_other_filters(world):
    assert list(Organization.objects.filter(code__any=[])) == []
    assert Organization.objects.filter(code__any=(code for code in [world.unit.code])).get() == world.unit
    assert Organization.objects.exclude(code__any=[world.unit.code]).filter(pk=world.unit.pk).count() == 0
