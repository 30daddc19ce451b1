"""Settings for the knowledge base, all from the environment.

One file, healthchecks style: typed helpers at the top reject junk values with
ImproperlyConfigured instead of silently falling back to a default.

Environment:
    DATABASE_URL    sqlite:///path or postgres://user@host:port/name (default: db.sqlite3 here)
    SECRET_KEY      required when DEBUG is off
    DEBUG           true/false (default true, for a local checkout)
    ALLOWED_HOSTS   comma-separated (default: localhost names when DEBUG, none otherwise)
    CACHE_URL       redis://host:port/db, locmem://, file:///path or dummy:// (default locmem://)
    PG_PARALLEL_WORKERS  PostgreSQL's max_parallel_workers_per_gather for this site (default 0)
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
HSTS_PRELOAD_MIN_SECONDS = 31536000  # one year: the minimum the browsers' preload lists accept


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean; use one of true/false, 1/0, yes/no, on/off."
    )


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(f"{name}={raw!r} has an empty item; give a comma-separated list.")
    return items


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_fraction(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number from 0 to 1.")
    return value


SQLITE_BUSY_SECONDS = 30  # how long a SQLite writer waits for another one (imports, the worker)


def env_database(name: str, default: str) -> dict:
    raw = os.environ.get(name) or default
    try:
        config = dj_database_url.parse(raw, conn_max_age=60, conn_health_checks=True)
    except (ValueError, KeyError, TypeError) as exc:
        raise ImproperlyConfigured(f"{name} is not a usable database URL ({exc}).") from exc
    engine = config.get("ENGINE", "")
    if engine not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
        raise ImproperlyConfigured(
            f"{name} must be a sqlite:// or postgres:// URL, not {raw.split(':', 1)[0]!r}."
        )
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name}={raw!r} names no database.")
    if engine.endswith("postgresql") and not config.get("HOST"):
        raise ImproperlyConfigured(f"{name}={raw!r} names no host.")
    if engine.endswith("sqlite3"):
        # Connections are kept (60 s, as on PostgreSQL): opening one runs the pragmas below
        # and cost ~17 ms on a busy machine, twenty times a page-cache hit under gunicorn.
        # WAL lets the dev server read while an import writes.
        options = config.setdefault("OPTIONS", {})
        options["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        # Writers queue instead of failing with "database is locked": a transaction takes
        # the write lock when it begins (a deferred one that read first cannot wait for it
        # later, SQLite refuses at once), and waits up to `timeout` seconds for it.
        options["transaction_mode"] = "IMMEDIATE"
        options["timeout"] = SQLITE_BUSY_SECONDS
    if engine.endswith("postgresql"):
        # The pages run short queries with a LIMIT (the newest 20 articles naming a
        # hospital). PostgreSQL plans some of them as parallel scans, and starting the
        # workers cost more than the query: 71 ms instead of 5.5 at 500,000 articles. The
        # big aggregates that parallel workers would help are cached by data version.
        # PG_PARALLEL_WORKERS sets max_parallel_workers_per_gather (default 0: none).
        workers = env_int("PG_PARALLEL_WORKERS", 0)
        if workers < 0:
            raise ImproperlyConfigured(f"PG_PARALLEL_WORKERS={workers} must be 0 or more.")
        options = config.setdefault("OPTIONS", {})
        options["options"] = (
            f"{options.get('options', '')} -c max_parallel_workers_per_gather={workers}".strip()
        )
    return config


CACHE_MAX_ENTRIES = 2000  # local caches: pages and counts kept per process (or folder) before culling


def env_cache(name: str, default: str) -> dict:
    """One cache from a URL: redis:// or rediss:// (Django's Redis cache, shared by every
    process), locmem:// (this process's memory), file:///absolute/folder, dummy:// (off)."""
    raw = os.environ.get(name) or default
    scheme, sep, rest = raw.partition("://")
    if not sep:
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a cache URL; use redis://, locmem://, file:// or dummy://."
        )
    if scheme in ("redis", "rediss"):
        host = rest.split("/", 1)[0].rsplit("@", 1)[-1]
        if not host:
            raise ImproperlyConfigured(f"{name}={raw!r} names no Redis host.")
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": raw}
    if scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": rest or "rmc",
            "OPTIONS": {"MAX_ENTRIES": CACHE_MAX_ENTRIES},
        }
    if scheme == "file":
        if not rest.startswith("/") or rest == "/":
            raise ImproperlyConfigured(f"{name}={raw!r} needs an absolute folder: file:///var/cache/rmc.")
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": rest,
            "OPTIONS": {"MAX_ENTRIES": CACHE_MAX_ENTRIES},
        }
    if scheme == "dummy" and not rest:
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a cache URL; use redis://, locmem://, file:// or dummy://."
    )


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (production).")
    SECRET_KEY = DEV_SECRET_KEY
elif not DEBUG and (
    SECRET_KEY == DEV_SECRET_KEY
    or SECRET_KEY.startswith(SECRET_KEY_INSECURE_PREFIX)
    or len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH
    or len(set(SECRET_KEY)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
):
    # Django's own deployment check (security.W009), enforced at start-up.
    raise ImproperlyConfigured(
        f"SECRET_KEY is too short, too repetitive or a placeholder; use {SECRET_KEY_MIN_LENGTH}+ "
        f"random characters (at least {SECRET_KEY_MIN_UNIQUE_CHARACTERS} distinct)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off (production).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Host names the importer may fetch from whatever address they resolve to. Empty in
# production: a URL whose host is or resolves to a loopback, private, link-local,
# multicast or reserved address is refused (SSRF). Tests name their 127.0.0.1 servers.
IMPORT_FETCH_ALLOWED_HOSTS = env_list("IMPORT_FETCH_ALLOWED_HOSTS", [])

# Automatic facts (read from articles, not yet reviewed) appear on the public pages only
# at or above this confidence; below it they wait in the review queue, and a page's
# "show all" switch (?facts=all) lists them, marked. Calibrated on the facts gold set
# (manage.py score_facts) for at least 95% precision of what is published.
FACTS_PUBLISH_CONFIDENCE = env_fraction("FACTS_PUBLISH_CONFIDENCE", 0.8)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "core",
    "hospitals",
    "programmes",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "articles.pagecache.PublicPageCacheMiddleware",  # after the language is known, before the rest
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "articles.context_processors.language_links",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Pages and counts, keyed by data version (articles/pagecache.py, articles/aggregates.py).
# locmem:// by default (each process its own, nothing to run); production shares one Redis
# among its workers (CACHE_URL=redis://127.0.0.1:6379/0).
CACHES = {"default": env_cache("CACHE_URL", "locmem://")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Admin imports run as background tasks, queued in the database (no other server);
# `manage.py import_worker` runs them (`make run` starts one beside the web server).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Scripts, styles, images and fonts from our own origin only: no inline code (the templates
# keep none, and cached pages could not carry a per-request nonce), no plugins, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Page counts (facets, programme and province totals) and the rendered timeline are
# cached by data version for this long; see articles/aggregates.py. 0 turns it off.
AGGREGATE_CACHE_SECONDS = env_int("AGGREGATE_CACHE_SECONDS", 300)
# Whole public pages (anonymous GET/HEAD, HTML) are served from the cache, keyed by data
# version, address and language, for this long; see articles/pagecache.py. 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# Each thread reuses the data version it read (hospitals.models.DataVersion) for this long
# outside a transaction: a cache hit then costs no query. A write in the same process is
# seen at once, one in another process within this time. 0 reads it on every request.
DATA_VERSION_MEMO_SECONDS = env_int("DATA_VERSION_MEMO_SECONDS", 1)

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", HSTS_PRELOAD_MIN_SECONDS)
    # The site is meant to own its domain; set these to false to share one with others.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    # Browsers' preload lists accept a site only with a max-age of a year or more and
    # includeSubDomains: preload follows them unless set, and cannot be forced without them.
    _preloadable = SECURE_HSTS_SECONDS >= HSTS_PRELOAD_MIN_SECONDS and SECURE_HSTS_INCLUDE_SUBDOMAINS
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", _preloadable)
    if SECURE_HSTS_PRELOAD and not _preloadable:
        raise ImproperlyConfigured(
            f"SECURE_HSTS_PRELOAD needs SECURE_HSTS_SECONDS >= {HSTS_PRELOAD_MIN_SECONDS} (a year) "
            "and SECURE_HSTS_INCLUDE_SUBDOMAINS on."
        )
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
