"""Panah settings, driven by environment variables.

Defaults make ``make run`` work on a fresh machine (SQLite file, eager tasks,
DEBUG on, a generated development key). Production must set SECRET_KEY,
DATABASE_URL, REDIS_URL and ALLOWED_HOSTS, and turns DEBUG off.
"""

import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import to_locale

from panah.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=True)


def _development_secret_key() -> str:
    # Persisted so sessions survive a restart of `make run`; never used when DEBUG is off.
    key_file = BASE_DIR / ".dev-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = env_str("SECRET_KEY", None if not DEBUG else "") or _development_secret_key()


def _development_field_keys() -> list[str]:
    # Separate from SECRET_KEY so one leaked secret does not open special-category data.
    from cryptography.fernet import Fernet

    key_file = BASE_DIR / ".dev-field-keys"
    if not key_file.exists():
        key_file.write_text(Fernet.generate_key().decode())
        key_file.chmod(0o600)
    return key_file.read_text().split()


# Comma-separated Fernet keys; the first encrypts, all decrypt (rotation: casework/crypto.py).
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", []) or (
    _development_field_keys() if DEBUG else env_str("FIELD_ENCRYPTION_KEYS", None).split(",")
)


def _development_audit_key() -> str:
    key_file = BASE_DIR / ".dev-audit-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


# Signs the audit chain heads exported outside the database (casework/audit.py): the
# database must not hold it, or whoever rewrites the chain could re-sign it too.
AUDIT_HEAD_KEY = env_str("AUDIT_HEAD_KEY", None if not DEBUG else "") or _development_audit_key()
AUDIT_HEAD_EXPORT_PATH = env_str("AUDIT_HEAD_EXPORT_PATH", str(BASE_DIR / "audit-heads.jsonl"))

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "panah.apps.PanahAdminConfig",  # django.contrib.admin behind django-otp
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Django's widget templates, found by the TemplatesSetting renderer below.
    "django.forms",
    "django_htmx",
    "csp",
    "guardian",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "accounts",
    "casework",
    "detainees",
    "documents",
    "analytics",
    "panah",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "casework.body_limit.RequestBodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Anonymous pages follow the language cookie, then the browser's Accept-Language.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "casework.outbox.DeferredWorkMiddleware",
    # Two factors or nothing, idle and absolute timeouts (accounts/sessions.py).
    "accounts.middleware.SessionPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "accounts.middleware.SecurityHeadersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "casework.middleware.OrganisationTimeZoneMiddleware",
    # A signed-in member's chosen language wins over cookie and browser.
    "casework.middleware.MemberLanguageMiddleware",
    "casework.middleware.FieldKeyMissingMiddleware",
]

if not DEBUG:
    # Serves the collected, vendored static files under gunicorn; nothing comes from a CDN.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "panah.urls"
WSGI_APPLICATION = "panah.wsgi.application"

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
                "casework.context_processors.membership",
            ],
        },
    },
]

# Widgets render through the project's templates, so templates/django/forms/widgets/attrs.html
# can give free-text inputs dir="auto".
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        # A persistent connection is checked before a request reuses it, so a database
        # restart costs no request an error.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Concurrent web + worker access on the embedded database.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Guardian's anonymous user is not needed: every page requires login.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "casework:case-list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
LOCALE_PATHS = [BASE_DIR / "locale"]
# A language is offered once its translation is in the repository
# (locale/<name>/LC_MESSAGES/django.po); English, the source language, always is.
# Dari and Pashto need only their .po file to appear in the switcher.
LANGUAGE_NAMES = {"en-gb": "English", "ur": "اردو", "fa-af": "دری", "ps": "پښتو"}
LANGUAGES = [
    (code, name)
    for code, name in LANGUAGE_NAMES.items()
    if code == LANGUAGE_CODE
    or (BASE_DIR / "locale" / to_locale(code) / "LC_MESSAGES" / "django.po").exists()
]
# Dates in the active language's formats (templates use format names such as DATE_FORMAT).
FORMAT_MODULE_PATH = ["panah.formats"]
# Right-to-left scripts; Django's own list lacks Pashto.
LANGUAGES_BIDI = ["ar", "fa", "ps", "ur"]
# Stored in UTC; shown in the organisation's zone (OrganisationTimeZoneMiddleware).
TIME_ZONE = "UTC"
DEFAULT_ORGANISATION_TIME_ZONE = "Asia/Karachi"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    # The media folder, where a file waits under uncommitted/ until its row commits.
    "default": {"BACKEND": "casework.stored_files.RowFileStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Uploaded scans live here but are never served from a public URL: only through
# access-checked views. MEDIA_URL is deliberately absent.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Files that no row names are deleted by the hourly sweep once they are this old, at most
# this many a run (casework/orphan_files.py).
STORED_FILES_ORPHAN_GRACE = env_int("STORED_FILES_ORPHAN_GRACE_SECONDS", 60 * 60)
STORED_FILES_SWEEP_LIMIT = env_int("STORED_FILES_SWEEP_LIMIT", 1000)

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "panah@localhost")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
# Emails are sent by workers (casework/outbox.py); a mail server that does not answer
# fails the attempt, to be tried again, instead of holding the worker.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)

# Celery: Redis when configured, otherwise tasks run eagerly in-process.
REDIS_URL = env_str("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
# kombu's Redis transport with a fix that keeps a worker alive through a broker restart
# (panah/broker.py); other schemes (sentinel://, the in-memory one) keep their own.
if REDIS_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT = "panah.broker:Transport"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
# Seconds between two runs of the audit chainer; the health page fails when events wait to
# be linked for longer than AUDIT_LINK_LAG_LIMIT seconds.
AUDIT_LINK_EVERY = env_int("AUDIT_LINK_EVERY", 5)
AUDIT_LINK_LAG_LIMIT = env_int("AUDIT_LINK_LAG_LIMIT", 300)
# Periodic work run by `celery beat`. Every task is idempotent, so a second beat process
# is harmless; runs that a stopped worker missed expire instead of piling up.
CELERY_BEAT_SCHEDULE = {
    "anonymise-expired-cases": {
        "task": "casework.tasks.anonymise_expired_cases",
        "schedule": 24 * 60 * 60,
        "options": {"expires": 23 * 60 * 60},
    },
    "detention-clock": {
        "task": "detainees.tasks.detention_clock_check",
        "schedule": 15 * 60,
        "options": {"expires": 14 * 60},
    },
    "remand-reminders": {
        "task": "detainees.tasks.remand_reminders",
        "schedule": 60 * 60,
        "options": {"expires": 59 * 60},
    },
    "remand-run-out-alerts": {
        "task": "detainees.tasks.remand_run_out_alerts",
        "schedule": 60 * 60,
        "options": {"expires": 59 * 60},
    },
    "bail-release-alerts": {
        "task": "detainees.tasks.bail_release_alerts",
        "schedule": 60 * 60,
        "options": {"expires": 59 * 60},
    },
    "hearing-reminders": {
        "task": "detainees.tasks.hearing_reminders",
        "schedule": 15 * 60,
        "options": {"expires": 14 * 60},
    },
    # Every side effect whose nudge the broker lost or never took, whose attempt failed or
    # whose worker died is sent again (casework/outbox.py), on the outbox's own queue.
    "outbox-sweep": {
        "task": "casework.outbox.outbox_sweep",
        "schedule": 60,
        "options": {"expires": 55},
    },
    # Each queue's workers stamp the time, for the health page (casework/health.py).
    "worker-heartbeat": {
        "task": "casework.tasks.worker_heartbeat",
        "schedule": 60,
        "options": {"expires": 55},
    },
    "pdf-worker-heartbeat": {
        "task": "documents.petitions.tasks.pdf_worker_heartbeat",
        "schedule": 60,
        "options": {"expires": 55},
    },
    "inbox-purge": {
        "task": "api.tasks.inbox_purge",
        "schedule": 60 * 60,
        "options": {"expires": 59 * 60},
    },
    # Audit events are inserted unlinked; this links them into their chains (casework/audit.py).
    "audit-link": {
        "task": "casework.tasks.audit_link",
        "schedule": AUDIT_LINK_EVERY,
        "options": {"expires": AUDIT_LINK_EVERY},
    },
    # Files whose row never committed, or no longer names them (casework/orphan_files.py).
    "stored-files-sweep": {
        "task": "casework.tasks.stored_files_sweep",
        "schedule": 60 * 60,
        "options": {"expires": 59 * 60},
    },
    "audit-heads-export": {
        "task": "casework.tasks.audit_heads_export",
        "schedule": 60 * 60,
        "options": {"expires": 59 * 60},
    },
}
# PDF rendering has its own queue and workers (docker-compose `pdf-worker`): one task at a
# time per process, acknowledged only when done so a crashed worker's task is redelivered,
# processes recycled to bound WeasyPrint's memory, and a stuck render killed.
PDF_QUEUE = "pdf"
CELERY_TASK_DEFAULT_QUEUE = "celery"
# The outbox's sweep and the audit chainer have a queue of their own, so that no backlog
# elsewhere (a raid's thousand emails) delays them.
OUTBOX_QUEUE = "outbox"
CELERY_TASK_ROUTES = {
    "documents.petitions.tasks.*": {"queue": PDF_QUEUE},
    "documents.petitions.previews.*": {"queue": PDF_QUEUE},
    "analytics.tasks.render_monthly_report": {"queue": PDF_QUEUE},
    "casework.outbox.outbox_sweep": {"queue": OUTBOX_QUEUE},
    "casework.tasks.audit_link": {"queue": OUTBOX_QUEUE},
}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("CELERY_WORKER_MAX_TASKS_PER_CHILD", 200)
PDF_SOFT_TIME_LIMIT = env_int("PDF_SOFT_TIME_LIMIT", 120)
PDF_TIME_LIMIT = env_int("PDF_TIME_LIMIT", 180)
# A render still "rendering" this long after its message was sent is sent again, with the
# same token (a late original then finds nothing to do).
PDF_REQUEUE_AFTER = env_int("PDF_REQUEUE_AFTER_SECONDS", 300)
# The same for every other side effect, which a worker takes within seconds.
OUTBOX_RESEND_AFTER = env_int("OUTBOX_RESEND_AFTER_SECONDS", 60)
# Failed attempts (1, 2, 4 … minutes apart, then hourly: about 4 hours in all) before a
# side effect is given up and shown as such on /healthz/.
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 10)
# /healthz/ fails when the oldest waiting job of a kind has waited longer than this.
OUTBOX_WAIT_ALARM = env_int("OUTBOX_WAIT_ALARM_SECONDS", 15 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # An unacknowledged task (its worker was killed) comes back after this long: a few
    # times the longest render, not Redis's default of an hour.
    "visibility_timeout": 3 * PDF_TIME_LIMIT,
    "socket_connect_timeout": 5,
}
# A web request that cannot reach the broker gives up within about a second and says so
# (casework/outbox.py); the sweep sends the work later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}

CASE_LIST_PAGE_SIZE = env_int("CASE_LIST_PAGE_SIZE", 25)
# Today lists the detainees held this many hours without production, before the 24 allowed
# (Constitution Art. 10(2)): time enough to reach the magistrate.
NEARING_PRODUCTION_HOURS = env_int("NEARING_PRODUCTION_HOURS", 18)
AUDIT_PAGE_SIZE = env_int("AUDIT_PAGE_SIZE", 50)
# Largest accepted upload (scans, court orders, annexures); checked by documents.uploads.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# A batch's ready PDFs are zipped in memory: above this total, they are downloaded one by one.
PETITION_BATCH_ZIP_MAX_BYTES = env_int("PETITION_BATCH_ZIP_MAX_BYTES", 200 * 1024 * 1024)
# Decompression bombs: most pixels an image (or an image inside a PDF) may have, and
# most bytes all of a PDF's streams may inflate to. Larger files are refused at upload.
UPLOAD_MAX_PIXELS = env_int("UPLOAD_MAX_PIXELS", 50_000_000)
UPLOAD_MAX_DECOMPRESSED_BYTES = env_int("UPLOAD_MAX_DECOMPRESSED_BYTES", 150 * 1024 * 1024)
# Administrators' petition templates are filled in under these limits
# (documents/petitions/engine.py): seconds, bytes of output, bytes of extra memory.
TEMPLATE_RENDER_TIMEOUT_SECONDS = env_int("TEMPLATE_RENDER_TIMEOUT_SECONDS", 5)
TEMPLATE_RENDER_MAX_BYTES = env_int("TEMPLATE_RENDER_MAX_BYTES", 2 * 1024 * 1024)
TEMPLATE_RENDER_MAX_MEMORY_BYTES = env_int("TEMPLATE_RENDER_MAX_MEMORY_BYTES", 512 * 1024 * 1024)
# Whole request body (casework/body_limit.py): a form with a few scans at most.
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", 5 * UPLOAD_MAX_BYTES + 1024 * 1024)

# Sessions (accounts/sessions.py): idle and absolute limits, in minutes in the environment.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 30) * 60
SESSION_ABSOLUTE_TIMEOUT = env_int("SESSION_ABSOLUTE_TIMEOUT_MINUTES", 12 * 60) * 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
# Password and second factor again before exports and role changes (accounts/reauth.py).
REAUTH_MAX_AGE = env_int("REAUTH_MAX_AGE_MINUTES", 10) * 60
# Between the password and the second factor.
LOGIN_PENDING_MAX_AGE = 5 * 60
# Failed sign-ins per username and address: a few free, then doubling delays up to a cap.
LOGIN_THROTTLE_FREE_ATTEMPTS = env_int("LOGIN_THROTTLE_FREE_ATTEMPTS", 3)
LOGIN_THROTTLE_MAX_DELAY = env_int("LOGIN_THROTTLE_MAX_DELAY_SECONDS", 300)
# Beside the (username, address) pair: one address trying many usernames, and one username
# tried from many addresses. The username delay can be imposed by anyone on the real
# user, so it starts later and stays short.
LOGIN_THROTTLE_ADDRESS_FREE_ATTEMPTS = env_int("LOGIN_THROTTLE_ADDRESS_FREE_ATTEMPTS", 10)
LOGIN_THROTTLE_USERNAME_FREE_ATTEMPTS = env_int("LOGIN_THROTTLE_USERNAME_FREE_ATTEMPTS", 10)
LOGIN_THROTTLE_USERNAME_MAX_DELAY = env_int("LOGIN_THROTTLE_USERNAME_MAX_DELAY_SECONDS", 30)
LOGIN_THROTTLE_RESET = 24 * 60 * 60
# Header a trusted reverse proxy sets to the client's address, e.g. HTTP_X_REAL_IP.
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", "")
OTP_TOTP_ISSUER = "Panah"
# Failed codes slow down per device (1 s, 2 s, 4 s ...), on top of the sign-in throttle.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1


def _passkey_rp_id(hosts: list[str]) -> str:
    # The relying party id must be a domain name: browsers refuse an IP address or a
    # wildcard. A passkey is bound to it for good, so production should set it explicitly.
    for host in hosts:
        name = host.lstrip(".")
        if name and name != "*" and not name.replace(".", "").isdigit() and ":" not in name:
            return name
    return "localhost"


# Passkeys (WebAuthn) as a second factor beside TOTP (accounts/passkeys.py). The relying
# party id is the domain a passkey is bound to; the origins are the exact https addresses
# the app is served at (http://localhost on any port is accepted as well, for development).
PASSKEY_RP_ID = env_str("PASSKEY_RP_ID", "") or _passkey_rp_id(ALLOWED_HOSTS)
PASSKEY_RP_NAME = env_str("PASSKEY_RP_NAME", "Panah")
PASSKEY_ORIGINS = env_list("PASSKEY_ORIGINS", [f"https://{PASSKEY_RP_ID}"])
OTP_WEBAUTHN_RP_ID = PASSKEY_RP_ID
OTP_WEBAUTHN_RP_NAME = PASSKEY_RP_NAME
OTP_WEBAUTHN_ALLOWED_ORIGINS = PASSKEY_ORIGINS
OTP_WEBAUTHN_CREDENTIAL_MODEL = "accounts.Passkey"
OTP_WEBAUTHN_ATTESTATION_MODEL = "accounts.PasskeyAttestation"
OTP_WEBAUTHN_HELPER_CLASS = "accounts.passkeys.PasskeyHelper"
# A passkey is only ever the second step after the password, never a way in on its own.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False

# JSON API (api/): bearer tokens or the session, one error shape, strict JSON, pages without
# COUNT(*), a rate per credential. Rates are "<n>/<second|minute|hour|day>".
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.MemberWithinScope"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.CredentialRateThrottle"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.LimitedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Panah API",
    "DESCRIPTION": "Cases, documents and their coverage, hearings, incidents and petitions. "
    "Send a personal access token as `Authorization: Bearer <token>`. A case is named by its "
    "reference; documents, hearings, incidents, petitions and templates by a random `id` (a "
    "UUID); courts, shared by every organisation, by their number.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "CustodyStatusEnum": "detainees.models.people.CustodyStatus",
        "CoverageStatusEnum": "documents.coverage.CoverageStatus",
        "DocumentKindEnum": "documents.models.identity.DocumentKind",
        "PlaceKindEnum": "detainees.models.people.PlaceKind",
        "AgencyEnum": "detainees.models.people.Agency",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
}
API_PAGE_SIZE = env_int("API_PAGE_SIZE", 25)
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 64 * 1024)
API_THROTTLE_RATES = {
    "token": env_str("API_TOKEN_RATE", "120/minute"),
    "user": env_str("API_SESSION_RATE", "120/minute"),
    "inbox": env_str("API_INBOX_RATE", "60/hour"),
    "anonymous": env_str("API_ANONYMOUS_RATE", "30/minute"),
}
# Inbox entries never accepted are deleted this many days after they arrive.
INBOX_RETENTION_DAYS = env_int("INBOX_RETENTION_DAYS", 30)
if REDIS_URL:
    # The supervisors' figures and the API's rate-limit counts, shared by every web
    # process. Optional: with Redis away, pages compute without it (casework/cache.py).
    CACHES = {
        "default": {
            "BACKEND": "casework.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }

# Served by django-csp's middleware: scripts and styles only from our own static files,
# no inline script, no style= attribute, no eval (htmx runs with allowEval: false).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Bearer tokens in URLs (the calendar feed) are masked on every line we write.
    "filters": {
        "mask_secrets": {
            "()": "casework.logs.MaskSecretsInPaths",
            "patterns": [r"/calendar/([^/\s\"?]+)\.ics"],
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_secrets"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # One line per task run drowns out everything else.
    "loggers": {
        # Django's own handlers for these would print request paths unmasked.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "celery.app.trace": {"level": "WARNING"},
        # WeasyPrint reports every layout step at INFO, and fontTools every subset.
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
    },
}
