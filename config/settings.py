"""Settings for Chỉ tiêu, read from the environment (see README, "Configuration")."""

import datetime
import re
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

# Without DEBUG and without SECRET_KEY, commands that sign nothing (migrate, makemigrations --check, check)
# still run; the app server refuses to start (config/wsgi.py, config/asgi.py), and anything else that signs
# (sessions, password resets) stops with Django's "The SECRET_KEY setting must not be empty".
SECRET_KEY = env_str("SECRET_KEY") or ("dev-only-insecure-key-do-not-use-in-production" if DEBUG else "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "config.apps.PortalConfig",
    "unions",
    "plans",
    "reports",
    "auditlog",
    "audit",  # after auditlog: its admin replaces auditlog's (README, "Audit trail")
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "auditlog.middleware.AuditlogMiddleware",  # the signed-in user is the actor of every audit record
    "config.middleware.SessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "unions.context_processors.roles",
            ],
        },
    },
]

# Database: SQLite file by default; PostgreSQL via DATABASE_URL=postgres://user@host:5432/name
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60))}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database address Django understands: {exc}") from None
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One writer at a time on SQLite: wait for the lock instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # How PostgreSQL plans the portal's queries, set for each connection as it opens (no extra round trip;
    # an `options` parameter in DATABASE_URL wins). Many short queries at once: no parallel workers (on a few
    # cores they only queue behind the other requests) and index reads costed as the cached reads they are
    # (a subtree's units come from the path index, not from a scan of the whole tree). docs/benchmarks.md.
    PG_SESSION_OPTIONS = env_str("PG_SESSION_OPTIONS", "-c max_parallel_workers_per_gather=0 -c random_page_cost=1.1")
    if PG_SESSION_OPTIONS and not re.fullmatch(r"\s*(-c\s*[A-Za-z_][A-Za-z0-9_.]*=\S+\s*)+", PG_SESSION_OPTIONS):
        raise ImproperlyConfigured(
            "PG_SESSION_OPTIONS must be PostgreSQL settings written as -c name=value, separated by spaces "
            f"(e.g. -c random_page_cost=1.1), or empty; it is {PG_SESSION_OPTIONS!r}"
        )
    if PG_SESSION_OPTIONS:
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", PG_SESSION_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out user before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
# Group thousands where a number is formatted with force_grouping (reports.models.display_value):
# the Vietnamese locale names the separator (".") but not the grouping.
NUMBER_GROUPING = 3
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")  # filled by `manage.py collectstatic`
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Cache: in the process by default; Redis (shared by every app process) with CACHE_URL=redis://host:6379/0.
CACHE_URL = env_str("CACHE_URL", "")
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://")):
    raise ImproperlyConfigured(f"CACHE_URL must be a redis:// address; got {CACHE_URL!r}.")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    # Rendered dashboard figures, kept under the digest of the rows they were made from (never stale;
    # reports.views.dashboard). In each process's memory: a new release's templates start it afresh.
    "figures": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "figures",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 200},
    },
}
# Sessions live in the database, where logging out (or a deactivation) ends them for every app process.
# With a shared cache (Redis) they are read through it. A per-process cache is not used for them: the
# copy in another gunicorn worker's cache would keep a session alive there after it ended.
SESSION_ENGINE = "django.contrib.sessions.backends." + ("cached_db" if CACHE_URL else "db")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: printed to the console unless an SMTP host is configured.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Chỉ tiêu <no-reply@chitieu.local>")
# The portal's address as users reach it, for links in e-mails sent outside a request (reminders).
SITE_URL = (env_str("SITE_URL", "") or "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must start with http:// or https://; got {SITE_URL!r}.")

# Reporting rules that an operator may tune.
REPORT_ENTRY_GRACE_DAYS = env_int("REPORT_ENTRY_GRACE_DAYS", 30)
REPORT_REOPEN_DAYS = env_int("REPORT_REOPEN_DAYS", 14)
# send_reminders e-mails officers this many days before a report is due (and once when it is overdue).
REPORT_REMINDER_DAYS = env_int("REPORT_REMINDER_DAYS", 7)

# Spreadsheet imports (README, "Importing figures from Excel"): limits checked before a file is parsed.
IMPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_MAX_UPLOAD_MB", 10) * 1024 * 1024
IMPORT_MAX_UNCOMPRESSED_BYTES = env_int("IMPORT_MAX_UNCOMPRESSED_MB", 200) * 1024 * 1024
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 100_000)
# Any request with a body over REQUEST_MAX_MB is refused (413) before the body is read (config.middleware);
# it is above the import limit so that a workbook a little too big still gets the import page's message.
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_MB", env_int("IMPORT_MAX_UPLOAD_MB", 10) + 5) * 1024 * 1024

# Summary workbooks (README, "Excel summaries"): a subtree with more units than EXPORT_BACKGROUND_UNITS is
# written in the background, by EXPORT_JOB_RUNNER: "thread" (in the app process, the default), "command"
# (left for `manage.py run_export_jobs`, run by cron or a worker) or "inline" (during the request: tests).
# Files are kept in EXPORT_ROOT for EXPORT_KEEP_HOURS.
EXPORT_BACKGROUND_UNITS = env_int("EXPORT_BACKGROUND_UNITS", 5000)
EXPORT_JOB_RUNNER = env_str("EXPORT_JOB_RUNNER", "thread")
if EXPORT_JOB_RUNNER not in ("thread", "queue", "command", "inline"):
    raise ImproperlyConfigured(
        f"EXPORT_JOB_RUNNER must be thread, queue, command or inline; got {EXPORT_JOB_RUNNER!r}."
    )

# Slow work (notification e-mails; background workbooks with EXPORT_JOB_RUNNER=queue) runs as tasks:
# TASKS_BACKEND=immediate (default: in the process, right away) or database (a queue in the database,
# run by `manage.py db_worker` processes anywhere).
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate")
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be immediate or database; got {TASKS_BACKEND!r}.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}
EXPORT_ROOT = Path(env_str("EXPORT_ROOT", "") or BASE_DIR / "var" / "exports")
EXPORT_KEEP_HOURS = env_int("EXPORT_KEEP_HOURS", 24)

# django-import-export in the admin: importing and exporting each need their own permission
# ("<app>.import_<model>", "<app>.export_<model>"), not just staff status; every import runs in one
# transaction and is rolled back on any error (see reports/admin_resources.py).
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_USE_TRANSACTIONS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# --- Security -----------------------------------------------------------------------------------
# Sign-in: lock a username at an address out after repeated failures (django-axes, logged).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Sessions end after SESSION_IDLE_MINUTES without a request, and SESSION_ABSOLUTE_HOURS after sign-in.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 60) * 60
SESSION_REFRESH_SECONDS = 300
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_HOURS", 12) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Headers on every response.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # Inline style attributes are allowed (progress bars, admin); scripts never are.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Production (DEBUG off): HTTPS only, secure cookies, HSTS.
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
