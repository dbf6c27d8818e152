"""Settings, all from the environment.

``YANGGUANG_MODE`` is ``production`` (the default) or ``demo``. In production
``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``DEBUG`` must be set explicitly and the
platform refuses to start otherwise. In demo mode a secret key is generated once
and kept under ``var/``; the database defaults to SQLite under ``var/``.

Without ``YANGGUANG_MODE``, a state directory where ``yangguang demo`` loaded the demo
county into this same database runs in demo mode (``yangguang.paths``: the marker); every
other case is production.
"""

from __future__ import annotations

import os
import secrets

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from yangguang.core.proxy import parse as _proxy_setting
from yangguang.paths import PACKAGE_DIR, database_url, demo_marked, var_dir

VAR_DIR = var_dir()  # not created here: see yangguang.paths
DATABASE_URL = database_url(VAR_DIR)
MODE = os.environ.get("YANGGUANG_MODE", "").strip().lower() or (
    "demo" if demo_marked(VAR_DIR, DATABASE_URL) else "production"
)
if MODE not in {"production", "demo"}:
    raise ImproperlyConfigured(
        f"YANGGUANG_MODE 只能是 production 或 demo (must be 'production' or 'demo'), got {MODE!r}"
    )
DEMO = MODE == "demo"


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"生产模式必须设置环境变量 {name} (environment variable {name} is required in "
            f"production mode; set YANGGUANG_MODE=demo for a local demo)"
        )
    return value


def _bool(name: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"{name} 必须是 true/false ({name} must be true or false): {value!r}"
    )


def _demo_secret_key() -> str:
    """The demo's key, kept in the state directory; a passing one while the directory
    does not exist yet (a command that only reads must not create it)."""
    key_file = VAR_DIR / "secret_key"
    if not VAR_DIR.is_dir():
        return secrets.token_urlsafe(50)
    if not key_file.exists():
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            pass
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(secrets.token_urlsafe(50))
    return key_file.read_text(encoding="utf-8").strip()


if DEMO:
    SECRET_KEY = os.environ.get("SECRET_KEY") or _demo_secret_key()
    DEBUG = _bool("DEBUG", os.environ.get("DEBUG", "false"))
    ALLOWED_HOSTS = [
        h.strip()
        for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
        if h.strip()
    ]
else:
    SECRET_KEY = _required("SECRET_KEY")
    if len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "SECRET_KEY 太短, 至少 32 个字符 (SECRET_KEY must be at least 32 characters)"
        )
    DEBUG = _bool("DEBUG", _required("DEBUG"))
    ALLOWED_HOSTS = [h.strip() for h in _required("ALLOWED_HOSTS").split(",") if h.strip()]
    if "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "生产模式不允许 ALLOWED_HOSTS=* (a wildcard host is not allowed in production)"
        )
    SESSION_COOKIE_SECURE = _bool(
        "SESSION_COOKIE_SECURE", os.environ.get("SESSION_COOKIE_SECURE", "true")
    )
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    # HTTPS only: plain HTTP is redirected (by the proxy's own redirect or by ours) and
    # browsers are told to come back over HTTPS (HSTS). YANGGUANG_SSL_REDIRECT=false for a
    # proxy that redirects itself; YANGGUANG_HSTS_SECONDS=0 turns HSTS off.
    SECURE_SSL_REDIRECT = _bool(
        "YANGGUANG_SSL_REDIRECT", os.environ.get("YANGGUANG_SSL_REDIRECT", "true")
    )
    SECURE_HSTS_SECONDS = int(os.environ.get("YANGGUANG_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _bool(
        "YANGGUANG_HSTS_SUBDOMAINS", os.environ.get("YANGGUANG_HSTS_SUBDOMAINS", "true")
    )
    SECURE_HSTS_PRELOAD = _bool(
        "YANGGUANG_HSTS_PRELOAD", os.environ.get("YANGGUANG_HSTS_PRELOAD", "true")
    )

# --- behind the TLS proxy: one setting (yangguang.core.proxy) --------------------------
# YANGGUANG_TRUSTED_PROXY: the number of proxies in front of the server, or their
# addresses/networks. It sets the client address (X-Forwarded-For, as far as trusted), the
# scheme (X-Forwarded-Proto) and the trusted origins (https:// + each of ALLOWED_HOSTS).
YANGGUANG_TRUSTED_PROXY = os.environ.get("YANGGUANG_TRUSTED_PROXY", "").strip()
if _proxy_setting(YANGGUANG_TRUSTED_PROXY).configured:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = [
        f"https://*{host}" if host.startswith(".") else f"https://{host}" for host in ALLOWED_HOSTS
    ]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # its Swagger UI files are served from our static, not from a CDN
    "yangguang.core",
    "yangguang.audit",
    "yangguang.accounts",
    "yangguang.orgs",
    "yangguang.powers",
    "yangguang.flows",
    "yangguang.meetings",
    "yangguang.workdays",
    "yangguang.conformance",
    "yangguang.disclosure",
    "yangguang.cases",
    "yangguang.portal",
    "yangguang.demo",
]

MIDDLEWARE = [
    "yangguang.core.proxy.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "yangguang.core.api_errors.ApiBodyMiddleware",  # /api/: body bounds, JSON 405/413
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "yangguang.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "yangguang.core.middleware.NulRefusalMiddleware",  # NUL in a path or query: 400
    "django.contrib.messages.middleware.MessageMiddleware",
    "yangguang.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "yangguang.core.middleware.RequestContextMiddleware",
    "yangguang.core.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "yangguang.urls"
# a form refused by the CSRF check: the site's 403 page, in the page's language
CSRF_FAILURE_VIEW = "yangguang.core.error_pages.csrf_failure"
WSGI_APPLICATION = "yangguang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "yangguang.core.context_processors.platform",
            ],
        },
    },
]

# --- database: one DATABASE_URL; SQLite under var/ by default -------------------------
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # Writers take the lock up front, so the audit chain is never raced.
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # a file, not :memory:, so threaded tests and the browser's live server share it
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("YANGGUANG_TEST_DB") or str(VAR_DIR / "test.sqlite3")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Argon2id at OWASP's minimum profile (19 MiB, 2 passes, 1 lane): a sign-in well under
# 100 ms; older hashes are rehashed with it at the next sign-in
PASSWORD_HASHERS = [
    "yangguang.accounts.hashers.OwaspArgon2PasswordHasher",
]
_VALIDATION = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [  # every path that sets a password (accounts.services)
    {
        "NAME": f"{_VALIDATION}.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "full_name")},
    },
    {
        "NAME": f"{_VALIDATION}.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("PASSWORD_MIN_LENGTH", "10"))},
    },
    {"NAME": f"{_VALIDATION}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATION}.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["yangguang.accounts.backends.ThrottledBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "backoffice:home"
LOGOUT_REDIRECT_URL = "portal:home"
# Sign-in throttle (accounts.throttle): failures counted per account and client address
# together, per address, and per account; past the free attempts each further failure
# doubles the wait (1 s, 2 s, 4 s, ...) up to the cap, checked before any password is
# hashed. A wait on an account binds only addresses that never signed in to it, so its
# owner is not locked out. Counts are forgotten after LOGIN_THROTTLE_WINDOW seconds
# without a failure.
LOGIN_THROTTLE = {
    "pair": {"free": int(os.environ.get("LOGIN_FREE_PER_ACCOUNT_ADDRESS", "5")), "cap": 900},
    "address": {"free": int(os.environ.get("LOGIN_FREE_PER_ADDRESS", "30")), "cap": 900},
    "account": {
        "free": int(os.environ.get("LOGIN_FREE_PER_ACCOUNT", "20")),
        "cap": 300,
        "addresses": 3,  # only when the failures come from at least this many addresses
    },
    "window": int(os.environ.get("LOGIN_THROTTLE_WINDOW", "3600")),
    "known_days": 90,  # an address that signed in to an account stays known this long
}
# API tokens: how long a new token lives unless its maker says (days), and at most
API_TOKEN_DEFAULT_DAYS = int(os.environ.get("API_TOKEN_DEFAULT_DAYS", "90"))
API_TOKEN_MAX_DAYS = int(os.environ.get("API_TOKEN_MAX_DAYS", "366"))
# The largest body of an API request (bytes): a batch of 5,000 case events with
# 500-character Chinese notes written as \u escapes is ~17 MB (multipart uploads may add
# the largest file taken). Past it the API answers 413 in its JSON shape.
YANGGUANG_API_MAX_BODY = int(os.environ.get("YANGGUANG_API_MAX_BODY", str(32 * 1024 * 1024)))

# --- language and time ----------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"

# --- static files: everything local, nothing from a CDN --------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
if VAR_DIR.is_dir():
    STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns about a missing root
STATICFILES_DIRS = [PACKAGE_DIR / "static"]  # vendored htmx, echarts
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"
# the state directory is the platform's alone (yangguang.paths: 0700, files 0600)
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# --- background work: django-tasks with the database backend ---------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# recurring jobs (yangguang scheduler): how often the audit trail's tree head is signed
AUDIT_CHECKPOINT_MINUTES = int(os.environ.get("AUDIT_CHECKPOINT_MINUTES", "60"))


# --- power codes (yangguang.powers.codes): the deployment's scheme, a template such as
# {type}{main:05d}{sub:03d} (the default: XK00012000) or {type}-HW-{main:03d}[-{sub:02d}]
# (XK-HW-012, sub-items XK-HW-012-01); optionally the regular expression that reads it
POWER_CODE_FORMAT = os.environ.get("POWER_CODE_FORMAT", "").strip() or "{type}{main:05d}{sub:03d}"
POWER_CODE_SCHEME = os.environ.get("POWER_CODE_SCHEME", "").strip()


# --- bounds of every parser of uploaded files (README, "Limits"); each setting is read
# from the environment variable of the same name ------------------------------------------
def _whole(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    try:
        value = int(raw) if raw else default
    except ValueError:
        value = -1
    if value < 0:
        raise ImproperlyConfigured(f"{name} 必须是非负整数 ({name} must be a whole number ≥ 0)")
    return value


MiB = 1024 * 1024
YANGGUANG_BPMN_MAX_BYTES = _whole("YANGGUANG_BPMN_MAX_BYTES", 5 * MiB)
YANGGUANG_BPMN_MAX_ELEMENTS = _whole("YANGGUANG_BPMN_MAX_ELEMENTS", 1000)
YANGGUANG_LOG_MAX_BYTES = _whole("YANGGUANG_LOG_MAX_BYTES", 200 * MiB)
YANGGUANG_LOG_MAX_INFLATED_BYTES = _whole(
    "YANGGUANG_LOG_MAX_INFLATED_BYTES", 20 * YANGGUANG_LOG_MAX_BYTES
)
YANGGUANG_LOG_MAX_ELEMENT_BYTES = _whole("YANGGUANG_LOG_MAX_ELEMENT_BYTES", 16 * MiB)
YANGGUANG_IMPORT_MAX_ROWS = _whole("YANGGUANG_IMPORT_MAX_ROWS", 100_000)
YANGGUANG_IMPORT_MAX_CELLS = _whole("YANGGUANG_IMPORT_MAX_CELLS", 5_000_000)
# a job that parses a user's file runs in a child process of the worker with this much
# address space (0: in the worker itself, unbounded) and this much time
YANGGUANG_JOB_MEMORY_MB = _whole("YANGGUANG_JOB_MEMORY_MB", 2048)
YANGGUANG_JOB_SECONDS = _whole("YANGGUANG_JOB_SECONDS", 3600)

# --- security headers ------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
