"""Settings for the catalog, read from the environment (12-factor).

Every value that differs between a laptop and production comes from an environment variable;
docs/operations.md lists them. With DEBUG off, SECRET_KEY is required and the security settings
(config/settings_security.py) default to what `manage.py check --deploy` expects.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import (
    cache_from_url,
    email_from_url,
    env_bool,
    env_debug,
    env_int,
    env_list,
    env_required,
    env_str,
)

# Two groups live beside this module, each read from the environment the same way:
# security (HTTPS and cookies, headers, sign-in lockout, passwords) and logging.
from config.settings_logging import *  # noqa: F403
from config.settings_security import *  # noqa: F403
from config.settings_verification import *  # noqa: F403

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_debug()
if DEBUG and env_str("DJANGO_ENV") == "production":
    raise ImproperlyConfigured("DEBUG must be off when DJANGO_ENV=production.")

if DEBUG:
    # A fixed, obviously unsafe key is fine on a developer's machine and nowhere else.
    SECRET_KEY = env_str("SECRET_KEY") or "django-insecure-development-only-key-never-in-production"
else:
    SECRET_KEY = env_required("SECRET_KEY")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Sections other apps add to the clip page: callables (request, asset) -> HTML. Wiring here
# keeps catalog from importing licensing (docs/architecture.md).
CLIP_PAGE_PANELS = [
    "licensing.panels.offers",
    "footage.panels.verification",
    "newsroom.panels.boards",
]
# The same for the browse and search pages: callables (request, filters QueryDict) -> HTML, called
# for signed-in visitors only (the page is shared between anonymous visitors of a territory).
BROWSE_PAGE_PANELS = ["newsroom.views.saved_searches.save_search_panel"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "licensing:account"
LOGOUT_REDIRECT_URL = "catalog:home"
SITE_NAME = env_str("SITE_NAME", "Clipwire")
# Where the site is reached from outside a request (links in e-mails and webhook payloads).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Saved searches (newsroom): how many one buyer organisation keeps.
SAVED_SEARCHES_PER_BUYER = env_int("SAVED_SEARCHES_PER_BUYER", 50)
# Boards (newsroom lightboxes): per buyer organisation, and clips per board. 50 clips is what
# one order holds (licensing's purchase), so a board can always be bought in one order.
LIGHTBOX_MAX_BOARDS = env_int("LIGHTBOX_MAX_BOARDS", 200)
LIGHTBOX_MAX_ITEMS = env_int("LIGHTBOX_MAX_ITEMS", 50)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "axes",
    "csp",
    "audit",
    "django_tasks",
    "django_tasks_db",
    "rights",
    "catalog",
    "footage",
    "licensing",
    "ledger",
    "newsroom",
    "partners",
    # The demo catalogue and generated data behind `make run` and the benchmarks.
    "devdata",
]

MIDDLEWARE = [
    # First: a NUL in the path, query or a header is a 400 before sessions or views query on it.
    "common.request_text.RefuseNulMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "common.middleware.StatementTimeoutMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "rights.middleware.RequestTerritoryMiddleware",
    # Last: turns a sign-in refused for too many failures into the lockout page (429).
    "axes.middleware.AxesMiddleware",
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
                "catalog.context_processors.site",
                "newsroom.context_processors.boards",
                "partners.context_processors.partner_area",
            ],
        },
    },
]

# Database: SQLite file by default, anything dj-database-url understands through DATABASE_URL
# (postgres://user@host:5432/name uses psycopg 3).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front, so concurrent writers wait for the
    # busy timeout instead of failing with "database is locked" half way through.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# A web request's queries may take at most this long on PostgreSQL; one that runs over is
# stopped and the request answers 503 (common.middleware). Web processes only (config.wsgi,
# config.asgi set CLIPWIRE_PROCESS=web): commands, migrations and task workers are not cut off.
# JIT compilation is off: it costs tens of milliseconds to speed up queries that scan a lot,
# and the catalogue's queries read a page's worth of rows through an index.
STATEMENT_TIMEOUT_MS = env_int("STATEMENT_TIMEOUT_MS", 3000)
# How long an anonymous visitor's list page (home, browse, category, partner, tag, stories) is
# shared with the next visitor from the same territory (common.page_cache); 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 30)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    server_options = ["-c jit=off"]
    if env_str("CLIPWIRE_PROCESS", "") == "web" and STATEMENT_TIMEOUT_MS > 0:
        server_options.append(f"-c statement_timeout={STATEMENT_TIMEOUT_MS}")
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = " ".join(server_options)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": cache_from_url(env_str("CACHE_URL", "locmem://catalog"))}

# Mail (password reset): EMAIL_URL is smtp://user:password@host:587 (STARTTLS), smtps://…:465
# (TLS), console:// (prints mail; the default in development), locmem:// (tests),
# file:///path or dummy:// (sends nothing; the default with DEBUG off, so a reset link is never
# printed to a production log that nobody set mail up for).
EMAIL = email_from_url(env_str("EMAIL_URL", "console://" if DEBUG else "dummy://"))
EMAIL_BACKEND, EMAIL_FILE_PATH = EMAIL["backend"], EMAIL["file_path"]
EMAIL_HOST, EMAIL_PORT = EMAIL["host"], EMAIL["port"]
EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = EMAIL["user"], EMAIL["password"]
EMAIL_USE_TLS, EMAIL_USE_SSL = EMAIL["use_tls"], EMAIL["use_ssl"]
del EMAIL
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3 * 24 * 3600)
# Messages live in the server-side session, never in a cookie: a message may name something
# only its reader should see.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env_str("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
SERVE_MEDIA = False  # Django serves MEDIA only with DEBUG, or in the browser tests

# The demo's masters (`seed_demo`): "full" at each clip's size, rate and duration, made once into
# DEMO_MASTERS_CACHE; "small" a tiny stand-in of its duration (the tests, a slow machine).
DEMO_MASTERS = env_str("DEMO_MASTERS", "full")
DEMO_MASTERS_CACHE = Path(env_str("DEMO_MASTERS_CACHE", str(BASE_DIR / "var" / "demo-masters")))

# Master files are private: never under MEDIA_ROOT, never given a URL; they reach a buyer only
# through a signed, expiring download link that streams them (licensing.views).
MASTERS_ROOT = Path(env_str("MASTERS_ROOT", str(BASE_DIR / "private" / "masters")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "masters": {
        "BACKEND": "common.storages.PrivateFileSystemStorage",
        "OPTIONS": {"location": MASTERS_ROOT},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# S3-compatible object storage (django-storages, `pip install .[scale]`) when buckets are named;
# credentials come from the usual AWS_* variables. Media (posters, previews) may be public;
# the masters bucket must be private: its objects are only ever streamed by the app.
S3_ENDPOINT_URL = env_str("S3_ENDPOINT_URL", "") or None
if S3_MEDIA_BUCKET := env_str("S3_MEDIA_BUCKET", ""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_MEDIA_BUCKET,
            "endpoint_url": S3_ENDPOINT_URL,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
if S3_MASTERS_BUCKET := env_str("S3_MASTERS_BUCKET", ""):
    STORAGES["masters"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_MASTERS_BUCKET,
            "endpoint_url": S3_ENDPOINT_URL,
            "default_acl": "private",
            "file_overwrite": False,
        },
    }

# Master files: the biggest upload accepted (admin or ingest_video).
MASTER_MAX_BYTES = env_int("MASTER_MAX_BYTES", 5 * 1024**3)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # bigger uploads stream to a temporary file

# Content Credentials (docs/verification.md). Downloads carry our C2PA manifest, signed with
# this certificate chain (PEM, leaf first) and key; `manage.py signing_keys_ensure` (make run)
# makes a development pair. Without a usable pair a download fails (503) unless
# C2PA_UNSIGNED_FALLBACK (default: DEBUG) serves the master unsigned, with a logged warning.
SIGNING_ROOT = BASE_DIR / "private" / "signing"  # the development pair; never committed
C2PA_SIGNING_CERT = env_str("C2PA_SIGNING_CERT", str(SIGNING_ROOT / "chain.pem"))
C2PA_SIGNING_KEY = env_str("C2PA_SIGNING_KEY", str(SIGNING_ROOT / "key.pem"))
C2PA_SIGNER_NAME = env_str("C2PA_SIGNER_NAME", "Clipwire")
C2PA_SIGN_DOWNLOADS = env_bool("C2PA_SIGN_DOWNLOADS", default=True)
C2PA_UNSIGNED_FALLBACK = env_bool("C2PA_UNSIGNED_FALLBACK", default=DEBUG)
# What licensing serves (signed masters, prepared formats) comes through this module.
DOWNLOAD_DELIVERY = "footage.deliveries"
# A PEM bundle of the CAs whose signers a master's credentials are "trusted" for; empty: none.
C2PA_TRUST_ANCHORS = env_str("C2PA_TRUST_ANCHORS", "")

# Partners' resumable uploads (tus 1.0 at /api/v1/uploads/, footage.uploads). The bytes of an
# unfinished upload live under UPLOADS_ROOT: past one machine it must be a volume every app
# server mounts (or the load balancer keeps /api/v1/uploads/<id>/ on one server). An upload not
# finished within UPLOAD_EXPIRY_HOURS of its last byte is deleted (`manage.py uploads_expire`).
UPLOADS_ROOT = Path(env_str("UPLOADS_ROOT", str(BASE_DIR / "private" / "uploads")))
UPLOAD_EXPIRY_HOURS = env_int("UPLOAD_EXPIRY_HOURS", 24)
RELEASE_FORM_MAX_BYTES = env_int("RELEASE_FORM_MAX_BYTES", 20 * 1024 * 1024)
# Unfinished uploads one partner may hold at once (each may reserve up to MASTER_MAX_BYTES).
UPLOADS_MAX_UNFINISHED = env_int("UPLOADS_MAX_UNFINISHED", 10)

# Partner payouts (ledger.services.payouts): the least a partner may ask to be paid, in the
# balance's currency.
PAYOUT_MINIMUM = env_str("PAYOUT_MINIMUM", "50.00")

# Background tasks (django-tasks): the database queue and its worker (`manage.py db_worker`,
# which `make run` starts) by default; "rq" puts them on Redis (REDIS_URL) to scale out;
# "immediate" runs them inline (the tests).
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
TASKS = {
    "default": {
        "database": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
        "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
    }[TASKS_BACKEND]
}
RQ_QUEUES = {"default": {"URL": REDIS_URL}}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]

# Renditions (footage.sweep, `manage.py renditions_sweep`): a running rendition whose worker
# has not beaten for this long lost its worker and is queued again, at most this many times
# before it is marked failed. Files no row points to are deleted once older than the grace.
RENDITION_STALE_SECONDS = env_int("RENDITION_STALE_SECONDS", 10 * 60)
RENDITION_MAX_ATTEMPTS = env_int("RENDITION_MAX_ATTEMPTS", 3)
ORPHAN_FILE_GRACE_SECONDS = env_int("ORPHAN_FILE_GRACE_SECONDS", 24 * 60 * 60)
# Delivery formats (docs/delivery.md): runs of one before it is failed (errors and lost workers).
FORMAT_MAX_ATTEMPTS = env_int("FORMAT_MAX_ATTEMPTS", 3)

# Webhooks (newsroom.webhooks; docs/newsroom.md, "Webhooks"). Targets must be https and resolve
# only to public addresses; WEBHOOK_ALLOW_PRIVATE=1 (development, `make run`) also allows http and
# loopback/private addresses. A delivery is one POST answered 2xx within the timeout; failed
# ones are tried again after each delay of the schedule (seconds; Standard Webhooks' suggestion,
# about 27 hours in all), then abandoned. An endpoint failing without a success for
# WEBHOOK_DISABLE_AFTER_HOURS is disabled and its creator is told by e-mail.
WEBHOOK_ALLOW_PRIVATE = env_bool("WEBHOOK_ALLOW_PRIVATE", default=False)
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 10)
WEBHOOK_RETRY_SCHEDULE = [0, 5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600]
WEBHOOK_DISABLE_AFTER_HOURS = env_int("WEBHOOK_DISABLE_AFTER_HOURS", 24)
WEBHOOK_MAX_ENDPOINTS = env_int("WEBHOOK_MAX_ENDPOINTS", 20)

# Uploaded images (partner profile and cover images, posters) are checked by content.
IMAGE_ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")
IMAGE_MAX_BYTES = env_int("IMAGE_MAX_BYTES", 10 * 1024 * 1024)
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# How many proxies in front of the app append to X-Forwarded-For: 0 trusts no client-sent
# header (throttles and the IP-to-country lookup use REMOTE_ADDR); 1 behind one load balancer.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", env_int("API_NUM_PROXIES", 0))  # the old name too

# Territory of a visitor (rights.middleware; docs/rights.md): a CDN country header when one is
# named here (trusted only then), else the client address looked up offline, else the default.
GEO_TRUSTED_HEADER = env_str("GEO_TRUSTED_HEADER", "")
GEO_DEFAULT_TERRITORY = env_str("GEO_DEFAULT_TERRITORY", "").upper()

# Newsroom ninjs items (newsroom.ninjs): each clip's stable identifier is this prefix and its
# public id (a URN, not a page URL, so it survives a change of host). The feed serves only
# versions older than FEED_SETTLE_SECONDS, so that a write that commits late with an older
# timestamp is not skipped by a client who already polled past it (see newsroom.feed).
NINJS_URI_PREFIX = env_str("NINJS_URI_PREFIX", "urn:clipwire:asset:")
FEED_SETTLE_SECONDS = env_int("FEED_SETTLE_SECONDS", 5)

REST_FRAMEWORK = {
    # API keys first: an unauthenticated call to a buyer's endpoint then gets a 401 with an
    # "Api-Key" challenge. Sessions serve staff and signed-in buyers on the website.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "licensing.api.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    # The API reads JSON bodies only, bounded in size and depth (common.parsers); anything
    # else answers 415 (and the schema says so).
    "DEFAULT_PARSER_CLASSES": ["common.parsers.BoundedJSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_FILTER_BACKENDS": ["common.filters.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "common.pagination.KeysetPagination",
    # The schema documents every error an operation can answer, in the shape the handler gives.
    "DEFAULT_SCHEMA_CLASS": "common.schema.ApiSchema",
    "EXCEPTION_HANDLER": "common.api_errors.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "NUM_PROXIES": TRUSTED_PROXIES,
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "120/minute"),
        "user": env_str("API_THROTTLE_USER", "600/minute"),
        "purchase": env_str("API_THROTTLE_PURCHASE", "60/minute"),
        "download": env_str("API_THROTTLE_DOWNLOAD", "60/minute"),
        # tus requests of one partner key or member (partners.api.uploads): many per file.
        "uploads": env_str("API_THROTTLE_UPLOADS", "3000/minute"),
        # Wrong or revoked API keys from one client address (common.keys.authentication).
        "api_key_failure": env_str("API_THROTTLE_KEY_FAILURE", "20/minute"),
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": f"{SITE_NAME} catalog API",
    "DESCRIPTION": (
        "Browse, filter and search the catalog of licensable news and user-generated video; "
        "buy licences (Authorization: Api-Key <key>), download masters, fetch certificates."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "AssetStatusEnum": "catalog.models.AssetStatus",
        "OrderStatusEnum": "licensing.models.OrderStatus",
        "ResolutionEnum": "catalog.formats.TIERS",
    },
}
