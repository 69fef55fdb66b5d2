"""Sign-in protection, sessions and the security headers on every response."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import override_settings

from tests.factories import UserFactory

PASSWORD = "pw-Secret-123"


@pytest.fixture
def user(db):
    return UserFactory(username="hoa")


def test_every_response_carries_the_security_headers(user, client):
    for url in ("/accounts/login/", "/does-not-exist/"):
        response = client.get(url, secure=True)
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert response["Strict-Transport-Security"].startswith("max-age=")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"


def test_cookies_are_httponly_samesite_and_secure_in_production(user, client, settings):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    client.get("/accounts/login/", secure=True)
    response = client.post("/accounts/login/", {"username": "hoa", "password": PASSWORD}, secure=True)
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["secure"] and session["samesite"] == "Lax"
    csrf = client.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"


def test_login_gives_a_new_session_key(user, client):
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    client.post("/accounts/login/", {"username": "hoa", "password": PASSWORD})
    assert client.session.session_key != before
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_logout_ends_the_session_on_the_server(user, client):
    from django.contrib.sessions.models import Session

    client.post("/accounts/login/", {"username": "hoa", "password": PASSWORD})
    key = client.session.session_key
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/").status_code == 302


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account_out_and_are_logged(user, client, caplog):
    from axes.models import AccessAttempt

    for _ in range(3):
        client.post("/accounts/login/", {"username": "hoa", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "hoa", "password": PASSWORD})
    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="hoa").failures_since_start >= 3
    assert any("AXES" in record.getMessage() for record in caplog.records)


def test_deactivating_a_user_ends_their_sessions(user, client):
    client.post("/accounts/login/", {"username": "hoa", "password": PASSWORD})
    assert client.get("/").status_code == 200
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    assert client.get("/").status_code == 302


def test_changing_the_password_ends_the_users_other_sessions(user, client):
    from django.test import Client

    other = Client()
    other.post("/accounts/login/", {"username": "hoa", "password": PASSWORD})
    client.post("/accounts/login/", {"username": "hoa", "password": PASSWORD})
    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": "An-Other-pw-456", "new_password2": "An-Other-pw-456"},
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # this session goes on
    assert other.get("/").status_code == 302  # the other one is over


def test_idle_session_expires(user, client, settings):
    start = datetime.datetime(2026, 1, 5, 8, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        client.post("/accounts/login/", {"username": "hoa", "password": PASSWORD})
    with time_machine.travel(start + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60), tick=False):
        assert client.get("/").status_code == 302


def test_absolute_timeout_ends_even_an_active_session(user, client, settings):
    start = datetime.datetime(2026, 1, 5, 8, tzinfo=datetime.UTC)
    step = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE // 2)
    with time_machine.travel(start, tick=False):
        client.post("/accounts/login/", {"username": "hoa", "password": PASSWORD})
    now = start
    while now - start < datetime.timedelta(seconds=settings.SESSION_ABSOLUTE_SECONDS):
        now += step
        with time_machine.travel(now, tick=False):
            status = client.get("/").status_code
        if now - start <= datetime.timedelta(seconds=settings.SESSION_ABSOLUTE_SECONDS):
            assert status == 200
    with time_machine.travel(now + step, tick=False):
        assert client.get("/").status_code == 302
