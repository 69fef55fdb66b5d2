"""Settings for the test suite: the real settings, with a fast password hasher and mail kept in memory."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Tests do not serve collected static files.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
# The test client speaks plain HTTP; tests that check HTTPS behaviour ask for secure=True.
SECURE_SSL_REDIRECT = False
# django-axes needs the request on every authenticate(); tests of lockout switch it on themselves.
AXES_ENABLED = False
