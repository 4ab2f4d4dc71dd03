"""Settings for the test suite: the real settings with a throwaway key and fast hashing.

DATABASE_URL still chooses the database, so the same suite runs on SQLite and PostgreSQL.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "x" * 40)

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="catalog-test-media-"))  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MASTERS_ROOT = Path(tempfile.mkdtemp(prefix="catalog-test-masters-"))  # noqa: F405
STORAGES["masters"]["OPTIONS"]["location"] = MASTERS_ROOT  # noqa: F405
DEMO_MASTERS = "small"  # the full ones are hours of video (tests/devdata/test_masters.py)
UPLOADS_ROOT = Path(tempfile.mkdtemp(prefix="catalog-test-uploads-"))  # noqa: F405
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="catalog-test-static-"))  # noqa: F405
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False  # the test client speaks plain HTTP
CSRF_COOKIE_SECURE = False
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {  # noqa: F405
    scope: "100000/minute"
    for scope in ("anon", "user", "purchase", "download", "api_key_failure", "uploads")
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PAGE_CACHE_SECONDS = 0  # every test sees its own data; tests/common/test_page_cache.py turns it on
# As under `make run`: a test client on 127.0.0.1 has no country. Tests of unknown territories
# override this.
GEO_DEFAULT_TERRITORY = "GB"
GEO_TRUSTED_HEADER = ""
TRUSTED_PROXIES = 0
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SERVE_MEDIA = True  # the browser tests' live server shows posters and plays previews
