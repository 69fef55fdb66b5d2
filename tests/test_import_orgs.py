"""import_orgs: the tree from a workbook, parents anywhere in the file, every problem by row, paths kept right."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from tests.spreadsheets import xlsx
from tests.test_import_values import snapshot
from unions.models import Organization, OrganizationMove

HEADER = ["code", "name", "kind", "parent_code", "opened_on", "closed_on"]


def run(tmp_path, rows, *args, header=HEADER):
    path = tmp_path / "to-chuc.xlsx"
    path.write_bytes(xlsx([header, *rows]))
    call_command("import_orgs", str(path), *args)


def refused(tmp_path, capsys, rows, header=HEADER) -> str:
    with pytest.raises(CommandError):
        run(tmp_path, rows, header=header)
    return capsys.readouterr().err


def paths_are_right():
    """Every unit's stored path is its parent's path plus its own id."""
    by_id = {org.pk: org for org in Organization.objects.all()}
    for org in by_id.values():
        expected = (by_id[org.parent_id].path if org.parent_id else "/") + f"{org.pk}/"
        assert org.path == expected, org.code
        assert org.depth == (by_id[org.parent_id].depth + 1 if org.parent_id else 0), org.code


def test_children_may_come_before_their_parents(world, tmp_path, capsys):
    run(
        tmp_path,
        [
            ["BD-D3-G1", "CĐCS Công ty Mới", "grassroots", "BD-D3", "01/03/2024", None],
            ["BD-D3-G2", "CĐCS Bệnh viện", "Công đoàn cơ sở", "BD-D3", datetime.date(2024, 5, 2), None],
            ["BD-D3", "LĐLĐ huyện Ba", "district", "BD", None, None],
        ],
    )
    assert "Đã nhập. 3 dòng: tạo mới 3 đơn vị" in capsys.readouterr().out
    district = Organization.objects.get(code="BD-D3")
    assert set(district.children.values_list("code", flat=True)) == {"BD-D3-G1", "BD-D3-G2"}
    assert Organization.objects.get(code="BD-D3-G1").opened_on == datetime.date(2024, 3, 1)
    assert Organization.objects.get(code="BD-D3-G2").kind == "grassroots"
    paths_are_right()


def test_existing_units_are_updated_and_moves_are_recorded(world, tmp_path, capsys):
    run(
        tmp_path,
        [
            ["BD-D1-G1", "CĐCS Công ty Một (đổi tên)", "grassroots", "BD-D2", None, "30/06/2025"],
            ["BD-D1", "LĐLĐ huyện Một", "district", "BD", None, None],
        ],
    )
    assert "cập nhật 1 (chuyển cấp trên 1), 1 không đổi" in capsys.readouterr().out
    unit = Organization.objects.get(code="BD-D1-G1")
    assert unit.name == "CĐCS Công ty Một (đổi tên)" and unit.parent == world.other_district
    assert unit.closed_on == datetime.date(2025, 6, 30)
    move = OrganizationMove.objects.get(organization=unit)
    assert (move.from_parent, move.to_parent) == (world.district, world.other_district)
    paths_are_right()


def test_a_branch_can_be_turned_around_in_one_file(world, tmp_path):
    """BD-D1 moves under its own former child: the child must move out first, which the import orders."""
    run(
        tmp_path,
        [
            ["BD-D1", "LĐLĐ huyện Một", "district", "BD-D1-G1", None, None],
            ["BD-D1-G1", "CĐCS Công ty Một", "sector", "BD", None, None],
        ],
    )
    assert Organization.objects.get(code="BD-D1").parent.code == "BD-D1-G1"
    assert Organization.objects.get(code="BD-D1-G2").path.startswith(Organization.objects.get(code="BD-D1-G1").path)
    paths_are_right()


def test_dry_run_writes_nothing(world, tmp_path, capsys):
    before = snapshot()
    run(tmp_path, [["BD-D3", "LĐLĐ huyện Ba", "district", "BD", None, None]], "--dry-run")
    assert "Chạy thử, chưa ghi gì. 1 dòng: tạo mới 1 đơn vị" in capsys.readouterr().out
    assert snapshot() == before


@pytest.mark.parametrize(
    ("rows", "messages"),
    [
        pytest.param(
            [["BD-D3", "LĐLĐ huyện Ba", "huyện", "BD", None, None]],
            ["Dòng 2, cột C (kind): “huyện” không phải là loại tổ chức công đoàn."],
            id="unknown-kind",
        ),
        pytest.param(
            [["BD-D3", "LĐLĐ huyện Ba", "district", "XX", None, None]],
            ["Dòng 2, cột D (parent_code): không có đơn vị nào có mã “XX”, cả trên cổng thông tin lẫn trong tệp này."],
            id="unknown-parent",
        ),
        pytest.param(
            [
                ["BD-D3", "LĐLĐ huyện Ba", "district", "BD", None, None],
                ["BD-D3", "LĐLĐ huyện Ba (lần hai)", "district", "BD", None, None],
            ],
            ["Dòng 3, cột A (code): mã BD-D3 đã có ở dòng 2; mỗi đơn vị chỉ một dòng."],
            id="duplicate-code",
        ),
        pytest.param(
            [
                ["BD-X1", "Một", "district", "BD-X2", None, None],
                ["BD-X2", "Hai", "district", "BD-X3", None, None],
                ["BD-X3", "Ba", "district", "BD-X1", None, None],
            ],
            [
                "Dòng 2, cột D (parent_code): quan hệ cấp trên tạo thành vòng lặp: BD-X1 → BD-X2 → BD-X3 → BD-X1.",
                "Dòng 3, cột D (parent_code): quan hệ cấp trên tạo thành vòng lặp",
                "Dòng 4, cột D (parent_code): quan hệ cấp trên tạo thành vòng lặp",
            ],
            id="cycle-in-the-file",
        ),
        pytest.param(
            [["BD", "LĐLĐ tỉnh Bình Định", "federation", "BD-D1-G1", None, None]],
            ["Dòng 2, cột D (parent_code): quan hệ cấp trên tạo thành vòng lặp"],
            id="cycle-through-the-stored-tree",
        ),
        pytest.param(
            [["BD-D1-G1", "CĐCS Công ty Một", "grassroots", None, None, None]],
            ["Dòng 2, cột D (parent_code): parent_code đang để trống, nhưng BD-D1-G1 là đơn vị trực thuộc"],
            id="empty-parent-of-a-unit-under-another",
        ),
        pytest.param(
            [["BD D3", "LĐLĐ huyện Ba", "district", "BD", "31/02/2024", None]],
            ["Dòng 2, cột A (code): “BD D3”:", "Dòng 2, cột E (opened_on): “31/02/2024” không phải là ngày"],
            id="bad-code-and-date",
        ),
        pytest.param(
            [["BD-D3", '=HYPERLINK("x")', "district", "BD", None, None]],
            ["Dòng 2, cột B (name): ô chứa công thức"],
            id="formula",
        ),
    ],
)
def test_bad_rows_are_named_and_change_nothing(world, tmp_path, capsys, rows, messages):
    before = snapshot()
    err = refused(tmp_path, capsys, rows)
    for message in messages:
        assert message in err
    assert snapshot() == before


def test_a_wrong_header_is_refused(world, tmp_path, capsys):
    before = snapshot()
    err = refused(tmp_path, capsys, [["BD-D3", "Ba", "district"]], header=["code", "ten", "kind"])
    assert "dòng tiêu đề thiếu cột name, parent_code" in err
    assert "“ten” không phải là cột của tệp nhập cây tổ chức" in err
    assert snapshot() == before


def test_a_file_that_is_not_xlsx_is_refused(world, tmp_path):
    path = tmp_path / "to-chuc.xlsx"
    path.write_text("code,name,kind,parent_code\nBD-D3,Ba,district,BD\n")
    before = snapshot()
    with pytest.raises(CommandError, match="tệp CSV"):
        call_command("import_orgs", str(path))
    assert snapshot() == before
