"""Settings for the OPCC decisions product, read from the environment.

Everything that differs between a laptop and production comes from an environment variable;
see README.md for the list. Without any, the app runs in DEBUG on a SQLite file under var/.
"""

import datetime
import re
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from commissioning.env import env_bool, env_int, env_keys, env_list, env_str, load_dotenv
from commissioning.release import fingerprint

BASE_DIR = Path(__file__).resolve().parent.parent
load_dotenv(BASE_DIR / ".env")
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)
# The test suite runs with production settings (DEBUG off) but over plain HTTP on localhost.
TESTING = "pytest" in sys.modules

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. For local work set DEBUG=true."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

# The keys that seal the audit trail (decisions.audit), newest first: "id:secret" pairs separated
# by commas. New events are sealed with the first; the others stay listed, after a rotation, so
# the events they sealed still verify. Kept out of the database, so that someone who can write
# to it cannot rewrite the trail and seal it again.
AUDIT_HMAC_KEYS = env_keys("AUDIT_HMAC_KEYS")
if not AUDIT_HMAC_KEYS:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "AUDIT_HMAC_KEYS must be set when DEBUG is off: the key that seals the audit trail, "
            "as id:secret (for example 2026:<50 random characters>). For local work set "
            "DEBUG=true."
        )
    AUDIT_HMAC_KEYS = [("development", "development-only-audit-key-never-use-in-production")]
# The last event of a trail written before the audit key was introduced, as SEQUENCE:HASH
# (printed by `manage.py verify_audit --cut-over`): the unkeyed events up to it still verify.
AUDIT_LEGACY_HEAD = env_str("AUDIT_LEGACY_HEAD")
# Who receives the daily checkpoint of the audit trail (`verify_audit --checkpoint`); without
# it, the offices' Monitoring Officers.
AUDIT_CHECKPOINT_EMAIL = env_list("AUDIT_CHECKPOINT_EMAIL", [])

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
# Without these a production server would start and then answer every request with 400, or
# write decisions to a SQLite file inside the checkout: refuse instead, saying what to set.
if not (DEBUG or TESTING):
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must be set when DEBUG is off: the host names the product is "
            "served under, separated by commas."
        )
    if not env_str("DATABASE_URL"):
        raise ImproperlyConfigured(
            "DATABASE_URL must be set when DEBUG is off, for example "
            "postgres://user:password@host:5432/decisions."
        )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # django.contrib.admin, with the admin behind the product's own two-step sign-in.
    "commissioning.admin_site.VerifiedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_forms_gds",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "commissioning",
    "contracts",
    "decisions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "commissioning.request_log.RequestLogMiddleware",
    # A current record's stored PDF, served like a static file: nothing below is needed for it.
    "decisions.public.files.PublishedPdfMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Workspace pages, and anything shown to someone signed in, are never cached.
    "commissioning.middleware.NoStoreMiddleware",
    # Tells whether the session entered its second-factor code (request.user.is_verified()).
    "django_otp.middleware.OTPMiddleware",
    "commissioning.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A form too large for Django to read is refused in words, not with a 400 page.
    "commissioning.middleware.TooLargeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "commissioning.urls"
WSGI_APPLICATION = "commissioning.wsgi.application"
ASGI_APPLICATION = "commissioning.asgi.application"

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
                "django.template.context_processors.csp",
            ],
        },
    },
]

# The embedded default is a SQLite file under var/; DATABASE_URL points anywhere else
# (postgres://user@host:5432/name uses psycopg 3).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        # A connection kept between requests is checked before reuse, so a database restart
        # costs one reconnection rather than an error page.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles a query when its estimated cost is high, as a search over the
    # whole register's estimate is: 130-220 ms of compiling for queries that run in a few.
    # The register's queries are short and indexed; none gains from it.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# The longest a public search may run (milliseconds) before it is cancelled and the reader
# told to narrow it: one search must not hold a worker and the database for long.
SEARCH_TIMEOUT_MS = env_int("SEARCH_TIMEOUT_MS", 3000)
if env_str("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

if TESTING:
    # A deliberately weak, fast hasher: the suite creates many users; production keeps PBKDF2.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
# Locally and in tests WhiteNoise serves straight from the finders; in production it serves
# what collectstatic wrote to STATIC_ROOT.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
# static/ holds our own sources; var/build holds what `make assets` compiles and copies from
# the npm packages (the stylesheet, GOV.UK and MOJ Frontend scripts and images).
STATICFILES_DIRS = [BASE_DIR / "static", BASE_DIR / "var" / "build"]

# Appendices and published PDFs go through Django's storage API: files under MEDIA_ROOT on one
# machine, or an S3-compatible bucket shared by several app servers (MEDIA_STORAGE=s3). The
# bucket stays private: every file is served through a view that checks who is asking
# (appendices) or what is published (PDF records), never from a bucket URL.
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "filesystem":
    media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    if not env_str("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("AWS_STORAGE_BUCKET_NAME must be set when MEDIA_STORAGE=s3")
    media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
            # Empty means AWS itself; set it for any other S3-compatible service.
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            # Empty keys leave boto3 to its own chain (an instance role, ~/.aws).
            "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
            "location": env_str("AWS_LOCATION"),
            "default_acl": "private",
            "querystring_auth": False,
            # Two appendices with the same name must both survive (S3Storage's default
            # overwrites, FileSystemStorage's does not).
            "file_overwrite": False,
        },
    }
else:
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be filesystem or s3, not {MEDIA_STORAGE!r}")
STORAGES = {
    "default": media_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
# With nginx in front (deploy/nginx.example.conf), a public file (a published PDF, a signed
# original) is sent by nginx from MEDIA_ROOT once the view has checked that it is public: the
# view answers with X-Accel-Redirect to this internal location instead of streaming the file
# through a Python worker.
SERVE_FILES_WITH_NGINX = env_bool("SERVE_FILES_WITH_NGINX", default=False)
NGINX_FILES_LOCATION = env_str("NGINX_FILES_LOCATION", "/_files/")
if SERVE_FILES_WITH_NGINX and MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured(
        "SERVE_FILES_WITH_NGINX needs MEDIA_STORAGE=filesystem: nginx sends files from "
        "MEDIA_ROOT on the same machine."
    )

# The release this process runs, in every cached page's key and ETag: a new release never
# serves a page the previous one rendered. Set RELEASE (a git commit, a version) or leave it to
# a hash of the templates, the code and the static manifest.
RELEASE = env_str("RELEASE") or fingerprint(BASE_DIR, STATIC_ROOT)

# The cache holds what may be a few minutes stale (the register's filter options and its
# total) and rendered public pages, whose keys name exactly what they show (a published copy
# never changes), so each process may keep its own; CACHE_BACKEND=database shares one between
# app servers (after `manage.py createcachetable`). CACHE_MAX_ENTRIES bounds each process's
# memory: a decision page's content is 10–40 kB.
CACHE_BACKEND = env_str("CACHE_BACKEND", "local")
CACHE_OPTIONS = {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 3000)}
if CACHE_BACKEND == "local":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": CACHE_OPTIONS,
        }
    }
elif CACHE_BACKEND == "database":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
            "OPTIONS": CACHE_OPTIONS,
        }
    }
else:
    raise ImproperlyConfigured(f"CACHE_BACKEND must be local or database, not {CACHE_BACKEND!r}")

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
# The money box (commissioning.forms.MoneyInput) is a text box to GOV.UK Frontend too.
CRISPY_CLASS_CONVERTERS = {"moneyinput": "govuk-input"}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-axes first: it refuses a locked-out account or address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Two-factor sign-in (commissioning/two_factor.py says who must use it). A wrong code makes
# the next try wait 1, 2, 4, 8… seconds.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Commissioning decisions")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# Failed sign-ins (wrong passwords and wrong codes) lock the account and, separately, the
# address they came from, for a while after the last failure; see commissioning/throttling.py.
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("SIGN_IN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Trying again while locked out does not move the time the page promised.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "commissioning.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "commissioning.throttling.client_ip"
# How many reverse proxies of our own add to X-Forwarded-For in front of the app; 0 counts
# REMOTE_ADDR, the only address a client cannot forge.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Kept out of the attempts axes records (as well as the password).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]

# Sessions end after inactivity: an unattended browser must not stay signed in to drafts.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 2)
SESSION_SAVE_EVERY_REQUEST = True
# Typing is not a request: the edit pages keep the session going while someone types
# (account_views.keep_alive), warn before it ends, and a save arriving after it ended is held
# across the sign-in instead of being lost (commissioning/held_typing.py).
CSRF_FAILURE_VIEW = "commissioning.held_typing.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    # The nonce admits only the page's own <style> block (the office's header colour); style
    # attributes stay blocked.
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Behind TLS (every deployment but a laptop) the cookies and redirects must be secure.
SERVED_OVER_HTTPS = not (DEBUG or TESTING)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=SERVED_OVER_HTTPS)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=SERVED_OVER_HTTPS)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=SERVED_OVER_HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
if env_bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A load balancer checks each app server's health directly over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Mail goes to the console unless EMAIL_HOST names an SMTP server.
if env_str("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST"),
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                # STARTTLS on 587 by default; EMAIL_USE_SSL=true for implicit TLS on 465.
                "use_tls": env_bool("EMAIL_USE_TLS", default=not env_bool("EMAIL_USE_SSL")),
                "use_ssl": env_bool("EMAIL_USE_SSL", default=False),
                "timeout": env_int("EMAIL_TIMEOUT", 20),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "decisions@localhost")
# Where the product is served, for links in e-mails sent outside a request (cron, on commit).
SITE_URL = env_str("SITE_URL", "http://localhost:8000")
# The prefix of the contracting process identifiers (ocids) in /contracts.json. A body that
# publishes the export as its own registers a prefix with the Open Contracting Partnership
# ("ocds-" and six letters or digits, free of charge), so its ocids are unique in the world.
OCDS_OCID_PREFIX = env_str("OCDS_OCID_PREFIX", "ocds-opccdecisions")
if not re.fullmatch(r"ocds-[a-z0-9]+", OCDS_OCID_PREFIX):
    raise ImproperlyConfigured(
        f"OCDS_OCID_PREFIX must be 'ocds-' and letters or digits, such as ocds-a1b2c3; "
        f"it is {OCDS_OCID_PREFIX!r}."
    )
# A sign-off step waiting longer than this gets a reminder from send_signoff_reminders.
SIGNOFF_REMINDER_DAYS = env_int("SIGNOFF_REMINDER_DAYS", 3)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# One JSON object a line on stderr, for whatever collects the logs (journald, a container
# runtime); commissioning.request_log writes one such line for every request. LOG_FORMAT=text
# gives plain lines for a developer's terminal.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "commissioning.request_log.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # WeasyPrint and fontTools narrate every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # The request log already has a line for every 404 and 403; errors (with their
        # traceback, which stays in the log and never reaches the page) still come through.
        "django.request": {"level": "ERROR"},
        # django-axes logs every sign-in with the username and address at INFO, and a line at
        # every start; lockouts (WARNING) still come through.
        "axes": {"level": "WARNING"},
    },
}
