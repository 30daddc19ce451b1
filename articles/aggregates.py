"""Caching of the expensive aggregates of the public pages (counts over mentions, facet
counts, pagination counts), keyed by the data version that also keys whole cached pages.

At 100,000 articles (a million and more mentions) a count of the distinct articles that
name each province costs hundreds of milliseconds; the numbers change only when data
changes. Every cached value is keyed by the *data version*: one cheap query reading the
newest ids (index look-ups) of the tables the pages count — articles, mentions,
citations, events — the last update of events and designations, the newest import run
and when the last one finished (an import that only updated articles in place), and the
newest `hospitals.DataChange` note (`load_reference` and `relink` write one). Any change
made in the admin (every admin edit, bulk action and review decision writes a log entry,
whose newest id is part of the version) changes it too, so new data and staff decisions
show at once. Whole pages are cached under the same version (articles/pagecache.py).
Edits made outside all of these (a shell, a raw SQL fix) show when the entry expires:
`AGGREGATE_CACHE_SECONDS` (default 300; 0 disables the cache).

The cache is Django's default cache (CACHE_URL: per-process memory by default, Redis in
production); the version comes from the database, so every process sees the same one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection

_VERSION_SQL = (
    "SELECT (SELECT MAX(id) FROM articles_article), (SELECT MAX(id) FROM articles_mention), "
    "(SELECT MAX(id) FROM articles_citation), (SELECT MAX(id) FROM programmes_event), "
    "(SELECT MAX(updated_at) FROM programmes_event), (SELECT MAX(id) FROM programmes_designation), "
    "(SELECT MAX(updated_at) FROM programmes_designation), (SELECT MAX(id) FROM hospitals_partnership), "
    "(SELECT MAX(id) FROM django_admin_log), (SELECT MAX(id) FROM articles_importrun), "
    "(SELECT MAX(finished_at) FROM articles_importrun), (SELECT MAX(id) FROM hospitals_datachange)"
)


def timeout() -> int:
    return getattr(settings, "AGGREGATE_CACHE_SECONDS", 300)


def data_version() -> str:
    """A short fingerprint of the counted data (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        row = cursor.fetchone()
    return hashlib.blake2b(repr(row).encode(), digest_size=8).hexdigest()


class Versioned:
    """Cached values of one request: the data version is read once, on first use."""

    def __init__(self) -> None:
        self._version: str | None = None
        self._seen: dict[tuple[str, str], Any] = {}

    @property
    def version(self) -> str:
        if self._version is None:
            self._version = data_version()
        return self._version

    def get(self, name: str, params: Any, compute: Callable[[], Any]) -> Any:
        """The value for (name, params): computed once per request, and kept in the cache
        for later requests while the data version stays the same."""
        digest = hashlib.blake2b(repr(params).encode(), digest_size=12).hexdigest()
        local = (name, digest)
        if local in self._seen:
            return self._seen[local]
        if timeout() <= 0:
            value = compute()
        else:
            key = f"rmc:{name}:{digest}:{self.version}"
            value = cache.get(key)
            if value is None:
                value = compute()
                cache.set(key, value, timeout())
        self._seen[local] = value
        return value


def for_request(request) -> Versioned:
    """The request's Versioned (shared by everything the request computes)."""
    versioned = getattr(request, "_rmc_versioned", None)
    if versioned is None:
        versioned = request._rmc_versioned = Versioned()
    return versioned
