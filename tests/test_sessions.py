"""Sessions end everywhere: in the database, and through a cache only when every app process shares it."""

import os
import subprocess
import sys
from pathlib import Path

from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent


def session_engine(**env) -> str:
    """SESSION_ENGINE as a fresh app process reads it from its environment."""
    environment = {key: value for key, value in os.environ.items() if key not in ("CACHE_URL", "DATABASE_URL")}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings", DEBUG="1", **env)
    done = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SESSION_ENGINE)"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_sessions_are_read_through_the_cache_only_when_it_is_shared():
    assert session_engine() == "django.contrib.sessions.backends.db"
    assert session_engine(CACHE_URL="redis://127.0.0.1:6379/0") == "django.contrib.sessions.backends.cached_db"


def test_logging_out_ends_the_session_for_another_client_with_the_same_cookie(world, client, settings):
    """As if the two clients reached two app processes: the session ended in one is over in the other,
    even though the other's (per-process) cache still held a copy of it."""
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"  # no CACHE_URL in the tests
    client.force_login(world.officer)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    other = Client()
    other.cookies[settings.SESSION_COOKIE_NAME] = key
    assert other.get("/").status_code == 200
    held = Session.objects.get(session_key=key).get_decoded()

    client.post("/accounts/logout/")
    cache.set(KEY_PREFIX + key, held, 3600)  # the copy another worker's cache would still hold

    assert not Session.objects.filter(session_key=key).exists()
    response = other.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_deactivating_a_user_ends_their_session_at_the_next_request(world, client):
    client.force_login(world.officer)
    assert client.get("/").status_code == 200
    world.officer.is_active = False
    world.officer.save(update_fields=["is_active"])
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
