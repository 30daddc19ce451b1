"""Whole public pages served from the cache, keyed by the data version.

Between imports the public site is read-only: the same address in the same language
gives the same page until the data changes. So an anonymous GET or HEAD of an HTML page
is answered from the cache (CACHE_URL) under a key made of

- the data version (articles.aggregates.data_version: one primary-key look-up of the
  single hospitals.DataVersion row, or none when this thread read it within the last
  second; every import, admin edit, bulk action, review decision and load_reference
  replaces it),
- the absolute address with its query string (?facts=all, filters, sort, page),
- the active language (the address decides it: /en/… or the Chinese root).

A hit costs at most that one query and no view. What is never stored, or never served:
- requests carrying a session cookie (staff, anyone logged in) or a messages cookie:
  what they see may be their own; they always get a fresh page;
- anything but GET and HEAD; the admin and the language switch (/admin/, /i18n/);
- responses other than a plain 200 HTML page: redirects, errors, CSV/JSON exports,
  streamed responses; responses that set a cookie, used a CSRF token, vary on the
  cookie, or ask not to be cached (Cache-Control private, no-cache or no-store).

Each process also keeps the pages it served last (`LOCAL_PAGES`, newest first) in its
own memory under the same keys: a key names one data version, so a local copy is never
stale, and a hit then needs no round trip to a shared Redis (under load on two cores the
round trip cost more than the rest of the hit).

The pages carry no inline code and no CSP nonce (config/settings.py), so one cached page
serves every visitor. PAGE_CACHE_SECONDS bounds how long an entry lives (0 turns this
off); a change made outside every tracked path (a raw SQL fix) shows when it expires.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from articles import aggregates

SKIPPED_PREFIXES = ("/admin/", "/i18n/")
PRIVATE_COOKIES = ("messages",)  # besides the session cookie
UNCACHEABLE = ("private", "no-cache", "no-store")
LOCAL_PAGES = 200  # per process: ~20-70 KB each
HEADER = "X-Page-Cache"  # hit or miss: for the load benchmark and for anyone debugging


def seconds() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


def cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or seconds() <= 0:
        return False
    if request.path_info.startswith(SKIPPED_PREFIXES):
        return False
    return not any(name in request.COOKIES for name in (settings.SESSION_COOKIE_NAME, *PRIVATE_COOKIES))


def storable(request: HttpRequest, response: HttpResponse) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html") or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page holds a CSRF token
        return False
    vary = response.get("Vary", "").lower()
    control = response.get("Cache-Control", "").lower()
    return "cookie" not in vary and not any(word in control for word in UNCACHEABLE)


def page_key(request: HttpRequest) -> str:
    address = hashlib.blake2b(request.build_absolute_uri().encode(), digest_size=16).hexdigest()
    version = aggregates.for_request(request).version  # read once per request, shared with the view
    return f"rmc:page:{version}:{get_language()}:{address}"


local_pages = aggregates.ProcessMemo(LOCAL_PAGES, seconds)


class PublicPageCacheMiddleware:
    """Answers anonymous GET/HEAD requests for public pages from the cache (see above).
    It sits after LocaleMiddleware (the language is known) and before the CSRF,
    authentication and messages middleware, which a hit does not need."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if not cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        cached = local_pages.get(key)
        if cached is None and (cached := cache.get(key)) is not None:
            local_pages.put(key, cached)
        if cached is not None:
            status, headers, content = cached
            response = HttpResponse(content, status=status, headers=headers)
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if storable(request, response):
            headers = {k: v for k, v in response.items() if k.lower() not in ("set-cookie", HEADER.lower())}
            entry = (response.status_code, headers, response.content)
            cache.set(key, entry, seconds())
            local_pages.put(key, entry)
            response[HEADER] = "miss"
        return response
