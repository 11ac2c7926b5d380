"""Django settings for the medcoder site, read from the environment.

MEDCODER_SECRET_KEY  signing key; without it a development key is generated once into var/secret_key
MEDCODER_DEBUG       "1" for the development server (also relaxes the Secure flag on cookies)
MEDCODER_ALLOWED_HOSTS comma-separated host names (default 127.0.0.1,localhost)
DATABASE_URL         postgresql://user:password@host:port/name; SQLite in var/ when unset
MEDCODER_CODEBOOK    the codebook file (see medcoder.codebook.default_path)
MEDCODER_EMAIL_*     outgoing mail: BACKEND, HOST, PORT, FROM (console backend by default)
"""

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlparse

WEB_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("MEDCODER_VAR_DIR", "var")).resolve()


def _development_secret_key() -> str:
    """A random key kept in var/ (never committed) so sessions survive restarts of the dev server."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def _database_from_url(url: str) -> dict:
    parts = urlparse(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise ValueError(f"DATABASE_URL: unsupported scheme {parts.scheme!r} (use postgresql://)")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parts.path.lstrip("/"),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 60,
    }


SECRET_KEY = os.environ.get("MEDCODER_SECRET_KEY") or _development_secret_key()
DEBUG = os.environ.get("MEDCODER_DEBUG") == "1"
ALLOWED_HOSTS = os.environ.get("MEDCODER_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "medcoder.web.accounts",
    "medcoder.web.codes",
    "medcoder.web.claims",
    "medcoder.web.pilot",
    "medcoder.web.case2code",
    "django_tasks",
    "django_tasks_db",
    "medcoder.web.consult",
    "medcoder.web.careers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Request bodies: all form fields together at most 1 MB, read into memory; an uploaded file over 1 MB is
# spooled to a temporary file while it is read, never held in memory. Views that take files cap the
# whole request by its Content-Length first (CareerCenter's resumes: 5 MB).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 1_000_000

ROOT_URLCONF = "medcoder.web.urls"
WSGI_APPLICATION = "medcoder.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "medcoder.web.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": _database_from_url(os.environ["DATABASE_URL"])
    if os.environ.get("DATABASE_URL")
    else {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "web.sqlite3",
        "CONN_MAX_AGE": None,
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        },
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 first: new and re-saved passwords use it; older hashes still verify.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "codes:home"
LOGOUT_REDIRECT_URL = "codes:home"

# Cookies: never readable from scripts, not sent cross-site, Secure whenever not on the dev server.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = os.environ.get("MEDCODER_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("MEDCODER_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("MEDCODER_EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("MEDCODER_EMAIL_FROM", "medcoder <no-reply@localhost>")

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [WEB_DIR / "static"]

# The main navigation: (label, URL name). Each product area adds its line when its app exists:
# Claims, CasePilot, Case2Code, Consult, Careers.
MEDCODER_NAVIGATION = [
    ("Search", "codes:home"),
    ("Browse", "codes:browse"),
    ("Claim check", "claims:check"),
    ("Coverage", "claims:coverage"),
    ("CasePilot", "pilot:home"),
    ("Case2Code", "case2code:home"),
    ("Consult", "consult:mine"),
    ("Careers", "careers:search"),
    ("API", "api:openapi-view"),
]

# How much each plan may use, per meter (see medcoder.web.accounts.metering). None = unlimited.
# `period` is when the count starts over: "lifetime", "day" or "month".
MEDCODER_ALLOWANCES = {
    "code_page": {"period": "lifetime", "guest": 1, "free": 5, "premium": None},
    "casepilot_question": {"period": "day", "guest": 3, "free": 20, "premium": None},
    "case2code_note": {"period": "day", "guest": 1, "free": 10, "premium": None},
    "consult": {"period": "month", "guest": 0, "free": 1, "premium": 10},
}

# Background work (CaseConsultant's inbound mail): stored in the site database, run by
# `medcoder manage db_worker` (or `medcoder consult worker`); no extra server needed.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# CaseConsultant (medcoder.web.consult): the consult address, where replies link to, the answer SLA,
# how often a failing message is retried before it is parked for staff, and whether obvious patient
# identifiers are redacted from questions before they are stored. Instant answers go only to
# authenticated senders: an Authentication-Results pass added by one of the site's own mail servers
# (their authserv-ids, comma-separated; the server must strip such headers from incoming mail), or mail
# polled from an IMAP mailbox whose provider checks senders (MEDCODER_CONSULT_IMAP_TRUSTED=1).
MEDCODER_CONSULT = {
    "address": os.environ.get("MEDCODER_CONSULT_ADDRESS", "consult@localhost"),
    "site_url": os.environ.get("MEDCODER_SITE_URL", "http://127.0.0.1:8000"),
    "sla_hours": 24,
    "max_attempts": 5,
    "retry_seconds": 60,
    "redact": os.environ.get("MEDCODER_CONSULT_REDACT") == "1",
    "attachments_dir": VAR_DIR / "consult" / "attachments",
    "trusted_authserv_ids": [
        name.strip().lower()
        for name in os.environ.get("MEDCODER_CONSULT_TRUSTED_AUTHSERV_IDS", "").split(",")
        if name.strip()
    ],
    "imap_mailbox_trusted": os.environ.get("MEDCODER_CONSULT_IMAP_TRUSTED") == "1",
}

# Failed logins allowed per client address and user name, and per client address whatever the user
# names, within the window before logins are refused.
MEDCODER_LOGIN_FAILURES_ALLOWED = 5
MEDCODER_LOGIN_FAILURES_PER_ADDRESS = 20
MEDCODER_LOGIN_FAILURE_WINDOW_MINUTES = 15
