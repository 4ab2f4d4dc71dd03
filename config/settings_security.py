"""Security settings, read from the environment like the rest (config.settings imports them):
HTTPS and cookies, the headers every answer carries (HSTS, Content-Security-Policy, Permissions
Policy), who may sign in (the lockout after failed attempts) and what a password must be.

With DEBUG off each defaults to what `manage.py check --deploy` expects; docs/operations.md lists
the variables, docs/security.md what they protect.
"""

from datetime import timedelta

from config.env import env_bool, env_debug, env_int, env_list

# Read as config.settings reads it; the leading underscore keeps it out of `import *`.
_DEBUG = env_debug()

# Security: safe defaults whenever DEBUG is off; each can be relaxed through the environment
# (for instance SECURE_SSL_REDIRECT=0 behind a proxy that already redirects).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not _DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not _DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not _DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if _DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not _DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not _DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp) with no inline script or style anywhere; the API docs'
# Swagger UI loads its start-up script as a file (config.urls). CSP_MEDIA_SOURCES adds the
# origins posters and previews come from when media lives elsewhere (object storage, a CDN).
CSP_MEDIA_SOURCES = env_list("CSP_MEDIA_SOURCES", [])
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *CSP_MEDIA_SOURCES],
        "media-src": ["'self'", *CSP_MEDIA_SOURCES],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Powerful browser features the site never uses are off for it and anything it embeds.
PERMISSIONS_POLICY = {
    "accelerometer": [], "autoplay": ["self"], "browsing-topics": [], "camera": [],
    "display-capture": [], "fullscreen": ["self"], "geolocation": [], "gyroscope": [],
    "hid": [], "magnetometer": [], "microphone": [], "midi": [], "payment": [],
    "picture-in-picture": ["self"], "publickey-credentials-get": [], "serial": [], "usb": [],
}  # fmt: skip

# Sign-in lockout (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for one account, or
# from one client address (the address common.addresses.client_address trusts, so a forged
# X-Forwarded-For cannot dodge it), further attempts for it are refused with the lockout page
# (429) for AXES_COOLOFF_TIME, even with the right password. Staff unlock in admin (Axes >
# Access attempts: delete the rows) or with `manage.py axes_reset_username` / `axes_reset_ip`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out attempts
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one locks
AXES_CLIENT_IP_CALLABLE = "common.addresses.client_ip"
AXES_USERNAME_CALLABLE = "common.accounts.attempted_username"
AXES_LOCKOUT_CALLABLE = "common.accounts.lockout_response"  # 429 and Retry-After
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "csrfmiddlewaretoken"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
