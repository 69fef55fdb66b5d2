"""The `compliance` command: DESIGN §5's JSON field by field, a readable table, clear refusals."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reports.models import ReportStatus
from tests.compliance_data import file_report, grassroots


def run(*args) -> str:
    out = StringIO()
    call_command("compliance", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def filed(world):
    """BD-D1 in 2024: 20 grassroots units, 17 rated good or excellent (85 %), three completed; one late."""
    units = [world.unit, world.sibling, *grassroots(world.district, 18)]
    for index, unit in enumerate(units):
        file_report(
            unit,
            world.bd_plan,
            "2024",
            ReportStatus.APPROVED if index % 3 else ReportStatus.SUBMITTED,
            late=index == 5,
            rating="completed" if index < 3 else "good",
            party_members=3 if index == 0 else 0,
            party_members_good=2 if index == 0 else 0,
            party_members_failed=0,
        )
    file_report(world.district, world.bd_plan, "2024", officers_fulltime=8, officers_degree=7, officers_political=8)


def test_json_output_matches_design_section_5_field_by_field(filed):
    output = json.loads(run("--plan", "binhdinh-130", "--org", "BD-D1", "--period", "2024", "--format", "json"))

    assert [item["target"] for item in output] == [f"CT{n}" for n in range(1, 10)]
    assert all(
        list(item)
        == [
            "target",
            "value",
            "numerator",
            "denominator",
            "comparator",
            "threshold",
            "status",
            "expected",
            "reported",
            "on_time",
        ]
        for item in output
    )
    by_code = {item["target"]: item for item in output}
    assert by_code["CT1"] == {
        "target": "CT1",
        "value": "85.00",
        "numerator": "17",
        "denominator": "20",
        "comparator": ">=",
        "threshold": "85",
        "status": "met",
        "expected": 20,
        "reported": 20,
        "on_time": 19,
    }
    assert by_code["CT2"]["threshold"] == "0.3" and by_code["CT2"]["value"] == "0.00"
    assert by_code["CT3"] == {  # 2 of 3 Party members: 66.666... shown half-up, compared exactly
        "target": "CT3",
        "value": "66.67",
        "numerator": "2",
        "denominator": "3",
        "comparator": ">=",
        "threshold": "90",
        "status": "not_met",
        "expected": 20,
        "reported": 20,
        "on_time": 19,
    }
    assert by_code["CT6"] == {
        "target": "CT6",
        "value": "87.50",
        "numerator": "7",
        "denominator": "8",
        "comparator": ">",
        "threshold": "95",
        "status": "not_met",
        "expected": 1,
        "reported": 1,
        "on_time": 1,
    }
    assert by_code["CT8"]["value"] is None and by_code["CT8"]["status"] == "no_data"
    assert by_code["CT8"]["numerator"] == "0" and by_code["CT8"]["denominator"] == "0"
    assert all(isinstance(item[key], int) for item in output for key in ("expected", "reported", "on_time"))


def test_table_output_is_readable(filed):
    output = run("--plan", "binhdinh-130", "--org", "BD-D1", "--period", "2024")

    assert "130/KH-LĐLĐ · LĐLĐ huyện Một (BD-D1) · Năm 2024" in output
    ct1 = next(line for line in output.splitlines() if line.startswith("CT1"))
    assert "85,00%" in ct1 and "≥ 85%" in ct1 and "Đạt" in ct1 and "17 / 20" in ct1
    assert output.splitlines()[-1] == "Đơn vị: 21/21 đã báo cáo (100,00%), 20 đúng hạn."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--plan", "no-such-plan", "--org", "BD", "--period", "2024"], "no-such-plan"),
        (["--plan", "binhdinh-130", "--org", "NOPE", "--period", "2024"], "NOPE"),
        (["--plan", "binhdinh-130", "--org", "BD", "--period", "24"], "“24”"),
        (["--plan", "hcm-edu-1712", "--org", "HCM-GD", "--period", "2021S1"], "2021S1"),
        (["--plan", "hcm-edu-1712", "--org", "HCM-GD", "--period", "2030"], "2030"),
        (["--plan", "binhdinh-130", "--org", "HCM-GD", "--period", "2024"], "HCM-GD"),
        (["--plan", "binhdinh-130", "--org", "VGCL", "--period", "2024"], "VGCL"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(world, args, message):
    with pytest.raises(CommandError) as error:
        run(*args, "--format", "json")
    assert message in str(error.value)


def test_an_unknown_format_is_refused(world):
    with pytest.raises(CommandError):
        run("--plan", "binhdinh-130", "--org", "BD", "--period", "2024", "--format", "xml")
