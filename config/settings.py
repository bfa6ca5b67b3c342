"""Settings for the councillor mentoring programme.

Everything that differs between a laptop, CI and production is read from the
environment through ``config.env``; docs/operations.md's configuration table
lists each variable. The defaults need no server: SQLite and an embedded broker.
"""

from decimal import Decimal
from pathlib import Path

from celery.schedules import crontab

from config.env import (
    development_key,
    env_bool,
    env_cache,
    env_db,
    env_email,
    env_fernet_keys,
    env_int,
    env_list,
    env_str,
)
from core.files import private_dir

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
# Mail with its links, uploads, the broker's queue, keys and backups live under VAR_DIR:
# created (or narrowed) readable by the account that runs the site only (core/files.py).
private_dir(VAR_DIR)

DEBUG = env_bool("DEBUG", False)

# Without a key and with DEBUG off, offline commands (makemigrations, check)
# still run, but the web server and the worker refuse to start: see
# config.env.refuse_to_serve_without_keys.
SECRET_KEY = env_str("SECRET_KEY") or (
    "insecure-development-key-never-use-in-production" if DEBUG else ""
)

# Session notes, actions agreed and reflections are encrypted with these Fernet keys
# (core.fields): the first encrypts, all decrypt. With DEBUG on and none set, a key of
# this machine's own is made in VAR_DIR on first start; with DEBUG off and none set,
# the web server and the worker refuse to start, as for SECRET_KEY.
CONFIDENTIAL_KEYS = env_fernet_keys("CONFIDENTIAL_KEYS") or (
    [development_key(VAR_DIR / "confidential.key")] if DEBUG else []
)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "csp",
    "accounts",
    "councils",
    "funding",
    "mentoring",
    "reviews",
    "induction",
    "cohorts",
    "notifications",
    "reports",
    "calendars",
    "privacy",
    "demo",
    "benchmarks",
    "operations",
    "pages",
]

MIDDLEWARE = [
    # First: /healthz and /readyz, answered whatever the Host header (pages/middleware.py).
    "pages.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before the idle sign-out, which says on the sign-in page why it signed someone out.
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    # Every page needs a sign-in unless its view says otherwise (login_not_required).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "accounts.middleware.RequireStaffMFAMiddleware",
    "accounts.middleware.NoStoreMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "accounts.context_processors.programme_roles",
            ],
        },
    },
]

# Database: a SQLite file beside the code unless DATABASE_URL says otherwise.
DATABASES = {"default": env_db("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60, minimum=0)
    # A restarted database server is noticed on the next request, not by a 500.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if "postgresql" in DATABASES["default"]["ENGINE"]:
        # PostgreSQL's default cost of a random page read (4) is for spinning disks: it
        # makes the planner hash a whole table rather than look up a few rows by index.
        # 1.1 is the usual value for data in memory or on SSD, as on any server today.
        # A DATABASE_URL that sets ?options= keeps its own.
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
            "options", "-c random_page_cost=1.1"
        )
else:
    # Write-ahead logging, as SQLite advises for a web application: readers do not
    # wait for a writer (the web server and the worker share the file), and a
    # commit appends to the log rather than syncing the whole file each time.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env_cache("CACHE_URL", "locmemcache://mentoring")}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2 for new passwords; PBKDF2 still reads any older hash.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# A session ends after 12 hours in all, or 30 minutes without a request.
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_MINUTES", 30, minimum=1) * 60
# How long before either sign-out the page warns and offers to stay signed in.
SESSION_WARNING_SECONDS = 2 * 60
# How often a request writes the session's "last seen" time: the idle clock is exact to
# this, and most requests write nothing.
SESSION_ACTIVITY_WRITE_SECONDS = 60
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English")]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# UK dates everywhere: 25 November 2026, 25/11/2026.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploaded documents and generated reports, and the folders made for them, are the
# site's own (a MEDIA_ROOT outside VAR_DIR is not covered by VAR_DIR's mode).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# The largest letter or report a programme manager may upload to a review visit.
REVIEW_DOCUMENT_MAX_BYTES = env_int("REVIEW_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024, minimum=1)
# A mentor's expense over this many pounds needs its receipt; receipts up to this size.
EXPENSE_RECEIPT_OVER = Decimal(env_int("EXPENSE_RECEIPT_OVER_POUNDS", 10, minimum=0))
RECEIPT_MAX_BYTES = env_int("RECEIPT_MAX_BYTES", 10 * 1024 * 1024, minimum=1)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if not env_bool("STATICFILES_MANIFEST", not DEBUG)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Email: written to a folder and echoed to the console unless EMAIL_URL is set.
_email = env_email("EMAIL_URL")
if _email is None:
    EMAIL_BACKEND = "core.mail.FolderAndConsoleEmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
else:
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    for _key in ("EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD"):
        if _key in _email:
            globals()[_key] = _email[_key]
    EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
    if "EMAIL_FILE_PATH" in _email:
        EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Councillor mentoring <mentoring@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 10

# Celery: the embedded filesystem broker needs no server; CELERY_BROKER_URL
# points at Redis in production. (Its host is named only so that kombu does not
# warn, at each connection, that it assumed "localhost".)
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://localhost/")
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "store_processed": False,
        # Exchange bindings; kombu's default is a "control" folder in the working directory.
        "control_folder": str(BROKER_DIR / "control"),
    }
    # kombu's filesystem transport expects its folders to exist already.
    for _folder in ("queue", "processed", "control"):
        (BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
# A worker process killed mid-task (out of memory, a container stopped) puts the
# task back on the queue instead of dropping it; every task is safe to run again
# (reports replace their file on one row, each email is claimed once).
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task's printed lines (the development mail backend's one line per email, core/mail.py)
# go to the console as they are, not logged again as the pool process's warnings.
CELERY_WORKER_REDIRECT_STDOUTS = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Enqueueing gives up after about a second when the broker is down, so a page
# that queues a job answers at once with a clear message.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.3,
    "interval_max": 0.5,
}
# The one beat schedule (Europe/London). Only one beat may run. Reminders go
# out each morning; the catch-up entries find what is due and not yet done
# (each send and each report is recorded, so running often is safe), and beat
# runs them once when it starts (notifications/tasks.py, reports/tasks.py), so
# reminders and last month's reports appear after a restart without waiting.
CELERY_BEAT_SCHEDULE = {
    "reminders-daily": {
        "task": "notifications.tasks.send_reminders_task",
        "schedule": crontab(hour=7, minute=0),
    },
    "reminders-catch-up": {
        "task": "notifications.tasks.send_reminders_task",
        "schedule": crontab(minute="5-59/10", hour="7-21"),
    },
    "monthly-reports": {
        "task": "reports.tasks.monthly_reports_task",
        "schedule": crontab(day_of_month=1, hour=6, minute=0),
    },
    # Last month's statements to mentors, recharge schedules to managers (sent once).
    "monthly-statements": {
        "task": "reports.tasks.monthly_statements_task",
        "schedule": crontab(day_of_month=1, hour=6, minute=30),
    },
    "monthly-reports-catch-up": {
        "task": "reports.tasks.monthly_reports_catch_up_task",
        "schedule": crontab(minute="*/10"),
    },
    # Personal data: anonymise people past their retention period, delete old
    # confidential notes (privacy/services.py apply_retention); counts only in the log.
    "privacy-retention": {
        "task": "privacy.tasks.apply_retention_task",
        "schedule": crontab(hour=2, minute=30),
    },
}

# Links in emails sent by the worker (which has no request to take the address from).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Sign-in: django-allauth (65.x setting names), by invitation only.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
# Never email an unknown address (it would offer a sign-up link).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Councillor mentoring: "
# Rate limits (allauth 65.x: "amount/period/ip|key", the key being the email typed).
# Failed sign-ins: 5 in 15 minutes per account pauses that account's password (its
# owner is emailed, accounts/adapter.py) while sign-in by an emailed code still works;
# 100 in 15 minutes per address. A council's offices, its VPN or a training venue put
# many people behind one public address, so a per-address limit near the per-account
# one lets a few colleagues' typos, or one guesser, shut out everyone there. The
# per-account limit protects each password; the per-address one only slows one
# machine trying many accounts.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("LOGIN_FAILED_RATE_LIMIT", "100/15m/ip,5/15m/key"),
    # Every sign-in sent, right or wrong: a room of 30 at a training and pairing
    # event signs in within a minute or two (allauth's default is 30 a minute).
    "login": "120/m/ip",
    # Asking for a sign-in code: 3 a minute per email (allauth's default) bounds the
    # codes a stranger can have sent to someone; the short period means that once they
    # stop, the owner waits a minute at most. Per address, generous, as for sign-in.
    "request_login_code": "60/m/ip,3/m/key",
}
# "Email me a sign-in code" on the sign-in page: the way in while a password is
# paused (or forgotten). Only active accounts get a code (an invitation not yet
# accepted gives none); an authenticator app is still asked for after the code.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# Councils' mail gateways scan incoming mail and can hold it a few minutes
# (allauth's default is 3 minutes); each code still allows only 3 tries.
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Councillor mentoring programme"
# allauth's forms with messages that say what to enter (accounts/sign_in_forms.py).
ACCOUNT_FORMS = {
    name: f"accounts.sign_in_forms.{form}"
    for name, form in {
        "login": "LoginForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "request_login_code": "RequestLoginCodeForm",
        "confirm_login_code": "ConfirmLoginCodeForm",
        "confirm_reauthentication_code": "ConfirmReauthenticationCodeForm",
        "reauthenticate": "ReauthenticateForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "add_email": "AddEmailForm",
        "change_email": "ChangeEmailForm",
    }.items()
}
MFA_FORMS = {
    "activate_totp": "accounts.sign_in_forms.ActivateTOTPForm",
    "authenticate": "accounts.sign_in_forms.AuthenticateForm",
    "reauthenticate": "accounts.sign_in_forms.MfaReauthenticateForm",
}
# Tracking activity writes to the database on every request (five queries);
# sessions are still listed, with when and where they signed in.
USERSESSIONS_TRACK_ACTIVITY = False
# Proxies in front that append to X-Forwarded-For (docker-compose.yml sets 1: the TLS
# proxy). Left at 0 behind a proxy, every person has the proxy's address and the
# per-address limits above count the whole site as one person.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
# Programme managers and commissioners must set up an authenticator app first.
REQUIRE_MFA_FOR_STAFF = env_bool("REQUIRE_MFA_FOR_STAFF", True)
INVITATION_VALID_DAYS = 7

# Personal data (privacy/): former councillors and officers, and inactive mentors,
# are anonymised this many years after their last placement ended (or they left
# office); confidential session notes and reflections are deleted this many days
# after their placement's three-month follow-up ends.
PRIVACY_RETENTION_YEARS = env_int("PRIVACY_RETENTION_YEARS", 6, minimum=1)
CONFIDENTIAL_RETENTION_DAYS = env_int("CONFIDENTIAL_RETENTION_DAYS", 365, minimum=0)

# Production hardening; all on unless DEBUG.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Container health checks call /healthz and /readyz over plain http from inside; they
# are answered before SecurityMiddleware (pages/middleware.py), so the redirect never
# reaches them and every page redirects.
SECURE_REDIRECT_EXEMPT = []
# Off only where pages are served over plain http on this machine (tests).
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content Security Policy (django-csp 4.x): everything from this site only, no
# inline script or style (styles live in static/css/site.css), never framed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Bootstrap draws some icons (the navbar toggler, form checks) as data: SVGs.
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every handler first takes tokens out of paths (calendar feeds, invitations,
    # password resets, email confirmations): core/logging.py. gunicorn's own log
    # lines get the same filter from gunicorn.conf.py.
    "filters": {"redact_secrets": {"()": "core.logging.RedactSecretsFilter"}},
    "formatters": {
        # Django's own format for runserver's request lines.
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_secrets"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's defaults give "django" two handlers of its own: a second console
        # (DEBUG only), which would write each line again without the filter, and
        # mail_admins, which would email a whole request (notes typed into a form
        # included) should ADMINS ever be set. Its records go to root's console only.
        "django": {"handlers": []},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # WeasyPrint logs every rendering step at INFO.
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
