"""Safiran settings: one module, configured by environment variables.

DJANGO_ENV=production switches on the HTTPS-only hardening that `check --deploy`
expects; everything else has a safe local default so `make run` needs no set-up.
"""
import secrets
import sys
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("SAFIRAN_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
ENVIRONMENT = env.str("DJANGO_ENV", default="development")
# The test suite (pytest) swaps in fast, self-contained back-ends below.
TESTING = "pytest" in sys.modules
PRODUCTION = ENVIRONMENT == "production"


def _local_secret(name: str) -> str:
    """A per-checkout random secret kept under var/, so development never ships a fixed key."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY") if PRODUCTION else env.str("SECRET_KEY", default="") or _local_secret("secret_key")
# Encrypts the roster's national codes and mobiles (retirees/crypto.py). Losing it loses them:
# back it up apart from the database. Required in production.
SAFIRAN_DATA_KEY = (
    env.str("SAFIRAN_DATA_KEY") if PRODUCTION else env.str("SAFIRAN_DATA_KEY", default="") or _local_secret("data_key")
)
# Keys used before the current one, newest first (comma-separated): they still decrypt, and
# `manage.py rotate_data_key` re-encrypts everything under SAFIRAN_DATA_KEY (docs/operations.md).
SAFIRAN_OLD_DATA_KEYS = env.list("SAFIRAN_OLD_DATA_KEYS", default=[])
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "ninja",  # serves the API docs page from its own static files, not a CDN
    "django_filters",
    "django_tables2",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "auditlog",
    "django_tasks",
    "django_tasks_db",
    # Safiran's own apps: one per domain concept (docs/directory-map.md), in dependency order
    # (core/tests/test_dependency_order.py): demo data is made in this order, so the monthly
    # reports are compiled after every module that contributes to them has its records.
    "core",
    "geo",
    "areas",
    "accounts",
    "audit",
    "notifications",
    "ambassadors",
    "partners",
    "retirees",
    "meetings",
    "recruitment",
    "media",
    "sponsorship",
    "events",
    "indicators",
    "reports",
    "challenges",
    "publishing",
]

MIDDLEWARE = [
    "core.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.SessionRenewalMiddleware",
    "core.middleware.PersianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.ApiTokenMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.RequireOTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "core.middleware.PersonalReadAuditMiddleware",
    "axes.middleware.AxesMiddleware",
    "core.middleware.ErrorShapeMiddleware",
]

ROOT_URLCONF = "safiran.urls"
WSGI_APPLICATION = "safiran.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
                "core.context_processors.saved_submission",
            ],
            "builtins": ["core.templatetags.safiran"],
        },
    },
]

# Database: SQLite under var/ by default, PostgreSQL in production via DATABASE_URL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'safiran.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (gunicorn workers, the task worker) write to one file:
    # WAL plus IMMEDIATE transactions and a busy timeout avoid "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A read replica for reports and exports (core/db.py): a second URL to a streaming replica.
if env.str("REPLICA_DATABASE_URL", default=""):
    DATABASES["replica"] = env.db("REPLICA_DATABASE_URL")
    DATABASES["replica"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
SAFIRAN_READ_REPLICA = "replica" in DATABASES
DATABASE_ROUTERS = ["core.db.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache keeps figures, menu counts and permissions until the next write (core/cache.py), so
# every process that serves pages must share it. Default: files under var/cache, shared by the
# gunicorn workers and the task worker of one machine. Several app servers: one Redis,
# `CACHE_URL=redis://127.0.0.1:6379/1` (docs/operations.md#several-app-servers).
CACHES = {"default": env.cache("CACHE_URL", default=f"filecache://{VAR_DIR / 'cache'}")}
if CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 20_000)
SAFIRAN_CACHE_SECONDS = env.int("SAFIRAN_CACHE_SECONDS", default=300)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.RolePermissionBackend",
]
PASSWORD_HASHERS = [
    # Argon2id at ~23 ms of CPU per sign-in instead of Django's ~210 ms (accounts/hashers.py);
    # older hashes still verify and are upgraded at the next sign-in.
    "accounts.hashers.SafiranArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
SAFIRAN_ARGON2_TIME_COST = env.int("ARGON2_TIME_COST", default=2)
SAFIRAN_ARGON2_MEMORY_KIB = env.int("ARGON2_MEMORY_KIB", default=19 * 1024)
SAFIRAN_ARGON2_PARALLELISM = env.int("ARGON2_PARALLELISM", default=1)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "accounts.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
# Forms never time out (DESIGN: older users): a long session that renews on use — written at
# most every SESSION_RENEW_SECONDS (core.middleware.SessionRenewalMiddleware), not on every page.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)
SESSION_RENEW_SECONDS = env.int("SESSION_RENEW_SECONDS", default=300)
# Sessions in the database by default; `SESSION_ENGINE=django.contrib.sessions.backends.cache`
# keeps them in the shared cache (Redis) with several app servers.
SESSION_ENGINE = env.str("SESSION_ENGINE", default="django.contrib.sessions.backends.db")

# Login lockout (django-axes): five failures per account (from any address) or per account
# and address, then 15 minutes, doubling with each further round, at most a day
# (accounts/lockout.py). The address is the client's as the trusted proxy saw it.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
SAFIRAN_LOCKOUT_BASE_MINUTES = env.int("AXES_COOLOFF_MINUTES", default=15)
SAFIRAN_LOCKOUT_MAX_HOURS = env.int("AXES_COOLOFF_MAX_HOURS", default=24)
AXES_COOLOFF_TIME = "accounts.lockout.cool_off"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
# Proxies in front of the app that append to X-Forwarded-For (a load balancer: 1). 0: none,
# the header is ignored (a client could write anything in it).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False

# Two-factor (django-otp TOTP) for the roles in accounts.choices.ROLES_REQUIRING_OTP.
OTP_TOTP_ISSUER = "Safiran"

# Internationalisation: Persian first, English second; Iran's time zone.
LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", "فارسی"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str("STATICFILES_BACKEND", default="whitenoise.storage.CompressedManifestStaticFilesStorage")
    },
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
# Uploaded rosters and rejected-rows workbooks hold personal data: readable by this user only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# An uploaded roster is deleted when its import finishes; a cancelled, failed or never-started
# import's file, and every rejected-rows workbook, are deleted this many days later by
# `manage.py purge_roster_files` (schedule it daily; docs/operations.md).
ROSTER_FILE_RETENTION_DAYS = env.int("ROSTER_FILE_RETENTION_DAYS", default=7)

TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}

DJANGO_TABLES2_TEMPLATE = "core/table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-hover align-middle"}
FILTERS_DEFAULT_LOOKUP_EXPR = "exact"
# A filter left empty shows every row: it says so (core.filters does the same for the rest).
FILTERS_EMPTY_CHOICE_LABEL = gettext_lazy("All")

AUDITLOG_DISABLE_REMOTE_ADDR = False
AUDITLOG_INCLUDE_ALL_MODELS = False
# Personal fields registered with mask_fields are stored as `******1234`, like the pages show them.
AUDITLOG_MASK_CALLABLE = "core.privacy.mask"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Security: always-on headers, plus HTTPS-only settings in production.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts only from our own static files (vendored libraries included; no CDN, no inline
# script or handler). Styles allow inline attributes, which the templates and libraries use.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env.bool("BEHIND_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # WeasyPrint reports every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Safiran's own knobs.
# The public site's feeds name each post `tag:<authority>,2026:post-<id>` (RFC 4151): set once to
# a domain the programme owns and never change it, or feed readers see every post as new.
PAYESH_TAG_AUTHORITY = env.str("PAYESH_TAG_AUTHORITY", default="safiran.local")
# Seconds the public pages and feeds are kept rendered (a publication shows at once: it moves
# the cache's generation).
PAYESH_CACHE_SECONDS = env.int("PAYESH_CACHE_SECONDS", default=60)
SAFIRAN_DEMO_PASSWORD = env.str("SAFIRAN_DEMO_PASSWORD", default="Safiran-1405")
# `make run` serves the demo: the sign-in page then links the demo accounts. Never in production.
SAFIRAN_DEMO = env.bool("SAFIRAN_DEMO", default=False)
SAFIRAN_PAGE_SIZE = env.int("SAFIRAN_PAGE_SIZE", default=25)
# Where notifications go after they are written to the outbox (notifications/backends.py):
# the default logs them, so nothing needs an SMS or mail gateway to run.
SAFIRAN_NOTIFICATION_BACKEND = env.str("NOTIFICATION_BACKEND", default="notifications.backends.LogBackend")
# Background work that survives a killed worker (core/leases.py): a worker holds what it runs
# for this long without news before another may take it over (at once when the dead worker was
# a process of the same machine); the worker looks for such work at most this often.
SAFIRAN_TASK_LEASE_SECONDS = env.int("TASK_LEASE_SECONDS", default=600)
SAFIRAN_TASK_SWEEP_SECONDS = env.int("TASK_SWEEP_SECONDS", default=60)
# An import cut short by a dead worker runs again this many times, then waits for a person.
SAFIRAN_IMPORT_RESUMES = env.int("IMPORT_RESUMES", default=1)
# Rows an import writes per transaction (its progress shows chunk by chunk).
SAFIRAN_IMPORT_CHUNK_ROWS = env.int("IMPORT_CHUNK_ROWS", default=20_000)
# Extra address space the work reading an uploaded roster may take (retirees/limits.py); 0: no cap.
SAFIRAN_IMPORT_MEMORY_MB = env.int("IMPORT_MEMORY_MB", default=2048)
# The SMS gateway (notifications/sms.py, Kavenegar's HTTP API): used by the SMS backend
# (NOTIFICATION_BACKEND=notifications.sms.KavenegarBackend) and by SMS reminders to people
# without an account. Without an API key no SMS is sent.
SAFIRAN_SMS = {
    "API_KEY": env.str("KAVENEGAR_API_KEY", default=""),
    "SENDER": env.str("KAVENEGAR_SENDER", default=""),
    "URL": env.str("KAVENEGAR_URL", default="https://api.kavenegar.com"),
    "TIMEOUT": env.float("SMS_TIMEOUT", default=10.0),
}
# A month's report is due this many days after the Jalali month ends (moved past Fridays and
# public holidays), and coordinators are reminded this many days before (reports/deadlines.py).
REPORT_DEADLINE_DAYS = env.int("REPORT_DEADLINE_DAYS", default=10)
REPORT_REMINDER_DAYS = env.int("REPORT_REMINDER_DAYS", default=3)
# Entry of statistics closes this many days after a period ends (0 = never): the value the
# statistics settings start with; national admins change it at /statistics/settings/
# (docs/modules/indicators.md explains the default).
INDICATOR_ENTRY_CLOSES_AFTER_DAYS = env.int("INDICATOR_ENTRY_CLOSES_AFTER_DAYS", default=15)

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "safiran-tests"}}
    # A second alias on the same database, as a replica would be (core/tests/test_replica.py
    # switches reading from it on); off for every other test.
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
    SAFIRAN_READ_REPLICA = False
    STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    WHITENOISE_AUTOREFRESH = True
    # Tests enter values for fixed Jalali periods (1404-07) whatever today is: entry never
    # closes unless a test sets the statistics settings (indicators/tests/test_entry_closing.py).
    INDICATOR_ENTRY_CLOSES_AFTER_DAYS = 0
