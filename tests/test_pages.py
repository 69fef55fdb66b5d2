"""Pages of the foundation: home, plans, admin, in Vietnamese, scoped to the user."""

import pytest

from plans.models import Plan


def test_anonymous_visitor_is_sent_to_login(world, client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_login_page_is_in_vietnamese(db, client):
    content = client.get("/accounts/login/").content.decode()
    assert "Đăng nhập" in content and "Quên mật khẩu?" in content


def test_home_lists_roles_and_plans(world, client):
    client.force_login(world.officer)
    content = client.get("/").content.decode()
    assert "Cán bộ báo cáo" in content and "CĐCS Công ty Một" in content
    assert "130/KH-LĐLĐ" in content
    assert "1712" not in content  # the HCM plan does not concern this officer


def test_plan_page_reads_like_the_document(world, client):
    client.force_login(world.officer)
    content = client.get("/plans/binhdinh-130/").content.decode()
    assert "KẾ HOẠCH" in content and "Số: 130/KH-LĐLĐ" in content
    assert "Bình Định, ngày 30 tháng 8 năm 2021" in content
    assert "hạn chế tỷ lệ CĐCS không hoàn thành nhiệm vụ dưới 0,3%".lower() in content.lower()
    assert "&lt; 0,3%" in content
    assert "1.4. Đổi mới nâng cao hiệu lực, hiệu quả công tác kiểm tra, giám sát" in content
    assert "Nguyễn Mạnh Hùng" in content


def test_plan_outside_the_users_scope_is_404(world, client):
    client.force_login(world.officer)
    assert client.get("/plans/hcm-edu-1712/").status_code == 404


def test_admin_lists_the_seed_plans_with_their_targets(world, client):
    client.force_login(world.admin)
    content = client.get("/admin/plans/plan/").content.decode()
    assert "hcm-edu-1712" in content and "binhdinh-130" in content
    for slug, count in (("hcm-edu-1712", 3), ("binhdinh-130", 9)):
        plan = Plan.objects.get(slug=slug)
        page = client.get(f"/admin/plans/plan/{plan.pk}/change/")
        assert page.status_code == 200
        assert page.context["inline_admin_formsets"][1].formset.queryset.count() == count
    assert "Quản trị Chỉ tiêu" in content


@pytest.mark.parametrize(
    "url",
    [
        "/admin/unions/organization/?kind__exact=grassroots",
        "/admin/reports/report/?status__exact=submitted",
        "/admin/plans/target/",
        "/admin/unions/membership/",
        "/admin/reports/reportevent/",
    ],
)
def test_admin_lists_open_with_their_filters(world, client, url):
    client.force_login(world.admin)
    assert client.get(url).status_code == 200


def test_admin_creates_and_moves_an_organization_keeping_the_tree(world, client):
    from unions.models import Organization, OrganizationMove

    client.force_login(world.admin)
    response = client.post(
        "/admin/unions/organization/add/",
        {
            "code": "BD-D1-G9",
            "name": "CĐCS mới",
            "kind": "grassroots",
            "parent": world.district.pk,
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Organization.objects.get(code="BD-D1-G9")
    assert created.path == f"{world.district.path}{created.pk}/"
    response = client.post(
        f"/admin/unions/organization/{created.pk}/change/",
        {
            "name": "CĐCS mới",
            "kind": "grassroots",
            "parent": world.other_district.pk,
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.path == f"{world.other_district.path}{created.pk}/"
    assert OrganizationMove.objects.filter(organization=created, recorded_by=world.admin).exists()
