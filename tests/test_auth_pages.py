"""Signing in, out, and changing or resetting a password, in Vietnamese; a menu by role."""

import re

import pytest
from django.core import mail

from tests.factories import UserFactory


def test_an_officer_logs_in_and_lands_on_their_home(world, client):
    response = client.post("/accounts/login/", {"username": "officer", "password": "pw-Secret-123"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "Báo cáo của đơn vị" in client.get("/").content.decode()


def test_a_wrong_password_is_refused_in_vietnamese(world, client):
    response = client.post("/accounts/login/", {"username": "officer", "password": "wrong"})
    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.content.decode()  # Django's own Vietnamese message


def test_logging_out_is_a_post_and_leads_back_to_log_in(world, client):
    client.force_login(world.officer)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert client.get("/").status_code == 302


def test_an_officer_changes_their_password(world, client):
    client.force_login(world.officer)
    page = client.get("/accounts/password_change/").content.decode()
    assert "Đổi mật khẩu" in page and "Mật khẩu cũ" in page
    response = client.post(
        "/accounts/password_change/",
        {"old_password": "pw-Secret-123", "new_password1": "Cong-doan-2026!", "new_password2": "Cong-doan-2026!"},
        follow=True,
    )
    assert "Đã đổi mật khẩu" in response.content.decode()
    world.officer.refresh_from_db()
    assert world.officer.check_password("Cong-doan-2026!")


def test_a_forgotten_password_is_reset_by_e_mail_in_vietnamese(world, client):
    page = client.get("/accounts/password_reset/").content.decode()
    assert "Quên mật khẩu?" in page and "Gửi đường dẫn cho tôi" in page
    response = client.post("/accounts/password_reset/", {"email": "officer@example.vn"}, follow=True)
    assert "Hãy kiểm tra thư điện tử" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "[Chỉ tiêu] Đặt mật khẩu mới"
    assert "Tên đăng nhập của đồng chí là officer." in message.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Cong-doan-2026!", "new_password2": "Cong-doan-2026!"},
        follow=True,
    )
    assert "Mật khẩu mới đã được lưu" in done.content.decode()
    world.officer.refresh_from_db()
    assert world.officer.check_password("Cong-doan-2026!")


def test_a_reset_for_an_unknown_address_says_the_same_and_sends_nothing(db, client):
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.vn"}, follow=True)
    assert "Hãy kiểm tra thư điện tử" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("who", "shown", "hidden"),
    [
        ("officer", ["Trang chủ", "Kế hoạch"], ["Chờ duyệt", "Tình hình báo cáo", "Quản trị"]),
        ("viewer", ["Tình hình báo cáo"], ["Chờ duyệt", "Quản trị"]),
        ("reviewer", ["Chờ duyệt", "Tình hình báo cáo"], ["Quản trị"]),
        ("admin", ["Chờ duyệt", "Tình hình báo cáo", "Quản trị"], []),
    ],
)
def test_the_menu_shows_only_what_the_users_roles_allow(world, client, who, shown, hidden):
    client.force_login(getattr(world, who))
    content = client.get("/").content.decode()
    menu = content[content.index('id="main-nav"') : content.index("</ul>", content.index('id="main-nav"'))]
    for entry in shown:
        assert entry in menu
    for entry in hidden:
        assert entry not in menu


def test_a_user_without_a_role_is_told_to_ask_for_one(db, client):
    client.force_login(UserFactory(username="new_user"))
    assert "Bạn chưa được phân vai trò" in client.get("/").content.decode()
