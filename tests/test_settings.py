"""Settings come from the environment and refuse junk."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from config.settings import env_bool, env_cache, env_database, env_list

ROOT = Path(__file__).resolve().parent.parent


def boot(**env: str) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter with exactly these variables."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS")
    }
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("value", ["maybe", "2", "yes please"])
def test_junk_boolean_is_rejected(monkeypatch, value):
    monkeypatch.setenv("DEBUG", value)
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG", True)


@pytest.mark.parametrize(("value", "expected"), [("true", True), ("0", False), ("OFF", False), ("", True)])
def test_booleans(monkeypatch, value, expected):
    monkeypatch.setenv("DEBUG", value)
    assert env_bool("DEBUG", True) is expected


def test_list_rejects_empty_items(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "example.org,,")
    with pytest.raises(ImproperlyConfigured):
        env_list("ALLOWED_HOSTS", [])
    monkeypatch.setenv("ALLOWED_HOSTS", "example.org, kb.example.org")
    assert env_list("ALLOWED_HOSTS", []) == ["example.org", "kb.example.org"]


@pytest.mark.parametrize(
    "url", ["not a url", "mysql://root@localhost/kb", "postgres://", "postgres:///kb", "postgres://h:port/kb"]
)
def test_malformed_database_url_is_rejected(monkeypatch, url):
    monkeypatch.setenv("DATABASE_URL", url)
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env_database("DATABASE_URL", "sqlite:///x.sqlite3")


def test_database_url_selects_engine(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kb")
    config = env_database("DATABASE_URL", "sqlite:///x.sqlite3")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["HOST"], config["PORT"]) == ("kb", "127.0.0.1", 5432)
    monkeypatch.delenv("DATABASE_URL")
    assert env_database("DATABASE_URL", "sqlite:///x.sqlite3")["ENGINE"] == "django.db.backends.sqlite3"


def test_production_refuses_to_start_without_a_real_secret_key():
    missing = boot(DEBUG="false", ALLOWED_HOSTS="kb.example.org")
    assert missing.returncode != 0 and "SECRET_KEY must be set" in missing.stderr
    weak = boot(DEBUG="false", ALLOWED_HOSTS="kb.example.org", SECRET_KEY="short")
    assert weak.returncode != 0 and "SECRET_KEY is too short" in weak.stderr
    ok = boot(DEBUG="false", ALLOWED_HOSTS="kb.example.org", SECRET_KEY=secrets.token_urlsafe(50))
    assert ok.returncode == 0, ok.stderr


def test_junk_debug_stops_start_up_with_a_clear_message():
    result = boot(DEBUG="maybe")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "DEBUG='maybe'" in result.stderr


def test_locale_and_time_zone():
    from django.conf import settings

    assert settings.TIME_ZONE == "Asia/Shanghai" and settings.USE_TZ
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert "en" in dict(settings.LANGUAGES)


def test_production_settings_pass_the_deployment_checks(tmp_path):
    # (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for their own process; a deployment never does)
    skip = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "STATIC_ROOT")
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="kb.example.org",
        STATIC_ROOT=str(tmp_path / "staticfiles"),  # what `make deploy-check` does, elsewhere
    )
    for command in (["collectstatic", "--noinput", "-v0"], ["check", "--deploy", "--fail-level", "WARNING"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("redis://127.0.0.1:6379/0", "django.core.cache.backends.redis.RedisCache"),
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache"),
        ("file:///var/tmp/rmc-cache", "django.core.cache.backends.filebased.FileBasedCache"),
        ("dummy://", "django.core.cache.backends.dummy.DummyCache"),
    ],
)
def test_cache_url_selects_backend(monkeypatch, url, backend):
    monkeypatch.setenv("CACHE_URL", url)
    config = env_cache("CACHE_URL", "locmem://")
    assert config["BACKEND"] == backend
    if backend.endswith("RedisCache"):
        assert config["LOCATION"] == url


@pytest.mark.parametrize(
    "url", ["redis", "memcached://127.0.0.1:11211", "file://relative/dir", "redis:///0", "dummy://x"]
)
def test_junk_cache_url_is_rejected_naming_the_variable(monkeypatch, url):
    monkeypatch.setenv("CACHE_URL", url)
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        env_cache("CACHE_URL", "locmem://")


def test_junk_cache_url_stops_start_up():
    result = boot(CACHE_URL="memcache")
    assert result.returncode != 0 and "CACHE_URL" in result.stderr


def test_postgresql_pages_run_without_parallel_workers_unless_asked(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kb")
    options = env_database("DATABASE_URL", "sqlite:///x.sqlite3")["OPTIONS"]
    assert options["options"] == "-c max_parallel_workers_per_gather=0"
    monkeypatch.setenv("PG_PARALLEL_WORKERS", "2")
    assert env_database("DATABASE_URL", "")["OPTIONS"]["options"] == "-c max_parallel_workers_per_gather=2"
    monkeypatch.setenv("PG_PARALLEL_WORKERS", "-1")
    with pytest.raises(ImproperlyConfigured, match="PG_PARALLEL_WORKERS"):
        env_database("DATABASE_URL", "")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
@pytest.mark.django_db
def test_the_connection_has_the_setting():
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"
