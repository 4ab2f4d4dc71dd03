import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from config.env import cache_from_url, email_from_url, env_bool, env_int
from footage.signing_keys import make_signing_pair, write_signing_pair

BASE_DIR = settings.BASE_DIR


def manage(*args, **env):
    clean = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_deploy_check_is_clean_with_debug_off_and_the_deploy_variables_set(tmp_path):
    chain, key = tmp_path / "chain.pem", tmp_path / "key.pem"
    write_signing_pair(make_signing_pair("Clipwire"), cert_path=chain, key_path=key)
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="catalog.example.com",
        C2PA_SIGNING_CERT=str(chain),
        C2PA_SIGNING_KEY=str(key),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_downloads_that_cannot_be_signed_fail_the_check_with_debug_off(tmp_path):
    result = manage(
        "check",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="catalog.example.com",
        C2PA_SIGNING_CERT=str(tmp_path / "missing.pem"),
    )
    assert result.returncode != 0
    assert "footage.E001" in result.stderr + result.stdout


def test_secret_key_is_required_when_debug_is_off():
    result = manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_debug_refuses_to_run_in_production():
    result = manage("check", DEBUG="1", DJANGO_ENV="production")
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_database_url_selects_postgresql_through_psycopg():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.db import connection; print(connection.vendor, "
        "connection.settings_dict['NAME'])",
        DEBUG="1",
        DATABASE_URL="postgres://someone@db.example.com:5432/catalog",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["postgresql", "catalog"]


@pytest.mark.parametrize(
    ("raw", "value"), [("1", True), ("true", True), ("off", False), ("", False)]
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, value):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", default=not value) is value


def test_env_helpers_fail_loudly_on_nonsense(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    monkeypatch.setenv("SOME_NUMBER", "lots")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG", default=False)
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER"):
        env_int("SOME_NUMBER", 1)


def test_cache_url_chooses_the_backend():
    assert cache_from_url("redis://127.0.0.1:6379/1")["BACKEND"].endswith("RedisCache")
    assert cache_from_url("locmem://x")["BACKEND"].endswith("LocMemCache")
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache_from_url("memcached://x")


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_site_name_is_a_setting():
    assert settings.SITE_NAME


def test_email_url_names_the_mail_backend_and_server():
    smtp = email_from_url("smtp://mailer:p%40ss%3Aword@mail.example.com:2525")
    assert smtp["backend"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (smtp["host"], smtp["port"], smtp["user"]) == ("mail.example.com", 2525, "mailer")
    assert smtp["password"] == "p@ss:word"
    assert smtp["use_tls"] and not smtp["use_ssl"]
    smtps = email_from_url("smtps://u:p@mail.example.com")
    assert (smtps["port"], smtps["use_ssl"], smtps["use_tls"]) == (465, True, False)
    assert not email_from_url("smtp://relay.internal:25?tls=0")["use_tls"]
    assert email_from_url("console://")["backend"].endswith("console.EmailBackend")
    assert email_from_url("locmem://")["backend"].endswith("locmem.EmailBackend")
    assert email_from_url("file:///var/mail/out")["file_path"] == "/var/mail/out"


@pytest.mark.parametrize(
    ("url", "sentence"),
    [
        ("mailgun://key@x", "EMAIL_URL must start with one of"),
        ("mail.example.com", "EMAIL_URL must start with one of"),
        ("smtp://", "without a host name"),
        ("smtp://host:port", "port that is not a number"),
        ("file://", "needs a directory"),
    ],
)
def test_a_bad_email_url_is_refused_with_a_sentence(url, sentence):
    with pytest.raises(ImproperlyConfigured, match=sentence):
        email_from_url(url)


def test_development_prints_mail_to_the_console():
    result = manage(
        "shell", "-c", "from django.conf import settings; print(settings.EMAIL_BACKEND)", DEBUG="1"
    )
    assert result.stdout.strip().endswith("django.core.mail.backends.console.EmailBackend")


def test_production_without_email_url_sends_nothing_rather_than_printing_reset_links():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.EMAIL_BACKEND)",
        DEBUG="0",
        SECRET_KEY="test-only-" + "k" * 50,
    )
    assert result.stdout.strip().endswith("django.core.mail.backends.dummy.EmailBackend")
