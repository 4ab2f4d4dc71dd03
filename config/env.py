"""Read settings from the environment, failing loudly on bad or missing values."""

import os
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_debug() -> bool:
    """DEBUG, off unless set: config.settings and the settings modules it imports default by it."""
    return env_bool("DEBUG", default=False)


def env_required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} is required.")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def cache_from_url(url: str) -> dict:
    """Translate CACHE_URL (locmem://, dummy://, redis://host:port/db) into a CACHES entry."""
    scheme, _, rest = url.partition("://")
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": rest}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(
        f"CACHE_URL must start with locmem://, dummy://, redis:// or rediss://, not {url!r}."
    )


_EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}


def email_from_url(url: str) -> dict:
    """Translate EMAIL_URL into Django's mail settings: smtp://user:password@host:587 speaks
    STARTTLS (plain SMTP with ?tls=0), smtps://… implicit TLS on 465, console://, locmem://,
    dummy:// or file:///directory. User and password may be %-encoded."""
    parts = urlsplit(url)
    if parts.scheme not in _EMAIL_BACKENDS:
        raise ImproperlyConfigured(
            f"EMAIL_URL must start with one of {', '.join(s + '://' for s in _EMAIL_BACKENDS)};"
            f" {parts.scheme or 'nothing'!r} is not one of them."
        )
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured("EMAIL_URL has a port that is not a number.") from None
    smtps = parts.scheme == "smtps"
    if parts.scheme in {"smtp", "smtps"} and not parts.hostname:
        raise ImproperlyConfigured("EMAIL_URL names an SMTP server without a host name.")
    if parts.scheme == "file" and not parts.path:
        raise ImproperlyConfigured("EMAIL_URL file:// needs a directory, as file:///var/mail.")
    return {
        "backend": _EMAIL_BACKENDS[parts.scheme],
        "host": parts.hostname or "localhost",
        "port": port or (465 if smtps else 587),
        "user": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "use_ssl": smtps,
        "use_tls": parts.scheme == "smtp" and "tls=0" not in parts.query,
        "file_path": parts.path if parts.scheme == "file" else None,
    }
