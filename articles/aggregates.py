"""Caching of the expensive aggregates of the public pages (counts over mentions, facet
counts, pagination counts), keyed by the data version that also keys whole cached pages.

At 100,000 articles (a million and more mentions) a count of the distinct articles that
name each province costs hundreds of milliseconds; the numbers change only when data
changes. Every cached value is keyed by the *data version*: the token of the single row
`hospitals.DataVersion`, which every write to published data replaces — the save, delete
and many-to-many signals of the hospitals, programmes and articles models
(hospitals/signals.py), and explicitly the writes that send no signal: the import's
store step, `relink`, `load_reference`, hospital merges, register loading, the admin's
bulk actions and review decisions. So new data and staff decisions show at once. Whole
pages are cached under the same version (articles/pagecache.py). Edits made outside all
of these (a raw SQL fix) show when the entry expires: `AGGREGATE_CACHE_SECONDS`
(default 300; 0 disables the cache).

Reading the version is one primary-key look-up. Outside a transaction each thread
reuses what it read for DATA_VERSION_MEMO_SECONDS (default 1; 0 turns it off), so a
cache hit then costs no query at all; a write in the same process voids that at once,
a write in another process shows within that second.

The cache is Django's default cache (CACHE_URL: per-process memory by default, Redis in
production); the version comes from the database, so every process sees the same one (at most
DATA_VERSION_MEMO_SECONDS late).

Each process also keeps the values it used last (`local_values`, LOCAL_VALUES of them) as
objects, under the same keys: a key names one data version, so the copy is never stale,
and a hit neither unpickles nor asks Redis (unpickling the programme page's register, a
hundred projects with their hospitals, took 3–10 ms a request at 100,000 articles). The
values are shared between requests: code that gets one reads it and never changes it.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache

from hospitals.models import current_data_version


def timeout() -> int:
    return getattr(settings, "AGGREGATE_CACHE_SECONDS", 300)


def data_version() -> str:
    """The data version (hospitals.models.DataVersion): one primary-key look-up, or none
    when this thread read it within the last DATA_VERSION_MEMO_SECONDS."""
    return current_data_version()


class ProcessMemo:
    """What this process used last, by key, each for `lifetime()` seconds (the least
    recently used dropped first). For keys that name a data version: never stale."""

    def __init__(self, size: int, lifetime: Callable[[], int]) -> None:
        self.size, self.lifetime, self.entries = size, lifetime, OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str):
        with self._lock:
            found = self.entries.get(key)
            if found is None:
                return None
            expires, entry = found
            if expires < time.monotonic():  # as old as the shared cache lets an entry get
                del self.entries[key]
                return None
            self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry) -> None:
        with self._lock:
            self.entries[key] = (time.monotonic() + self.lifetime(), entry)
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self.entries.clear()


LOCAL_VALUES = 500  # per process; most are counts, the largest a register (~0.5 MB)
local_values = ProcessMemo(LOCAL_VALUES, timeout)


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
            value = local_values.get(key)
            if value is None:
                value = cache.get(key)
                if value is None:
                    value = compute()
                    cache.set(key, value, timeout())
                local_values.put(key, value)
        self._seen[local] = value
        return value


def for_request(request) -> Versioned:
    """The request's Versioned (shared by everything the request computes)."""
    versioned = getattr(request, "_rmc_versioned", None)
    if versioned is None:
        versioned = request._rmc_versioned = Versioned()
    return versioned
