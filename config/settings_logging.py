"""Logging (config.settings imports it): every handler blanks out secrets; LOG_LEVEL sets the
root's level."""

from config.env import env_str

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every handler blanks out download tokens, reset links and API keys (common.log_redaction).
    "filters": {"redact_secrets": {"()": "common.log_redaction.RedactSecrets"}},
    "formatters": {
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
        # django-axes greets every process at INFO; its lockout warnings still show.
        "axes.apps": {"level": "WARNING"},
        # Django's own handlers would print unfiltered: its records go through the root's.
        "django": {"handlers": [], "level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}
