"""Template context shared by every page (no database access)."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language


def language_links(request: HttpRequest) -> dict:
    """The current page's address in each language: Chinese at the root, others under
    a /<code>/ prefix (i18n_patterns with prefix_default_language=False)."""
    path = request.path
    current = get_language() or settings.LANGUAGE_CODE
    if current != settings.LANGUAGE_CODE and path.startswith(f"/{current}/"):
        path = path[len(current) + 1 :]
    query = request.META.get("QUERY_STRING", "")
    suffix = f"?{query}" if query else ""
    links = {}
    for code, _name in settings.LANGUAGES:
        prefix = "" if code == settings.LANGUAGE_CODE else f"/{code}"
        links[code] = f"{prefix}{path}{suffix}"
    return {
        "canonical_url": canonical_url(request),
        "og_locale": "en_US" if current == "en" else "zh_CN",
        "alternate_links": links.items(),
        "chinese_url": links[settings.LANGUAGE_CODE],
        "english_url": links.get("en", path),
        "current_language": current,
    }


# Parameters that choose which rows a list shows. A filtered list is a page of its own
# (Henan's articles), so its canonical address keeps them, sorted; the page number, sort
# order, export format and anything unknown (utm_…) are dropped, and so is a search
# query: search results are a view of the list, not a page to index.
CANONICAL_PARAMETERS = (
    "batch",
    "end",
    "hospital",
    "kind",
    "outlet",
    "output",
    "programme",
    "province",
    "role",
    "specialty",
    "start",
    "status",
    "year",
)


def canonical_url(request: HttpRequest) -> str:
    """The page's absolute address in its own language, with only its filters."""
    kept = sorted((k, v) for k in CANONICAL_PARAMETERS for v in request.GET.getlist(k) if v.strip())
    return request.build_absolute_uri(request.path) + (f"?{urlencode(kept)}" if kept else "")
